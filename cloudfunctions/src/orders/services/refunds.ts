import { AppError } from '../../../../src/contracts';
import type { RefundCallbackEvent } from '../../platform';
import { cloud, db } from '../../adapters/cloud';
import { runTx } from '../../adapters/transaction';
import type { Transaction } from '../../adapters/sdk';
import { randomToken } from '../../shared/ids';
import { EFFECTIVE } from '../domain/lifecycle';
import { refundRetry } from '../domain/refundRetry';
import { changeStatus } from './lifecycle';
import type { OrderDoc } from './orders';
import { getSettings } from '../../store/services/settings';
import { getOrNull, txGet } from '../../shared/tx';
import { walk, type WalkResult } from '../../shared/walk';
import { afterSaleRefunded } from './afterSales';

/**
 * A refund is a document keyed by its outRefundNo (stable: a retry reuses it, as WeChat Pay
 * requires). An order's effects are undone in the same transaction that moves it to REFUNDING
 * (WeChat Pay) or REFUNDED (balance, points) — orders/services/lifecycle.ts's `refund` — so
 * nothing is spent twice while the money is in flight; the money leaves through cloudPay.refund
 * after commit, and refundNotify completes it. The order's status is the compare-and-set guard
 * and the refund id the idempotency key.
 */
export interface RefundDoc {
  _id: string;
  /** order: an order refunded in full; principal: an owner's refund of stored-value principal; payment: a payment the store did not keep (anomalies.ts); after_sale: part of an order (afterSales.ts, id = the request's). */
  kind?: 'order' | 'principal' | 'payment' | 'after_sale';
  /** The outTradeNo the money came through (for kind order: the order). */
  orderId: string;
  openid: string;
  method: 'wxpay' | 'balance';
  amountFen: number;
  totalFen: number;
  status: 'PENDING' | 'SUCCESS';
  reason: string;
  attempts: number;
  lastError: string | null;
  createdAtMs: number;
  doneAtMs: number | null;
  lastAttemptAtMs?: number | null;
  /** The cron stopped asking WeChat Pay (orders/domain/refundRetry.ts); the owner sees it stuck. */
  gaveUpAtMs?: number | null;
}

export function refundNoFor(orderId: string): string {
  return `R${orderId}`.slice(0, 32);
}

/** Starts (or returns) the refund of a paid goods or group order (admin order.refund). */
export async function refundOrder(orderId: string, reason: string, nowMs: number): Promise<RefundDoc> {
  const refund = await runTx(async (tx) => {
    const order = await txGet<OrderDoc>(tx, 'orders', orderId);
    if (!order) throw new AppError('NOT_FOUND', '订单不存在');
    const refundNo = refundNoFor(orderId);
    if (order.status === 'REFUNDING' || order.status === 'REFUNDED') return (await txGet<RefundDoc>(tx, 'refunds', refundNo))!;
    if (order.kind === 'topup') throw new AppError('NOT_REFUNDABLE', '充值请走储值本金退款');
    if (order.status === 'GROUPING') throw new AppError('NOT_REFUNDABLE', '拼团进行中：未成团会自动全额退款');
    if (!EFFECTIVE.includes(order.status)) throw new AppError('NOT_REFUNDABLE', '订单未支付，无需退款');
    // After-sales own the order's money once they started: the rest goes back through them.
    if (order.afterSaleOpen) throw new AppError('NOT_REFUNDABLE', '该订单有待处理的售后申请，请在售后中处理');
    if ((order.refundedFen ?? 0) > 0) throw new AppError('NOT_REFUNDABLE', '该订单已部分退款，剩余金额请通过售后退款');
    return startRefund(tx, order, reason, nowMs);
  });
  if (refund.status === 'PENDING') await submitRefund(refund, nowMs);
  return (await getOrNull<RefundDoc>('refunds', refund._id)) ?? refund;
}

/**
 * Inside the caller's transaction, which has read the order (the compare-and-set guard): the
 * order's refund — `refund` when its paid effects stand (every effect undone), `refundPayment`
 * for a group seat whose money only was taken — and the refund document. The caller submits a
 * PENDING (WeChat Pay) refund after commit. `fields` are written on the order with its status.
 */
