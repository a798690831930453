import { db } from '../../adapters/cloud';
import type { CustomerRollup } from '../domain/customer';
import { dayNoOf, type DayRange } from '../domain/day';
import { emptyDay, type DayRollup, type StoreRollup } from '../domain/rollups';
import { applyAll, readHead, staffSet, type DocSource } from './fold';
import { readWindow } from './sources';

/**
 * The figures as they are now: the rollups plus the tail — the records written since the fold's
 * position (at most the cron's period and the commit margin: a few minutes), applied in memory
 * the same way the fold will apply them. So a sale, a refund, a top-up or a withdrawal shows at
 * once, liabilities included, and the cost depends on the range and the last minutes, never on
 * the store's history.
 */
export const TAIL_PAGE = 300;

export type DayPart = 'money' | 'purchases' | 'stages' | 'newcomers';
const PROJECTION: Record<DayPart, Record<string, true>> = {
  money: { money: true },
  purchases: { purchases: true },
  stages: { stages: true, moves: true, movesOmitted: true },
  newcomers: { newcomers: true },
};

/** The day documents of a range (at most 366), only the parts asked for. */
export async function readDays(range: DayRange, parts: readonly DayPart[]): Promise<Map<number, DayRollup>> {
  const _ = db().command;
  const field: Record<string, true> = { day: true };
  for (const p of parts) Object.assign(field, PROJECTION[p]);
  const { data } = await db().collection('analytics_days').where({ day: _.and(_.gte(range.fromDay), _.lte(range.toDay)) }).field(field).limit(400).get();
  const out = new Map<number, DayRollup>();
  for (const d of data) out.set(Number(d.day), { ...emptyDay(Number(d.day)), ...(d as unknown as Partial<DayRollup>) });
  return out;
}

async function customersByIds(ids: string[]): Promise<Map<string, CustomerRollup>> {
  const out = new Map<string, CustomerRollup>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 100) {
    const { data } = await db().collection('analytics_customers').where({ _id: db().command.in(unique.slice(i, i + 100)) }).limit(100).get();
    for (const d of data) out.set(d._id, d as unknown as CustomerRollup);
  }
  return out;
}

export interface Current {
  store: StoreRollup;
  days: Map<number, DayRollup>;
  /** When the fold last ran, and whether the tail was longer than one page (figures may lag). */
  foldedAtMs: number;
  lagging: boolean;
  todayDay: number;
}

/** The store document and the range's days, with the tail applied. */
export async function currentRollups(nowMs: number, range: DayRange, parts: readonly DayPart[]): Promise<Current> {
  const head = await readHead();
  const days = await readDays(range, parts);
  const w = await readWindow(head.position, nowMs, TAIL_PAGE, await staffSet());
  const events = w.events.map((s) => s.event);
  const customers = events.length ? await customersByIds(events.flatMap((e) => ('customerId' in e ? [e.customerId] : []))) : new Map();
  const src: DocSource = {
    customer: async (id) => customers.get(id) ?? null,
    // Days outside the range (an older purchase refunded now) only matter to the fold.
    day: async (d) => days.get(d) ?? emptyDay(d),
  };
  const applied = await applyAll(head.store, events, src);
  for (const d of applied.days.values()) if (d.day >= range.fromDay && d.day <= range.toDay) days.set(d.day, d);
  return { store: applied.store, days, foldedAtMs: head.foldedAtMs, lagging: !w.complete, todayDay: dayNoOf(nowMs) };
}

