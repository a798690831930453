import { cloud, db } from '../../adapters/cloud';
import type { Transaction } from '../../adapters/sdk';
import { SHIPPING, SHIPPING_ITEM_DESC, type UploadShippingInfoParams } from '../../platform';
import { getSettings } from '../../store/services/settings';
import { getOrNull } from '../../shared/tx';
import { walk, type WalkResult } from '../../shared/walk';
import type { OrderDoc } from './orders';

/**
 * WeChat's shipping information (发货信息管理, platform/openapi.ts SHIPPING): a WeChat Pay order's
 * funds stay frozen until its shipping (or pickup) is uploaded. One `shipping_uploads/<orderId>`
 * document per order, written in the transaction that ships (or picks up) the order; the call
 * itself goes after the commit and is retried by the cron until WeChat accepts it. Never twice:
 * a repeat first asks get_order whether WeChat already has it (an answer lost on the way looks
 * like a failure), because WeChat allows one update per payment and a change of mode uses it.
 */
export interface ShippingUploadDoc {
  _id: string;
  orderId: string;
  /** express: parcels; pickup: handed over at the store; virtual: a membership card (nothing shipped). */
  logistics: 'express' | 'pickup' | 'virtual';
  status: 'pending' | 'accepted';
  attempts: number;
  lastError: string | null;
  lastAttemptAtMs: number | null;
  createdAtMs: number;
  acceptedAtMs: number | null;
}

/** Only a WeChat Pay payment has shipping information to upload (balance and points never met WeChat Pay). */
export function needsUpload(order: Pick<OrderDoc, 'payMethod'>): boolean {
  return order.payMethod === 'wxpay';
}

/** Inside the ship or pickup transaction: the upload to make (a no-op for other payments). */
export async function queueShippingUpload(tx: Transaction, order: OrderDoc, logistics: ShippingUploadDoc['logistics'], nowMs: number): Promise<boolean> {
  if (!needsUpload(order)) return false;
  const doc: ShippingUploadDoc = { _id: order._id, orderId: order._id, logistics, status: 'pending', attempts: 0, lastError: null, lastAttemptAtMs: null, createdAtMs: nowMs, acceptedAtMs: null };
  await tx.collection('shipping_uploads').add({ data: doc as unknown as Record<string, unknown> });
  return true;
}

/**
 * Outside a transaction: the upload for an order whose status change was one conditional update
 * (the owner's 完成 of an order handed over in person: logistics type pickup). `set` by the
 * order's id, so a repeat writes the same document; an accepted one is left as it is.
 */
export async function queueShippingUploadAfter(order: OrderDoc, logistics: ShippingUploadDoc['logistics'], nowMs: number): Promise<boolean> {
  if (!needsUpload(order)) return false;
  const existing = await getOrNull<ShippingUploadDoc>('shipping_uploads', order._id);
  if (existing) return true;
  const doc: Omit<ShippingUploadDoc, '_id'> = { orderId: order._id, logistics, status: 'pending', attempts: 0, lastError: null, lastAttemptAtMs: null, createdAtMs: nowMs, acceptedAtMs: null };
  await db().collection('shipping_uploads').doc(order._id).set({ data: doc as unknown as Record<string, unknown> });
  return true;
}

/** RFC 3339 in the store's zone (UTC+8), as upload_time wants it. */
export function uploadTime(nowMs: number): string {
  return `${new Date(nowMs + 8 * 3600 * 1000).toISOString().replace('Z', '')}+08:00`;
}

/** What was sold, in item_desc's 120 characters: 婴儿纸尿裤 L 码×2，臻选滋补礼盒×1. */
export function itemDesc(order: Pick<OrderDoc, 'lines'>): string {
  const text = order.lines.map((l) => `${l.name}${l.specName ? ` ${l.specName}` : ''}×${l.qty}`).join('，');
  return [...text].length <= SHIPPING_ITEM_DESC.maxChars ? text : `${[...text].slice(0, SHIPPING_ITEM_DESC.maxChars - 1).join('')}…`;
}

/** The receiver's phone masked as WeChat's examples show it (139****2901): required for 顺丰. */
function masked(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : digits;
}

