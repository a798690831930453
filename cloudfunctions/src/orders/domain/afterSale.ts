import type { AfterSaleKind, AfterSaleLine, OrderLine, OrderStatus } from '../../../../src/contracts';

/**
 * After-sales (售后) rules, pure: what a request may ask for, and how much of each of the order's
 * effects a refund undoes. Rounding (DECISIONS.md, "After-sales"): every effect is reversed by
 * the difference of two cumulative floors — floor(total × refundedAfter / whole) −
 * floor(total × refundedBefore / whole) — so the partial reversals of an order never sum to more
 * than it credited, and the refund that takes the rest of the money takes exactly the rest.
 */

/** WeChat Pay accepts at most 50 partial refunds of one payment (platform/cloudPay.ts REFUND_LIMITS); the store keeps within it. */
export const MAX_AFTER_SALES_PER_ORDER = 20;

/** The share of `total` that moves when the refunded part of `whole` grows from `before` to `after`. */
export function portion(total: number, before: number, after: number, whole: number): number {
  if (whole <= 0 || total === 0) return 0;
  const at = (x: number) => (x >= whole ? total : Math.floor((total * x) / whole));
  return at(after) - at(before);
}

/** What each line has had refunded so far (money and units), by lineId. */
export type LineRefunds = Record<string, { amountFen: number; qty: number }>;

export interface RequestableOrder {
  status: OrderStatus;
  kind: 'goods' | 'topup' | 'group';
  payMethod: 'wxpay' | 'balance' | 'points' | null;
  payableFen: number;
  shippingFen?: number;
  refundedFen?: number;
  lineRefunds?: LineRefunds;
  lines: Pick<OrderLine, 'lineId' | 'qty' | 'amountFen' | 'commissionBaseFen'>[];
}

export type RequestCheck = { ok: true; amountFen: number } | { ok: false; code: 'NOT_REFUNDABLE' | 'INVALID_INPUT'; message: string };

/**
 * Which kind a status allows: 仅退款 at any time the paid effects stand (before shipping, or money
 * back for goods kept: a missing or damaged item, a price difference — the owner decides);
 * 退货退款 only once the goods left the store.
 */
export function kindAllowed(kind: AfterSaleKind, status: OrderStatus): boolean {
  const shippedOrHanded = status === 'SHIPPED' || status === 'RECEIVED' || status === 'PICKED_UP' || status === 'COMPLETED';
  return kind === 'refund' ? status === 'PAID' || shippedOrHanded : shippedOrHanded;
}

/**
 * May the buyer ask this? Each line at most what it was sold for less what it had back; the
 * request at most what is left of the payment (the shipping fee is part of it: the last request
 * of an unshipped order may take it).
 */
export function checkRequest(order: RequestableOrder, kind: AfterSaleKind, lines: AfterSaleLine[]): RequestCheck {
  if (order.kind === 'topup' || order.payMethod === 'points' || order.payableFen <= 0) return { ok: false, code: 'NOT_REFUNDABLE', message: '该订单不支持售后' };
  if (!kindAllowed(kind, order.status)) return { ok: false, code: 'NOT_REFUNDABLE', message: order.status === 'PAID' ? '订单未发货，请申请仅退款' : '该订单不支持售后' };
  if (lines.length === 0 || new Set(lines.map((l) => l.lineId)).size !== lines.length) return { ok: false, code: 'INVALID_INPUT', message: '请选择要退的商品' };
  const done = order.lineRefunds ?? {};
  // 仅退款 of goods that left the store keeps them with the buyer: no units come back to stock.
  if (kind === 'refund' && order.status !== 'PAID' && lines.some((l) => l.qty > 0)) return { ok: false, code: 'INVALID_INPUT', message: '仅退款不退回商品，退回件数应为 0' };
  for (const l of lines) {
    const line = order.lines.find((x) => x.lineId === l.lineId);
    if (!line) return { ok: false, code: 'INVALID_INPUT', message: '订单里没有这件商品' };
    const before = done[l.lineId] ?? { amountFen: 0, qty: 0 };
    if (l.qty + before.qty > line.qty) return { ok: false, code: 'INVALID_INPUT', message: '退货数量超过购买数量' };
    if (l.amountFen <= 0) return { ok: false, code: 'INVALID_INPUT', message: '请填写退款金额' };
  }
  const amountFen = lines.reduce((s, l) => s + l.amountFen, 0);
  const left = order.payableFen - (order.refundedFen ?? 0);
  if (amountFen > left) return { ok: false, code: 'INVALID_INPUT', message: `最多可退 ${left} 分` };
  // A line never gets back more than it was sold for, plus (for an unshipped order) the fee.
  const fee = order.status === 'PAID' ? order.shippingFen ?? 0 : 0;
  for (const l of lines) {
    const line = order.lines.find((x) => x.lineId === l.lineId)!;
    if (l.amountFen + (done[l.lineId]?.amountFen ?? 0) > line.amountFen + fee) return { ok: false, code: 'INVALID_INPUT', message: '退款金额超过该商品的实付金额' };
  }
  return { ok: true, amountFen };
}

/** The lines' refunds after this one (money and units added per line). */
export function addLineRefunds(done: LineRefunds | undefined, lines: AfterSaleLine[]): LineRefunds {
  const next: LineRefunds = { ...(done ?? {}) };
  for (const l of lines) {
    const before = next[l.lineId] ?? { amountFen: 0, qty: 0 };
    next[l.lineId] = { amountFen: before.amountFen + l.amountFen, qty: before.qty + l.qty };
  }
  return next;
}

/**
 * How much of the order's commission base the refunds so far take back: per line, its base ×
 * the share of its amount refunded (floored), summed; the whole is the sum of the lines' bases.
 * A line without its own base (made before specs) counts its amount.
 */
export function commissionBasis(lines: RequestRefLine[], refunds: LineRefunds): { refundedBaseFen: number; wholeBaseFen: number } {
  let refundedBaseFen = 0;
  let wholeBaseFen = 0;
  for (const line of lines) {
    const base = line.commissionBaseFen ?? line.amountFen;
    wholeBaseFen += base;
    const r = refunds[line.lineId]?.amountFen ?? 0;
    refundedBaseFen += line.amountFen <= 0 ? 0 : Math.min(base, Math.floor((base * r) / line.amountFen));
  }
  return { refundedBaseFen, wholeBaseFen };
}
type RequestRefLine = Pick<OrderLine, 'lineId' | 'amountFen' | 'commissionBaseFen'>;

/** Where a refundPart lands: the same status, or (the rest of the money) REFUNDING for WeChat Pay, REFUNDED otherwise. */
export function refundPartTarget(from: OrderStatus, final: boolean, method: 'wxpay' | 'balance'): OrderStatus {
  if (!final) return from;
  return method === 'wxpay' ? 'REFUNDING' : 'REFUNDED';
}
