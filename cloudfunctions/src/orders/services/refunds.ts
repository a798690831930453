import * as z from 'zod';
import { AppError } from '../../../../src/contracts';
import { cloud, db } from '../../adapters/cloud';
import { afterCommit, runTx } from '../../adapters/transaction';
import type { Transaction } from '../../adapters/sdk';
import { randomToken } from '../../shared/ids';
import { revokeGrant, type StageState } from '../../members/domain/ladder';
import { reverseCommission } from '../../partners/services/commission';
import { accounts, applyJournal } from '../../ledger/journal';
import type { OrderDoc } from './orders';
import type { UserDoc } from '../../members/services/session';
import { getSettings } from '../../store/services/settings';
import { giveBackStock } from './stock';
import { getOrNull, txGet } from '../../shared/tx';
import { recordStageMove } from '../../analytics/services/records';

/**
 * A refund is a document keyed by its outRefundNo (stable: a retry reuses it, as WeChat Pay
 * requires). The order's effects are reversed in the same transaction that moves the order to
 * REFUNDING (WeChat Pay) or REFUNDED (balance); the money leaves through cloudPay.refund after
 * commit, and refundNotify completes it. A refund never runs twice: the order's status is the
 * compare-and-set guard and the refund id is the idempotency key.
 */
export interface RefundDoc {
  _id: string;
  /** order: a whole order refunded; principal: an owner's refund of stored-value principal. */
  kind?: 'order' | 'principal';
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
}

export function refundNoFor(orderId: string): string {
  return `R${orderId}`.slice(0, 32);
}

async function reverseUser(tx: Transaction, order: OrderDoc, nowMs: number): Promise<void> {
  const user = await txGet<UserDoc>(tx, 'users', order.openid);
  if (!user) return;
  let state: StageState = { stage: user.stage, stageUntilMs: user.stageUntilMs ?? null };
  const before = order.stageBefore ?? state;
  for (const grant of order.grants ?? []) state = revokeGrant(state, grant, before, nowMs);
  await tx.collection('users').doc(order.openid).update({
    data: { paidOrderCount: Math.max(0, user.paidOrderCount - 1), spentFen: Math.max(0, user.spentFen - order.payableFen), stage: state.stage, stageUntilMs: state.stageUntilMs },
  });
  await recordStageMove(tx, order.openid, user.stage, state.stage, nowMs, `rev-${order._id}`);
}

/** Reverses what paying did: the sale, points earned (may go negative), points spent, stock, grants. */
async function reverseEffects(tx: Transaction, order: OrderDoc, nowMs: number): Promise<void> {
  const ref = order._id;
  await reverseCommission(tx, order, nowMs);
  if (order.payableFen > 0) {
    await applyJournal(tx, { key: `sale-rev-${ref}`, account: accounts.sales, amount: -order.payableFen, kind: 'sale_reversal', ref, allowNegative: true }, nowMs);
  }
  if (order.pointsEarned > 0) {
    await applyJournal(tx, { key: `pts-rev-${ref}`, account: accounts.points(order.openid), amount: -order.pointsEarned, kind: 'reverse', ref, allowNegative: true }, nowMs);
  }
  if (order.pointsUsed > 0) {
    // Points spent on this order (discount or exchange) come back.
    await applyJournal(tx, { key: `pts-unuse-${ref}`, account: accounts.points(order.openid), amount: order.pointsUsed, kind: 'return', ref }, nowMs);
  }
  // Stock is shared: it goes back after this transaction commits, never inside it.
  afterCommit(tx, () => giveBackStock(order.lines));
  if (order.payMethod !== 'points') await reverseUser(tx, order, nowMs);
}

async function returnBalance(tx: Transaction, order: OrderDoc, nowMs: number): Promise<void> {
  const split = order.balanceSplit;
  if (!split) return;
  if (split.principalFen > 0) await applyJournal(tx, { key: `sv-ref-p-${order._id}`, account: accounts.principal(order.openid), amount: split.principalFen, kind: 'refund_principal', ref: order._id }, nowMs);
  if (split.bonusFen > 0) await applyJournal(tx, { key: `sv-ref-b-${order._id}`, account: accounts.bonus(order.openid), amount: split.bonusFen, kind: 'refund_bonus', ref: order._id }, nowMs);
}

/** Starts (or returns) the refund of a paid goods order. */
export async function refundOrder(orderId: string, reason: string, nowMs: number): Promise<RefundDoc> {
  const refund = await runTx(async (tx) => {
    const order = await txGet<OrderDoc>(tx, 'orders', orderId);
    if (!order) throw new AppError('NOT_FOUND', '订单不存在');
    const refundNo = refundNoFor(orderId);
    if (order.status === 'REFUNDING' || order.status === 'REFUNDED') return (await txGet<RefundDoc>(tx, 'refunds', refundNo))!;
    if (order.kind === 'topup') throw new AppError('NOT_REFUNDABLE', '充值请走储值本金退款');
    if (order.status === 'GROUPING') throw new AppError('NOT_REFUNDABLE', '拼团进行中：未成团会自动全额退款');
    if (order.status !== 'PAID' && order.status !== 'COMPLETED') throw new AppError('NOT_REFUNDABLE', '订单未支付，无需退款');
    return startRefund(tx, order, reason, nowMs);
  });
  if (refund.status === 'PENDING') await submitRefund(refund, nowMs);
  return (await getOrNull<RefundDoc>('refunds', refund._id)) ?? refund;
}

