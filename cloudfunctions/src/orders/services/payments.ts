import * as z from 'zod';
import { cloud } from '../../adapters/cloud';
import { runTx } from '../../adapters/transaction';
import type { Transaction } from '../../adapters/sdk';
import { decidePayment, type PaymentDecision } from '../domain/order';
import { applyPaidEffects, paidFields } from './effects';
import { afterSeatPayment, applySeatPaymentByWxPay, type SeatPayment } from '../../groupbuy/services/settle';
import { giveBackStock, retakeStock, type StockLine } from './stock';
import { txGet } from '../../shared/tx';
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

async function markPaid(tx: Transaction, order: OrderDoc, ev: PayNotifyEvent, late: boolean, nowMs: number): Promise<void> {
  if (late) await recordAnomaly(tx, 'apply_late', ev, nowMs);
  const patch = await applyPaidEffects(tx, order, nowMs);
  await tx.collection('orders').doc(order._id).update({ data: { status: 'PAID', paidAtMs: nowMs, transactionId: ev.transactionId, payMethod: 'wxpay', ...paidFields(patch) } });
}

interface Applied {
  outcome: PayOutcome;
  order: OrderDoc | null;
  seat: SeatPayment | null;
}

/** The payment's one transaction: per-order and per-person documents only (effects.ts). */
async function paymentTx(tx: Transaction, ev: PayNotifyEvent, stockRetaken: boolean, nowMs: number): Promise<Applied> {
  const found = await txGet<OrderDoc>(tx, 'orders', ev.outTradeNo);
  if (!found) {
    await recordAnomaly(tx, 'unknown_order', ev, nowMs);
    return { outcome: 'unknown_order', order: null, seat: null };
  }
  const decision = decidePayment(found, ev);
  const applies = decision === 'apply' || decision === 'apply_late';
  // A group-buy seat is seated, or refunded at once when its seat or group is gone (services/groupbuy).
  if (applies && found.kind === 'group') return { outcome: decision, order: found, seat: await applySeatPaymentByWxPay(tx, found, ev.transactionId, nowMs) };
  if (decision === 'apply_late' && found.kind === 'goods' && !stockRetaken) throw new StockNeeded(found.lines);
  if (applies) await markPaid(tx, found, ev, decision === 'apply_late', nowMs);
  else if (decision !== 'duplicate') await recordAnomaly(tx, decision, ev, nowMs);
  return { outcome: decision, order: found, seat: null };
}

/** Runs the payment's transaction; a late goods payment first takes its stock again (StockNeeded). */
async function applyOnce(ev: PayNotifyEvent, nowMs: number): Promise<Applied> {
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
 * Applies one payment callback. The order's status moves PENDING -> PAID inside a transaction,
 * so however many deliveries race, exactly one sees PENDING; the rest are duplicates.
 */
export async function applyPayment(ev: PayNotifyEvent, nowMs: number): Promise<PayOutcome> {
  if (ev.returnCode !== 'SUCCESS' || ev.resultCode !== 'SUCCESS') return 'not_success';
  const { outcome, order, seat } = await applyOnce(ev, nowMs);
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
