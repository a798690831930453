import type { Stage } from '../../members/domain/ladder';
import { dayNoOf, inRange, type DayRange } from './day';
import { moneyTotal, unitsOf, type AnalyticsEvent, type Channel, type EventLine, type Grade, type MoneySplit, type Rejection } from './events';
import { effectiveGrade, gradeOf, noGradeInputs, type GradeInputs, type GradeOverride } from './grades';
import { outlookOf, type PurchaseDay } from './nextPurchase';
import type { PurchaseBucket } from './repeat';
import type { CustomerRevenue } from './topCustomers';

/**
 * One customer's rollup: everything the per-customer figures need, kept up to date as events
 * are folded. Its size grows with this customer's own orders only. The last block is derived
 * (recomputed on every change) so the lists can be queried by index.
 */
export interface PurchaseRecord {
  orderId: string;
  paidAtMs: number;
  day: number;
  /** Fixed at payment (see repeat.ts). */
  number: number;
  units: number;
  unitsRefunded: number;
  paid: MoneySplit;
  refunded: MoneySplit;
  qty: Record<string, number>;
  qtyRefunded: Record<string, number>;
  fullyRefunded: boolean;
}

export interface CustomerRollup {
  customerId: string;
  /** The store's own people (the owner): their money counts, they are never counted as customers. */
  staff: boolean;
  channel: Channel;
  partnerId: string | null;
  arrivedAtMs: number;
  arrivalDay: number;
  stage: Stage;
  purchases: PurchaseRecord[];
  gradeInputs: GradeInputs;
  override: GradeOverride | null;
  lastSeenAtMs: number;
  // derived
  grade: Grade;
  revenueFen: number;
  purchaseCount: number;
  lastPaidAtMs: number | null;
  /** The customer's own rhythm (nextPurchase.ts); null until they have bought on 2 different days. */
  usualIntervalDays: number | null;
  nextDueDay: number | null;
  steady: boolean;
}

type Arrived = Extract<AnalyticsEvent, { kind: 'arrived' }>;
type Paid = Extract<AnalyticsEvent, { kind: 'order_paid' }>;
type Refunded = Extract<AnalyticsEvent, { kind: 'order_refunded' }>;

export function newCustomer(e: Arrived): CustomerRollup {
  return summarize({
    customerId: e.customerId, staff: e.staff === true, channel: e.channel, partnerId: e.partnerId, arrivedAtMs: e.atMs, arrivalDay: dayNoOf(e.atMs), stage: 'fan',
    purchases: [], gradeInputs: noGradeInputs(), override: null, lastSeenAtMs: e.atMs,
    grade: 'D', revenueFen: 0, purchaseCount: 0, lastPaidAtMs: null, usualIntervalDays: null, nextDueDay: null, steady: false,
  });
}

const qtyMap = (lines: readonly EventLine[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const l of lines) out[l.productId] = (out[l.productId] ?? 0) + l.qty;
  return out;
};

/** A paid order as one of the customer's purchases, with its purchase number (repeat.ts). */
export function purchaseOf(e: Paid, number: number): PurchaseRecord {
  return {
    orderId: e.orderId, paidAtMs: e.atMs, day: dayNoOf(e.atMs), number, units: unitsOf(e.lines), unitsRefunded: 0,
    paid: { ...e.paid }, refunded: { wxpayFen: 0, principalFen: 0, bonusFen: 0 }, qty: qtyMap(e.lines), qtyRefunded: {}, fullyRefunded: false,
  };
}

/** A refund can return no more than was paid each way, and no more units of a product than were bought. */
export function refundProblem(p: PurchaseRecord, e: Refunded): Rejection | null {
  const keys = ['wxpayFen', 'principalFen', 'bonusFen'] as const;
  if (keys.some((k) => p.refunded[k] + e.refunded[k] > p.paid[k])) return { code: 'OVER_REFUND', message: `refund exceeds what order ${p.orderId} paid` };
  const asked = qtyMap(e.lines);
  for (const [productId, qty] of Object.entries(asked)) {
    if ((p.qtyRefunded[productId] ?? 0) + qty > (p.qty[productId] ?? 0)) return { code: 'OVER_REFUND', message: `refund returns more ${productId} than order ${p.orderId} bought` };
  }
  return null;
}

export function withRefund(p: PurchaseRecord, e: Refunded): PurchaseRecord {
  const refunded = { wxpayFen: p.refunded.wxpayFen + e.refunded.wxpayFen, principalFen: p.refunded.principalFen + e.refunded.principalFen, bonusFen: p.refunded.bonusFen + e.refunded.bonusFen };
  const qtyRefunded = { ...p.qtyRefunded };
  for (const [productId, qty] of Object.entries(qtyMap(e.lines))) qtyRefunded[productId] = (qtyRefunded[productId] ?? 0) + qty;
  const unitsRefunded = p.unitsRefunded + unitsOf(e.lines);
  const paidFen = moneyTotal(p.paid);
  const fullyRefunded = unitsRefunded >= p.units || (paidFen > 0 && moneyTotal(refunded) >= paidFen);
  return { ...p, refunded, qtyRefunded, unitsRefunded, fullyRefunded };
}

export const netRevenueFen = (p: PurchaseRecord): number => moneyTotal(p.paid) - moneyTotal(p.refunded);

/**
 * What a purchase adds to its purchase-number bucket (repeat.ts): one order and its units net of
 * refunds, or, once fully refunded, no order and no units; its revenue net of refunds either way.
 */
export function bucketShare(p: PurchaseRecord): PurchaseBucket {
  return { orders: p.fullyRefunded ? 0 : 1, units: p.fullyRefunded ? 0 : p.units - p.unitsRefunded, revenueFen: netRevenueFen(p) };
}

/** Purchases that count for rhythm: not fully refunded, with their units net of refunds. */
export function purchaseDaysOf(c: CustomerRollup): PurchaseDay[] {
  return c.purchases.filter((p) => !p.fullyRefunded).map((p) => ({ day: p.day, units: p.units - p.unitsRefunded }));
}

export function summarize(c: CustomerRollup): CustomerRollup {
  const live = c.purchases.filter((p) => !p.fullyRefunded);
  const outlook = outlookOf(purchaseDaysOf(c));
  return {
    ...c,
    grade: effectiveGrade(gradeOf(c.gradeInputs, c.arrivedAtMs), c.override),
    revenueFen: c.purchases.reduce((s, p) => s + netRevenueFen(p), 0),
    purchaseCount: live.length,
    lastPaidAtMs: live.length === 0 ? null : live[live.length - 1].paidAtMs,
    usualIntervalDays: outlook?.usualIntervalDays ?? null,
    nextDueDay: outlook?.expectedNextDay ?? null,
    steady: outlook?.steady ?? false,
  };
}

/** The customer's revenue from purchases paid in the range, net of refunds. */
export function revenueIn(c: CustomerRollup, range: DayRange): CustomerRevenue {
  const ps = c.purchases.filter((p) => inRange(p.day, range));
  const live = ps.filter((p) => !p.fullyRefunded);
  return {
    customerId: c.customerId, revenueFen: ps.reduce((s, p) => s + netRevenueFen(p), 0), orders: live.length,
    lastPaidDay: ps.length === 0 ? null : ps[ps.length - 1].day,
  };
}