export async function startRefund(tx: Transaction, order: OrderDoc, reason: string, nowMs: number, fields: Record<string, unknown> = {}): Promise<RefundDoc> {
  const orderId = order._id;
  const refundNo = refundNoFor(orderId);
  const paidWith = (fields.payMethod as OrderDoc['payMethod'] | undefined) ?? order.payMethod;
  // Points redemptions and balance payments are refunded inside the store, at once.
  const method = paidWith === 'wxpay' || paidWith === null ? 'wxpay' : 'balance';
  const doc: RefundDoc = {
    _id: refundNo, kind: 'order', orderId, openid: order.openid, method, amountFen: order.payableFen, totalFen: order.payableFen,
    status: method === 'balance' ? 'SUCCESS' : 'PENDING', reason, attempts: 0, lastError: null, createdAtMs: nowMs, doneAtMs: method === 'balance' ? nowMs : null,
  };
  await tx.collection('refunds').add({ data: doc as unknown as Record<string, unknown> });
  const transition = EFFECTIVE.includes(order.status) ? 'refund' : 'refundPayment';
  await changeStatus(tx, { ...order, ...fields } as OrderDoc, transition, {
    nowMs, to: method === 'balance' ? 'REFUNDED' : 'REFUNDING', fields: { ...fields, refundNo, refundedAtMs: method === 'balance' ? nowMs : null },
  });
  return doc;
}

/** Asks WeChat Pay to send the money back, after commit. Safe to repeat: same outRefundNo. */
export async function submitRefund(refund: RefundDoc, nowMs: number): Promise<boolean> {
  const settings = await getSettings();
  let error: string | null = null;
  try {
    const res = await cloud().cloudPay.refund({
      outTradeNo: refund.orderId, outRefundNo: refund._id, totalFee: refund.totalFen, refundFee: refund.amountFen,
      subMchId: settings.subMchId, envId: settings.envId, functionName: 'refundNotify', nonceStr: randomToken(16),
    });
    // The SDK sets errCode 0 on every answer (platform/cloudPay.ts CLOUD_PAY_SDK): WeChat Pay's verdict is in these.
    if (res.returnCode !== 'SUCCESS' || res.resultCode !== 'SUCCESS') error = `${res.returnCode}/${res.resultCode ?? '-'}: ${res.errCodeDes ?? res.returnMsg ?? ''}`;
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const _ = db().command;
  await db().collection('refunds').doc(refund._id).update({ data: { attempts: _.inc(1), lastError: error, lastAttemptAtMs: nowMs } });
  return error === null;
}

/**
 * cron: asks WeChat Pay again, with the same refund number, for refunds it has not confirmed —
 * spaced out and at most REFUND_MAX_ATTEMPTS times; then the refund is left to the owner (stuck).
 */
export async function retryPendingRefunds(nowMs: number): Promise<WalkResult> {
  const _ = db().command;
  return walk('refundsRetried', (after, limit) => db().collection('refunds').where({ status: 'PENDING', method: 'wxpay', _id: _.gt(after) }).orderBy('_id', 'asc').limit(limit).get(), async (r) => {
    const refund = r as unknown as RefundDoc;
    const next = refundRetry(refund, nowMs);
    if (next === 'give_up') {
      await db().collection('refunds').where({ _id: refund._id, status: 'PENDING' }).update({ data: { gaveUpAtMs: nowMs } });
      console.error('refunds: WeChat Pay never confirmed; left to the owner', refund._id);
      return false;
    }
    if (next !== 'due') return false;
    return submitRefund(refund, nowMs);
  });
}

export type RefundOutcome = 'applied' | 'duplicate' | 'unknown_refund' | 'mismatch' | 'not_success';

/** refundNotify: WeChat Pay sent the money back. A whole order's refund (or the after-sales refund that took its rest) moves its order REFUNDING → REFUNDED. */
export async function applyRefundNotice(ev: RefundCallbackEvent, nowMs: number): Promise<RefundOutcome> {
  if (ev.returnCode !== 'SUCCESS' || ev.refundStatus !== 'SUCCESS') return 'not_success';
  return runTx(async (tx): Promise<RefundOutcome> => {
    const refund = await txGet<RefundDoc>(tx, 'refunds', ev.outRefundNo);
    if (!refund) return 'unknown_refund';
    if (refund.orderId !== ev.outTradeNo || refund.amountFen !== ev.refundFee) return 'mismatch';
    if (refund.status === 'SUCCESS') return 'duplicate';
    await tx.collection('refunds').doc(refund._id).update({ data: { status: 'SUCCESS', doneAtMs: nowMs, refundId: ev.refundId ?? null } });
    if (refund.kind === 'after_sale') await afterSaleRefunded(tx, refund._id, nowMs);
    else if ((refund.kind ?? 'order') !== 'order') return 'applied';
    const order = await txGet<OrderDoc>(tx, 'orders', refund.orderId);
    if (order?.status === 'REFUNDING' && order.refundNo === refund._id) await changeStatus(tx, order, 'refundConfirmed', { nowMs, fields: { refundedAtMs: nowMs } });
    return 'applied';
  });
}
