import { AppError, type OrderLine, type Product } from '../../../../src/contracts';
import { findProduct, productsWhere } from '../../catalog/services/catalog';
import { db } from '../../adapters/cloud';
import { runTx } from '../../adapters/transaction';
import { hashInput, orderIdFor } from '../../shared/ids';
import { expiringPoints, type PointsExpiryRule } from '../domain/points';
import { accounts, applyJournal, foldBeforeDebit, pendingEntryIds } from '../../ledger/journal';
import { insertOrder } from '../../orders/services/lifecycle';
import { claimOrderNo, withOrderNo } from '../../orders/services/orderNumbers';
import { giveBackStock, takeStock } from '../../orders/services/stock';
import type { OrderDoc } from '../../orders/services/orders';
import type { StoreSettings } from '../../store/services/settings';
import { getOrNull, txGet } from '../../shared/tx';
import { walk, type WalkResult } from '../../shared/walk';

export async function redeemables(): Promise<Product[]> {
  return productsWhere({ onSale: true, pointsPrice: db().command.gt(0) }, 50);
}

/**
 * Points exchange: the unit of stock is taken first with a conditional update (orders/services/stock.ts)
 * and given back unless this call wrote the order; in one transaction the points are debited
 * (never below zero: a balance made negative by a refund blocks it) and a paid order records the
 * redemption so it can be shipped and refunded like any other.
 */
export async function redeem(openid: string, requestId: string, productId: string, settings: StoreSettings, nowMs: number): Promise<OrderDoc> {
  const orderId = orderIdFor(openid, requestId);
  const requestHash = hashInput({ redeem: productId });
  const sameRedeem = (existing: OrderDoc) => {
    if (existing.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_MISMATCH', '同一请求号的兑换内容不一致');
    return existing;
  };
  const existing = await getOrNull<OrderDoc>('orders', orderId);
  if (existing) return sameRedeem(existing);
  const product = await findProduct(productId);
  if (!product || !product.onSale || product.pointsPrice === null) throw new AppError('NOT_FOUND', '该商品不可积分兑换');
  const pointsPrice = product.pointsPrice;
  const pendingPoints = await pendingEntryIds(accounts.points(openid));
  // The exchange gives one unit of the product's first spec.
  const spec = product.specs[0];
  const taken = await takeStock([{ productId, specId: spec._id, qty: 1 }]);
  let created = false;
  try {
    const result = await withOrderNo((attempt) => runTx(async (tx) => {
      const again = await txGet<OrderDoc>(tx, 'orders', orderId);
      if (again) return { order: sameRedeem(again), created: false };
      // Referral points not yet folded count: folded here, so a refused exchange folds nothing.
      await foldBeforeDebit(tx, accounts.points(openid), pendingPoints, nowMs);
      const orderNo = await claimOrderNo(tx, orderId, nowMs, attempt);
      const line: OrderLine = {
        lineId: '1', productId, specId: spec._id, specName: product.specs.length > 1 ? spec.name : '', name: product.name, picture: product.pictures[0] ?? null,
        qty: 1, listPriceFen: spec.listPriceFen, unitPriceFen: 0, amountFen: 0,
      };
      const order: OrderDoc = {
        _id: orderId, orderNo, openid, kind: 'goods', status: 'PAID', lines: [line], totalFen: 0, pointsUsed: pointsPrice, pointsDiscountFen: 0, payableFen: 0,
        payMethod: 'points', balanceSplit: null, pointsEarned: 0, createdAtMs: nowMs, paidAtMs: nowMs, expiresAtMs: nowMs + settings.paymentTimeoutMs,
        requestHash, transactionId: null, grants: [], topUp: null, stageBefore: null, group: null,
      };
      // The lifecycle's `redeem`: paid in points at once (the points are debited with the insert; never below zero).
      await insertOrder(tx, order, 'redeem', nowMs);
      return { order, created: true };
    }));
    created = result.created;
    return result.order;
  } finally {
    if (!created) await giveBackStock(taken);
  }
}

function cutoffYear(nowMs: number, rule: PointsExpiryRule): number {
  return new Date(nowMs + rule.utcOffsetMinutes * 60_000).getUTCFullYear();
}

const JOURNAL_PAGE = 1000;

/** Every entry of one account (amount, time, kind), page by page: an account may have more than one query's worth. */
async function accountEntries(account: string): Promise<{ amount: number; createdAtMs: number; kind: string }[]> {
  const _ = db().command;
  const out: { amount: number; createdAtMs: number; kind: string }[] = [];
  let after = '';
  for (;;) {
    const { data } = await db().collection('journal').where({ account, _id: _.gt(after) }).orderBy('_id', 'asc')
      .field({ _id: true, amount: true, createdAtMs: true, kind: true }).limit(JOURNAL_PAGE).get();
    for (const e of data) out.push({ amount: Number(e.amount), createdAtMs: Number(e.createdAtMs), kind: String(e.kind) });
    if (data.length < JOURNAL_PAGE) return out;
    after = data[data.length - 1]._id;
  }
}

/** Expires one account's due points; the key names the year, so a repeated run adds nothing. */
export async function expireAccount(account: string, nowMs: number, rule: PointsExpiryRule): Promise<number> {
  const due = expiringPoints(await accountEntries(account), nowMs, rule);
  if (due <= 0) return 0;
  const key = `pts-exp-${account}-${cutoffYear(nowMs, rule)}`;
  const pending = await pendingEntryIds(account);
  await runTx(async (tx) => {
    await foldBeforeDebit(tx, account, pending, nowMs);
    return applyJournal(tx, { key, account, amount: -due, kind: 'expire', ref: `expiry-${cutoffYear(nowMs, rule)}` }, nowMs);
  });
  return due;
}

/**
 * cron: every positive points balance is checked against the expiry rule, walking the balances
 * with a cursor (shared/walk.ts), so accounts past the first page are reached too; returns the
 * points expired.
 */
export async function expirePoints(nowMs: number, rule: PointsExpiryRule): Promise<WalkResult> {
  const _ = db().command;
  return walk('pointsExpired', (after, limit) => db().collection('balances').where({ accountKind: 'points', balance: _.gt(0), _id: _.gt(after) }).orderBy('_id', 'asc').limit(limit).get(),
    (b) => expireAccount(b._id, nowMs, rule));
}

export { getOrNull };