/** The parameters for an order (its parcels, or pickup), keyed by the store's merchant id and the order id (outTradeNo). */
export function uploadParams(order: OrderDoc, logistics: ShippingUploadDoc['logistics'], mchid: string, nowMs: number): UploadShippingInfoParams {
  const desc = itemDesc(order);
  const receiver = order.fulfilment?.mode === 'delivery' ? masked(order.fulfilment.address.phone) : undefined;
  const parcels = logistics !== 'express' ? [{ itemDesc: desc }] : (order.shipments ?? []).map((s) => ({
    trackingNo: s.trackingNo, expressCompany: s.carrier, itemDesc: desc, ...(receiver ? { contact: { receiverContact: receiver } } : {}),
  }));
  const split = parcels.length > 1;
  return {
    orderKey: { orderNumberType: SHIPPING.orderNumberType.byOutTradeNo, mchid, outTradeNo: order._id },
    logisticsType: logistics === 'pickup' ? SHIPPING.logisticsType.pickup : logistics === 'virtual' ? SHIPPING.logisticsType.virtual : SHIPPING.logisticsType.express,
    deliveryMode: split ? SHIPPING.deliveryMode.split : SHIPPING.deliveryMode.unified,
    ...(split ? { isAllDelivered: true } : {}),
    shippingList: parcels,
    uploadTime: uploadTime(nowMs),
    payer: { openid: order.openid },
  };
}

/** Does WeChat already hold this payment's shipping (an earlier answer lost)? null: cannot tell. */
async function alreadyUploaded(orderId: string, mchid: string): Promise<boolean | null> {
  try {
    const res = await cloud().openapi.wxa.sec.order.getOrder({ merchantId: mchid, merchantTradeNo: orderId });
    return res.order.orderState !== SHIPPING.orderState.toShip;
  } catch {
    return null;
  }
}

/** Uploads one order's shipping information once; safe to call again (after commit, and by the cron). True when WeChat has it. */
export async function submitShippingInfo(orderId: string, nowMs: number): Promise<boolean> {
  const upload = await getOrNull<ShippingUploadDoc>('shipping_uploads', orderId);
  if (!upload || upload.status === 'accepted') return upload !== null;
  const order = await getOrNull<OrderDoc>('orders', orderId);
  if (!order) return false;
  const { subMchId } = await getSettings();
  let error: string | null = null;
  const known = upload.attempts > 0 ? await alreadyUploaded(orderId, subMchId) : false;
  if (known === null) error = 'get_order failed; not uploading blind';
  else if (!known) {
    try {
      await cloud().openapi.wxa.sec.order.uploadShippingInfo(uploadParams(order, upload.logistics, subMchId, nowMs));
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
  }
  const _ = db().command;
  const accepted = error === null;
  await db().collection('shipping_uploads').where({ _id: orderId, status: 'pending' }).update({
    data: { attempts: _.inc(1), lastError: error, lastAttemptAtMs: nowMs, ...(accepted ? { status: 'accepted', acceptedAtMs: nowMs } : {}) },
  });
  if (!accepted) console.error('shipping info: not accepted yet', orderId, error);
  return accepted;
}

/** Waits between attempts: 5 minutes, doubling to 6 hours; never given up (the owner's money waits for it). */
export function shippingRetryDue(u: Pick<ShippingUploadDoc, 'attempts' | 'lastAttemptAtMs' | 'createdAtMs'>, nowMs: number): boolean {
  const waitMs = Math.min(6 * 3600 * 1000, 5 * 60 * 1000 * 2 ** Math.max(0, u.attempts - 1));
  return nowMs - (u.lastAttemptAtMs ?? u.createdAtMs) >= waitMs;
}

/** cron: uploads still pending, walked with a cursor, each on its own. */
export async function retryShippingUploads(nowMs: number): Promise<WalkResult> {
  const _ = db().command;
  return walk('shippingInfoUploaded', (after, limit) => db().collection('shipping_uploads').where({ status: 'pending', _id: _.gt(after) }).orderBy('_id', 'asc').limit(limit).get(), async (u) => {
    const upload = u as unknown as ShippingUploadDoc;
    if (!shippingRetryDue(upload, nowMs)) return false;
    return submitShippingInfo(upload.orderId, nowMs);
  });
}
