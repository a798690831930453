import { db } from '../../adapters/cloud';
import type { Transaction } from '../../adapters/sdk';
import { runTx } from '../../adapters/transaction';
import { getSettings } from '../../store/services/settings';
import { getOrNull, txGet } from '../../shared/tx';
import { applyEvent, customerIdOf, daysNeeded } from '../domain/apply';
import type { CustomerRollup } from '../domain/customer';
import type { AnalyticsEvent } from '../domain/events';
import { emptyStore, type DayRollup, type StoreRollup } from '../domain/rollups';
import { comparePos, readWindow, START, type Position, type Sourced } from './sources';

/**
 * The fold: off every shopper's path, the cron reads the source records after the last position
 * (sources.ts), maps them to events (mapping.ts) and applies them with the domain's apply into
 * the rollup documents — the store (`rollups/analytics`, which also holds the position), one per
 * UTC+8 day (`analytics_days/d<day>`) and one per customer (`analytics_customers/<openid>`) — and
 * moves the position, all in one transaction per batch. A batch that conflicts with another fold
 * (the position changed) is re-read, so every event is applied exactly once. Records reach the
 * fold a minute after they are written (COMMIT_MARGIN_MS: a transaction lasts at most ~30 s, so
 * everything older has committed); the dashboard adds that last minute itself (tail.ts).
 */
export const COMMIT_MARGIN_MS = 60_000;
export const HEAD_ID = 'analytics';

export interface Head {
  store: StoreRollup;
  position: Position;
  /** Everything up to here has been folded. */
  coveredUntilMs: number;
  foldedAtMs: number;
  rejectedCount: number;
  lastRejections: { eventId: string; code: string; message: string }[];
}

export const dayDocId = (day: number): string => `d${day}`;

export function emptyHead(): Head {
  return { store: emptyStore(), position: START, coveredUntilMs: 0, foldedAtMs: 0, rejectedCount: 0, lastRejections: [] };
}

export async function readHead(): Promise<Head> {
  return (await getOrNull<Head>('rollups', HEAD_ID)) ?? emptyHead();
}

export async function staffSet(): Promise<Set<string>> {
  return new Set((await getSettings()).ownerOpenids);
}

/** The documents a batch touches, read once each (in the transaction, or outside it for the dashboard's tail). */
export interface DocSource {
  customer(id: string): Promise<CustomerRollup | null>;
  day(day: number): Promise<DayRollup | null>;
}

export interface Applied {
  store: StoreRollup;
  customers: Map<string, CustomerRollup>;
  days: Map<number, DayRollup>;
  rejected: { eventId: string; code: string; message: string }[];
}

/** Applies events in order onto the store and the documents `src` gives; returns what changed. */
export async function applyAll(store: StoreRollup, events: readonly AnalyticsEvent[], src: DocSource): Promise<Applied> {
  const out: Applied = { store, customers: new Map(), days: new Map(), rejected: [] };
  const customerOf = async (id: string) => (out.customers.has(id) ? out.customers.get(id)! : await src.customer(id));
  const dayOf = async (d: number) => (out.days.has(d) ? out.days.get(d)! : await src.day(d));
  for (const e of events) {
    const cid = customerIdOf(e);
    const customer = cid === null ? null : await customerOf(cid);
    const days = new Map<number, DayRollup | null>();
    for (const d of daysNeeded(e, customer)) days.set(d, await dayOf(d));
    const r = applyEvent({ applied: false, store: out.store, customer, days }, e);
    if (r.status === 'rejected') out.rejected.push({ eventId: e.id, code: r.code, message: r.message });
    if (r.status !== 'applied') continue;
    out.store = r.store;
    if (r.customer) out.customers.set(r.customer.customerId, r.customer);
    for (const d of r.days) out.days.set(d.day, d);
  }
  return out;
}

function txSource(tx: Transaction): DocSource {
  return {
    customer: (id) => txGet<CustomerRollup>(tx, 'analytics_customers', id),
    day: (d) => txGet<DayRollup>(tx, 'analytics_days', dayDocId(d)),
  };
}

const STALE = 'analytics fold: position moved';

