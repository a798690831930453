import { AppError, type WxPayment } from '../../../../src/contracts';
import { fitBody, TRADE_STATE, type QueryOrderResult } from '../../platform';
import { cloud, db } from '../../adapters/cloud';
import { checkPayable } from '../domain/order';
import { randomToken } from '../../shared/ids';
import { getOrNull } from '../../shared/tx';
import { getSettings, type StoreSettings } from '../../store/services/settings';
import type { OrderDoc } from './orders';

/**
 * An order's WeChat Pay side (outTradeNo = order id). order.pay records on the order that a
 * payment was asked for (`wxPay.requestedAtMs`, `wxPayOpen`) before asking unifiedOrder, so the
 * store always knows when WeChat Pay may still take money for it: a balance payment then waits for
 * that payment to close or settle, closing the store's order closes WeChat Pay's too (closeOrder),
 * and the cron asks queryOrder about every order still open there (orders/services/payments.ts).
 */
export interface WxPayState {
  requestedAtMs: number;
  /** WeChat Pay's order was closed (closeOrder answered, or queryOrder says CLOSED): it can no longer be paid. */
  closedAtMs: number | null;
}

function ownOrderOrNotFound(order: OrderDoc | null, openid: string): OrderDoc {
  // Someone else's order looks exactly like a missing one: no probing other buyers' ids.
  if (!order || order.openid !== openid) throw new AppError('NOT_FOUND', '订单不存在');
  return order;
}

/** Records the request before WeChat Pay is asked; false when this call did not set it (it was set, or the order left PENDING). */
async function markRequested(orderId: string, nowMs: number): Promise<boolean> {
  const _ = db().command;
  const res = await db().collection('orders').where({ _id: orderId, status: 'PENDING', wxPayOpen: _.neq(true) })
    .update({ data: { wxPay: _.set({ requestedAtMs: nowMs, closedAtMs: null }), wxPayOpen: true } });
  return res.stats.updated === 1;
}

/** WeChat Pay made no order (a definite refusal): the record goes, so a refused order.pay changes nothing. */
async function unmarkRequested(orderId: string, nowMs: number): Promise<void> {
  const _ = db().command;
  await db().collection('orders').where({ _id: orderId, 'wxPay.requestedAtMs': nowMs }).update({ data: { wxPay: _.remove(), wxPayOpen: _.remove() } });
}

/** order.pay by WeChat Pay: payment parameters for wx.requestPayment. The order stays PENDING until payNotify. */
export async function startPayment(openid: string, orderId: string, settings: StoreSettings, nowMs: number): Promise<{ order: OrderDoc; payment: WxPayment }> {
  const order = ownOrderOrNotFound(await getOrNull<OrderDoc>('orders', orderId), openid);
  const check = checkPayable(order, nowMs);
  if (!check.ok) throw new AppError('NOT_PAYABLE', check.message);
  if (order.wxPay?.closedAtMs) throw new AppError('NOT_PAYABLE', '这笔订单的微信支付已关闭，请用余额支付或重新下单');
  const marked = order.wxPayOpen === true ? false : await markRequested(orderId, nowMs);
  if (order.wxPayOpen !== true && !marked) throw new AppError('NOT_PAYABLE', '订单不是待支付状态');
  const res = await cloud().cloudPay.unifiedOrder({
    body: fitBody(`${settings.name}-${order.lines[0]?.name ?? '商品'}`), outTradeNo: order._id, spbillCreateIp: '127.0.0.1', subMchId: settings.subMchId,
    totalFee: order.payableFen, envId: settings.envId, functionName: 'payNotify', nonceStr: randomToken(16), tradeType: 'JSAPI',
  });
  // The SDK sets errCode 0 on every answer: WeChat Pay's verdict is in returnCode / resultCode (platform/cloudPay.ts).
  if (res.returnCode !== 'SUCCESS' || res.resultCode !== 'SUCCESS' || !res.payment) {
    if (marked) await unmarkRequested(orderId, nowMs);
    throw new AppError('PAYMENT_UNAVAILABLE', `支付下单失败：${res.errCodeDes ?? res.returnMsg ?? '未知原因'}`);
  }
  return { order, payment: res.payment };
}

/** What WeChat Pay says about an order's trade; null when it could not say (a failed call). */
export async function queryWxPayOrder(orderId: string): Promise<QueryOrderResult | null> {
  const settings = await getSettings();
  try {
    const res = await cloud().cloudPay.queryOrder({ subMchId: settings.subMchId, outTradeNo: orderId, nonceStr: randomToken(16) });
    return res.returnCode === 'SUCCESS' && res.resultCode === 'SUCCESS' && res.tradeState ? res : null;
  } catch (e) {
    console.error('wxpay: queryOrder failed', orderId, e);
    return null;
  }
}

export function isPaidTrade(q: QueryOrderResult): boolean {
  return (TRADE_STATE.paid as readonly string[]).includes(q.tradeState ?? '');
}

async function markClosed(orderId: string, nowMs: number): Promise<void> {
  await db().collection('orders').where({ _id: orderId, wxPayOpen: true }).update({ data: { wxPay: { closedAtMs: nowMs }, wxPayOpen: false } });
}

/** Settled: WeChat Pay's payment has been applied to the order (or refunded as an anomaly); nothing is open there any more. */
export async function markSettled(orderId: string): Promise<void> {
  await db().collection('orders').where({ _id: orderId, wxPayOpen: true }).update({ data: { wxPayOpen: false } });
}

export type CloseOutcome = { kind: 'none' | 'closed' | 'failed' } | { kind: 'paid'; query: QueryOrderResult };

/**
 * Closes WeChat Pay's order for a store order whose payment was asked for, so it can no longer be
 * paid. closeOrder's business errors come back with errCode 0 and a description only, so after a
 * refusal the trade's state is read with queryOrder: paid (the caller settles it through the
 * payment path), closed, or still open (too soon: closeOrder waits 5 minutes; the cron tries again).
 */
export async function closeWxPayOrder(orderId: string, nowMs: number): Promise<CloseOutcome> {
  const order = await getOrNull<OrderDoc>('orders', orderId);
  if (!order?.wxPayOpen) return { kind: 'none' };
  const settings = await getSettings();
  try {
    const res = await cloud().cloudPay.closeOrder({ subMchId: settings.subMchId, outTradeNo: orderId, nonceStr: randomToken(16) });
    if (res.returnCode === 'SUCCESS' && res.resultCode === 'SUCCESS') {
      await markClosed(orderId, nowMs);
      return { kind: 'closed' };
    }
  } catch (e) {
    console.error('wxpay: closeOrder failed', orderId, e);
  }
  const q = await queryWxPayOrder(orderId);
  if (q && isPaidTrade(q)) return { kind: 'paid', query: q };
  if (q?.tradeState === 'CLOSED') {
    await markClosed(orderId, nowMs);
    return { kind: 'closed' };
  }
  return { kind: 'failed' };
}
