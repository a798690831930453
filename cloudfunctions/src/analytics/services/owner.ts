import { AppError, type Dashboard, type DashboardDay, type Grade, type ListName, type Newcomer } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import { hashInput } from '../../shared/ids';
import { getOrNull } from '../../shared/tx';
import type { CustomerRollup } from '../domain/customer';
import { dayNoOf, lastDays, type DayRange } from '../domain/day';
import { addMoney, earningsOf, zeroMoney } from '../domain/earnings';
import { CHANNELS } from '../domain/events';
import { earningsByDay, earningsOver, funnelOver, gradesOver, liabilitiesNow, repeatOver } from '../domain/read';
import type { DayRollup } from '../domain/rollups';
import { currentRollups } from './current';
import { readLists, type TopPeriod } from './lists';
import { peopleWithStageOf, personOr } from './people';
import { todosNow } from './todos';

/**
 * The owner's analytics actions. Each reads the store document, the range's day documents, the
 * tail since the fold (current.ts) and, for lists, the stored lists — never orders or journal
 * history — plus one people query per page to show names and pictures instead of ids.
 */
function checkRange(range: DayRange, nowMs: number): void {
  if (range.toDay > dayNoOf(nowMs) + 1) throw new AppError('INVALID_INPUT', '不能查看未来的日期');
}

const newcomersOf = (d: DayRollup | undefined): number => (d ? CHANNELS.reduce((n, c) => n + (d.newcomers?.[c]?.arrived ?? 0), 0) : 0);

function dashboardDay(day: number, d: DayRollup | undefined): DashboardDay {
  const e = earningsOf(d?.money ?? zeroMoney());
  return { day, salesFen: e.salesFen, orders: e.orders, newcomers: newcomersOf(d), refundsFen: e.refundsFen };
}

export async function dashboard(nowMs: number): Promise<Dashboard> {
  const today = dayNoOf(nowMs);
  const range = lastDays(today, 30);
  const cur = await currentRollups(nowMs, range, ['money', 'newcomers']);
  const series = [];
  for (let d = range.fromDay; d <= range.toDay; d += 1) series.push(dashboardDay(d, cur.days.get(d)));
  const lists = await readLists();
  return {
    todayDay: today, today: series[series.length - 1], yesterday: series[series.length - 2], series,
    liabilities: liabilitiesNow(cur.store), todos: await todosNow(nowMs),
    lists: lists && { dueThisWeek: lists.dueThisWeek.count, overdue: lists.overdue.count, topShare: lists.top[0].share, computedAtMs: lists.computedAtMs },
    foldedAtMs: cur.foldedAtMs, lagging: cur.lagging,
  };
}

export async function earnings(range: DayRange, nowMs: number) {
  checkRange(range, nowMs);
  const cur = await currentRollups(nowMs, range, ['money']);
  const days = [...cur.days.values()];
  return {
    ...range, total: earningsOver(days, range), byDay: earningsByDay(days, range), liabilities: liabilitiesNow(cur.store),
    foldedAtMs: cur.foldedAtMs, lagging: cur.lagging,
  };
}

/** The funnel needs every day from the range's start to today (it takes head-counts back from now). */
export async function funnel(range: DayRange, nowMs: number) {
  checkRange(range, nowMs);
  const today = dayNoOf(nowMs);
  const cur = await currentRollups(nowMs, { fromDay: range.fromDay, toDay: Math.max(today, range.toDay) }, ['stages']);
  const f = funnelOver(cur.store, cur.days.values(), range);
  const moves = f.moves.slice(-100).reverse();
  const people = await peopleWithStageOf(moves.map((m) => m.customerId));
  return {
    ...range, foldedAtMs: cur.foldedAtMs, lagging: cur.lagging,
    funnel: { ...f, moves: moves.map((m) => ({ person: personOr(people, m.customerId), from: m.from, to: m.to, atMs: m.atMs })), movesOmitted: f.movesOmitted + f.moves.length - moves.length },
  };
}

export async function repeat(range: DayRange, nowMs: number) {
  checkRange(range, nowMs);
  const cur = await currentRollups(nowMs, range, ['purchases']);
  return { ...range, ...repeatOver(cur.days.values(), range), foldedAtMs: cur.foldedAtMs, lagging: cur.lagging };
}

const NEWCOMERS_PAGE = 20;

export async function grades(range: DayRange & { beforeMs?: number }, nowMs: number) {
  checkRange(range, nowMs);
  const cur = await currentRollups(nowMs, range, ['newcomers']);
  const table = gradesOver(cur.days.values(), range);
  const _ = db().command;
  const cond: Record<string, unknown> = { arrivalDay: _.and(_.gte(range.fromDay), _.lte(range.toDay)), staff: _.neq(true) };
  if (range.beforeMs !== undefined) cond.arrivedAtMs = _.lt(range.beforeMs);
  const { data } = await db().collection('analytics_customers').where(cond).orderBy('arrivedAtMs', 'desc').limit(NEWCOMERS_PAGE + 1).get();
  const rows = (data as unknown as CustomerRollup[]).slice(0, NEWCOMERS_PAGE);
  const people = await peopleWithStageOf(rows.flatMap((c) => [c.customerId, ...(c.partnerId ? [c.partnerId] : [])]));
  const newcomers: Newcomer[] = rows.map((c) => ({
    person: personOr(people, c.customerId), channel: c.channel, partner: c.partnerId ? personOr(people, c.partnerId).nickname : null,
    grade: c.grade, overridden: c.override?.grade != null, arrivedAtMs: c.arrivedAtMs,
  }));
  const nextBeforeMs = data.length > NEWCOMERS_PAGE ? rows[rows.length - 1].arrivedAtMs : null;
  return { fromDay: range.fromDay, toDay: range.toDay, channels: table.channels, total: table.total, newcomers, nextBeforeMs, foldedAtMs: cur.foldedAtMs, lagging: cur.lagging };
}

