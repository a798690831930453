// The owner's catalogue edits: create a product, edit one (name, pictures, detail, category, on/off
// sale, specs with their prices, commission base and stock). Everything is checked before any
// write; the write is one transaction (product document, stock moves, the save's marker), so a
// refused save changes nothing and a retried one changes nothing twice.
import { AppError, DEFAULT_SPEC_ID, type Product, type ProductDraft, type SpecDraft } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import { runTx } from '../../adapters/transaction';
import type { Doc, Transaction } from '../../adapters/sdk';
import { hashInput } from '../../shared/ids';
import { getOrNull, txGet } from '../../shared/tx';
import { commissionIssueForProduct } from '../../partners/services/commissionConfig';
import { checkSpecs, ladderSummary, type SpecDoc } from '../domain/specs';
import { getProduct, isLegacyProduct, PRODUCT_STOCK, PRODUCTS, specDocsOf, stockIdOf } from './catalog';
import { CATEGORIES } from './categories';
import { attachProblem } from './pictures';

/** One document per applied save (`<productId>` + request id): a retried save finds it and changes nothing. */
export const PRODUCT_SAVES = 'product_saves';

interface StockMove {
  specId: string;
  name: string;
  delta: number;
  isNew: boolean;
}

export function productIdFor(ownerOpenid: string, requestId: string): string {
  return `p${hashInput(['product', ownerOpenid, requestId]).slice(0, 15)}`;
}

function saveIdFor(productId: string, requestId: string): string {
  return `${productId}_${hashInput(['product-save', requestId]).slice(0, 16)}`;
}

/** A new spec's id: derived from the save (a retry makes the same ids), lowercase hex, unused on the product. */
function newSpecId(productId: string, requestId: string, index: number, taken: ReadonlySet<string>): string {
  for (let attempt = 0; ; attempt += 1) {
    const id = hashInput(['spec', productId, requestId, index, attempt]).slice(0, 8);
    if (!taken.has(id)) return id;
  }
}

/** The specs to store and the stock each moves by, from the owner's drafts and the product's specs now. */
function planSpecs(productId: string, requestId: string, drafts: readonly SpecDraft[], existing: readonly SpecDoc[]): { specs: SpecDoc[]; moves: StockMove[] } {
  const taken = new Set(existing.map((s) => s._id));
  const specs: SpecDoc[] = [];
  const moves: StockMove[] = [];
  for (const [i, d] of drafts.entries()) {
    const id = d.specId ?? newSpecId(productId, requestId, i, taken);
    taken.add(id);
    const name = d.name.trim();
    specs.push({ _id: id, name, listPriceFen: d.listPriceFen, memberPriceFen: d.memberPriceFen, partnerPriceFen: d.partnerPriceFen, commissionBaseFen: d.commissionBaseFen });
    if (d.specId === null || d.stockDelta !== 0) moves.push({ specId: id, name, delta: d.stockDelta, isNew: d.specId === null });
  }
  return { specs, moves };
}

/** Spec ids still sold by an active group-buy campaign (a campaign made before specs sells the first). */
async function campaignSpecIds(productId: string, specs: readonly SpecDoc[]): Promise<Set<string>> {
  const { data } = await db().collection('groupbuy_campaigns').where({ productId, active: true }).limit(100).get();
  return new Set(data.map((c) => (typeof c.specId === 'string' ? c.specId : specs[0]?._id)).filter((id): id is string => typeof id === 'string'));
}

