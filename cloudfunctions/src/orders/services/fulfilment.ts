import { AppError, type Parcel, type Shipment } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import { afterCommit, runTx } from '../../adapters/transaction';
import { getCommissionConfig } from '../../partners/services/commissionConfig';
import type { CommissionOrder } from '../../partners/services/commission';
import { getSettings } from '../../store/services/settings';
import { getOrNull, txGet } from '../../shared/tx';
import { walk, type WalkResult } from '../../shared/walk';
import { notifyOrderShipped } from '../../shared/notify';
import { changeStatus } from './lifecycle';
import type { OrderDoc } from './orders';
import { queueShippingUpload, submitShippingInfo } from './shippingInfo';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Fulfilment (issue 11): the owner ships a paid delivery order (PAID → SHIPPED, parcels with
 * carrier and tracking number), the buyer confirms receipt or the cron does autoReceiveDays after
 * shipping (SHIPPED → RECEIVED), the owner checks a pickup order's code (PAID → PICKED_UP). Every
 * change goes through the lifecycle table in one transaction with a compare-and-set on the order;
 * a step the order's status or mode does not allow is NOT_SHIPPABLE and changes nothing. Shipping
 * information goes to WeChat after the commit (shippingInfo.ts).
 */

/** Receipt starts commission's refund window: the thaw time from the window snapshotted at payment. */
export async function receiptFields(order: CommissionOrder, nowMs: number): Promise<Record<string, unknown>> {
  const fields: Record<string, unknown> = { receivedAtMs: nowMs };
  if (order.commission?.status === 'frozen') {
    const windowDays = order.commission.refundWindowDays ?? (await getCommissionConfig()).refundWindowDays;
    fields.commissionThawAtMs = nowMs + windowDays * DAY_MS;
  }
  return fields;
}

function refuseShip(order: OrderDoc): void {
  if (order.kind === 'topup') throw new AppError('NOT_SHIPPABLE', '充值订单无需发货');
  if (order.fulfilment?.mode === 'pickup') throw new AppError('NOT_SHIPPABLE', '自提订单请核销提货码');
  if (order.virtual) throw new AppError('NOT_SHIPPABLE', '会员卡订单无需发货，付款后自动完成');
  if (order.afterSaleOpen) throw new AppError('NOT_SHIPPABLE', '有待处理的售后申请，请先处理');
  if (order.status !== 'PAID') throw new AppError('NOT_SHIPPABLE', order.status === 'PENDING' || order.status === 'CLOSED' ? '订单未支付，不能发货' : order.status === 'GROUPING' ? '拼团未成功，不能发货' : '订单不是待发货状态');
}

const sameParcels = (a: Shipment[], b: Parcel[]) => a.length === b.length && a.every((s, i) => s.carrier === b[i].carrier && s.trackingNo === b[i].trackingNo);

/** admin order.ship: the parcels (1–15). A repeat with the same parcels answers the shipped order; different ones are refused. */
export async function shipOrder(orderId: string, parcels: Parcel[], nowMs: number): Promise<OrderDoc> {
  const { autoReceiveDays } = await getSettings();
  const shipped = await runTx(async (tx) => {
    const order = await txGet<OrderDoc>(tx, 'orders', orderId);
    if (!order) throw new AppError('NOT_FOUND', '订单不存在');
    if (order.shippedAtMs && order.shipments && sameParcels(order.shipments, parcels)) return order;
    if (order.shippedAtMs) throw new AppError('IDEMPOTENCY_MISMATCH', '订单已发货，快递信息不能再改');
    refuseShip(order);
    const shipments: Shipment[] = parcels.map((p) => ({ carrier: p.carrier, trackingNo: p.trackingNo, shippedAtMs: nowMs }));
    const next = await changeStatus(tx, order, 'ship', { nowMs, fields: { shipments, shippedAtMs: nowMs, autoReceiveAtMs: nowMs + autoReceiveDays * DAY_MS } });
    if (await queueShippingUpload(tx, next, 'express', nowMs)) afterCommit(tx, () => submitShippingInfo(orderId, nowMs).then(() => undefined));
    afterCommit(tx, () => notifyOrderShipped(next));
    return next;
  });
  return shipped;
}

