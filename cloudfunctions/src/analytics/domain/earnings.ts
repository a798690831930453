import type { CommissionStatus } from './events';
import { ratio, type Ratio } from './ratio';

/**
 * A day's money, cash basis: what happened on that UTC+8 day. Sales count goods and group-buy
 * orders when they are paid (a group-buy seat when its group succeeds); a refund counts on the
 * day it is made, whichever day the order was paid. Top-ups are not sales: their money is stored
 * value the store owes until it is spent.
 */
export interface MoneyDay {
  orders: number;
  salesWxpayFen: number;
  salesPrincipalFen: number;
  salesBonusFen: number;
  refunds: number;
  /** Orders whose refunds made them fully refunded this day (all units or all money back). */
  ordersFullyRefunded: number;
  refundWxpayFen: number;
  refundPrincipalFen: number;
  refundBonusFen: number;
  /** Commission credited on paid orders (null → frozen). */
  commissionAccruedFen: number;
  /** Commission taken back by refunds (frozen or available → null). */
  commissionReversedFen: number;
  /** Withdrawals the owner paid out (withdrawing → paid). */
  commissionPaidOutFen: number;
  topUps: number;
  topUpWxpayFen: number;
  topUpBonusFen: number;
  /** Principal the owner refunded to members (prepaid-card rules). */
  storedValueRefundFen: number;
}

const MONEY_KEYS = [
  'orders', 'salesWxpayFen', 'salesPrincipalFen', 'salesBonusFen', 'refunds', 'ordersFullyRefunded', 'refundWxpayFen', 'refundPrincipalFen', 'refundBonusFen',
  'commissionAccruedFen', 'commissionReversedFen', 'commissionPaidOutFen', 'topUps', 'topUpWxpayFen', 'topUpBonusFen', 'storedValueRefundFen',
] as const satisfies readonly (keyof MoneyDay)[];

export function zeroMoney(): MoneyDay {
  const m = {} as MoneyDay;
  for (const k of MONEY_KEYS) m[k] = 0;
  return m;
}

export function addMoney(a: MoneyDay, b: MoneyDay): MoneyDay {
  const m = {} as MoneyDay;
  for (const k of MONEY_KEYS) m[k] = a[k] + b[k];
  return m;
}

/**
 * The earnings figures of a day or a range. Net earnings count only money the store received:
 * WeChat Pay and stored-value principal, less what was refunded of them, less commission cost
 * (accrued less reversed). Stored-value bonus spent is shown but is not earnings: it is the
 * store's own gift coming back.
 */
export interface Earnings extends MoneyDay {
  salesFen: number;
  refundsFen: number;
  /** Orders paid less orders fully refunded, both counted on their own days. */
  netOrders: number;
  /** Sales (all three ways of paying) per paid order, exact; formatted by the UI. */
  averageOrder: Ratio;
  commissionCostFen: number;
  netEarningsFen: number;
}

export function earningsOf(m: MoneyDay): Earnings {
  const salesFen = m.salesWxpayFen + m.salesPrincipalFen + m.salesBonusFen;
  const refundsFen = m.refundWxpayFen + m.refundPrincipalFen + m.refundBonusFen;
  const commissionCostFen = m.commissionAccruedFen - m.commissionReversedFen;
  const receivedFen = m.salesWxpayFen + m.salesPrincipalFen - m.refundWxpayFen - m.refundPrincipalFen;
  return { ...m, salesFen, refundsFen, netOrders: m.orders - m.ordersFullyRefunded, averageOrder: ratio(salesFen, m.orders), commissionCostFen, netEarningsFen: receivedFen - commissionCostFen };
}

export type CommissionBuckets = Record<CommissionStatus, number>;

export function zeroCommission(): CommissionBuckets {
  return { frozen: 0, available: 0, withdrawing: 0, paid: 0 };
}

/** What the store owes now: stored value (principal and bonus), points, and unpaid commission. */
export interface Liabilities {
  storedValuePrincipalFen: number;
  storedValueBonusFen: number;
  pointsOutstanding: number;
  commission: CommissionBuckets;
  /** Frozen + available + being withdrawn: everything earned and not yet paid out. */
  commissionPayableFen: number;
}

export function liabilitiesOf(storedValue: { principalFen: number; bonusFen: number }, points: number, commission: CommissionBuckets): Liabilities {
  const c = { ...commission };
  return {
    storedValuePrincipalFen: storedValue.principalFen,
    storedValueBonusFen: storedValue.bonusFen,
    pointsOutstanding: points,
    commission: c,
    commissionPayableFen: c.frozen + c.available + c.withdrawing,
  };
}
