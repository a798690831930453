import { AfterSale, AppError, avatarSourceProblem, OPEN_AFTER_SALE, type AfterSaleKind, type AfterSaleLine, type AfterSaleStatus } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import { runTx } from '../../adapters/transaction';
import type { Transaction } from '../../adapters/sdk';
import { hashInput } from '../../shared/ids';
import { getSettings } from '../../store/services/settings';
import { getOrNull, txGet } from '../../shared/tx';
import { addLineRefunds, checkRequest, commissionBasis, MAX_AFTER_SALES_PER_ORDER, refundPartTarget, type LineRefunds } from '../domain/afterSale';
import { changeStatus } from './lifecycle';
import type { OrderDoc } from './orders';
import type { RefundPart } from './partEffects';
import { submitRefund, type RefundDoc } from './refunds';

/**
 * After-sales (售后), DECISIONS.md "After-sales": the buyer asks (仅退款 before shipping, 退货退款
 * after), per line and for part of the amount, with a reason and their own photos; one request
 * open per order. The owner refuses with a reason, or approves: a refund leaves at once, a return
 * waits for the goods at the return address the owner gives, then leaves. The money goes through
 * the refund path (refunds/<requestId>, a stable outRefundNo per request; WeChat Pay's partial
 * refunds, or stored value in the payment's split), and the lifecycle's `refundPart` undoes each
 * paid effect in proportion, exactly once (journal keys name the request).
 */
export interface AfterSaleDoc extends AfterSale {
  openid: string;
  requestHash: string;
}

type AfterSaleOrder = OrderDoc & { lineRefunds?: LineRefunds; afterSaleCount?: number };

export function afterSaleIdFor(openid: string, requestId: string): string {
  return `S${hashInput(['after-sale', openid, requestId]).slice(0, 23)}`;
}

export interface AfterSaleRequest {
  requestId: string;
  orderId: string;
  kind: AfterSaleKind;
  lines: AfterSaleLine[];
  reason: string;
  photos: string[];
}

