import { AppError } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import type { CommissionOrder } from '../../partners/services/commission';
import { getOrNull } from '../../shared/tx';
import { receiptFields } from './fulfilment';
import { queueShippingUploadAfter, submitShippingInfo } from './shippingInfo';
import { changeStatusWhere } from './lifecycle';
import { walk, type WalkResult } from '../../shared/walk';
import type { OrderDoc } from './orders';

/**
 * The lifecycle's `complete` (PAID → COMPLETED) by one conditional update, so a second click
 * changes nothing: the owner hands over an order outside the app (no parcel, no pickup code: a
 * group seat, an order made before delivery existed); its shipping information goes up as a pickup.
 * It counts as receipt: commission's refund window starts here, from the window snapshotted
 * when it was credited. Orders are no longer completed by a guess after payment: delivery orders
 * are received (fulfilment.ts), by the buyer or autoReceiveDays after shipping.
 */
async function complete(order: CommissionOrder, nowMs: number): Promise<boolean> {
  if (order.kind === 'topup' || order.status !== 'PAID' || order.afterSaleOpen) return false;
  const fields: Record<string, unknown> = { completedAtMs: nowMs, completedBy: order.virtual ? 'auto' : 'owner', ...(await receiptFields(order, nowMs)) };
  // Top-ups are never completed: they are not deliveries, and principal refunds go back through PAID top-ups.
  return changeStatusWhere(order._id, 'complete', { kind: db().command.neq('topup') }, fields);
}

/** admin order.complete. A repeat answers the completed order; top-ups and unpaid orders are refused. */
export async function completeOrder(orderId: string, nowMs: number): Promise<OrderDoc> {
  const order = await getOrNull<CommissionOrder>('orders', orderId);
  if (!order) throw new AppError('NOT_FOUND', '订单不存在');
  if (order.kind === 'topup') throw new AppError('INVALID_INPUT', '充值订单无需完成');
  if (order.afterSaleOpen) throw new AppError('NOT_SHIPPABLE', '有待处理的售后申请，请先处理');
  // Delivery and pickup orders are received through their own steps (WeChat's shipping information goes with them).
  if (order.fulfilment) throw new AppError('NOT_SHIPPABLE', order.fulfilment.mode === 'pickup' ? '自提订单请核销提货码' : '快递订单请发货，买家确认收货后完成');
  await complete(order, nowMs);
  const after = (await getOrNull<OrderDoc>('orders', orderId))!;
  if (after.status !== 'COMPLETED') throw new AppError('NOT_PAYABLE', '只有已支付的订单可以完成');
  // Handed over in person: WeChat Pay's funds wait for shipping information, uploaded as a pickup.
  // A repeat (or a crash between the update and here) queues it again; the cron retries it.
  if (await queueShippingUploadAfter(after, 'pickup', nowMs)) await submitShippingInfo(after._id, nowMs);
  return after;
}

/**
 * Membership-card orders (`virtual`, orders.ts#isVirtualCart) ship nothing: the cron completes them
 * once paid, through the same `complete` as the owner's 完成, so commission's refund window starts
 * then (the card's benefits start at payment). Their shipping information goes up as a virtual
 * good (logistics type 3): paid funds stay frozen until shipping information is uploaded
 * (PLATFORM.md, "Shipping information"). Without this they would wait for a receipt that never
 * comes and sit among the owner's 待发货.
 */
export async function completeVirtualOrders(nowMs: number): Promise<WalkResult> {
  const _ = db().command;
  return walk('virtualOrdersCompleted', (after, limit) => db().collection('orders')
    .where({ status: 'PAID', virtual: true, _id: _.gt(after) }).orderBy('_id', 'asc').limit(limit).get(),
  async (o) => {
    const order = o as unknown as CommissionOrder;
    if (!(await complete(order, nowMs))) return false;
    const after = (await getOrNull<OrderDoc>('orders', order._id))!;
    if (await queueShippingUploadAfter(after, 'virtual', nowMs)) await submitShippingInfo(after._id, nowMs);
    return true;
  });
}
