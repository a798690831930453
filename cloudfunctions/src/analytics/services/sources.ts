import { db } from '../../adapters/cloud';
import type { Doc } from '../../adapters/sdk';
import type { Stage } from '../../members/domain/ladder';
import type { AnalyticsEvent } from '../domain/events';
import {
  eventOfBehaviour, eventOfOverride, eventOfStageMove, eventsOfJournal, eventsOfUser, orderRefOf, siblingOf, SOURCE_RANK,
  type JournalSource, type OrderSource, type OverrideSource, type SourceName, type UserSource,
} from './mapping';
import type { BehaviourDoc, StageMoveDoc } from './records';

/**
 * Reading the events of a time window from the source records, in the fold's total order:
 * (time, source rank, event id). A position is where the fold has got to; every source is
 * queried by its own immutable time field from the position's millisecond on, one page each.
 */
export interface Position {
  atMs: number;
  /** `<rank>:<event id>` within the millisecond; '' = before everything at atMs. */
  key: string;
}

export const START: Position = { atMs: 0, key: '' };

export interface Sourced {
  event: AnalyticsEvent;
  pos: Position;
}

export function comparePos(a: Position, b: Position): number {
  if (a.atMs !== b.atMs) return a.atMs - b.atMs;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

const TIME_FIELD: Record<SourceName, string> = { users: 'createdAtMs', journal: 'createdAtMs', stage_moves: 'atMs', behaviour: 'atMs', grade_overrides: 'atMs' };
const SOURCES = Object.keys(TIME_FIELD) as SourceName[];

async function page(source: SourceName, fromMs: number, untilMs: number, limit: number): Promise<Doc[]> {
  const _ = db().command;
  const field = TIME_FIELD[source];
  const { data } = await db().collection(source).where({ [field]: _.and(_.gte(fromMs), _.lte(untilMs)) }).orderBy(field, 'asc').orderBy('_id', 'asc').limit(limit).get();
  return data;
}

async function byIds(collection: string, ids: string[]): Promise<Map<string, Doc>> {
  const out = new Map<string, Doc>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 100) {
    const chunk = unique.slice(i, i + 100);
    const { data } = await db().collection(collection).where({ _id: db().command.in(chunk) }).limit(100).get();
    for (const d of data) out.set(d._id, d);
  }
  return out;
}

/**
 * The `from` of each user's earliest stage-move record (read after the user documents: see
 * mapping.ts). Only users who are not fans now can have begun above fan, so only they are looked
 * up, a hundred per query.
 */
async function firstMoves(users: UserSource[]): Promise<Map<string, Stage>> {
  const out = new Map<string, Stage>();
  const ids = users.filter((u) => u.stage !== 'fan').map((u) => u._id);
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    const { data } = await db().collection('stage_moves').where({ openid: db().command.in(chunk) }).orderBy('atMs', 'asc').limit(1000).get();
    for (const d of data as unknown as StageMoveDoc[]) if (!out.has(d.openid)) out.set(d.openid, d.from);
  }
  return out;
}

async function mapJournal(entries: JournalSource[]): Promise<AnalyticsEvent[]> {
  const orders = await byIds('orders', entries.map(orderRefOf).filter((x): x is string => x !== null));
  const siblings = await byIds('journal', entries.map(siblingOf).filter((x): x is string => x !== null));
  const ctx = { order: (id: string) => orders.get(id) as unknown as OrderSource | undefined, entry: (id: string) => siblings.get(id) as unknown as JournalSource | undefined };
  return entries.flatMap((e) => eventsOfJournal(e, ctx));
}

async function mapSource(source: SourceName, docs: Doc[], staff: ReadonlySet<string>): Promise<AnalyticsEvent[]> {
  if (source === 'users') {
    const users = docs as unknown as UserSource[];
    const moves = await firstMoves(users);
    return users.flatMap((u) => eventsOfUser(u, staff.has(u._id), moves.get(u._id) ?? null));
  }
  if (source === 'journal') return mapJournal(docs as unknown as JournalSource[]);
  if (source === 'stage_moves') return (docs as unknown as StageMoveDoc[]).map(eventOfStageMove);
  if (source === 'behaviour') return (docs as unknown as BehaviourDoc[]).map(eventOfBehaviour);
  return (docs as unknown as OverrideSource[]).map(eventOfOverride);
}

export interface Window {
  /** Events after `from`, in order, up to `end`. */
  events: Sourced[];
  /** Everything up to here has been read; later events wait for the next window. */
  end: Position;
  /** Did the window reach `untilMs` (no source had more than a page)? */
  complete: boolean;
}

/**
 * The events after `from` up to `untilMs`, at most a page of records per source. When a source
 * fills its page the window stops before that page's last millisecond (later records of that
 * source were not read), so nothing is skipped; a millisecond with more than a page of one
 * source's records is read whole on its own.
 */
export async function readWindow(from: Position, untilMs: number, pageSize: number, staff: ReadonlySet<string>): Promise<Window> {
  // A position at the end of a millisecond ('~') has read all of it.
  const fromMs = from.key === '~' ? from.atMs + 1 : from.atMs;
  if (fromMs > untilMs) return { events: [], end: from, complete: true };
  const pages = await Promise.all(SOURCES.map(async (s) => ({ source: s, docs: await page(s, fromMs, untilMs, pageSize) })));
  let endMs = untilMs;
  for (const p of pages) if (p.docs.length >= pageSize) endMs = Math.min(endMs, Number(p.docs[p.docs.length - 1][TIME_FIELD[p.source]]) - 1);
  if (endMs < fromMs) return readMillisecond({ atMs: fromMs, key: from.key === '~' ? '' : from.key }, staff);
  const complete = endMs === untilMs;
  const events: Sourced[] = [];
  for (const p of pages) {
    const docs = p.docs.filter((d) => Number(d[TIME_FIELD[p.source]]) <= endMs);
    for (const event of await mapSource(p.source, docs, staff)) events.push({ event, pos: { atMs: event.atMs, key: `${SOURCE_RANK[p.source]}:${event.id}` } });
  }
  const after = events.filter((e) => comparePos(e.pos, from) > 0).sort((a, b) => comparePos(a.pos, b.pos));
  return { events: after, end: { atMs: endMs, key: '~' }, complete };
}

/** One crowded millisecond, every record of it (at most 1000 per source). */
async function readMillisecond(from: Position, staff: ReadonlySet<string>): Promise<Window> {
  const events: Sourced[] = [];
  for (const source of SOURCES) {
    const docs = await page(source, from.atMs, from.atMs, 1000);
    for (const event of await mapSource(source, docs, staff)) events.push({ event, pos: { atMs: event.atMs, key: `${SOURCE_RANK[source]}:${event.id}` } });
  }
  const after = events.filter((e) => comparePos(e.pos, from) > 0).sort((a, b) => comparePos(a.pos, b.pos));
  return { events: after, end: { atMs: from.atMs, key: '~' }, complete: false };
}