/** The buyer's 确认收货 (or the cron's): SHIPPED → RECEIVED. A repeat answers the received order; `changed` says whether this call made it. */
async function receive(orderId: string, nowMs: number, by: { buyer: string } | { auto: true }): Promise<{ order: OrderDoc; changed: boolean }> {
  return runTx(async (tx) => {
    const order = await txGet<CommissionOrder>(tx, 'orders', orderId);
    if (!order || ('buyer' in by && order.openid !== by.buyer)) throw new AppError('NOT_FOUND', '订单不存在');
    if (order.status === 'RECEIVED') return { order, changed: false };
    if (order.status !== 'SHIPPED') throw new AppError('NOT_SHIPPABLE', order.status === 'PAID' ? '订单还未发货' : '订单不是待收货状态');
    if ('auto' in by && ((order as { autoReceiveAtMs?: number }).autoReceiveAtMs ?? Infinity) > nowMs) return { order, changed: false };
    const next = await changeStatus(tx, order, 'receive', { nowMs, fields: { ...(await receiptFields(order, nowMs)), receivedBy: 'buyer' in by ? 'buyer' : 'auto' } });
    return { order: next, changed: true };
  });
}

export async function confirmReceipt(openid: string, orderId: string, nowMs: number): Promise<OrderDoc> {
  return (await receive(orderId, nowMs, { buyer: openid })).order;
}

/** cron: shipped orders past their automatic receipt (autoReceiveDays after shipping, fixed when shipped). */
export async function autoReceiveOrders(nowMs: number): Promise<WalkResult> {
  const _ = db().command;
  return walk('ordersAutoReceived', (after, limit) => db().collection('orders')
    .where({ status: 'SHIPPED', autoReceiveAtMs: _.lte(nowMs), _id: _.gt(after) }).orderBy('_id', 'asc').limit(limit).get(),
    async (o) => (await receive(o._id, nowMs, { auto: true })).changed);
}

/**
 * The pickup order with this code (8 digits, random at order creation). Codes are not unique
 * forever: among the orders carrying it, the one still waiting (PAID) is meant, else the latest.
 * Two waiting orders with one code (1 in 10^8 per pair) are refused: the owner is told to use the
 * order number instead of guessing whose goods to hand over.
 */
async function orderByPickupCode(code: string): Promise<OrderDoc | null> {
  const { data } = await db().collection('orders').where({ 'fulfilment.mode': 'pickup', 'fulfilment.pickupCode': code }).orderBy('createdAtMs', 'desc').limit(20).get();
  const orders = data as unknown as OrderDoc[];
  const waiting = orders.filter((o) => o.status === 'PAID');
  if (waiting.length > 1) throw new AppError('NOT_SHIPPABLE', '提货码重复，请按订单号核对后在订单中处理');
  return waiting[0] ?? orders[0] ?? null;
}

/** admin order.pickUp: the owner checks a code (scanned or typed). A repeat answers the picked-up order. */
export async function pickUpOrder(code: string, nowMs: number): Promise<OrderDoc> {
  const found = await orderByPickupCode(code);
  if (!found) throw new AppError('NOT_FOUND', '提货码不存在');
  return runTx(async (tx) => {
    const order = await txGet<CommissionOrder>(tx, 'orders', found._id);
    if (!order) throw new AppError('NOT_FOUND', '提货码不存在');
    if (order.status === 'PICKED_UP') return order;
    if (order.afterSaleOpen) throw new AppError('NOT_SHIPPABLE', '有待处理的售后申请，请先处理');
    if (order.status !== 'PAID') throw new AppError('NOT_SHIPPABLE', order.status === 'PENDING' || order.status === 'CLOSED' ? '订单未支付，不能提货' : '订单不是待自提状态');
    const next = await changeStatus(tx, order, 'pickUp', { nowMs, fields: await receiptFields(order, nowMs) });
    if (await queueShippingUpload(tx, next, 'pickup', nowMs)) afterCommit(tx, () => submitShippingInfo(order._id, nowMs).then(() => undefined));
    return next;
  });
}

/** The order a pickup code names, for the owner's check screen (before they confirm). */
export async function pickupPreview(code: string): Promise<OrderDoc> {
  const found = await orderByPickupCode(code);
  if (!found) throw new AppError('NOT_FOUND', '提货码不存在');
  return (await getOrNull<OrderDoc>('orders', found._id)) ?? found;
}