/** A document as written: `set` takes the fields without `_id` (a document read back carries one). */
export function fieldsOf(doc: object): Record<string, unknown> {
  const { _id: _ignored, ...rest } = doc as Record<string, unknown>;
  return rest;
}

async function commitBatch(head: Head, batch: Sourced[], next: Position, coveredUntilMs: number, nowMs: number): Promise<number> {
  return runTx(async (tx) => {
    const current = (await txGet<Head>(tx, 'rollups', HEAD_ID)) ?? emptyHead();
    current.position = current.position ?? START;
    if (comparePos(current.position, head.position) !== 0) throw new Error(STALE);
    const r = await applyAll(current.store, batch.map((s) => s.event), txSource(tx));
    for (const c of r.customers.values()) await tx.collection('analytics_customers').doc(c.customerId).set({ data: fieldsOf(c) });
    for (const d of r.days.values()) await tx.collection('analytics_days').doc(dayDocId(d.day)).set({ data: fieldsOf(d) });
    if (r.rejected.length) console.warn('analytics: events refused', r.rejected.slice(0, 5));
    const updated: Head = {
      store: r.store, position: next, coveredUntilMs, foldedAtMs: nowMs, rejectedCount: current.rejectedCount + r.rejected.length,
      lastRejections: [...r.rejected, ...current.lastRejections].slice(0, 10),
    };
    await tx.collection('rollups').doc(HEAD_ID).set({ data: fieldsOf(updated) });
    return batch.length;
  });
}

export interface FoldOptions {
  /** Events per transaction. */
  batch: number;
  /** Records read per source per window. */
  pageSize: number;
  /** Stop starting new batches after this long (the cron function has 60 s). */
  budgetMs: number;
}

export const CRON_FOLD: FoldOptions = { batch: 200, pageSize: 500, budgetMs: 30_000 };
/** The rebuild command: no time budget, bigger batches (no function timeout runs it). */
export const REBUILD_FOLD: FoldOptions = { batch: 1000, pageSize: 1000, budgetMs: Number.MAX_SAFE_INTEGER };

/** One batch: reads a window, applies up to `batch` events and moves the position. Returns the events applied, or null when caught up. */
async function foldStep(nowMs: number, opts: FoldOptions, staff: ReadonlySet<string>): Promise<number | null> {
  const head = await readHead();
  const untilMs = nowMs - COMMIT_MARGIN_MS;
  if (head.position.atMs > untilMs) return null;
  const w = await readWindow(head.position, untilMs, opts.pageSize, staff);
  const batch = w.events.slice(0, opts.batch);
  const whole = batch.length === w.events.length;
  const next = whole ? w.end : batch[batch.length - 1].pos;
  const coveredUntilMs = whole && w.complete ? untilMs : Math.max(head.coveredUntilMs, next.atMs - 1);
  if (batch.length === 0 && comparePos(next, head.position) === 0) return null;
  try {
    await commitBatch(head, batch, next, coveredUntilMs, nowMs);
  } catch (e) {
    if (e instanceof Error && e.message === STALE) return 0;
    throw e;
  }
  return whole && w.complete ? null : batch.length;
}

/**
 * cron (and the rebuild): folds until caught up with `nowMs` less the commit margin, or until the
 * time budget is spent (the next run goes on from the position). Returns the events applied.
 */
export async function foldAnalytics(nowMs: number, opts: FoldOptions = CRON_FOLD, clock: () => number = Date.now): Promise<number> {
  const started = clock();
  const staff = await staffSet();
  let applied = 0;
  for (;;) {
    const n = await foldStep(nowMs, opts, staff);
    if (n === null) return applied;
    applied += n;
    if (clock() - started > opts.budgetMs) return applied;
  }
}

/** Forgets every rollup, so the next fold recomputes them from the first record on. */
export async function resetAnalytics(): Promise<void> {
  const _ = db().command;
  await db().collection('analytics_customers').where({ _id: _.exists(true) }).remove();
  await db().collection('analytics_days').where({ _id: _.exists(true) }).remove();
  await db().collection('rollups').where({ _id: _.in([HEAD_ID, 'analytics-lists']) }).remove();
}
