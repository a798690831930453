import type { Stage } from '../../../cloudfunctions/src/members/domain/ladder';
import { dayNoOf, daysOf, inRange, type DayRange } from '../../../cloudfunctions/src/analytics/domain/day';
import { earningsOf, liabilitiesOf, zeroMoney, type Liabilities, type MoneyDay } from '../../../cloudfunctions/src/analytics/domain/earnings';
import type { AnalyticsEvent, CommissionStatus, Grade } from '../../../cloudfunctions/src/analytics/domain/events';
import { compareMoves, type Funnel, type StageCounts, type StageMove } from '../../../cloudfunctions/src/analytics/domain/funnel';
import { effectiveGrade, gradeOf, gradeTable, GRADE_RULES, zeroNewcomers } from '../../../cloudfunctions/src/analytics/domain/grades';
import { rhythmLists, type RhythmLists } from '../../../cloudfunctions/src/analytics/domain/nextPurchase';
import { ratio } from '../../../cloudfunctions/src/analytics/domain/ratio';
import { repeatFigures, zeroBuckets, type RepeatFigures } from '../../../cloudfunctions/src/analytics/domain/repeat';
import { MAX_MOVES_PER_DAY } from '../../../cloudfunctions/src/analytics/domain/rollups';
import { topCustomers, type TopCustomers } from '../../../cloudfunctions/src/analytics/domain/topCustomers';

/*
 * The figures computed straight from the raw events, the obvious way, with no rollups: the
 * reference the rollup readers must agree with. `events` are valid and in the order they
 * happened (the caller dedupes). The pure rules (gradeOf, rhythmLists, topCustomers, earningsOf)
 * are shared: the table tests check them on their own; what is checked against this oracle is
 * that the rollups keep those rules' inputs right.
 */
type Events = readonly AnalyticsEvent[];
const STAGE_ORDER: Stage[] = ['fan', 'customer', 'member', 'partner'];
const sum = (m: { wxpayFen: number; principalFen: number; bonusFen: number }) => m.wxpayFen + m.principalFen + m.bonusFen;

interface RawOrder { customerId: string; day: number; number: number; units: number; unitsBack: number; paidFen: number; backFen: number }
const isFull = (o: RawOrder) => o.unitsBack >= o.units || (o.paidFen > 0 && o.backFen >= o.paidFen);

/** Every paid order, numbered when paid by the customer's earlier orders not fully refunded at that moment. */
function rawOrders(events: Events): Map<string, RawOrder> {
  const orders = new Map<string, RawOrder>();
  for (const e of events) {
    if (e.kind === 'order_paid') {
      const prior = [...orders.values()].filter((o) => o.customerId === e.customerId && !isFull(o)).length;
      orders.set(e.orderId, { customerId: e.customerId, day: dayNoOf(e.atMs), number: prior + 1, units: e.lines.reduce((s, l) => s + l.qty, 0), unitsBack: 0, paidFen: sum(e.paid), backFen: 0 });
    } else if (e.kind === 'order_refunded') {
      const o = orders.get(e.orderId)!;
      o.unitsBack += e.lines.reduce((s, l) => s + l.qty, 0);
      o.backFen += sum(e.refunded);
    }
  }
  return orders;
}

/** The refund events that made their order fully refunded (all units or all money back). */
function fullRefundEvents(events: Events): Set<string> {
  const state = new Map<string, RawOrder>();
  const out = new Set<string>();
  for (const e of events) {
    if (e.kind === 'order_paid') {
      state.set(e.orderId, { customerId: e.customerId, day: 0, number: 0, units: e.lines.reduce((s, l) => s + l.qty, 0), unitsBack: 0, paidFen: sum(e.paid), backFen: 0 });
    } else if (e.kind === 'order_refunded') {
      const o = state.get(e.orderId)!;
      const before = isFull(o);
      o.unitsBack += e.lines.reduce((s, l) => s + l.qty, 0);
      o.backFen += sum(e.refunded);
      if (!before && isFull(o)) out.add(e.id);
    }
  }
  return out;
}

