import * as z from 'zod';
import { cloud, db } from '../adapters/cloud';
import type { Transaction } from '../adapters/sdk';
import { decidePayment, type PaymentDecision } from '../domain/order';
import { applyPaidEffects } from './effects';
import { afterSeatPayment, applySeatPaymentByWxPay } from './groupbuy/settle';
import { txGet } from './tx';
import type { OrderDoc } from './orders';

/** The cloudPay callback event, in the cloud's field names. Unknown fields pass through. */
export const PayNotifyEvent = z.looseObject({
  returnCode: z.string(),
  resultCode: z.string().optional(),
  outTradeNo: z.string().min(1).max(32),
  transactionId: z.string().min(1),
  totalFee: z.number().int().nonnegative(),
  cashFee: z.number().int().nonnegative().optional(),
  subMchId: z.string().optional(),
  subOpenid: z.string().optional(),
  timeEnd: z.string().optional(),
});
export type PayNotifyEvent = z.infer<typeof PayNotifyEvent>;

export type PayOutcome = PaymentDecision | 'unknown_order' | 'not_success';


/** An anomaly is recorded once per (payment, kind) however often the callback repeats. */
async function recordAnomaly(tx: Transaction, kind: PayOutcome, ev: PayNotifyEvent, nowMs: number): Promise<void> {
  const id = `${kind}-${ev.outTradeNo}-${ev.transactionId}`.slice(0, 120);
  if (await txGet(tx, 'payment_anomalies', id)) return;
  await tx.collection('payment_anomalies').add({
    data: { _id: id, kind, outTradeNo: ev.outTradeNo, transactionId: ev.transactionId, totalFee: ev.totalFee, status: 'open', createdAtMs: nowMs },
  });
}

async function markPaid(tx: Transaction, order: OrderDoc, ev: PayNotifyEvent, late: boolean, nowMs: number): Promise<void> {
  if (late && order.kind === 'goods') {
    // The order had closed and returned its stock; the buyer paid anyway. Honour the payment,
    // take the stock again and flag it for the owner rather than lose the money.
    for (const line of order.lines) {
      const p = await txGet<{ stock: number }>(tx, 'products', line.productId);
      if (p) await tx.collection('products').doc(line.productId).update({ data: { stock: p.stock - line.qty } });
    }
  }
  if (late) await recordAnomaly(tx, 'apply_late', ev, nowMs);
  const { pointsEarned, stageBefore } = await applyPaidEffects(tx, order, nowMs);
  await tx.collection('orders').doc(order._id).update({ data: { status: 'PAID', paidAtMs: nowMs, transactionId: ev.transactionId, payMethod: 'wxpay', pointsEarned, stageBefore: db().command.set(stageBefore) } });
}

/**
 * Applies one payment callback. The order's status moves PENDING -> PAID inside a transaction,
 * so however many deliveries race, exactly one sees PENDING; the rest are duplicates.
 */
export async function applyPayment(ev: PayNotifyEvent, nowMs: number): Promise<PayOutcome> {
  if (ev.returnCode !== 'SUCCESS' || ev.resultCode !== 'SUCCESS') return 'not_success';
  const { outcome, order, seat } = await db().runTransaction(async (tx) => {
    const found = await txGet<OrderDoc>(tx, 'orders', ev.outTradeNo);
    if (!found) {
      await recordAnomaly(tx, 'unknown_order', ev, nowMs);
      return { outcome: 'unknown_order' as PayOutcome, order: null, seat: null };
    }
    const decision = decidePayment(found, ev);
    const applies = decision === 'apply' || decision === 'apply_late';
    // A group-buy seat is seated, or refunded at once when its seat or group is gone (services/groupbuy).
    if (applies && found.kind === 'group') return { outcome: decision as PayOutcome, order: found, seat: await applySeatPaymentByWxPay(tx, found, ev.transactionId, nowMs) };
    if (applies) await markPaid(tx, found, ev, decision === 'apply_late', nowMs);
    else if (decision !== 'duplicate') await recordAnomaly(tx, decision, ev, nowMs);
    return { outcome: decision as PayOutcome, order: found, seat: null };
  });
  if (seat) await afterSeatPayment(seat, nowMs);
  if (order && (outcome === 'apply' || outcome === 'apply_late') && (!seat || seat.seated)) await notifyPaid(order);
  return outcome;
}

/** After commit, never inside the transaction: a message is an external call. */
async function notifyPaid(order: OrderDoc): Promise<void> {
  const orderId = order._id;
  try {
    await cloud().openapi.subscribeMessage.send({
      touser: order.openid,
      templateId: 'ORDER_PAID',
      page: `pages/order/index?id=${orderId}`,
      data: { character_string1: { value: orderId }, amount2: { value: String(order.payableFen) } },
    });
  } catch (e) {
    // A lost notification must not fail the acknowledged payment; it is logged for the owner.
    console.error('subscribeMessage failed', orderId, e);
  }
}
