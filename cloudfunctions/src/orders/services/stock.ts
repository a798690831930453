import { AppError, DEFAULT_SPEC_ID } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import { getOrNull } from '../../shared/tx';
import { PRODUCT_STOCK, PRODUCTS, specDocsOf, stockIdOf } from '../../catalog/services/catalog';

/**
 * Stock is a number many shoppers write at once, so it is never written inside a transaction
 * (one transaction would lock it for everyone else). Each spec of a product has its own stock
 * document (product_stock/<productId>~<specId>): it is taken with one conditional atomic update
 * per line before the order's transaction, `where({ _id, stock: _.gte(q) }).update({ stock:
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
  /** Absent on lines made before specs: the product's default spec. */
  specId?: string;
  qty: number;
}

const specOfLine = (l: StockLine): string => l.specId ?? DEFAULT_SPEC_ID;

/** One line per spec: a spec's stock is taken by one update, however the lines are split. */
export function mergeStockLines(lines: readonly StockLine[]): Required<StockLine>[] {
  const merged = new Map<string, Required<StockLine>>();
  for (const l of lines) {
    const specId = specOfLine(l);
    const key = stockIdOf(l.productId, specId);
    merged.set(key, { productId: l.productId, specId, qty: (merged.get(key)?.qty ?? 0) + l.qty });
  }
  return [...merged.values()];
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

async function soldOut(line: Required<StockLine>): Promise<AppError> {
  const p = await getOrNull<{ _id: string; name: string } & Record<string, unknown>>(PRODUCTS, line.productId);
  if (!p) return new AppError('NOT_FOUND', '商品不存在或已下架');
  const specs = specDocsOf(p);
  const spec = specs.find((s) => s._id === line.specId);
  const name = `${p.name}${specs.length > 1 && spec ? ` ${spec.name}` : ''}`;
  const left = (await getOrNull<{ stock: number }>(PRODUCT_STOCK, stockIdOf(line.productId, line.specId)))?.stock ?? 0;
  return new AppError('SOLD_OUT', left > 0 ? `库存不足：${name} 仅剩 ${left} 件` : `${name} 已售罄`);
}

/** Takes every line or none, one conditional update per spec: SOLD_OUT (never CONFLICT) when a spec has too little. */
export async function takeStock(lines: readonly StockLine[]): Promise<StockLine[]> {
  const taken: StockLine[] = [];
  for (const line of mergeStockLines(lines)) {
    if (!(await takeOne(PRODUCT_STOCK, stockIdOf(line.productId, line.specId), 'stock', line.qty))) {
      await giveBackStock(taken);
      throw await soldOut(line);
    }
    taken.push(line);
  }
  return taken;
}

export async function giveBackStock(lines: readonly StockLine[]): Promise<void> {
  for (const line of mergeStockLines(lines)) {
    try {
      await giveOne(PRODUCT_STOCK, stockIdOf(line.productId, line.specId), 'stock', line.qty);
    } catch (e) {
      console.error('stock: a give-back was lost (undersold, never oversold)', line, e);
    }
  }
}

/** A late payment for an order whose stock went back: taken again without a floor (DECISIONS.md). */
export async function retakeStock(lines: readonly StockLine[]): Promise<void> {
  for (const line of mergeStockLines(lines)) await giveOne(PRODUCT_STOCK, stockIdOf(line.productId, line.specId), 'stock', -line.qty);
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
