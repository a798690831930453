import type { OrderLine, OrderStatus, Product } from '../../../../src/contracts';
import type { Stage } from '../../members/domain/ladder';
import { unitPriceFor } from '../../catalog/domain/pricing';

export interface LineRequest {
  productId: string;
  qty: number;
}

export type PriceResult =
  | { ok: true; lines: OrderLine[]; totalFen: number }
  | { ok: false; code: 'NOT_FOUND' | 'SOLD_OUT'; message: string };

/**
 * Prices the requested lines from server-side products only, at the buyer's tier price (never
 * above list). Quantities of the same product are merged so a stock check cannot be split
 * across lines.
 */
export function priceLines(requests: LineRequest[], products: Map<string, Product>, stage: Stage = 'fan'): PriceResult {
  const merged = new Map<string, number>();
  for (const r of requests) merged.set(r.productId, (merged.get(r.productId) ?? 0) + r.qty);
  const lines: OrderLine[] = [];
  for (const [productId, qty] of merged) {
    const p = products.get(productId);
    if (!p || !p.onSale) return { ok: false, code: 'NOT_FOUND', message: `商品不存在或已下架：${productId}` };
    if (p.stock < qty) return { ok: false, code: 'SOLD_OUT', message: p.stock > 0 ? `库存不足：${p.name} 仅剩 ${p.stock} 件` : `${p.name} 已售罄` };
    const unitPriceFen = unitPriceFor(p, stage);
    lines.push({ productId, name: p.name, qty, listPriceFen: p.listPriceFen, unitPriceFen, amountFen: unitPriceFen * qty });
  }
  const totalFen = lines.reduce((s, l) => s + l.amountFen, 0);
  return { ok: true, lines, totalFen };
}

export interface PayableOrder {
  status: OrderStatus;
  payableFen: number;
  expiresAtMs: number;
}

export type PayCheck = { ok: true } | { ok: false; message: string };

export function checkPayable(order: PayableOrder, nowMs: number): PayCheck {
  if (order.status !== 'PENDING') return { ok: false, message: '订单不是待支付状态' };
  if (order.expiresAtMs <= nowMs) return { ok: false, message: '订单已超时关闭' };
  if (order.payableFen <= 0) return { ok: false, message: '订单金额无需支付' };
  return { ok: true };
}

export interface PaymentNotice {
  outTradeNo: string;
  transactionId: string;
  totalFee: number;
}

export interface PaymentTarget {
  status: OrderStatus;
  payableFen: number;
  transactionId?: string | null;
}

/**
 * What a payment callback does to an order. Closed-set outcomes, in the order they are checked:
 * a wrong amount never touches the order; a repeat of the same payment is a no-op; a second,
 * different payment for a paid order is an anomaly to refund, never a second credit.
 */
export type PaymentDecision =
  | 'apply'
  | 'apply_late'
  | 'duplicate'
  | 'amount_mismatch'
  | 'second_payment'
  | 'not_payable';

export function decidePayment(order: PaymentTarget, notice: PaymentNotice): PaymentDecision {
  if (notice.totalFee !== order.payableFen) return 'amount_mismatch';
  if (order.status === 'PENDING') return 'apply';
  if (order.status === 'CLOSED') return 'apply_late';
  if (order.transactionId === notice.transactionId) return 'duplicate';
  if (order.status === 'PAID' || order.status === 'COMPLETED' || order.status === 'GROUPING') return 'second_payment';
  return 'not_payable';
}