/** Everything about a draft that is not its shape: checked before any write, messages for the owner. */
async function checkDraft(ownerOpenid: string, productId: string, draft: ProductDraft, existing: readonly SpecDoc[]): Promise<void> {
  const specsCheck = checkSpecs(draft.specs, new Set(existing.map((s) => s._id)));
  if (!specsCheck.ok) throw new AppError('INVALID_INPUT', specsCheck.message);
  if (draft.grantsStage !== null && draft.specs.length !== 1) throw new AppError('INVALID_INPUT', '会员卡和合伙人礼包只能有一个规格');
  if (draft.grantsDays !== null && draft.grantsStage !== 'member') throw new AppError('INVALID_INPUT', '只有会员卡可以设置有效天数');
  const pictures = [...draft.pictures, ...draft.detail.flatMap((b) => (b.type === 'picture' ? [b.fileId] : []))];
  const problem = await attachProblem(pictures, ownerOpenid);
  if (problem) throw new AppError('INVALID_INPUT', problem);
  if (draft.categoryId !== null && !(await getOrNull<Doc>(CATEGORIES, draft.categoryId))) throw new AppError('INVALID_INPUT', '分类不存在，请刷新后重选');
  const kept = new Set(draft.specs.map((d) => d.specId));
  for (const id of await campaignSpecIds(productId, existing)) {
    if (!kept.has(id)) throw new AppError('INVALID_INPUT', `规格「${existing.find((s) => s._id === id)?.name ?? id}」正在拼团活动中，不能删除`);
  }
  const specs = draft.specs.map((d, i) => ({ _id: d.specId ?? `new${i}`, name: d.name.trim(), listPriceFen: d.listPriceFen, memberPriceFen: d.memberPriceFen, partnerPriceFen: d.partnerPriceFen, commissionBaseFen: d.commissionBaseFen }));
  // A lower price (or a higher base) must not push a spec's worst-case commission over the payout cap.
  const payout = await commissionIssueForProduct({ _id: productId, name: draft.name.trim(), grantsStage: draft.grantsStage }, specs);
  if (payout) throw new AppError('INVALID_INPUT', payout);
}

function kindFor(draft: ProductDraft, currentKind: string | null): string {
  if (draft.grantsStage === 'member') return 'card';
  if (draft.grantsStage === 'partner') return 'package';
  return currentKind === 'trial' ? 'trial' : 'standard';
}

/** The stored fields a draft decides (the product-level prices are its cheapest spec's, DECISIONS.md "Specs"). */
function draftFields(draft: ProductDraft, specs: SpecDoc[], currentKind: string | null): Record<string, unknown> {
  return {
    name: draft.name.trim(), subtitle: draft.subtitle.trim(), kind: kindFor(draft, currentKind), categoryId: draft.categoryId,
    pictures: draft.pictures, detail: draft.detail, onSale: draft.onSale, pointsPrice: draft.pointsPrice,
    grantsStage: draft.grantsStage, grantsDays: draft.grantsDays, specs, ...ladderSummary(specs),
  };
}

/**
 * Inside the save's transaction: each spec's stock moves by its delta, never below zero (units
 * sold meanwhile stay sold). `legacyStock`: a product made before specs keeps its stock on the
 * product until migrated; its default spec starts from it.
 */
async function applyStockMoves(tx: Transaction, productId: string, moves: readonly StockMove[], legacyStock: number | null, nowMs: number): Promise<void> {
  const _ = db().command;
  for (const m of moves) {
    const id = stockIdOf(productId, m.specId);
    const current = m.isNew ? null : await txGet<{ stock: number }>(tx, PRODUCT_STOCK, id);
    if (current === null) {
      const start = !m.isNew && m.specId === DEFAULT_SPEC_ID ? legacyStock ?? 0 : 0;
      if (start + m.delta < 0) throw new AppError('INVALID_INPUT', `「${m.name}」现有库存 ${start} 件，最多减少 ${start} 件`);
      await tx.collection(PRODUCT_STOCK).doc(id).set({ data: { productId, specId: m.specId, stock: start + m.delta, updatedAtMs: nowMs } });
      continue;
    }
    if (current.stock + m.delta < 0) throw new AppError('INVALID_INPUT', `「${m.name}」现有库存 ${current.stock} 件，最多减少 ${Math.max(0, current.stock)} 件`);
    await tx.collection(PRODUCT_STOCK).doc(id).update({ data: { stock: _.inc(m.delta), updatedAtMs: nowMs } });
  }
}

/** A product made before specs moves its stock to its default spec's document on its first save. */
function withLegacyStock(doc: Doc, specs: readonly SpecDoc[], moves: readonly StockMove[]): StockMove[] {
  if (!isLegacyProduct(doc) || moves.some((m) => m.specId === DEFAULT_SPEC_ID)) return [...moves];
  const kept = specs.find((s) => s._id === DEFAULT_SPEC_ID);
  return kept ? [...moves, { specId: DEFAULT_SPEC_ID, name: kept.name, delta: 0, isNew: false }] : [...moves];
}

