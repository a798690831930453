import { AppError } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import { isMissing } from '../../ledger/journal';
import type { OrderDoc } from '../../orders/services/orders';
import { getSettings } from './settings';

export async function assertOwner(openid: string): Promise<void> {
  const settings = await getSettings();
  if (!settings.ownerOpenids.includes(openid)) throw new AppError('FORBIDDEN', '仅店主可操作');
}

export async function listAllOrders(limit: number): Promise<OrderDoc[]> {
  const { data } = await db().collection('orders').orderBy('createdAtMs', 'desc').limit(limit).get();
  return data as unknown as OrderDoc[];
}

/** PAID -> COMPLETED, compare-and-set: a second click changes nothing. */
export async function completeOrder(orderId: string, nowMs: number): Promise<OrderDoc> {
  const _ = db().command;
  // Top-ups are never completed (as in autoCompleteOrders): principal refunds go back through PAID top-ups.
  const res = await db().collection('orders').where({ _id: orderId, status: 'PAID', kind: _.neq('topup') }).update({ data: { status: 'COMPLETED', completedAtMs: nowMs } });
  let order: OrderDoc;
  try {
    order = (await db().collection('orders').doc(orderId).get()).data as unknown as OrderDoc;
  } catch (e) {
    if (isMissing(e)) throw new AppError('NOT_FOUND', '订单不存在');
    throw e;
  }
  if (order.kind === 'topup') throw new AppError('INVALID_INPUT', '充值订单无需完成');
  if (res.stats.updated === 0 && order.status !== 'COMPLETED') throw new AppError('NOT_PAYABLE', '只有已支付的订单可以完成');
  return order;
}

/**
 * cron: completes paid orders the owner left open, autoCompleteMs after payment (as a shop's
 * automatic 确认收货). Compare-and-set per order; the refund window of commission starts here.
 */
export async function autoCompleteOrders(nowMs: number, autoCompleteMs: number, batch = 100): Promise<number> {
  const _ = db().command;
  // Top-ups stay PAID: they are not deliveries, and principal refunds go back through them.
  const { data } = await db().collection('orders').where({ status: 'PAID', kind: _.in(['goods', 'group']), paidAtMs: _.lte(nowMs - autoCompleteMs) }).limit(batch).get();
  let completed = 0;
  for (const o of data) {
    const res = await db().collection('orders').where({ _id: o._id, status: 'PAID' }).update({ data: { status: 'COMPLETED', completedAtMs: nowMs, completedBy: 'auto' } });
    completed += res.stats.updated;
  }
  return completed;
}
