import { AppError } from '../../../../src/contracts';
import { CLOSE_ORDER, type PayCallbackEvent, type QueryOrderResult } from '../../platform';
import { runTx } from '../../adapters/transaction';
import type { Transaction } from '../../adapters/sdk';
import { checkPayable, decidePayment, type PaymentDecision } from '../domain/order';
import { changeStatus } from './lifecycle';
import { recordAnomaly, type AnomalyInput } from './anomalies';
import { afterSeatPayment, applySeatPaymentByBalance, applySeatPaymentByWxPay, type SeatPayment } from '../../groupbuy/services/settle';
import { submitRefund, type RefundDoc } from './refunds';
import { giveBackStock, retakeStock, type StockLine } from './stock';
import { closeWxPayOrder, isPaidTrade, markSettled, queryWxPayOrder } from './wxpay';
import { notifyOrderPaid } from '../../shared/notify';
import { accounts } from '../../ledger/journal';
import { splitSpend } from '../../members/domain/wallet';
import { getOrNull, txGet } from '../../shared/tx';
import { walk, type WalkResult } from '../../shared/walk';
import { db } from '../../adapters/cloud';
import type { OrderDoc } from './orders';

/**
 * Paying an order, either way: WeChat Pay (payNotify, or the cron asking queryOrder when the
 * callback never came — the same path) and stored value (order.pay by balance). The status
 * change and its effects are orders/services/lifecycle.ts's; this module decides which change a
 * payment makes and what happens to a payment the store cannot simply apply (anomalies.ts).
 */
export type PayOutcome = PaymentDecision | 'unknown_order' | 'not_success';

/**
 * A payment for a goods order that had closed (and given its stock back): its stock must be
 * taken again, outside the transaction like every take. The transaction asks for it with this
 * signal; applyPayment takes the stock and runs the transaction again, and gives it back if
 * that run does not apply the late payment (its twin delivery did).
 */
class StockNeeded extends Error {
  constructor(readonly lines: StockLine[]) {
    super('late payment: stock to take again first');
  }
}

interface Applied {
  outcome: PayOutcome;
  order: OrderDoc | null;
  seat: SeatPayment | null;
  /** Refunds started in the transaction, submitted after it commits. */
  refunds: RefundDoc[];
}

/** What the store does with a payment it will not apply as it stands. */
function anomalyFor(decision: PaymentDecision, order: OrderDoc): Omit<AnomalyInput, 'payment' | 'order'> {
  if (decision === 'amount_mismatch') return { kind: 'amount_mismatch', action: 'refunded', refund: { reason: '支付金额与订单不符，原路退回' } };
  // The order was paid another way (stored value) and this WeChat Pay payment came too: it goes back.
  // Two WeChat Pay payments of one outTradeNo cannot happen; should one be reported, the owner looks.
  const otherWay = order.payMethod !== 'wxpay' || !order.transactionId;
  return otherWay ? { kind: 'second_payment', action: 'refunded', refund: { reason: '订单已支付，重复付款原路退回' } } : { kind: 'second_payment', action: 'waiting' };
}

const paidFields = (ev: PayCallbackEvent, nowMs: number) => ({ paidAtMs: nowMs, transactionId: ev.transactionId, payMethod: 'wxpay' as const, wxPayOpen: false });

/** The payment's one transaction: per-order and per-person documents only (orders/services/effects.ts). */
async function paymentTx(tx: Transaction, ev: PayCallbackEvent, stockRetaken: boolean, nowMs: number): Promise<Applied> {
  const found = await txGet<OrderDoc>(tx, 'orders', ev.outTradeNo);
  if (!found) {
    await recordAnomaly(tx, { kind: 'unknown_order', action: 'waiting', payment: ev, order: null }, nowMs);
    return { outcome: 'unknown_order', order: null, seat: null, refunds: [] };
  }
  const decision = decidePayment(found, ev);
  if ((decision === 'apply' || decision === 'apply_late') && found.kind === 'group') return seatPaymentTx(tx, found, ev, decision, nowMs);
  if (decision === 'apply') return { outcome: decision, order: await changeStatus(tx, found, 'pay', { nowMs, method: 'wxpay', fields: paidFields(ev, nowMs) }), seat: null, refunds: [] };
  if (decision === 'apply_late') {
    if (found.kind === 'goods' && !stockRetaken) throw new StockNeeded(found.lines);
    await recordAnomaly(tx, { kind: 'late', action: 'applied_late', payment: ev, order: found }, nowMs);
    return { outcome: decision, order: await changeStatus(tx, found, 'payLate', { nowMs, method: 'wxpay', fields: { ...paidFields(ev, nowMs), latePaidAtMs: nowMs } }), seat: null, refunds: [] };
  }
  if (decision === 'duplicate') return { outcome: decision, order: found, seat: null, refunds: [] };
  const { refund } = await recordAnomaly(tx, { ...anomalyFor(decision, found), payment: ev, order: found }, nowMs);
  // Nothing is open at WeChat Pay for this order any more: the cron stops asking about it.
  if (found.wxPayOpen) await tx.collection('orders').doc(found._id).update({ data: { wxPayOpen: false } });
  return { outcome: decision, order: found, seat: null, refunds: refund ? [refund] : [] };
}

