import { dueStatus, medianOf, outlookOf, rhythmLists, type PurchaseDay } from '../../../cloudfunctions/src/analytics/domain/nextPurchase';
import { rhythmNow } from '../../../cloudfunctions/src/analytics/domain/read';
import { recompute } from '../../../cloudfunctions/src/analytics/domain/rollupSet';
import { at, DAY0, story, units, wx } from './story';

const days = (ds: number[], u: number[] = ds.map(() => 1)): PurchaseDay[] => ds.map((day, i) => ({ day, units: u[i] }));

describe('usual interval, expected next purchase, steady', () => {
  test.each<[string, PurchaseDay[], number | null, number | null, boolean]>([
    // what,                                         purchases,                              usual, expected, steady
    ['one purchase is not a rhythm',                 days([0]),                                null, null, false],
    ['two purchases a month apart',                  days([0, 30]),                            30, 60, false],
    ['every 10 days, 2 each time',                   days([0, 10, 20, 30], [2, 2, 2, 2]),     10, 40, true],
    ['every 10 days, but 1, 2, 3, 4 items',          days([0, 10, 20, 30], [1, 2, 3, 4]),     10, 40, false],
    ['10, 10, 12 days: within ±25 %',                days([0, 10, 20, 32]),                    10, 42, true],
    ['10, 10, 13 days: 13 is 30 % off',              days([0, 10, 20, 33]),                    10, 43, false],
    ['two intervals are not enough to be steady',    days([0, 10, 20]),                        10, 30, false],
    ['only the last 6 intervals count',              days([0, 100, 110, 120, 130, 140, 150, 160]), 10, 170, true],
    ['two orders on one day are one visit',          [{ day: 0, units: 1 }, { day: 0, units: 1 }, ...days([14, 28, 42], [2, 2, 2])], 14, 56, true],
    ['an even count takes the middle pair, half up', days([0, 10, 23]),                        12, 35, false],
    ['seed 000: one chicken a month',                days([0, 30, 61, 91, 122]),               31, 153, true],
  ])('%s', (_what, purchases, usual, expected, steady) => {
    const o = outlookOf(purchases);
    expect(o === null ? [null, null, false] : [o.usualIntervalDays, o.expectedNextDay, o.steady]).toEqual([usual, expected, steady]);
  });

  test('median', () => {
    expect([medianOf([3]), medianOf([5, 1, 3]), medianOf([1, 2]), medianOf([10, 13]), medianOf([4, 4, 9, 100])]).toEqual([3, 3, 2, 12, 7]);
    expect(() => medianOf([])).toThrow(RangeError);
  });
});

describe('due this week and overdue', () => {
  // Last bought on day 30, usually every 30 days: expected on day 60; overdue after day 75.
  const o = outlookOf(days([0, 30]))!;
  test.each([
    [50, 'upcoming'], [53, 'upcoming'], [54, 'due'], [60, 'due'], [75, 'due'], [76, 'overdue'],
  ] as const)('on day %i: %s', (today, status) => expect(dueStatus(o, today)).toBe(status));

  test('lists: soonest first for due, most valuable first for overdue and steady', () => {
    const lists = rhythmLists([
      { customerId: 'late-small', revenueFen: 100, purchases: days([0, 10]) },
      { customerId: 'late-big', revenueFen: 900, purchases: days([0, 20]) },
      { customerId: 'due-soon', revenueFen: 500, purchases: days([70, 90]) },
      { customerId: 'due-today', revenueFen: 200, purchases: days([60, 80]) },
      { customerId: 'steady', revenueFen: 300, purchases: days([40, 50, 60, 70, 80, 90]) },
      { customerId: 'once', revenueFen: 9999, purchases: days([90]) },
    ], 100);
    // Both expected today: the more valuable first. due-soon is expected on day 110, after this week.
    expect(lists.dueThisWeek.map((r) => [r.customerId, r.expectedNextDay])).toEqual([['steady', 100], ['due-today', 100]]);
    expect(lists.overdue.map((r) => r.customerId)).toEqual(['late-big', 'late-small']);
    expect(lists.steady.map((r) => r.customerId)).toEqual(['steady']);
  });
});

test('from rollups: a fully refunded order is not part of the rhythm', () => {
  const s = story();
  s.arrive('c', at(0, 8));
  for (const d of [0, 10, 20, 30]) s.pay('c', `o${d}`, at(d), units(2), wx(23600));
  s.pay('c', 'o35', at(35), units(2), wx(23600));
  s.refund('c', 'o35', at(36), units(2), wx(23600));
  const { rollups } = recompute(s.events);
  const c = rollups.customers.get('c')!;
  expect([c.steady, c.nextDueDay, c.lastPaidAtMs]).toEqual([true, DAY0 + 40, at(30)]);
  const lists = rhythmNow(rollups.customers.values(), DAY0 + 38);
  expect(lists.dueThisWeek.map((r) => r.customerId)).toEqual(['c']);
  expect(lists.steady.map((r) => [r.customerId, r.revenueFen])).toEqual([['c', 4 * 23600]]);
});