async function nextSort(): Promise<number> {
  const { data } = await db().collection(PRODUCTS).orderBy('sort', 'desc').limit(1).get();
  return data.length === 0 ? 10 : Number(data[0].sort) + 10;
}

/** product.create: the id comes from the request id, so a retry answers the same product (other content: IDEMPOTENCY_MISMATCH). */
export async function createProduct(ownerOpenid: string, requestId: string, draft: ProductDraft, nowMs: number): Promise<Product> {
  const productId = productIdFor(ownerOpenid, requestId);
  const requestHash = hashInput(draft);
  const same = (doc: Doc) => {
    if (doc.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_MISMATCH', '同一请求号的商品内容不一致');
  };
  const existing = await getOrNull<Doc>(PRODUCTS, productId);
  if (existing) {
    same(existing);
    return getProduct(productId);
  }
  await checkDraft(ownerOpenid, productId, draft, []);
  const { specs, moves } = planSpecs(productId, requestId, draft.specs, []);
  const doc = { ...draftFields(draft, specs, null), sort: await nextSort(), coverColor: '', version: 1, requestHash, createdAtMs: nowMs, updatedAtMs: nowMs };
  await runTx(async (tx) => {
    const again = await txGet<Doc>(tx, PRODUCTS, productId);
    if (again) return same(again);
    await applyStockMoves(tx, productId, moves, null, nowMs);
    await tx.collection(PRODUCTS).doc(productId).set({ data: doc });
  });
  return getProduct(productId);
}

export interface ProductUpdateInput {
  requestId: string;
  productId: string;
  version: number;
  product: ProductDraft;
}

/**
 * product.update: compare-and-set on the version the owner loaded; stock moves by each spec's
 * delta inside the same transaction as the product and the save's marker (a sale committed
 * meanwhile makes the transaction run again on the new stock, so nothing sold is put back).
 */
export async function updateProduct(ownerOpenid: string, input: ProductUpdateInput, nowMs: number): Promise<Product> {
  const { requestId, productId, version, product: draft } = input;
  const saveId = saveIdFor(productId, requestId);
  const requestHash = hashInput({ productId, version, draft });
  const replay = (marker: Doc | null): boolean => {
    if (marker && marker.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_MISMATCH', '同一请求号的保存内容不一致');
    return marker !== null;
  };
  if (replay(await getOrNull<Doc>(PRODUCT_SAVES, saveId))) return getProduct(productId);
  const current = await getOrNull<Doc>(PRODUCTS, productId);
  if (!current) throw new AppError('NOT_FOUND', '商品不存在');
  if (Number(current.version ?? 1) !== version) throw new AppError('CONFLICT', '商品已被修改，请刷新后再编辑');
  const existing = specDocsOf(current);
  await checkDraft(ownerOpenid, productId, draft, existing);
  const { specs, moves } = planSpecs(productId, requestId, draft.specs, existing);
  await runTx(async (tx) => {
    if (replay(await txGet<Doc>(tx, PRODUCT_SAVES, saveId))) return;
    const now = await txGet<Doc>(tx, PRODUCTS, productId);
    if (!now || Number(now.version ?? 1) !== version) throw new AppError('CONFLICT', '商品已被修改，请刷新后再编辑');
    await applyStockMoves(tx, productId, withLegacyStock(now, specs, moves), isLegacyProduct(now) ? Number(now.stock ?? 0) : null, nowMs);
    const { _id, stock: _legacyStock, ...kept } = now;
    await tx.collection(PRODUCTS).doc(productId).set({ data: { ...kept, ...draftFields(draft, specs, String(now.kind)), version: version + 1, updatedAtMs: nowMs } });
    await tx.collection(PRODUCT_SAVES).add({ data: { _id: saveId, productId, requestHash, version: version + 1, atMs: nowMs } });
  });
  return getProduct(productId);
}
