import { AppError } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import { afterCommit, runTx } from '../../adapters/transaction';
import type { Transaction } from '../../adapters/sdk';
import { decideSeatPayment, expireGroup, paySeat, unitsToReturn, type SeatPaymentFate } from '../domain/groupbuy';
import { changeStatus } from '../../orders/services/lifecycle';
import { notifyGroupResult } from '../../shared/notify';
import { walk, type WalkResult } from '../../shared/walk';
import type { OrderDoc } from '../../orders/services/orders';
import { startRefund, submitRefund, type RefundDoc } from '../../orders/services/refunds';
import { giveBackCampaignUnits, giveBackStock } from '../../orders/services/stock';
import { getOrNull, txGet } from '../../shared/tx';
import { GROUPS, memberKey, type GroupDoc } from './docs';
import { giveBackQuota, releaseSeatInTx } from './seats';

/**
 * When a group-buy order's effects apply: only when its group succeeds. Paying takes the seat
 * (order GROUPING, the lifecycle's `seatPaid`); success makes every paid seat's order PAID with
 * the paid effects (the lifecycle's `groupSucceeded`: sale,
 * points, ladder, and commission when the campaign's switch, snapshotted on the order as
 * `group.commission`, is on: partners/services/commission.ts#applyCommission reads it); failure refunds
 * the money and nothing else, because nothing else happened. So no effect of a failed group is
 * ever credited, and none has to be clawed back.
 */
export interface SeatPayment {
  groupId: string;
  /** The payment took its seat (the order is GROUPING); false: it is being refunded. */
  seated: boolean;
  /** This payment was the N-th: the group succeeded. */
  succeeded: boolean;
  refund: RefundDoc | null;
}

const REFUND_REASON: Record<'group_closed' | 'seat_released', string> = {
  group_closed: '拼团已结束，付款自动原路退回',
  seat_released: '付款超时名额已释放，付款自动原路退回',
};

/** The seat becomes paid in the group document; returns whether that completed the group. */
async function takePaidSeat(tx: Transaction, group: GroupDoc, key: string, nowMs: number): Promise<boolean> {
  const next = paySeat(group, key, nowMs);
  await tx.collection(GROUPS).doc(group._id).update({
    data: { paidCount: next.paidCount, status: next.status, closedAtMs: next.closedAtMs, members: { [key]: { state: 'paid', paidAtMs: nowMs } } },
  });
  return next.status === 'SUCCEEDED';
}

type LiveFate = Exclude<SeatPaymentFate, 'already_paid'>;

async function seatFate(tx: Transaction, order: OrderDoc): Promise<{ group: GroupDoc | null; key: string; fate: LiveFate }> {
  const group = await txGet<GroupDoc>(tx, GROUPS, order.group!.groupId);
  const key = memberKey(order.openid);
  const fate = group ? decideSeatPayment(group, key, order._id) : 'group_closed';
  // A paid seat always has a GROUPING order, which no payment reaches: seeing one means corrupt data.
  if (fate === 'already_paid') throw new Error(`groupbuy: seat of ${order._id} is paid but the order is ${order.status}`);
  return { group, key, fate };
}

/**
 * Inside payNotify's transaction, for a group order a WeChat Pay payment applies to (PENDING, or
 * CLOSED after its seat was released). The payment takes its seat; or, when the seat or the
 * group is gone, it is recorded on the order and its refund starts in the same transaction, so
 * it is never lost, and the order's status makes sure it is refunded once.
 */
export async function applySeatPaymentByWxPay(tx: Transaction, order: OrderDoc, transactionId: string, nowMs: number): Promise<SeatPayment> {
  const groupId = order.group!.groupId;
  const { group, key, fate } = await seatFate(tx, order);
  const payment = { paidAtMs: nowMs, transactionId, payMethod: 'wxpay' as const };
  if (fate === 'seat' && order.status === 'PENDING') {
    // The group document, shared by its N members, is written last: its lock is held for one round trip.
    await changeStatus(tx, order, 'seatPaid', { nowMs, method: 'wxpay', fields: { ...payment, wxPayOpen: false } });
    const succeeded = await takePaidSeat(tx, group!, key, nowMs);
    return { groupId, seated: true, succeeded, refund: null };
  }
  if (order.status === 'PENDING') {
    // It still counted as a seat against the per-user limit (and may still hold it, in a closed group).
    await releaseSeatInTx(tx, group, order);
    await giveBackQuota(tx, order.group!.campaignId, order.openid);
  }
  const reason = fate === 'seat' ? REFUND_REASON.seat_released : REFUND_REASON[fate];
  // The payment is recorded on the order with its refund (the lifecycle's `refundPayment`): money only.
  const refund = await startRefund(tx, order, reason, nowMs, { ...payment, wxPayOpen: false });
  return { groupId, seated: false, succeeded: false, refund };
}

/**
 * Inside payWithBalance's transaction: the seat becomes paid, or the payment is refused (the
 * transaction aborts, nothing is debited). Stored value is only ever taken for a live seat.
 */
export async function applySeatPaymentByBalance(tx: Transaction, order: OrderDoc, nowMs: number): Promise<SeatPayment> {
  const { group, key, fate } = await seatFate(tx, order);
  if (fate !== 'seat') throw new AppError('NOT_PAYABLE', fate === 'group_closed' ? '这个团已结束' : '付款超时，名额已释放');
  const succeeded = await takePaidSeat(tx, group!, key, nowMs);
  return { groupId: group!._id, seated: true, succeeded, refund: null };
}

