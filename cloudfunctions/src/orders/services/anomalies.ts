import type { PaymentAnomaly } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import type { Transaction } from '../../adapters/sdk';
import { hashInput } from '../../shared/ids';
import { peopleOf } from '../../shared/lookups';
import { txGet } from '../../shared/tx';
import type { OrderDoc } from './orders';
import type { RefundDoc } from './refunds';

/**
 * Payments the store received but could not simply apply, one document per (payment, kind),
 * written in the payment's own transaction, with what the store did about it:
 *   late            the order had closed: a goods order is honoured (applied_late), a group seat
 *                   whose seat or group is gone is refunded (refunded)
 *   second_payment  the order was already paid another way (stored value): refunded
 *   amount_mismatch the amount is not what the order asks: refunded, the order stays unpaid
 *   unknown_order   no such order here: waiting for the owner (the payment may belong to another
 *                   system of the same merchant, so the store does not refund it blindly)
 * Refunds carry a stable number derived from the anomaly, so every repeat of the callback finds
 * the same refund; the cron resubmits it like any other. The owner's console lists them all.
 */
export const ANOMALIES = 'payment_anomalies';

export type AnomalyKind = PaymentAnomaly['kind'];
export type AnomalyAction = PaymentAnomaly['action'];

export interface AnomalyDoc {
  _id: string;
  kind: AnomalyKind;
  action: AnomalyAction;
  outTradeNo: string;
  transactionId: string;
  totalFee: number;
  orderId: string | null;
  orderNo: string | null;
  openid: string | null;
  refundNo: string | null;
  status: 'open';
  createdAtMs: number;
}

export interface PaymentSeen {
  outTradeNo: string;
  transactionId: string;
  totalFee: number;
}

export function anomalyIdFor(kind: AnomalyKind, p: PaymentSeen): string {
  return `${kind}-${p.outTradeNo}-${p.transactionId}`.slice(0, 120);
}

/** A refund number of at most 32 characters, the same for every delivery of one payment. */
export function anomalyRefundNoFor(anomalyId: string): string {
  return `A${hashInput(anomalyId).slice(0, 24)}`;
}

/** The refund of a payment the store will not keep: the whole payment, back the way it came. */
function paymentRefund(a: AnomalyDoc, reason: string, nowMs: number): RefundDoc {
  return {
    _id: a.refundNo!, kind: 'payment', orderId: a.outTradeNo, openid: a.openid ?? '', method: 'wxpay', amountFen: a.totalFee, totalFen: a.totalFee,
    status: 'PENDING', reason, attempts: 0, lastError: null, createdAtMs: nowMs, doneAtMs: null,
  };
}

export interface Recorded {
  anomaly: AnomalyDoc;
  /** A refund this call created, to submit after the commit. */
  refund: RefundDoc | null;
}

export interface AnomalyInput {
  kind: AnomalyKind;
  action: AnomalyAction;
  payment: PaymentSeen;
  order: OrderDoc | null;
  /** For `refunded`: start the payment's refund here (reason), or name the order's own refund already started. */
  refund?: { reason: string } | { refundNo: string };
}

/** Records the anomaly once (a repeat finds it and changes nothing), and starts its refund in the same transaction. */
export async function recordAnomaly(tx: Transaction, a: AnomalyInput, nowMs: number): Promise<Recorded> {
  const id = anomalyIdFor(a.kind, a.payment);
  const existing = await txGet<AnomalyDoc>(tx, ANOMALIES, id);
  if (existing) return { anomaly: existing, refund: null };
  const startsRefund = a.refund !== undefined && 'reason' in a.refund;
  const refundNo = a.refund === undefined ? null : 'refundNo' in a.refund ? a.refund.refundNo : anomalyRefundNoFor(id);
  const anomaly: AnomalyDoc = {
    _id: id, kind: a.kind, action: a.action, outTradeNo: a.payment.outTradeNo, transactionId: a.payment.transactionId, totalFee: a.payment.totalFee,
    orderId: a.order?._id ?? null, orderNo: a.order?.orderNo ?? null, openid: a.order?.openid ?? null, refundNo, status: 'open', createdAtMs: nowMs,
  };
  await tx.collection(ANOMALIES).add({ data: anomaly as unknown as Record<string, unknown> });
  if (!startsRefund || !a.refund || !('reason' in a.refund)) return { anomaly, refund: null };
  const refund = paymentRefund(anomaly, a.refund.reason, nowMs);
  await tx.collection('refunds').add({ data: refund as unknown as Record<string, unknown> });
  return { anomaly, refund };
}

/** The owner's list, newest first, with people's names and avatars and the refunds' state. */
export async function listAnomalies(limit: number, beforeMs?: number): Promise<{ anomalies: PaymentAnomaly[]; nextBeforeMs: number | null }> {
  const _ = db().command;
  const cond: Record<string, unknown> = beforeMs === undefined ? {} : { createdAtMs: _.lt(beforeMs) };
  const docs = (await db().collection(ANOMALIES).where(cond).orderBy('createdAtMs', 'desc').limit(limit).get()).data as unknown as AnomalyDoc[];
  const people = await peopleOf(docs.map((d) => d.openid).filter((o): o is string => o !== null));
  const refundNos = docs.map((d) => d.refundNo).filter((r): r is string => r !== null);
  const refunds = new Map<string, RefundDoc>();
  if (refundNos.length > 0) {
    const { data } = await db().collection('refunds').where({ _id: _.in(refundNos) }).limit(refundNos.length).get();
    for (const r of data) refunds.set(r._id, r as unknown as RefundDoc);
  }
  const anomalies = docs.map((d): PaymentAnomaly => {
    const refund = d.refundNo ? refunds.get(d.refundNo) : undefined;
    return {
      _id: d._id, kind: d.kind, action: d.action, amountFen: d.totalFee, orderNo: d.orderNo, nickname: d.openid ? people.get(d.openid)?.nickname ?? null : null,
      avatar: d.openid ? people.get(d.openid)?.avatar ?? null : null,
      refundNo: d.refundNo, refundStatus: refund ? (refund.status === 'SUCCESS' ? 'done' : refund.gaveUpAtMs ? 'stuck' : 'pending') : null, createdAtMs: d.createdAtMs,
    };
  });
  return { anomalies, nextBeforeMs: docs.length === limit ? docs[docs.length - 1].createdAtMs : null };
}

/** For the dashboard: how many anomalies there are, and how many wait for the owner (unknown orders, stuck refunds). */
export async function anomalyCounts(): Promise<{ total: number; waiting: number }> {
  const total = (await db().collection(ANOMALIES).count()).total;
  const waiting = (await db().collection(ANOMALIES).where({ action: 'waiting' }).count()).total;
  return { total, waiting };
}
