/**
 * Next purchase (seeds 000 and 003), from each repeat customer's own rhythm. Purchases are counted
 * per UTC+8 day (two orders on one day are one visit) and fully refunded orders do not count.
 *
 * - usual interval: the median of the customer's last 6 intervals between purchase days
 *   (the middle pair's mean rounded half up); at least 2 purchase days are needed.
 * - expected next purchase day: last purchase day + usual interval.
 * - overdue: more than 1.5 × the usual interval has passed since the last purchase.
 * - due this week: not overdue, and expected on or before today + 6 (so a customer a little late
 *   is still "due", not yet "overdue").
 * - steady (定时定量, seed 000's 固定忠诚客户): at least 3 recent intervals (4 purchase days), every
 *   one of them within ±25 % of their median, and the units bought on those days within ±25 % of
 *   their median: the same amount at the same rhythm.
 */
export const NEXT_PURCHASE_RULES = {
  recentIntervals: 6,
  steadyMinIntervals: 3,
  steadyTolerancePct: 25,
  overduePct: 150,
  dueWithinDays: 7,
} as const;

export interface PurchaseDay {
  day: number;
  units: number;
}

/** One entry per distinct day, in day order, units summed. */
export function purchaseDays(purchases: readonly PurchaseDay[]): PurchaseDay[] {
  const byDay = new Map<number, number>();
  for (const p of purchases) byDay.set(p.day, (byDay.get(p.day) ?? 0) + p.units);
  return [...byDay.entries()].sort((a, b) => a[0] - b[0]).map(([day, units]) => ({ day, units }));
}

export function medianOf(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of nothing');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : Math.floor((s[mid - 1] + s[mid] + 1) / 2);
}

function allWithin(values: readonly number[], pct: number): boolean {
  const m = medianOf(values);
  return values.every((v) => Math.abs(v - m) * 100 <= pct * m);
}

export interface Outlook {
  lastDay: number;
  usualIntervalDays: number;
  expectedNextDay: number;
  steady: boolean;
}

export function outlookOf(purchases: readonly PurchaseDay[]): Outlook | null {
  const days = purchaseDays(purchases);
  if (days.length < 2) return null;
  const recentDays = days.slice(-(NEXT_PURCHASE_RULES.recentIntervals + 1));
  const intervals = recentDays.slice(1).map((d, i) => d.day - recentDays[i].day);
  const usualIntervalDays = medianOf(intervals);
  const lastDay = days[days.length - 1].day;
  const steady = intervals.length >= NEXT_PURCHASE_RULES.steadyMinIntervals
    && allWithin(intervals, NEXT_PURCHASE_RULES.steadyTolerancePct)
    && allWithin(recentDays.map((d) => d.units), NEXT_PURCHASE_RULES.steadyTolerancePct);
  return { lastDay, usualIntervalDays, expectedNextDay: lastDay + usualIntervalDays, steady };
}

export type DueStatus = 'upcoming' | 'due' | 'overdue';

export function dueStatus(o: Outlook, todayDay: number): DueStatus {
  if ((todayDay - o.lastDay) * 100 > NEXT_PURCHASE_RULES.overduePct * o.usualIntervalDays) return 'overdue';
  if (o.expectedNextDay <= todayDay + NEXT_PURCHASE_RULES.dueWithinDays - 1) return 'due';
  return 'upcoming';
}

export interface RhythmInput {
  customerId: string;
  revenueFen: number;
  purchases: readonly PurchaseDay[];
}

export interface RhythmRow extends Outlook {
  customerId: string;
  revenueFen: number;
  status: DueStatus;
}

export interface RhythmLists {
  /** Expected within the next 7 days (or a little late), soonest first. */
  dueThisWeek: RhythmRow[];
  /** Past 1.5 × their own interval, most valuable first. */
  overdue: RhythmRow[];
  /** Regular in time and amount, most valuable first. */
  steady: RhythmRow[];
}

const byRevenue = (a: RhythmRow, b: RhythmRow): number => b.revenueFen - a.revenueFen || (a.customerId < b.customerId ? -1 : 1);

export function rhythmLists(customers: readonly RhythmInput[], todayDay: number): RhythmLists {
  const rows: RhythmRow[] = [];
  for (const c of customers) {
    const o = outlookOf(c.purchases);
    if (o) rows.push({ ...o, customerId: c.customerId, revenueFen: c.revenueFen, status: dueStatus(o, todayDay) });
  }
  return {
    dueThisWeek: rows.filter((r) => r.status === 'due').sort((a, b) => a.expectedNextDay - b.expectedNextDay || byRevenue(a, b)),
    overdue: rows.filter((r) => r.status === 'overdue').sort(byRevenue),
    steady: rows.filter((r) => r.steady).sort(byRevenue),
  };
}
