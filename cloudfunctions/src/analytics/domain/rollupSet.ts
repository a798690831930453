import { applyEvent, customerIdOf, daysNeeded, type ApplyResult } from './apply';
import type { CustomerRollup } from './customer';
import type { AnalyticsEvent, RejectCode } from './events';
import { emptyStore, type DayRollup, type StoreRollup } from './rollups';

/**
 * All rollups in memory: what the rebuild command computes before writing, and what tests
 * compare. `applyToSet` does what the fold will do against the database: read the documents the
 * event touches, apply, write back with the event id's marker.
 */
export interface RollupSet {
  store: StoreRollup;
  days: Map<number, DayRollup>;
  customers: Map<string, CustomerRollup>;
  applied: Set<string>;
}

export function emptyRollupSet(): RollupSet {
  return { store: emptyStore(), days: new Map(), customers: new Map(), applied: new Set() };
}

export function applyToSet(set: RollupSet, e: AnalyticsEvent): ApplyResult {
  const cid = customerIdOf(e);
  const customer = cid === null ? null : set.customers.get(cid) ?? null;
  const days = new Map(daysNeeded(e, customer).map((d) => [d, set.days.get(d) ?? null] as const));
  const result = applyEvent({ applied: set.applied.has(e.id), store: set.store, customer, days }, e);
  if (result.status !== 'applied') return result;
  set.store = result.store;
  if (result.customer) set.customers.set(result.customer.customerId, result.customer);
  for (const d of result.days) set.days.set(d.day, d);
  set.applied.add(e.id);
  return result;
}

export interface Rebuilt {
  rollups: RollupSet;
  rejected: { eventId: string; code: RejectCode; message: string }[];
}

/**
 * From scratch: every event once, in time order (events at the same instant keep the order
 * given), onto empty rollups. Refused events are reported, not applied.
 */
export function recompute(events: readonly AnalyticsEvent[]): Rebuilt {
  const ordered = events.map((e, i) => ({ e, i })).sort((a, b) => a.e.atMs - b.e.atMs || a.i - b.i);
  const rollups = emptyRollupSet();
  const rejected: Rebuilt['rejected'] = [];
  for (const { e } of ordered) {
    const r = applyToSet(rollups, e);
    if (r.status === 'rejected') rejected.push({ eventId: e.id, code: r.code, message: r.message });
  }
  return { rollups, rejected };
}