/** A group-buy seat is seated, or refunded at once when its seat or group is gone (groupbuy/services/settle.ts). */
async function seatPaymentTx(tx: Transaction, order: OrderDoc, ev: PayCallbackEvent, decision: PaymentDecision, nowMs: number): Promise<Applied> {
  const seat = await applySeatPaymentByWxPay(tx, order, ev.transactionId, nowMs);
  if (!seat.seated && seat.refund) await recordAnomaly(tx, { kind: 'late', action: 'refunded', payment: ev, order, refund: { refundNo: seat.refund._id } }, nowMs);
  return { outcome: decision, order, seat, refunds: [] };
}

/** Runs the payment's transaction; a late goods payment first takes its stock again (StockNeeded). */
async function applyOnce(ev: PayCallbackEvent, nowMs: number): Promise<Applied> {
  let retaken: StockLine[] | null = null;
  try {
    for (;;) {
      try {
        const applied = await runTx((tx) => paymentTx(tx, ev, retaken !== null, nowMs));
        if (retaken && applied.outcome === 'apply_late') retaken = null; // kept: the order is PAID
        return applied;
      } catch (e) {
        if (!(e instanceof StockNeeded) || retaken) throw e;
        await retakeStock(e.lines);
        retaken = e.lines;
      }
    }
  } finally {
    if (retaken) await giveBackStock(retaken);
  }
}

/**
 * Applies one WeChat Pay payment (a callback, or what queryOrder reported). The order's status
 * moves inside a transaction, so however many deliveries race, exactly one applies; the rest are
 * duplicates. What follows the commit (a seat's group, refunds, the message) never fails it.
 */
export async function applyPayment(ev: PayCallbackEvent, nowMs: number): Promise<PayOutcome> {
  if (ev.returnCode !== 'SUCCESS' || ev.resultCode !== 'SUCCESS') return 'not_success';
  const { outcome, order, seat, refunds } = await applyOnce(ev, nowMs);
  if (seat) await afterSeatPayment(seat, nowMs);
  for (const refund of refunds) await submitRefund(refund, nowMs).catch((e) => console.error('payments: refund left to cron', refund._id, e));
  if (order && (outcome === 'apply' || outcome === 'apply_late') && (!seat || seat.seated)) await notifyOrderPaid(order);
  return outcome;
}

/** queryOrder's answer about a paid trade, as the callback would have delivered it. */
export function eventFromQuery(orderId: string, q: QueryOrderResult): PayCallbackEvent {
  return { returnCode: 'SUCCESS', resultCode: 'SUCCESS', outTradeNo: q.outTradeNo ?? orderId, transactionId: q.transactionId ?? '', totalFee: q.totalFee ?? 0, cashFee: q.cashFee, timeEnd: q.timeEnd };
}

/** A trade WeChat Pay reports paid is applied through the callback's path, then nothing is open there. */
async function settlePaidTrade(orderId: string, q: QueryOrderResult, nowMs: number): Promise<PayOutcome> {
  const ev = eventFromQuery(orderId, q);
  if (!ev.transactionId) throw new Error(`payments: queryOrder reported ${orderId} paid without a transactionId`);
  const outcome = await applyPayment(ev, nowMs);
  await markSettled(orderId);
  return outcome;
}

/** A closed order still open at WeChat Pay: closed there, or, if it was paid meanwhile, that payment applied (late). */
async function closeAtWeChatPay(order: OrderDoc, nowMs: number): Promise<boolean> {
  const closed = await closeWxPayOrder(order._id, nowMs);
  if (closed.kind === 'paid') await settlePaidTrade(order._id, closed.query, nowMs);
  return closed.kind === 'closed' || closed.kind === 'paid';
}

/** An unpaid order past its window: a trade WeChat Pay reports paid is applied; an unpaid one is left to closeExpiredOrders. */
async function askWeChatPay(order: OrderDoc, nowMs: number): Promise<boolean> {
  const q = await queryWxPayOrder(order._id);
  if (!q) throw new Error(`payments: queryOrder gave no answer for ${order._id}`);
  if (!isPaidTrade(q)) return false;
  await settlePaidTrade(order._id, q, nowMs);
  return true;
}

/**
 * cron: orders whose WeChat Pay payment may still be open there — unpaid past their window, or
 * closed by the store but not yet at WeChat Pay — are asked about with queryOrder. A paid trade is
 * applied as its callback would have been (idempotent); an unpaid one of a closed order is closed
 * there (closeOrder). Unpaid orders past their window are then closed by closeExpiredOrders, which
 * closes WeChat Pay's order after its commit. Two walks, each with its cursor.
 */