/** shop afterSale.request. A retry (same request id and input) answers the first request. */
export async function requestAfterSale(openid: string, input: AfterSaleRequest, nowMs: number): Promise<AfterSaleDoc> {
  const { envId } = await getSettings();
  for (const photo of input.photos) {
    if (avatarSourceProblem(photo, openid, envId)) throw new AppError('FORBIDDEN', '只能使用自己上传的照片');
  }
  const id = afterSaleIdFor(openid, input.requestId);
  const { requestId: _r, ...asked } = input;
  const requestHash = hashInput(asked);
  return runTx(async (tx) => {
    const existing = await txGet<AfterSaleDoc>(tx, 'after_sales', id);
    if (existing) {
      if (existing.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_MISMATCH', '同一请求号的售后申请内容不一致');
      return existing;
    }
    const order = await txGet<AfterSaleOrder>(tx, 'orders', input.orderId);
    if (!order || order.openid !== openid) throw new AppError('NOT_FOUND', '订单不存在');
    if (order.afterSaleOpen) throw new AppError('NOT_REFUNDABLE', '该订单已有售后申请在处理中');
    if ((order.afterSaleCount ?? 0) >= MAX_AFTER_SALES_PER_ORDER) throw new AppError('NOT_REFUNDABLE', '该订单的售后次数已达上限，请联系店主');
    const check = checkRequest(order, input.kind, input.lines);
    if (!check.ok) throw new AppError(check.code, check.message);
    const doc: AfterSaleDoc = {
      _id: id, orderId: order._id, orderNo: order.orderNo, openid, requestHash, kind: input.kind, status: 'REQUESTED', lines: input.lines, amountFen: check.amountFen,
      reason: input.reason, photos: input.photos, returnAddress: null, refuseReason: null, refundNo: null, createdAtMs: nowMs, decidedAtMs: null, refundedAtMs: null,
    };
    await tx.collection('after_sales').add({ data: doc as unknown as Record<string, unknown> });
    await tx.collection('orders').doc(order._id).update({ data: { afterSaleOpen: id, afterSaleCount: (order.afterSaleCount ?? 0) + 1 } });
    return doc;
  });
}

/** Reads the request and its order in the caller's transaction; refuses a request in none of `from` (a repeat of the same decision answers it). */
async function decide(id: string, from: readonly AfterSaleStatus[], done: readonly AfterSaleStatus[], nowMs: number, act: (tx: Transaction, doc: AfterSaleDoc, order: AfterSaleOrder) => Promise<AfterSaleDoc>, who?: string): Promise<AfterSaleDoc> {
  const pending: { refund: RefundDoc | null } = { refund: null };
  const result = await runTx(async (tx) => {
    const doc = await txGet<AfterSaleDoc>(tx, 'after_sales', id);
    if (!doc || (who !== undefined && doc.openid !== who)) throw new AppError('NOT_FOUND', '售后申请不存在');
    if (done.includes(doc.status)) return doc;
    if (!from.includes(doc.status)) throw new AppError('NOT_REFUNDABLE', '售后申请已处理');
    const order = await txGet<AfterSaleOrder>(tx, 'orders', doc.orderId);
    if (!order) throw new AppError('NOT_FOUND', '订单不存在');
    const next = await act(tx, doc, order);
    const refund = next.refundNo ? await txGet<RefundDoc>(tx, 'refunds', next.refundNo) : null;
    pending.refund = refund?.status === 'PENDING' && doc.status !== next.status ? refund : null;
    return next;
  });
  if (pending.refund) await submitRefund(pending.refund, nowMs);
  return (await getOrNull<AfterSaleDoc>('after_sales', id)) ?? result;
}

async function setDoc(tx: Transaction, doc: AfterSaleDoc, data: Partial<AfterSaleDoc>): Promise<AfterSaleDoc> {
  await tx.collection('after_sales').doc(doc._id).update({ data: data as Record<string, unknown> });
  return { ...doc, ...data };
}

/** The refund: its document, the order's `refundPart` (effects undone in proportion), the request REFUNDING (WeChat Pay) or REFUNDED. */
async function refundNow(tx: Transaction, doc: AfterSaleDoc, order: AfterSaleOrder, nowMs: number): Promise<AfterSaleDoc> {
  const beforeFen = order.refundedFen ?? 0;
  const afterFen = beforeFen + doc.amountFen;
  if (afterFen > order.payableFen) throw new AppError('NOT_REFUNDABLE', '退款金额超过订单剩余可退金额');
  const final = afterFen === order.payableFen;
  const method = order.payMethod === 'balance' ? 'balance' : 'wxpay';
  const lineRefunds = addLineRefunds(order.lineRefunds, doc.lines);
  const before = commissionBasis(order.lines, order.lineRefunds ?? {});
  const after = commissionBasis(order.lines, lineRefunds);
  const part: RefundPart = { id: doc._id, amountFen: doc.amountFen, beforeFen, afterFen, final, lines: doc.lines, base: { beforeFen: before.refundedBaseFen, afterFen: after.refundedBaseFen, wholeFen: after.wholeBaseFen } };
  const refund: RefundDoc = {
    _id: doc._id, kind: 'after_sale', orderId: order._id, openid: order.openid, method, amountFen: doc.amountFen, totalFen: order.payableFen,
    status: method === 'balance' ? 'SUCCESS' : 'PENDING', reason: doc.reason, attempts: 0, lastError: null, createdAtMs: nowMs, doneAtMs: method === 'balance' ? nowMs : null,
  };
  await tx.collection('refunds').add({ data: refund as unknown as Record<string, unknown> });
  const fields: Record<string, unknown> = { refundedFen: afterFen, lineRefunds, afterSaleOpen: null };
  if (final) Object.assign(fields, { refundNo: doc._id, refundedAtMs: method === 'balance' ? nowMs : null });
  await changeStatus(tx, order, 'refundPart', { nowMs, to: refundPartTarget(order.status, final, method), part, fields });
  return setDoc(tx, doc, { status: method === 'balance' ? 'REFUNDED' : 'REFUNDING', refundNo: doc._id, decidedAtMs: doc.decidedAtMs ?? nowMs, refundedAtMs: method === 'balance' ? nowMs : null });
}

/** admin afterSale.approve: a refund leaves now; a return waits for the goods at `returnAddress`. */
export async function approveAfterSale(id: string, returnAddress: string | null, nowMs: number): Promise<AfterSaleDoc> {
  const known = await getOrNull<AfterSaleDoc>('after_sales', id);
  if (known?.kind === 'return' && known.status === 'REQUESTED' && !returnAddress) throw new AppError('INVALID_INPUT', '请填写退货地址');
  return decide(id, ['REQUESTED'], ['RETURNING', 'REFUNDING', 'REFUNDED'], nowMs, async (tx, doc, order) => {
    if (doc.kind === 'return') {
      if (!returnAddress) throw new AppError('INVALID_INPUT', '请填写退货地址');
      return setDoc(tx, doc, { status: 'RETURNING', returnAddress, decidedAtMs: nowMs });
    }
    return refundNow(tx, doc, order, nowMs);
  });
}

/** admin afterSale.receiveReturn: the goods came back; the refund leaves. */
export async function receiveReturn(id: string, nowMs: number): Promise<AfterSaleDoc> {
  return decide(id, ['RETURNING'], ['REFUNDING', 'REFUNDED'], nowMs, (tx, doc, order) => refundNow(tx, doc, order, nowMs));
}

/** Closes the request without money: the order is free for shipping, receipt and the commission's thaw again. */
async function close(tx: Transaction, doc: AfterSaleDoc, order: AfterSaleOrder, data: Partial<AfterSaleDoc>): Promise<AfterSaleDoc> {
  if (order.afterSaleOpen === doc._id) await tx.collection('orders').doc(order._id).update({ data: { afterSaleOpen: null } });
  return setDoc(tx, doc, data);
}

/** admin afterSale.refuse, with the reason the buyer reads. */
export async function refuseAfterSale(id: string, reason: string, nowMs: number): Promise<AfterSaleDoc> {
  return decide(id, OPEN_AFTER_SALE, ['REFUSED'], nowMs, (tx, doc, order) => close(tx, doc, order, { status: 'REFUSED', refuseReason: reason, decidedAtMs: nowMs }));
}

/** shop afterSale.cancel: the buyer withdraws a request the owner has not decided. */
export async function cancelAfterSale(openid: string, id: string, nowMs: number): Promise<AfterSaleDoc> {
  return decide(id, ['REQUESTED'], ['CANCELLED'], nowMs, (tx, doc, order) => close(tx, doc, order, { status: 'CANCELLED', decidedAtMs: nowMs }), openid);
}

/** refundNotify: WeChat Pay sent an after-sales refund back. */
export async function afterSaleRefunded(tx: Transaction, refundId: string, nowMs: number): Promise<void> {
  const doc = await txGet<AfterSaleDoc>(tx, 'after_sales', refundId);
  if (doc && doc.status === 'REFUNDING') await tx.collection('after_sales').doc(doc._id).update({ data: { status: 'REFUNDED', refundedAtMs: nowMs } });
}

export function toPublicAfterSale(doc: AfterSaleDoc): AfterSale {
  return AfterSale.parse(doc);
}

/** A buyer's requests (one order's, or all), newest first. */
export async function listOwnAfterSales(openid: string, orderId: string | undefined): Promise<AfterSaleDoc[]> {
  const cond: Record<string, unknown> = { openid };
  if (orderId) cond.orderId = orderId;
  return (await db().collection('after_sales').where(cond).orderBy('createdAtMs', 'desc').limit(50).get()).data as unknown as AfterSaleDoc[];
}

/** The owner's list: open requests (待处理) or all, newest first. */
export async function listAfterSales(open: boolean, limit: number): Promise<AfterSaleDoc[]> {
  const cond = open ? { status: db().command.in([...OPEN_AFTER_SALE]) } : {};
  return (await db().collection('after_sales').where(cond).orderBy('createdAtMs', 'desc').limit(limit).get()).data as unknown as AfterSaleDoc[];
}
