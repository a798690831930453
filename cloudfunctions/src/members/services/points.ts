import { AppError, type OrderLine, type Product } from '../../../../src/contracts';
import { findProduct, productsWhere } from '../../catalog/services/catalog';
import { db } from '../../adapters/cloud';
import { runTx } from '../../adapters/transaction';
import { hashInput, orderIdFor } from '../../shared/ids';
import { expiringPoints, type PointsExpiryRule } from '../domain/points';
import { accounts, applyJournal, foldBeforeDebit, pendingEntryIds } from '../../ledger/journal';
import { claimOrderNo, withOrderNo } from '../../orders/services/orderNumbers';
import { giveBackStock, takeStock } from '../../orders/services/stock';
import type { OrderDoc } from '../../orders/services/orders';
import type { StoreSettings } from '../../store/services/settings';
import { getOrNull, txGet } from '../../shared/tx';

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
      await foldBeforeDebit(tx, accounts.points(openid), pendingPoints, nowMs);
      await applyJournal(tx, { key: `pts-redeem-${orderId}`, account: accounts.points(openid), amount: -pointsPrice, kind: 'redeem', ref: orderId, keyIsNew: true }, nowMs);
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
      await tx.collection('orders').add({ data: order as unknown as Record<string, unknown> });
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

/** Expires one account's due points; the key names the year, so a repeated run adds nothing. */
export async function expireAccount(account: string, nowMs: number, rule: PointsExpiryRule): Promise<number> {
  const { data } = await db().collection('journal').where({ account }).orderBy('createdAtMs', 'asc').limit(1000).get();
  const due = expiringPoints(data as unknown as { amount: number; createdAtMs: number; kind: string }[], nowMs, rule);
  if (due <= 0) return 0;
  const key = `pts-exp-${account}-${cutoffYear(nowMs, rule)}`;
  const pending = await pendingEntryIds(account);
  await runTx(async (tx) => {
    await foldBeforeDebit(tx, account, pending, nowMs);
    return applyJournal(tx, { key, account, amount: -due, kind: 'expire', ref: `expiry-${cutoffYear(nowMs, rule)}` }, nowMs);
  });
  return due;
}

/** cron: every positive points balance is checked against the expiry rule. */
export async function expirePoints(nowMs: number, rule: PointsExpiryRule, batch = 200): Promise<number> {
  const _ = db().command;
  const { data } = await db().collection('balances').where({ accountKind: 'points', balance: _.gt(0) }).limit(batch).get();
  let expired = 0;
  for (const b of data) expired += await expireAccount(b._id, nowMs, rule);
  return expired;
}

export { getOrNull };
