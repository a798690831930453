import type { OrderLine, OrderStatus, Product } from '../../../../src/contracts';
import type { Stage } from '../../members/domain/ladder';
import { unitPriceFor } from '../../catalog/domain/pricing';
import { specOf, unitCommissionBaseFen } from '../../catalog/domain/specs';

/** What a shopper asks for: a product's spec (optional for a product with one spec) and how many. */
export interface LineRequest {
  productId: string;
  specId?: string | null;
  qty: number;
}

export type PriceResult =
  | { ok: true; lines: OrderLine[]; totalFen: number }
  | { ok: false; code: 'NOT_FOUND' | 'SOLD_OUT' | 'INVALID_INPUT'; message: string };

type Refusal = Extract<PriceResult, { ok: false }>;

interface Merged {
  product: Product;
  spec: Product['specs'][number];
  qty: number;
}

/** Resolves each request to its product's spec and merges requests for the same spec, in order. */
function mergeRequests(requests: readonly LineRequest[], products: Map<string, Product>): Merged[] | Refusal {
  const merged = new Map<string, Merged>();
  for (const r of requests) {
    const product = products.get(r.productId);
    if (!product || !product.onSale) return { ok: false, code: 'NOT_FOUND', message: `商品不存在或已下架：${product?.name ?? r.productId}` };
    const spec = specOf(product.specs, r.specId);
    if (!spec) {
      if (r.specId === undefined || r.specId === null) return { ok: false, code: 'INVALID_INPUT', message: `请选择规格：${product.name}` };
      return { ok: false, code: 'NOT_FOUND', message: `规格已下架：${product.name}` };
    }
    const key = `${product._id}~${spec._id}`;
    const hit = merged.get(key);
    merged.set(key, { product, spec, qty: (hit?.qty ?? 0) + r.qty });
  }
  return [...merged.values()];
}

/**
 * Prices the requested lines from server-side products only, each at its spec's price for the
 * buyer's stage (never above list). Requests for the same spec are merged so a stock check
 * cannot be split across lines. Each line carries its commission base (the spec's, else the
 * owner's per-product base from `settingsBases`, else list) times its quantity.
 */
export function priceLines(requests: readonly LineRequest[], products: Map<string, Product>, stage: Stage = 'fan', settingsBases: ReadonlyMap<string, number | null> = new Map()): PriceResult {
  const merged = mergeRequests(requests, products);
  if (!Array.isArray(merged)) return merged;
  const lines: OrderLine[] = [];
  for (const [i, { product: p, spec, qty }] of merged.entries()) {
    const specLabel = p.specs.length > 1 ? ` ${spec.name}` : '';
    if (spec.stock < qty) return { ok: false, code: 'SOLD_OUT', message: spec.stock > 0 ? `库存不足：${p.name}${specLabel} 仅剩 ${spec.stock} 件` : `${p.name}${specLabel} 已售罄` };
    const unitPriceFen = unitPriceFor(spec, stage);
    lines.push({
      lineId: String(i + 1), productId: p._id, specId: spec._id, specName: p.specs.length > 1 ? spec.name : '', name: p.name, picture: p.pictures[0] ?? null,
      qty, listPriceFen: spec.listPriceFen, unitPriceFen, amountFen: unitPriceFen * qty,
      commissionBaseFen: unitCommissionBaseFen(spec, settingsBases.get(p._id)) * qty,
    });
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
