// The owner's figures at scale, shared by the bench and a test: a store with N orders of history
// (local/seed/history.ts), folded from scratch (timed), then the dashboard's database reads.
import type { LocalRuntime } from '../runtime/runtime';
import { DEMO_OWNER } from '../seed/demo';
import { writeHistory } from '../seed/history';
import { foldAnalytics, readHead, REBUILD_FOLD, resetAnalytics } from '../../cloudfunctions/src/analytics/services/fold';
import { computeLists } from '../../cloudfunctions/src/analytics/services/lists';

/** Orders per newcomer in the generator's shapes (2,902 orders from 5,200 newcomers). */
const ORDERS_PER_NEWCOMER = 2902 / 5200;

export interface ScaleFigures {
  orders: number;
  customers: number;
  documents: number;
  writeSeconds: number;
  rebuildSeconds: number;
  events: number;
  /** Events the fold refused (0: the history is consistent). */
  rejected: number;
  /** Database reads of one analytics.dashboard call (admin function), and of store.summary. */
  dashboardReads: number;
  summaryReads: number;
}

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

/**
 * Writes about `orders` orders of history ending ten minutes ago (so nothing is left for the
 * dashboard's tail: both sizes read the same way), rebuilds the figures, and counts the reads of
 * the dashboard. `rt` must have the demo store seeded and the functions registered.
 */
export async function figuresAtScale(rt: LocalRuntime, orders: number): Promise<ScaleFigures> {
  let t0 = process.hrtime.bigint();
  const written = writeHistory(rt, Math.round(orders / ORDERS_PER_NEWCOMER), rt.nowMs() - 10 * 60 * 1000);
  if (!written) throw new Error('this store already has a history');
  const writeSeconds = seconds(t0);
  t0 = process.hrtime.bigint();
  await resetAnalytics();
  const events = await foldAnalytics(rt.nowMs(), REBUILD_FOLD);
  await computeLists(rt.nowMs());
  const rebuildSeconds = seconds(t0);
  const dash = await rt.invoke<{ ok: boolean }>('admin', { action: 'analytics.dashboard', input: {} }, { openid: DEMO_OWNER });
  if (!dash.result.ok) throw new Error('dashboard failed');
  const summary = await rt.invoke<{ ok: boolean }>('admin', { action: 'store.summary', input: {} }, { openid: DEMO_OWNER });
  return {
    orders: written.orders, customers: written.customers, documents: written.docs, writeSeconds, rebuildSeconds, events, rejected: (await readHead()).rejectedCount,
    dashboardReads: dash.reads, summaryReads: summary.reads,
  };
}
