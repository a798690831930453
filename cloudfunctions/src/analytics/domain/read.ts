import { revenueIn, purchaseDaysOf, type CustomerRollup } from './customer';
import { daysOf, inRange, type DayRange } from './day';
import { earningsOf, liabilitiesOf, addMoney, zeroMoney, type Earnings, type Liabilities } from './earnings';
import { addFlow, funnelOf, zeroFlow, type Funnel, type StageMove } from './funnel';
import { addNewcomers, gradeTable, zeroNewcomers } from './grades';
import { rhythmLists, type RhythmLists } from './nextPurchase';
import { addBuckets, repeatFigures, zeroBuckets, type RepeatFigures } from './repeat';
import type { DayRollup, StoreRollup } from './rollups';
import { topCustomers, type TopCustomers } from './topCustomers';

/**
 * The owner's figures, read from rollups only: the store document, the day documents of the
 * range (the funnel also needs the days after it, up to today), and the customer documents for
 * the lists. None of these reads grows with the number of orders.
 */
const within = (days: Iterable<DayRollup>, range: DayRange): DayRollup[] => [...days].filter((d) => inRange(d.day, range));

export function earningsOver(days: Iterable<DayRollup>, range: DayRange): Earnings {
  return earningsOf(within(days, range).reduce((m, d) => addMoney(m, d.money), zeroMoney()));
}

/** Every day of the range, days without activity included (a chart needs the zeros). */
export function earningsByDay(days: Iterable<DayRollup>, range: DayRange): { day: number; earnings: Earnings }[] {
  const byDay = new Map(within(days, range).map((d) => [d.day, d.money] as const));
  return daysOf(range).map((day) => ({ day, earnings: earningsOf(byDay.get(day) ?? zeroMoney()) }));
}

export function liabilitiesNow(store: StoreRollup): Liabilities {
  return liabilitiesOf(store.storedValue, store.pointsOutstanding, store.commission);
}

/** `days` must hold every day from the period's first day to today. */
export function funnelOver(store: StoreRollup, days: Iterable<DayRollup>, range: DayRange): Funnel {
  const all = [...days];
  const since = all.filter((d) => d.day >= range.fromDay).reduce((f, d) => addFlow(f, d.stages), zeroFlow());
  const inPeriod = within(all, range);
  const flow = inPeriod.reduce((f, d) => addFlow(f, d.stages), zeroFlow());
  const moves: StageMove[] = inPeriod.flatMap((d) => d.moves);
  return funnelOf(store.stageCounts, since, flow, moves, inPeriod.reduce((n, d) => n + (d.movesOmitted ?? 0), 0));
}

export function repeatOver(days: Iterable<DayRollup>, range: DayRange): RepeatFigures {
  return repeatFigures(within(days, range).reduce((b, d) => addBuckets(b, d.purchases), zeroBuckets()));
}

/** Grades of the newcomers who arrived in the range, by channel. */
export function gradesOver(days: Iterable<DayRollup>, range: DayRange): ReturnType<typeof gradeTable> {
  return gradeTable(within(days, range).reduce((n, d) => addNewcomers(n, d.newcomers), zeroNewcomers()));
}

/** The store's own people are never in the customer lists. */
const customersOnly = (customers: Iterable<CustomerRollup>): CustomerRollup[] => [...customers].filter((c) => !c.staff);

export function topOver(customers: Iterable<CustomerRollup>, range: DayRange): TopCustomers {
  return topCustomers(customersOnly(customers).map((c) => revenueIn(c, range)));
}

export function rhythmNow(customers: Iterable<CustomerRollup>, todayDay: number): RhythmLists {
  return rhythmLists(customersOnly(customers).map((c) => ({ customerId: c.customerId, revenueFen: c.revenueFen, purchases: purchaseDaysOf(c) })), todayDay);
}
