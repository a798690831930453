import { AppError } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import { getOrNull } from '../../shared/tx';

/**
 * Stock is a number many shoppers write at once, so it is never written inside a transaction
 * (one transaction would lock it for everyone else). It is taken with one conditional atomic
 * update before the order's transaction, `where({ _id, stock: _.gte(q) }).update({ stock:
 * _.inc(-q) })`, and given back with `_.inc(+q)` if the order is not written (a refusal, an
 * error, or a concurrent retry of the same request that wrote it first). Given back after the
 * commit that closes or refunds an order. Each path does it at most once; a crash in between
 * loses a give-back (stock undersold), never takes twice what was sold (oversold).
 *
 * That a conditional `where().update()` is an atomic compare-and-set on one document is how
 * MongoDB (which CloudBase's database is) applies single-document updates; CloudBase's pages do
 * not state it in those words (PLATFORM.md), and the group-buy seat relies on the same thing.
 */
export interface StockLine {
  productId: string;
  qty: number;
}

/** One line per product: a product's stock is taken by one update, however the lines are split. */
export function mergeStockLines(lines: StockLine[]): StockLine[] {
  const merged = new Map<string, number>();
  for (const l of lines) merged.set(l.productId, (merged.get(l.productId) ?? 0) + l.qty);
  return [...merged].map(([productId, qty]) => ({ productId, qty }));
}

async function takeOne(coll: string, id: string, field: string, qty: number): Promise<boolean> {
  const _ = db().command;
  const res = await db().collection(coll).where({ _id: id, [field]: _.gte(qty) }).update({ data: { [field]: _.inc(-qty) } });
  return res.stats.updated === 1;
}

async function giveOne(coll: string, id: string, field: string, qty: number): Promise<void> {
  const _ = db().command;
  await db().collection(coll).doc(id).update({ data: { [field]: _.inc(qty) } });
}

async function soldOut(productId: string): Promise<AppError> {
  const p = await getOrNull<{ name: string; stock: number }>('products', productId);
  if (!p) return new AppError('NOT_FOUND', `商品不存在或已下架：${productId}`);
  return new AppError('SOLD_OUT', p.stock > 0 ? `库存不足：${p.name} 仅剩 ${p.stock} 件` : `${p.name} 已售罄`);
}

/** Takes every line or none: SOLD_OUT (never CONFLICT) when a product has too little. */
export async function takeStock(lines: StockLine[]): Promise<StockLine[]> {
  const taken: StockLine[] = [];
  for (const line of mergeStockLines(lines)) {
    if (!(await takeOne('products', line.productId, 'stock', line.qty))) {
      await giveBackStock(taken);
      throw await soldOut(line.productId);
    }
    taken.push(line);
  }
  return taken;
}

export async function giveBackStock(lines: StockLine[]): Promise<void> {
  for (const line of mergeStockLines(lines)) {
    try {
      await giveOne('products', line.productId, 'stock', line.qty);
    } catch (e) {
      console.error('stock: a give-back was lost (undersold, never oversold)', line, e);
    }
  }
}

/** A late payment for an order whose stock went back: taken again without a floor (DECISIONS.md). */
export async function retakeStock(lines: StockLine[]): Promise<void> {
  for (const line of mergeStockLines(lines)) await giveOne('products', line.productId, 'stock', -line.qty);
}

/** A group takes N units of its campaign's allocation; false when the campaign has fewer left. */
export async function takeCampaignUnits(campaignId: string, units: number): Promise<boolean> {
  return takeOne('groupbuy_campaigns', campaignId, 'stockLeft', units);
}

export async function giveBackCampaignUnits(campaignId: string, units: number): Promise<void> {
  if (units <= 0) return;
  try {
    await giveOne('groupbuy_campaigns', campaignId, 'stockLeft', units);
  } catch (e) {
    console.error('stock: campaign units not given back (undersold, never oversold)', campaignId, units, e);
  }
}