export async function reconcileWxPayOrders(nowMs: number): Promise<WalkResult> {
  const _ = db().command;
  const expired = await walk('wxPayReconciledPending', (after, limit) => db().collection('orders')
    .where({ wxPayOpen: true, status: 'PENDING', expiresAtMs: _.lte(nowMs), _id: _.gt(after) }).orderBy('_id', 'asc').limit(limit).get(),
    (o) => askWeChatPay(o as unknown as OrderDoc, nowMs));
  const closed = await walk('wxPayReconciledClosed', (after, limit) => db().collection('orders')
    .where({ wxPayOpen: true, status: 'CLOSED', _id: _.gt(after) }).orderBy('_id', 'asc').limit(limit).get(),
    (o) => closeAtWeChatPay(o as unknown as OrderDoc, nowMs));
  return { done: expired.done + closed.done, failed: expired.failed + closed.failed };
}

// ---------------------------------------------------------------- stored value

/** Read-only checks before WeChat Pay's order is closed for a balance payment, so a refusal changes nothing. */
async function precheckBalance(order: OrderDoc): Promise<void> {
  const principalFen = (await getOrNull<{ balance: number }>('balances', accounts.principal(order.openid)))?.balance ?? 0;
  const bonusFen = (await getOrNull<{ balance: number }>('balances', accounts.bonus(order.openid)))?.balance ?? 0;
  if (!splitSpend(order.payableFen, { principalFen, bonusFen }).ok) throw new AppError('INSUFFICIENT_BALANCE', '余额不足');
}

/**
 * A balance payment of an order whose WeChat Pay payment was asked for waits for that payment to
 * close or settle: WeChat Pay's order is closed first (it can be only 5 minutes after it was
 * made), or, if it was paid meanwhile, that payment is applied and the order answered as paid.
 */
async function closeWxPayFirst(order: OrderDoc, nowMs: number): Promise<OrderDoc | null> {
  await precheckBalance(order);
  const askedAgoMs = nowMs - (order.wxPay?.requestedAtMs ?? 0);
  const wait = () => new AppError('NOT_PAYABLE', `已发起微信支付：请在微信中完成支付，或 ${Math.max(1, Math.ceil((CLOSE_ORDER.minAgeMs - askedAgoMs) / 60_000))} 分钟后再用余额支付`);
  if (askedAgoMs < CLOSE_ORDER.minAgeMs) throw wait();
  const closed = await closeWxPayOrder(order._id, nowMs);
  if (closed.kind === 'failed') throw wait();
  if (closed.kind !== 'paid') return null;
  await settlePaidTrade(order._id, closed.query, nowMs);
  return getOrNull<OrderDoc>('orders', order._id);
}

/** The balance payment's transaction found a WeChat Pay payment open: it is closed (or settled) first. */
class WxPayOpen extends Error {
  constructor(readonly order: OrderDoc) {
    super('balance payment: WeChat Pay payment open');
  }
}

async function balanceTx(tx: Transaction, openid: string, orderId: string, nowMs: number): Promise<{ paid: OrderDoc; seat: SeatPayment | null }> {
  const order = await txGet<OrderDoc>(tx, 'orders', orderId);
  if (!order || order.openid !== openid) throw new AppError('NOT_FOUND', '订单不存在');
  if (order.kind === 'topup') throw new AppError('NOT_PAYABLE', '充值订单只能用微信支付');
  const check = checkPayable(order, nowMs);
  if (!check.ok) throw new AppError('NOT_PAYABLE', check.message);
  if (order.wxPayOpen) throw new WxPayOpen(order);
  const fields = { paidAtMs: nowMs, payMethod: 'balance' as const };
  if (order.kind !== 'group') return { paid: await changeStatus(tx, order, 'pay', { nowMs, method: 'balance', fields }), seat: null };
  // A group-buy seat is paid, not sold: its effects wait for its group. The group document
  // (shared by its members) last; a seat that is gone refuses the payment and aborts it all.
  const seated = await changeStatus(tx, order, 'seatPaid', { nowMs, method: 'balance', fields });
  return { paid: seated, seat: await applySeatPaymentByBalance(tx, order, nowMs) };
}

/**
 * order.pay by balance, in one transaction: PENDING → PAID (a group seat: → GROUPING), principal
 * and bonus debited in proportion (the journal refuses to go below zero) with the paid effects.
 * Concurrent payments against one balance serialise on its balance documents.
 */
export async function payWithBalance(openid: string, orderId: string, nowMs: number): Promise<OrderDoc> {
  let result: { paid: OrderDoc; seat: SeatPayment | null };
  try {
    result = await runTx((tx) => balanceTx(tx, openid, orderId, nowMs));
  } catch (e) {
    if (!(e instanceof WxPayOpen)) throw e;
    const paidByWeChat = await closeWxPayFirst(e.order, nowMs);
    if (paidByWeChat) return paidByWeChat;
    try {
      result = await runTx((tx) => balanceTx(tx, openid, orderId, nowMs));
    } catch (again) {
      if (again instanceof WxPayOpen) throw new AppError('NOT_PAYABLE', '已发起微信支付：请在微信中完成支付');
      throw again;
    }
  }
  const { paid, seat } = result;
  if (!seat) {
    await notifyOrderPaid(paid);
    return paid;
  }
  // The last seat's payment settles the group: answer with the order as it now stands (PAID).
  await afterSeatPayment(seat, nowMs);
  return (await getOrNull<OrderDoc>('orders', orderId)) ?? paid;
}