/**
 * Inside the caller's transaction, which has checked the order's status (the compare-and-set
 * guard): reverses what the payment did and writes the refund; the caller submits a PENDING
 * (WeChat Pay) refund after commit. Effects are reversed only when they were applied (PAID,
 * COMPLETED): a group-buy seat paid while its group formed (GROUPING) or after its seat was
 * released took no sale, points, stock or grants, so only its money goes back.
 */
export async function startRefund(tx: Transaction, order: OrderDoc, reason: string, nowMs: number): Promise<RefundDoc> {
  const orderId = order._id;
  const refundNo = refundNoFor(orderId);
  // Points redemptions and balance payments are refunded inside the store, at once.
  const method = order.payMethod === 'wxpay' || order.payMethod === null ? 'wxpay' : 'balance';
  if (order.status === 'PAID' || order.status === 'COMPLETED') await reverseEffects(tx, order, nowMs);
  if (method === 'balance') await returnBalance(tx, order, nowMs);
  const doc: RefundDoc = {
    _id: refundNo, orderId, openid: order.openid, method, amountFen: order.payableFen, totalFen: order.payableFen,
    status: method === 'balance' ? 'SUCCESS' : 'PENDING', reason, attempts: 0, lastError: null, createdAtMs: nowMs, doneAtMs: method === 'balance' ? nowMs : null,
  };
  await tx.collection('refunds').add({ data: doc as unknown as Record<string, unknown> });
  await tx.collection('orders').doc(orderId).update({ data: { status: method === 'balance' ? 'REFUNDED' : 'REFUNDING', refundNo, refundedAtMs: method === 'balance' ? nowMs : null } });
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
    if (res.returnCode !== 'SUCCESS' || res.resultCode !== 'SUCCESS') error = `${res.errCode ?? res.returnCode}: ${res.errCodeDes ?? res.returnMsg ?? ''}`;
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const _ = db().command;
  await db().collection('refunds').doc(refund._id).update({ data: { attempts: _.inc(1), lastError: error, lastAttemptAtMs: nowMs } });
  return error === null;
}

/** cron: resubmits refunds WeChat Pay has not confirmed, with the same refund number. */
export async function retryPendingRefunds(nowMs: number, olderThanMs = 10 * 60 * 1000, batch = 50): Promise<number> {
  const _ = db().command;
  const { data } = await db().collection('refunds').where({ status: 'PENDING', createdAtMs: _.lte(nowMs - olderThanMs) }).limit(batch).get();
  let submitted = 0;
  for (const r of data) if (await submitRefund(r as unknown as RefundDoc, nowMs)) submitted += 1;
  return submitted;
}

/** The refund callback, flat or with WeChat Pay's decrypted reqInfo. */
export const RefundNotifyEvent = z.looseObject({
  returnCode: z.string(),
  outRefundNo: z.string().min(1).max(64),
  outTradeNo: z.string().min(1).max(32),
  refundFee: z.number().int().nonnegative(),
  refundStatus: z.string(),
  refundId: z.string().optional(),
});
export type RefundNotifyEvent = z.infer<typeof RefundNotifyEvent>;

export type RefundOutcome = 'applied' | 'duplicate' | 'unknown_refund' | 'mismatch' | 'not_success';

export async function applyRefundNotice(ev: RefundNotifyEvent, nowMs: number): Promise<RefundOutcome> {
  if (ev.returnCode !== 'SUCCESS' || ev.refundStatus !== 'SUCCESS') return 'not_success';
  return runTx(async (tx): Promise<RefundOutcome> => {
    const refund = await txGet<RefundDoc>(tx, 'refunds', ev.outRefundNo);
    if (!refund) return 'unknown_refund';
    if (refund.orderId !== ev.outTradeNo || refund.amountFen !== ev.refundFee) return 'mismatch';
    if (refund.status === 'SUCCESS') return 'duplicate';
    await tx.collection('refunds').doc(refund._id).update({ data: { status: 'SUCCESS', doneAtMs: nowMs, refundId: ev.refundId ?? null } });
    // A principal refund returns part of a top-up; the top-up order itself stays PAID.
    if (refund.kind !== 'principal') await tx.collection('orders').doc(refund.orderId).update({ data: { status: 'REFUNDED', refundedAtMs: nowMs } });
    return 'applied';
  });
}
