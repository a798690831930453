import { ratio, type Ratio } from './ratio';

/**
 * The top 20 % (seed 003's 二八原则). Over a period, each customer's revenue is what their
 * purchases paid in that period brought, net of refunds. Among customers with revenue above zero,
 * the top ceil(20 % × count) by revenue (ties: customer id) are "the top 20 %"; their share is
 * their revenue over all customers' revenue. The list is what the owner acts on: most valuable
 * first, with when they last bought.
 */
export const TOP_SHARE_BPS = 2000;

export interface CustomerRevenue {
  customerId: string;
  revenueFen: number;
  orders: number;
  /** Day of the customer's last purchase in the period. */
  lastPaidDay: number | null;
}

export interface TopCustomers {
  /** Customers with revenue in the period. */
  customers: number;
  topCount: number;
  topRevenueFen: number;
  totalRevenueFen: number;
  share: Ratio;
  list: CustomerRevenue[];
}

export function topCustomers(rows: readonly CustomerRevenue[]): TopCustomers {
  const paying = rows.filter((r) => r.revenueFen > 0).sort((a, b) => b.revenueFen - a.revenueFen || (a.customerId < b.customerId ? -1 : 1));
  const topCount = Math.floor((paying.length * TOP_SHARE_BPS + 9_999) / 10_000);
  const list = paying.slice(0, topCount).map((r) => ({ ...r }));
  const topRevenueFen = list.reduce((s, r) => s + r.revenueFen, 0);
  const totalRevenueFen = paying.reduce((s, r) => s + r.revenueFen, 0);
  return { customers: paying.length, topCount, topRevenueFen, totalRevenueFen, share: ratio(topRevenueFen, totalRevenueFen), list };
}