function rawMoney(events: Events, range: DayRange): MoneyDay {
  const m = zeroMoney();
  const full = fullRefundEvents(events);
  for (const e of events) {
    if (!inRange(dayNoOf(e.atMs), range)) continue;
    if (e.kind === 'order_paid') {
      m.orders += 1; m.salesWxpayFen += e.paid.wxpayFen; m.salesPrincipalFen += e.paid.principalFen; m.salesBonusFen += e.paid.bonusFen;
    } else if (e.kind === 'order_refunded') {
      m.refunds += 1; if (full.has(e.id)) m.ordersFullyRefunded += 1; m.refundWxpayFen += e.refunded.wxpayFen; m.refundPrincipalFen += e.refunded.principalFen; m.refundBonusFen += e.refunded.bonusFen;
    } else if (e.kind === 'commission_moved') {
      if (e.from === null) m.commissionAccruedFen += e.amountFen;
      if (e.to === null) m.commissionReversedFen += e.amountFen;
      if (e.to === 'paid') m.commissionPaidOutFen += e.amountFen;
    } else if (e.kind === 'topped_up') {
      m.topUps += 1; m.topUpWxpayFen += e.wxpayFen; m.topUpBonusFen += e.bonusFen;
    } else if (e.kind === 'stored_value_refunded') {
      m.storedValueRefundFen += e.principalFen;
    }
  }
  return m;
}

function rawLiabilities(events: Events): Liabilities {
  const sv = { principalFen: 0, bonusFen: 0 };
  const c: Record<CommissionStatus, number> = { frozen: 0, available: 0, withdrawing: 0, paid: 0 };
  let points = 0;
  for (const e of events) {
    if (e.kind === 'topped_up') { sv.principalFen += e.principalFen; sv.bonusFen += e.bonusFen; }
    if (e.kind === 'order_paid') { sv.principalFen -= e.paid.principalFen; sv.bonusFen -= e.paid.bonusFen; }
    if (e.kind === 'order_refunded') { sv.principalFen += e.refunded.principalFen; sv.bonusFen += e.refunded.bonusFen; }
    if (e.kind === 'stored_value_refunded') { sv.principalFen -= e.principalFen; sv.bonusFen -= e.bonusForfeitedFen; }
    if (e.kind === 'points_posted') points += e.points;
    if (e.kind === 'commission_moved') { if (e.from) c[e.from] -= e.amountFen; if (e.to) c[e.to] += e.amountFen; }
  }
  return liabilitiesOf(sv, points, c);
}

/** Head-counts by replaying every stage; entries and crossings by walking each move's ranks. */
function rawFunnel(events: Events, range: DayRange): Funnel {
  const stage = new Map<string, Stage>();
  const count = (): StageCounts => { const n = { fan: 0, customer: 0, member: 0, partner: 0 }; for (const s of stage.values()) n[s] += 1; return n; };
  const entered = { fan: 0, customer: 0, member: 0, partner: 0 };
  const crossed: [number, number, number] = [0, 0, 0];
  const moves: StageMove[] = [];
  let atStart: StageCounts | null = null;
  let atEnd: StageCounts | null = null;
  for (const e of events) {
    const d = dayNoOf(e.atMs);
    if (atStart === null && d >= range.fromDay) atStart = count();
    if (atEnd === null && d > range.toDay) atEnd = count();
    if (e.kind === 'arrived') {
      stage.set(e.customerId, 'fan');
      if (inRange(d, range)) entered.fan += 1;
    } else if (e.kind === 'stage_moved') {
      stage.set(e.customerId, e.to);
      if (!inRange(d, range)) continue;
      moves.push({ customerId: e.customerId, from: e.from, to: e.to, atMs: e.atMs, eventId: e.id });
      const a = STAGE_ORDER.indexOf(e.from);
      const b = STAGE_ORDER.indexOf(e.to);
      if (b < a) entered[e.to] += 1;
      for (let r = a + 1; r <= b; r += 1) { entered[STAGE_ORDER[r]] += 1; crossed[r - 1] += 1; }
    }
  }
  const start = atStart ?? count();
  const conv = (k: 0 | 1 | 2) => ratio(crossed[k], start[STAGE_ORDER[k]] + entered[STAGE_ORDER[k]]);
  // Each day keeps its latest MAX_MOVES_PER_DAY moves.
  const byDay = new Map<number, StageMove[]>();
  for (const m of moves.sort(compareMoves)) byDay.set(dayNoOf(m.atMs), [...(byDay.get(dayNoOf(m.atMs)) ?? []), m]);
  const kept = [...byDay.values()].flatMap((ms) => ms.slice(Math.max(0, ms.length - MAX_MOVES_PER_DAY)));
  return { headcounts: count(), atStart: start, atEnd: atEnd ?? count(), entered, crossed, conversion: [conv(0), conv(1), conv(2)], moves: kept.sort(compareMoves), movesOmitted: moves.length - kept.length };
}

