import { AppError } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import { getCommissionConfig } from '../../partners/services/commissionConfig';
import type { CommissionOrder } from '../../partners/services/commission';
import { getOrNull } from '../../shared/tx';
import { walk, type WalkResult } from '../../shared/walk';
import { changeStatusWhere } from './lifecycle';
import type { OrderDoc } from './orders';

const DAY_MS = 24 * 3600 * 1000;

/**
 * The lifecycle's `complete` (PAID → COMPLETED) by one conditional update, so a second click or an
 * overlapping cron changes nothing. Commission's refund window starts here: the order keeps when
 * its commission may thaw, from the window snapshotted when it was credited (later changes of the
 * owner's window apply to later orders only).
 */
async function complete(order: CommissionOrder, nowMs: number, by: 'owner' | 'auto'): Promise<boolean> {
  if (order.kind === 'topup' || order.status !== 'PAID') return false;
  const fields: Record<string, unknown> = { completedAtMs: nowMs, completedBy: by };
  if (order.commission?.status === 'frozen') {
    const windowDays = order.commission.refundWindowDays ?? (await getCommissionConfig()).refundWindowDays;
    fields.commissionThawAtMs = nowMs + windowDays * DAY_MS;
  }
  // Top-ups are never completed: they are not deliveries, and principal refunds go back through PAID top-ups.
  return changeStatusWhere(order._id, 'complete', { kind: db().command.neq('topup') }, fields);
}

/** admin order.complete. A repeat answers the completed order; top-ups and unpaid orders are refused. */
export async function completeOrder(orderId: string, nowMs: number): Promise<OrderDoc> {
  const order = await getOrNull<CommissionOrder>('orders', orderId);
  if (!order) throw new AppError('NOT_FOUND', '订单不存在');
  if (order.kind === 'topup') throw new AppError('INVALID_INPUT', '充值订单无需完成');
  await complete(order, nowMs, 'owner');
  const after = (await getOrNull<OrderDoc>('orders', orderId))!;
  if (after.status !== 'COMPLETED') throw new AppError('NOT_PAYABLE', '只有已支付的订单可以完成');
  return after;
}

/**
 * cron: completes paid goods and group orders the owner left open, autoCompleteMs after payment
 * (as a shop's automatic 确认收货).
 */
export async function autoCompleteOrders(nowMs: number, autoCompleteMs: number): Promise<WalkResult> {
  const _ = db().command;
  return walk('ordersAutoCompleted', (after, limit) => db().collection('orders')
    .where({ status: 'PAID', kind: _.in(['goods', 'group']), paidAtMs: _.lte(nowMs - autoCompleteMs), _id: _.gt(after) }).orderBy('_id', 'asc').limit(limit).get(),
    (o) => complete(o as unknown as CommissionOrder, nowMs, 'auto'));
}
