import { db } from '../../adapters/cloud';
import { getOrNull } from '../../shared/tx';
import { purchaseDaysOf, revenueIn, type CustomerRollup } from '../domain/customer';
import { dayNoOf, lastDays } from '../domain/day';
import { rhythmLists, type RhythmInput, type RhythmRow } from '../domain/nextPurchase';
import { topCustomers, type CustomerRevenue, type TopCustomers } from '../domain/topCustomers';

/**
 * The owner's lists — the top 20 % (seed 003), due this week, overdue, steady (seeds 000, 003) —
 * need every customer document, so their cost grows with customers (never with orders). A cron
 * job computes them at most once an hour (and when the day changes) into one document,
 * `rollups/analytics-lists`; the pages read that document. Each list keeps its first LIST_CAP
 * rows; the counts and shares are exact.
 */
export const LISTS_ID = 'analytics-lists';
export const LIST_CAP = 100;
export const LISTS_EVERY_MS = 3600 * 1000;
export const TOP_PERIODS = [30, 90, 365] as const;
export type TopPeriod = (typeof TOP_PERIODS)[number];

export interface TopList extends Omit<TopCustomers, 'list'> {
  period: TopPeriod;
  fromDay: number;
  toDay: number;
  list: CustomerRevenue[];
}

export interface RhythmList {
  count: number;
  rows: RhythmRow[];
}

export interface StoredLists {
  computedAtMs: number;
  todayDay: number;
  customersRead: number;
  top: TopList[];
  dueThisWeek: RhythmList;
  overdue: RhythmList;
  steady: RhythmList;
}

const PAGE = 200;

/** Every customer document, a page at a time, reduced at once to what the lists need. */
async function eachCustomer(visit: (c: CustomerRollup) => void): Promise<number> {
  const _ = db().command;
  let lastId = '';
  let n = 0;
  for (;;) {
    const { data } = await db().collection('analytics_customers').where({ _id: _.gt(lastId), staff: _.neq(true) }).orderBy('_id', 'asc').limit(PAGE).get();
    for (const d of data) visit(d as unknown as CustomerRollup);
    n += data.length;
    if (data.length < PAGE) return n;
    lastId = data[data.length - 1]._id;
  }
}

const capped = (rows: RhythmRow[]): RhythmList => ({ count: rows.length, rows: rows.slice(0, LIST_CAP) });

/** Computes the lists from every customer document and stores them. */
export async function computeLists(nowMs: number): Promise<StoredLists> {
  const todayDay = dayNoOf(nowMs);
  const ranges = TOP_PERIODS.map((p) => ({ period: p, range: lastDays(todayDay, p) }));
  const revenue: CustomerRevenue[][] = ranges.map(() => []);
  const rhythm: RhythmInput[] = [];
  const customersRead = await eachCustomer((c) => {
    ranges.forEach(({ range }, i) => {
      const r = revenueIn(c, range);
      if (r.revenueFen > 0) revenue[i].push(r);
    });
    if (c.purchaseCount >= 2) rhythm.push({ customerId: c.customerId, revenueFen: c.revenueFen, purchases: purchaseDaysOf(c) });
  });
  const top = ranges.map(({ period, range }, i): TopList => {
    const t = topCustomers(revenue[i]);
    return { ...t, list: t.list.slice(0, LIST_CAP), period, fromDay: range.fromDay, toDay: range.toDay };
  });
  const r = rhythmLists(rhythm, todayDay);
  const lists: StoredLists = { computedAtMs: nowMs, todayDay, customersRead, top, dueThisWeek: capped(r.dueThisWeek), overdue: capped(r.overdue), steady: capped(r.steady) };
  await db().collection('rollups').doc(LISTS_ID).set({ data: { ...lists } as unknown as Record<string, unknown> });
  return lists;
}

export async function readLists(): Promise<StoredLists | null> {
  return getOrNull<StoredLists>('rollups', LISTS_ID);
}

/** cron: recomputes the lists when they are an hour old or from another day. */
export async function storeListsIfStale(nowMs: number): Promise<number> {
  const lists = await readLists();
  if (lists && lists.todayDay === dayNoOf(nowMs) && nowMs - lists.computedAtMs < LISTS_EVERY_MS) return 0;
  return (await computeLists(nowMs)).customersRead;
}
