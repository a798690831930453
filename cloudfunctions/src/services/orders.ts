import { AppError, Order, Product, type OrderStatus, type WxPayment } from '../../../src/contracts';
import { cloud, db } from '../adapters/cloud';
import type { Doc, Transaction } from '../adapters/sdk';
import { checkPayable, priceLines, type LineRequest } from '../domain/order';
import { hashInput, orderIdFor, randomToken } from '../domain/ids';
import { isMissing } from './journal';
import type { StoreSettings } from './settings';

/** The stored order: the public Order plus the buyer and payment bookkeeping. */
export interface OrderDoc extends Order {
  openid: string;
  requestHash: string;
  transactionId: string | null;
}

export function toPublicOrder(doc: Doc | OrderDoc): Order {
  return Order.parse(doc);
}

async function txGet<T>(tx: Transaction, coll: string, id: string): Promise<T | null> {
  try {
    return (await tx.collection(coll).doc(id).get()).data as unknown as T;
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
}

/**
 * Creates an order and reserves its stock in one transaction. The order id comes from the
 * buyer's request id, so a retried create returns the first order (or IDEMPOTENCY_MISMATCH when
 * the retry asks for different lines).
 */
export async function createOrder(openid: string, requestId: string, requests: LineRequest[], settings: StoreSettings, nowMs: number): Promise<OrderDoc> {
  const orderId = orderIdFor(openid, requestId);
  const requestHash = hashInput(requests);
  return db().runTransaction(async (tx) => {
    const existing = await txGet<OrderDoc>(tx, 'orders', orderId);
    if (existing) {
      if (existing.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_MISMATCH', '同一请求号的订单内容不一致');
      return existing;
    }
    const products = new Map<string, Product>();
    for (const r of requests) {
      const p = await txGet<Doc>(tx, 'products', r.productId);
      if (p) products.set(r.productId, Product.parse(p));
    }
    const priced = priceLines(requests, products);
    if (!priced.ok) throw new AppError(priced.code, priced.message);
    for (const line of priced.lines) {
      const p = products.get(line.productId)!;
      await tx.collection('products').doc(p._id).update({ data: { stock: p.stock - line.qty } });
    }
    const order: OrderDoc = {
      _id: orderId, openid, status: 'PENDING', lines: priced.lines, totalFen: priced.totalFen, payableFen: priced.totalFen,
      createdAtMs: nowMs, paidAtMs: null, expiresAtMs: nowMs + settings.paymentTimeoutMs, requestHash, transactionId: null,
    };
    await tx.collection('orders').add({ data: order as unknown as Record<string, unknown> });
    return order;
  });
}

export async function getOwnOrder(openid: string, orderId: string): Promise<OrderDoc> {
  let doc: OrderDoc;
  try {
    doc = (await db().collection('orders').doc(orderId).get()).data as unknown as OrderDoc;
  } catch (e) {
    if (isMissing(e)) throw new AppError('NOT_FOUND', '订单不存在');
    throw e;
  }
  // Someone else's order looks exactly like a missing one: no probing other buyers' ids.
  if (doc.openid !== openid) throw new AppError('NOT_FOUND', '订单不存在');
  return doc;
}

export async function listOwnOrders(openid: string, status?: OrderStatus): Promise<OrderDoc[]> {
  const cond: Record<string, unknown> = { openid };
  if (status) cond.status = status;
  const { data } = await db().collection('orders').where(cond).orderBy('createdAtMs', 'desc').limit(50).get();
  return data as unknown as OrderDoc[];
}

/** Asks the cashier for payment parameters. No database write: the order stays PENDING until payNotify. */
export async function startPayment(openid: string, orderId: string, settings: StoreSettings, nowMs: number): Promise<{ order: OrderDoc; payment: WxPayment }> {
  const order = await getOwnOrder(openid, orderId);
  const check = checkPayable(order, nowMs);
  if (!check.ok) throw new AppError('NOT_PAYABLE', check.message);
  const res = await cloud().cloudPay.unifiedOrder({
    body: `${settings.name}-${order.lines[0]?.name ?? '商品'}`.slice(0, 120),
    outTradeNo: order._id,
    spbillCreateIp: '127.0.0.1',
    subMchId: settings.subMchId,
    totalFee: order.payableFen,
    envId: settings.envId,
    functionName: 'payNotify',
    nonceStr: randomToken(16),
    tradeType: 'JSAPI',
  });
  if (res.returnCode !== 'SUCCESS' || res.resultCode !== 'SUCCESS' || !res.payment) {
    throw new AppError('PAYMENT_UNAVAILABLE', `支付下单失败：${res.errCodeDes ?? res.returnMsg ?? '未知原因'}`);
  }
  return { order, payment: res.payment };
}

/** Closes one expired unpaid order and returns its stock; compare-and-set, so it runs once. */
export async function closeExpiredOrder(orderId: string, nowMs: number): Promise<boolean> {
  return db().runTransaction(async (tx) => {
    const order = await txGet<OrderDoc>(tx, 'orders', orderId);
    if (!order || order.status !== 'PENDING' || order.expiresAtMs > nowMs) return false;
    for (const line of order.lines) {
      const p = await txGet<Product>(tx, 'products', line.productId);
      if (p) await tx.collection('products').doc(line.productId).update({ data: { stock: p.stock + line.qty } });
    }
    await tx.collection('orders').doc(orderId).update({ data: { status: 'CLOSED', closedAtMs: nowMs } });
    return true;
  });
}

export async function closeExpiredOrders(nowMs: number, batch = 100): Promise<number> {
  const _ = db().command;
  const { data } = await db().collection('orders').where({ status: 'PENDING', expiresAtMs: _.lte(nowMs) }).limit(batch).get();
  let closed = 0;
  for (const o of data) if (await closeExpiredOrder(o._id, nowMs)) closed += 1;
  return closed;
}