/**
 * After the payment's commit: send a refund to WeChat Pay, or settle the group the payment
 * completed. It never fails the payment (already committed): what it leaves, cron finishes
 * (retryPendingRefunds, settleClosedGroups).
 */
export async function afterSeatPayment(p: SeatPayment, nowMs: number): Promise<void> {
  try {
    if (p.refund?.status === 'PENDING') await submitRefund(p.refund, nowMs);
    if (p.succeeded) await settleGroup(p.groupId, nowMs);
  } catch (e) {
    console.error('groupbuy: follow-up of a seat payment left to cron', p.groupId, e);
  }
}

/** A paid seat's order when its group succeeded: PAID with its effects. Once: GROUPING is the guard. */
async function makeEffective(orderId: string, nowMs: number): Promise<OrderDoc | null> {
  return runTx(async (tx) => {
    const order = await txGet<OrderDoc>(tx, 'orders', orderId);
    if (!order || order.status !== 'GROUPING') return null;
    // Sale, points, ladder and (if the campaign pays it) commission: the one path every paid order takes.
    return changeStatus(tx, order, 'groupSucceeded', { nowMs, fields: { groupSucceededAtMs: nowMs } });
  });
}

/** A paid seat's order when its group failed: refunded the way it was paid, and nothing else to undo. */
async function refundFailedSeat(orderId: string, nowMs: number): Promise<OrderDoc | null> {
  const refunded = await runTx(async (tx) => {
    const order = await txGet<OrderDoc>(tx, 'orders', orderId);
    if (!order || order.status !== 'GROUPING') return null;
    await giveBackQuota(tx, order.group!.campaignId, order.openid);
    return { order, refund: await startRefund(tx, order, '拼团未成功，全额原路退款', nowMs) };
  });
  // If this is lost (a crash), cron's retryPendingRefunds sends it with the same refund number.
  if (refunded?.refund.status === 'PENDING') await submitRefund(refunded.refund, nowMs);
  return refunded?.order ?? null;
}

/**
 * Settles a closed group: every paid seat's order becomes effective (success) or is refunded
 * (failure), each in its own transaction, guarded by the order's status. The group is marked
 * settled only when all went through; cron settles whatever a crash or a conflict left.
 */
export async function settleGroup(groupId: string, nowMs: number): Promise<number> {
  const group = await getOrNull<GroupDoc>(GROUPS, groupId);
  if (!group || group.status === 'OPEN' || group.settled) return 0;
  const settle = group.status === 'SUCCEEDED' ? makeEffective : refundFailedSeat;
  // Each seat's order is its own transaction on its own documents (commission credits are
  // pending entries): they run side by side, so settling a group of N takes one order's time.
  const paid = Object.values(group.members).filter((m) => m.state === 'paid');
  const results = await Promise.all(paid.map(async (m) => {
    try {
      const order = await settle(m.orderId, nowMs);
      if (!order) return 'skipped';
      // After commit, once per seat (the order's status is the guard); a lost notice never undoes a settled seat.
      await notifyGroupResult({ openid: m.openid, orderNo: order.orderNo ?? order._id, goods: group.productName, groupId, succeeded: group.status === 'SUCCEEDED' });
      return 'done';
    } catch (e) {
      console.error('groupbuy: settling will be retried by cron', groupId, m.orderId, e);
      return 'failed';
    }
  }));
  if (!results.includes('failed')) await db().collection(GROUPS).where({ _id: groupId, settled: false }).update({ data: { settled: true, settledAtMs: nowMs } });
  return results.filter((r) => r === 'done').length;
}

/**
 * At its deadline an open group succeeds by fill-on-expiry or fails, in one transaction (the
 * group's status is the compare-and-set); the units it held and did not sell go back to the
 * campaign and the product after that commit (shared documents: never inside a transaction).
 */
export async function closeExpiredGroup(groupId: string, nowMs: number): Promise<boolean> {
  return runTx(async (tx) => {
    const group = await txGet<GroupDoc>(tx, GROUPS, groupId);
    if (!group) return false;
    const next = expireGroup(group, nowMs);
    if (next === group) return false;
    const back = unitsToReturn(next);
    if (back > 0) {
      afterCommit(tx, async () => {
        await giveBackCampaignUnits(group.campaignId, back);
        await giveBackStock([{ productId: group.productId, specId: group.specId, qty: back }]);
      });
    }
    await tx.collection(GROUPS).doc(groupId).update({ data: { status: next.status, filled: next.filled, closedAtMs: next.closedAtMs, unitsHeld: group.unitsHeld - back } });
    return true;
  });
}

/** cron: closes the groups past their deadline and settles them. */
export async function closeExpiredGroups(nowMs: number): Promise<WalkResult> {
  const _ = db().command;
  return walk('groupsClosed', (after, limit) => db().collection(GROUPS).where({ status: 'OPEN', expiresAtMs: _.lte(nowMs), _id: _.gt(after) }).orderBy('_id', 'asc').limit(limit).get(), async (g) => {
    const closed = await closeExpiredGroup(g._id, nowMs);
    await settleGroup(g._id, nowMs);
    return closed;
  }, { budget: 200 });
}

/** cron: settles closed groups a crash or a conflict left unsettled. */
export async function settleClosedGroups(nowMs: number): Promise<WalkResult> {
  const _ = db().command;
  return walk('groupsSettled', (after, limit) => db().collection(GROUPS).where({ settled: false, status: _.in(['SUCCEEDED', 'FAILED']), _id: _.gt(after) }).orderBy('_id', 'asc').limit(limit).get(),
    (g) => settleGroup(g._id, nowMs), { budget: 200 });
}