function rawRepeat(orders: Map<string, RawOrder>, range: DayRange): RepeatFigures {
  const b = zeroBuckets();
  for (const o of orders.values()) {
    if (!inRange(o.day, range)) continue;
    const k = Math.min(o.number, 4) - 1;
    b[k].orders += isFull(o) ? 0 : 1;
    b[k].units += isFull(o) ? 0 : o.units - o.unitsBack;
    b[k].revenueFen += o.paidFen - o.backFen;
  }
  return repeatFigures(b);
}

function rawGrade(events: Events, customerId: string, arrivedAtMs: number): Grade {
  const mine = events.filter((e) => e.kind !== 'commission_moved' && e.customerId === customerId);
  const inWindow = (t: number) => t >= arrivedAtMs && t < arrivedAtMs + GRADE_RULES.windowMs;
  const engaged = mine.filter((e): e is Extract<AnalyticsEvent, { kind: 'engaged' }> => e.kind === 'engaged' && inWindow(e.atMs) && !(e.action === 'visit' && dayNoOf(e.atMs) === dayNoOf(arrivedAtMs)));
  const paid = mine.filter((e) => e.kind === 'order_paid').map((e) => e.atMs);
  const optedOut = mine.filter((e) => e.kind === 'opted_out').map((e) => e.atMs);
  const overrides = mine.filter((e): e is Extract<AnalyticsEvent, { kind: 'grade_overridden' }> => e.kind === 'grade_overridden').sort((x, y) => x.atMs - y.atMs || (x.id < y.id ? -1 : 1));
  const last = overrides[overrides.length - 1];
  const computed = gradeOf({
    firstPaidAtMs: paid.length ? Math.min(...paid) : null,
    engagedDays: [...new Set(engaged.map((e) => dayNoOf(e.atMs)))].sort((x, y) => x - y),
    deep: engaged.some((e) => e.action === 'cart' || e.action === 'group_join'),
    optedOutAtMs: optedOut.length ? Math.min(...optedOut) : null,
  }, arrivedAtMs);
  return effectiveGrade(computed, last ? { grade: last.grade, atMs: last.atMs, eventId: last.id } : null);
}

function rawGrades(events: Events, range: DayRange) {
  const n = zeroNewcomers();
  for (const e of events) {
    if (e.kind !== 'arrived' || !inRange(dayNoOf(e.atMs), range)) continue;
    n[e.channel].arrived += 1;
    n[e.channel].grades[rawGrade(events, e.customerId, e.atMs)] += 1;
  }
  return gradeTable(n);
}

const arrivals = (events: Events): string[] => events.flatMap((e) => (e.kind === 'arrived' ? [e.customerId] : []));

function rawTop(events: Events, orders: Map<string, RawOrder>, range: DayRange): TopCustomers {
  return topCustomers(arrivals(events).map((customerId) => {
    const mine = [...orders.values()].filter((o) => o.customerId === customerId && inRange(o.day, range));
    return {
      customerId, revenueFen: mine.reduce((s, o) => s + o.paidFen - o.backFen, 0), orders: mine.filter((o) => !isFull(o)).length,
      lastPaidDay: mine.length ? mine[mine.length - 1].day : null,
    };
  }));
}

function rawRhythm(events: Events, orders: Map<string, RawOrder>, todayDay: number): RhythmLists {
  return rhythmLists(arrivals(events).map((customerId) => {
    const mine = [...orders.values()].filter((o) => o.customerId === customerId);
    return {
      customerId,
      revenueFen: mine.reduce((s, o) => s + o.paidFen - o.backFen, 0),
      purchases: mine.filter((o) => !isFull(o)).map((o) => ({ day: o.day, units: o.units - o.unitsBack })),
    };
  }), todayDay);
}

export function oracle(events: Events) {
  const orders = rawOrders(events);
  return {
    earnings: (range: DayRange) => earningsOf(rawMoney(events, range)),
    earningsByDay: (range: DayRange) => daysOf(range).map((day) => ({ day, earnings: earningsOf(rawMoney(events, { fromDay: day, toDay: day })) })),
    liabilities: () => rawLiabilities(events),
    funnel: (range: DayRange) => rawFunnel(events, range),
    repeat: (range: DayRange) => rawRepeat(orders, range),
    grades: (range: DayRange) => rawGrades(events, range),
    top: (range: DayRange) => rawTop(events, orders, range),
    rhythm: (todayDay: number) => rawRhythm(events, orders, todayDay),
  };
}
