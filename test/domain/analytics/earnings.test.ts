import { dayLabel, lastDays } from '../../../cloudfunctions/src/analytics/domain/day';
import { earningsByDay, earningsOver, liabilitiesNow } from '../../../cloudfunctions/src/analytics/domain/read';
import { bpsOf, fenOf } from '../../../cloudfunctions/src/analytics/domain/ratio';
import { recompute } from '../../../cloudfunctions/src/analytics/domain/rollupSet';
import { at, balance, DAY0, story, units, wx } from './story';

/*
 * Three days worked by hand (amounts in fen):
 *   day 0  c1 pays o1 ¥100 by WeChat Pay (2 units); c2 tops up ¥1000 → ¥1200 and pays o2 ¥120 from
 *          stored value (¥100 principal + ¥20 bonus), which credits P ¥12 of commission.
 *   day 1  c1 gets ¥50 back on o1 (1 unit); o2's commission thaws; c3 pays o3 ¥298 (¥29.80 commission).
 *   day 2  o3 is refunded in full (its commission reversed from frozen); P withdraws ¥12 and is paid;
 *          c4 tops up ¥100 → ¥110 and has the principal refunded (bonus forfeited); c1 pays o4 ¥50
 *          (¥5 commission, still frozen).
 */
function threeDays() {
  const s = story();
  s.arrive('c1', at(0, 9)); s.arrive('c2', at(0, 9), 'code', 'P'); s.arrive('c3', at(1, 9)); s.arrive('c4', at(2, 8));
  s.pay('c1', 'o1', at(0, 10), units(2), wx(10000)); s.points('c1', at(0, 10), 100);
  s.topUp('c2', at(0, 11), 100000, 20000);
  s.pay('c2', 'o2', at(0, 12), units(1), balance(10000, 2000)); s.points('c2', at(0, 12), 120);
  s.commission('o2-1', at(0, 12), 1200, null, 'frozen');
  s.refund('c1', 'o1', at(1, 10), units(1), wx(5000)); s.points('c1', at(1, 10), -50);
  s.commission('o2-1', at(1, 11), 1200, 'frozen', 'available');
  s.pay('c3', 'o3', at(1, 12), units(1, 'p_tonic'), wx(29800)); s.points('c3', at(1, 12), 298);
  s.commission('o3-1', at(1, 12), 2980, null, 'frozen');
  s.refund('c3', 'o3', at(2, 9), units(1, 'p_tonic'), wx(29800)); s.points('c3', at(2, 9), -298);
  s.commission('o3-1', at(2, 9), 2980, 'frozen', null);
  s.commission('w1', at(2, 10), 1200, 'available', 'withdrawing');
  s.commission('w1', at(2, 15), 1200, 'withdrawing', 'paid');
  s.topUp('c4', at(2, 11), 10000, 1000); s.refundPrincipal('c4', at(2, 12), 10000, 1000);
  s.pay('c1', 'o4', at(2, 20), units(1), wx(5000)); s.points('c1', at(2, 20), 50);
  s.commission('o4-1', at(2, 20), 500, null, 'frozen');
  return s.events;
}

describe('earnings by hand', () => {
  const { rollups, rejected } = recompute(threeDays());
  const days = [...rollups.days.values()];
  test('every event applies', () => expect(rejected).toEqual([]));

  test.each([
    // day, orders, WeChat Pay, principal, bonus, refunds, accrued, reversed, paid out, top-ups, net earnings
    [0, 2, 10000, 10000, 2000, 0, 1200, 0, 0, 100000, 10000 + 10000 - 1200],
    [1, 1, 29800, 0, 0, 5000, 2980, 0, 0, 0, 29800 - 5000 - 2980],
    [2, 1, 5000, 0, 0, 29800, 500, 2980, 1200, 10000, 5000 - 29800 - (500 - 2980)],
  ])('day %i', (d, orders, wxFen, principalFen, bonusFen, refundsFen, accrued, reversed, paidOut, topUps, net) => {
    const e = earningsOver(days, { fromDay: DAY0 + d, toDay: DAY0 + d });
    expect([e.orders, e.salesWxpayFen, e.salesPrincipalFen, e.salesBonusFen, e.refundsFen, e.commissionAccruedFen, e.commissionReversedFen, e.commissionPaidOutFen, e.topUpWxpayFen, e.netEarningsFen])
      .toEqual([orders, wxFen, principalFen, bonusFen, refundsFen, accrued, reversed, paidOut, topUps, net]);
  });

  test('the three days together: ¥568 of sales over 4 orders, ¥348 refunded, ¥17 commission cost, ¥183 net', () => {
    const e = earningsOver(days, { fromDay: DAY0, toDay: DAY0 + 2 });
    expect(e).toMatchObject({ orders: 4, salesFen: 56800, refunds: 2, refundsFen: 34800, commissionCostFen: 1700, netEarningsFen: 18300, storedValueRefundFen: 10000, topUps: 2 });
    expect(fenOf(e.averageOrder)).toBe(14200);
    // Top-ups are stored value owed, not sales: ¥1100 came in and none of it is in salesFen.
    expect(e.topUpWxpayFen).toBe(110000);
  });

  test('AOV rounds half up only when formatted: ¥518 over 3 orders on days 0–1 is 51800/3', () => {
    const e = earningsOver(days, { fromDay: DAY0, toDay: DAY0 + 1 });
    expect(e.averageOrder).toEqual({ num: 10000 + 12000 + 29800, den: 3 });
    expect(fenOf(e.averageOrder)).toBe(17267);
  });

  test('by day: every day of the range, quiet days as zeros', () => {
    const series = earningsByDay(days, { fromDay: DAY0 - 1, toDay: DAY0 + 3 });
    expect(series.map((p) => [dayLabel(p.day), p.earnings.netEarningsFen])).toEqual([
      ['2026-01-04', 0], ['2026-01-05', 18800], ['2026-01-06', 21820], ['2026-01-07', -22320], ['2026-01-08', 0],
    ]);
    expect(fenOf(series[0].earnings.averageOrder)).toBeNull();
  });

  test('today / 7 days / 30 days end today', () => {
    expect(lastDays(DAY0 + 2, 1)).toEqual({ fromDay: DAY0 + 2, toDay: DAY0 + 2 });
    expect(earningsOver(days, lastDays(DAY0 + 2, 7)).netEarningsFen).toBe(18300);
    expect(earningsOver(days, lastDays(DAY0 + 2, 1)).netEarningsFen).toBe(-22320);
  });

  test('liabilities now: ¥900 principal and ¥180 bonus owed, 220 points, ¥5 commission frozen, ¥12 paid', () => {
    expect(liabilitiesNow(rollups.store)).toEqual({
      storedValuePrincipalFen: 90000, storedValueBonusFen: 18000, pointsOutstanding: 220,
      commission: { frozen: 500, available: 0, withdrawing: 0, paid: 1200 }, commissionPayableFen: 500,
    });
  });
});

describe('ratios stay exact', () => {
  test.each([
    [38, 100, 3800], [1, 3, 3333], [2, 3, 6667], [1, 8, 1250], [-1, 3, -3333], [0, 5, 0], [7, 0, null],
  ])('%i / %i = %p bps', (num, den, bps) => expect(bpsOf({ num, den })).toBe(bps));
});
