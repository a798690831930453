import { LocalRuntime, setActiveRuntime } from '../../local/runtime/runtime';
import { seedDemoStore } from '../../local/seed/demo';
import * as shop from '../../cloudfunctions/src/functions/shop';
import * as admin from '../../cloudfunctions/src/functions/admin';
import * as payNotify from '../../cloudfunctions/src/functions/payNotify';
import * as refundNotify from '../../cloudfunctions/src/functions/refundNotify';
import * as cron from '../../cloudfunctions/src/functions/cron';
import type { ApiResult, Product, ProductDraft } from '../../src/contracts';
import { DEMO_OWNER } from '../../local/seed/demo';
import { auditJournal } from '../../local/audit';
import { setStock as writeStock, stockOf as readStock } from '../../local/seed/stock';

/** A fresh local CloudBase in memory, running the real function code, with the demo store seeded. */
export async function createStore(): Promise<LocalRuntime> {
  const rt = new LocalRuntime();
  rt.resetClock();
  setActiveRuntime(rt);
  rt.register('shop', shop);
  rt.register('admin', admin);
  rt.register('payNotify', payNotify);
  rt.register('refundNotify', refundNotify);
  rt.register('cron', cron);
  await seedDemoStore(rt);
  return rt;
}

export function closeStore(rt: LocalRuntime): void {
  setActiveRuntime(null);
  rt.resetClock();
  rt.close();
}

/** Calls an action as a user and returns the typed result envelope. */
export async function act<T = any>(rt: LocalRuntime, fn: 'shop' | 'admin', action: string, input: unknown, openid: string): Promise<ApiResult<T>> {
  return rt.call<ApiResult<T>>(fn, { action, input }, openid);
}

/** Calls an action and fails the test unless it succeeded. */
export async function ok<T = any>(rt: LocalRuntime, fn: 'shop' | 'admin', action: string, input: unknown, openid: string): Promise<T> {
  const res = await act<T>(rt, fn, action, input, openid);
  if (!res.ok) throw new Error(`${fn}.${action} failed: ${res.error.code} ${res.error.message}`);
  return res.data;
}

export async function docOrNull(rt: LocalRuntime, coll: string, id: string): Promise<Record<string, any> | null> {
  try {
    return (await rt.db.collection(coll).doc(id).get()).data as Record<string, any>;
  } catch {
    return null;
  }
}

export async function all(rt: LocalRuntime, coll: string, where: Record<string, unknown> = {}): Promise<Record<string, any>[]> {
  return (await rt.db.collection(coll).where(where).limit(1000).get()).data as Record<string, any>[];
}

/** The demo diapers come in S / M / L / XL; tests buy the L size (seed 002's ¥128 / ¥118 / ¥69). */
export const DIAPER_L = { productId: 'p_diaper', specId: 'l' } as const;

/** What to buy: a product with one spec, or a product's spec. */
export type Buyable = string | { productId: string; specId: string };

/** A line of `qty` of something buyable. */
export function lineOf(what: Buyable, qty = 1): { productId: string; specId?: string; qty: number } {
  return typeof what === 'string' ? { productId: what, qty } : { ...what, qty };
}

/** A spec's units left (the default spec of a product with one), read from the store. */
export function stockOf(rt: LocalRuntime, what: Buyable): number {
  return typeof what === 'string' ? readStock(rt, what) : readStock(rt, what.productId, what.specId);
}

/** Sets a spec's units left. */
export async function setStockOf(rt: LocalRuntime, what: Buyable, stock: number): Promise<void> {
  if (typeof what === 'string') await writeStock(rt, what, stock);
  else await writeStock(rt, what.productId, stock, what.specId);
}

/** Creates an order for one product (or spec) and asks the cashier for payment; returns the order id. */
export async function placeOrder(rt: LocalRuntime, openid: string, what: Buyable, qty = 1, requestId = `r${Math.random().toString(36).slice(2, 12)}`): Promise<string> {
  const { order } = await ok(rt, 'shop', 'order.create', { requestId, lines: [lineOf(what, qty)] }, openid);
  await ok(rt, 'shop', 'order.pay', { orderId: order._id }, openid);
  return order._id as string;
}

/**
 * An account's true balance: the sum of its journal entries (the balance document plus credits
 * not yet folded; store accounts have entries only). The audit checks the documents against it.
 */
export async function balanceOf(rt: LocalRuntime, account: string): Promise<number> {
  const row = rt.db.raw().prepare(`SELECT SUM(json_extract(data, '$.amount')) AS total FROM docs WHERE coll = 'journal' AND json_extract(data, '$.account') = ?`).get(account) as { total: number | null };
  return row.total ?? 0;
}

/** Every cached balance equals the sum of its journal, and nothing is negative that may not be. */
export function expectAudited(rt: LocalRuntime): void {
  expect(auditJournal(rt.db.raw()).problems).toEqual([]);
}

/** A product as the owner's editor starts from it: every spec kept, no stock change. */
export function draftOf(p: Product): ProductDraft {
  return {
    name: p.name, subtitle: p.subtitle, categoryId: p.categoryId, pictures: p.pictures, detail: p.detail as ProductDraft['detail'], onSale: p.onSale,
    pointsPrice: p.pointsPrice, grantsStage: p.grantsStage, grantsDays: p.grantsDays,
    specs: p.specs.map((s) => ({ specId: s._id, name: s.name, listPriceFen: s.listPriceFen, memberPriceFen: s.memberPriceFen, partnerPriceFen: s.partnerPriceFen, commissionBaseFen: s.commissionBaseFen, stockDelta: 0 })),
  };
}

/** The product as the owner's admin product.list shows it. */
export async function ownerProduct(rt: LocalRuntime, productId: string): Promise<Product> {
  const { products } = await ok<{ products: Product[] }>(rt, 'admin', 'product.list', {}, DEMO_OWNER);
  const p = products.find((x) => x._id === productId);
  if (!p) throw new Error(`no product ${productId}`);
  return p;
}

let saves = 0;

/** product.update as the owner, from the product as it stands, changed by `change`; answers the envelope. */
export async function editProduct(rt: LocalRuntime, productId: string, change: (d: ProductDraft) => ProductDraft, opts: { requestId?: string; openid?: string } = {}): Promise<ApiResult<{ product: Product }>> {
  const p = await ownerProduct(rt, productId);
  saves += 1;
  return act(rt, 'admin', 'product.update', { requestId: opts.requestId ?? `save-${saves}`, productId, version: p.version, product: change(draftOf(p)) }, opts.openid ?? DEMO_OWNER);
}