export async function lists(list: ListName, period: TopPeriod, nowMs: number) {
  const stored = await readLists();
  const todayDay = stored?.todayDay ?? dayNoOf(nowMs);
  if (!stored) return { computedAtMs: null, todayDay, count: 0, top: null, topRows: [], rhythmRows: [] };
  if (list === 'top') {
    const t = stored.top.find((x) => x.period === period) ?? stored.top[0];
    const people = await peopleWithStageOf(t.list.map((r) => r.customerId));
    const { list: rows, ...top } = t;
    return { computedAtMs: stored.computedAtMs, todayDay, count: t.topCount, top, topRows: rows.map((r) => ({ ...r, person: personOr(people, r.customerId) })), rhythmRows: [] };
  }
  const source = list === 'due' ? stored.dueThisWeek : list === 'overdue' ? stored.overdue : stored.steady;
  const people = await peopleWithStageOf(source.rows.map((r) => r.customerId));
  const rhythmRows = source.rows.map(({ customerId, ...r }) => ({ ...r, person: personOr(people, customerId) }));
  return { computedAtMs: stored.computedAtMs, todayDay, count: source.count, top: null, topRows: [], rhythmRows };
}

/**
 * The owner's override of a newcomer's grade: an immutable record the fold applies (so a rebuild
 * keeps it); the figures show it after the next fold. Unknown people are refused before anything
 * is written; the same request id with another grade is IDEMPOTENCY_MISMATCH.
 */
export async function setGrade(byOpenid: string, requestId: string, openid: string, grade: Grade | null, nowMs: number) {
  if (!(await getOrNull('users', openid))) throw new AppError('NOT_FOUND', '顾客不存在');
  const _id = `G${hashInput([byOpenid, requestId]).slice(0, 23)}`;
  const requestHash = hashInput({ openid, grade });
  const existing = await getOrNull<{ openid: string; grade: Grade | null; atMs: number; requestHash: string }>('grade_overrides', _id);
  if (existing) {
    if (existing.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_MISMATCH', '同一请求号的调整内容不一致');
    return { openid: existing.openid, grade: existing.grade, atMs: existing.atMs };
  }
  try {
    await db().collection('grade_overrides').add({ data: { _id, openid, grade, atMs: nowMs, byOpenid, requestHash } });
  } catch (e) {
    // A concurrent retry of the same request wrote it first: answer as a repeat.
    const again = await getOrNull<{ openid: string; grade: Grade | null; atMs: number; requestHash: string }>('grade_overrides', _id);
    if (!again) throw e;
    if (again.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_MISMATCH', '同一请求号的调整内容不一致');
    return { openid: again.openid, grade: again.grade, atMs: again.atMs };
  }
  return { openid, grade, atMs: nowMs };
}

/** All days' money before `beforeDay`, a thousand days per query (one query for years of history). */
async function moneyBefore(beforeDay: number): Promise<ReturnType<typeof zeroMoney>> {
  const _ = db().command;
  let total = zeroMoney();
  let from = 0;
  for (;;) {
    const { data } = await db().collection('analytics_days').where({ day: _.and(_.gte(from), _.lt(beforeDay)) }).orderBy('day', 'asc').field({ day: true, money: true }).limit(1000).get();
    for (const d of data) total = addMoney(total, (d.money as ReturnType<typeof zeroMoney>) ?? zeroMoney());
    if (data.length < 1000) return total;
    from = Number(data[data.length - 1].day) + 1;
  }
}

/**
 * The store's totals since it opened: sales net of refunds, paid orders net of full refunds,
 * customers (people who paid, never the owner), liabilities now. Yesterday and today come with
 * the tail (a fold that lags past midnight is still counted); older days from their documents.
 */
export async function storeSummary(nowMs: number) {
  const today = dayNoOf(nowMs);
  const cur = await currentRollups(nowMs, { fromDay: today - 1, toDay: today }, ['money']);
  let money = await moneyBefore(today - 1);
  for (const d of cur.days.values()) money = addMoney(money, d.money);
  const e = earningsOf(money);
  const l = liabilitiesNow(cur.store);
  const c = cur.store.stageCounts;
  return {
    salesFen: Math.max(0, e.salesFen - e.refundsFen), paidOrderCount: Math.max(0, e.netOrders), customerCount: c.customer + c.member + c.partner,
    storedValuePrincipalFen: l.storedValuePrincipalFen, storedValueBonusFen: l.storedValueBonusFen, pointsOutstanding: l.pointsOutstanding,
    rolledUpAtMs: cur.foldedAtMs === 0 ? null : cur.foldedAtMs,
  };
}
