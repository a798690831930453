import { topOver } from '../../../cloudfunctions/src/analytics/domain/read';
import { bpsOf } from '../../../cloudfunctions/src/analytics/domain/ratio';
import { recompute } from '../../../cloudfunctions/src/analytics/domain/rollupSet';
import { topCustomers } from '../../../cloudfunctions/src/analytics/domain/topCustomers';
import { at, DAY0, story, units, wx } from './story';

const row = (customerId: string, revenueFen: number) => ({ customerId, revenueFen, orders: 1, lastPaidDay: 0 });

describe('seed 003: 20 % of customers, 80 % of revenue', () => {
  test('10 customers: the top 2 bring ¥800 of ¥1000', () => {
    const t = topCustomers([50000, 30000, 5000, 4000, 3000, 2500, 2000, 1500, 1000, 1000].map((r, i) => row(`c${i}`, r)));
    expect([t.customers, t.topCount, t.topRevenueFen, t.totalRevenueFen, bpsOf(t.share)]).toEqual([10, 2, 80000, 100000, 8000]);
    expect(t.list.map((r) => r.customerId)).toEqual(['c0', 'c1']);
  });

  test('20 % rounds up; customers without revenue do not count; ties go by id', () => {
    const t = topCustomers([row('b', 100), row('a', 100), row('c', 50), row('z', 0), row('d', 10), row('e', 10), row('f', 10)]);
    expect([t.customers, t.topCount]).toEqual([6, 2]);
    expect(t.list.map((r) => r.customerId)).toEqual(['a', 'b']);
    expect(topCustomers([]).share).toEqual({ num: 0, den: 0 });
  });
});

test('from rollups: revenue in the period, net of refunds', () => {
  const s = story();
  for (const c of ['big', 'mid', 'small', 'gone', 'old']) s.arrive(c, at(0, 8));
  s.pay('old', 'o-old', at(0), units(1), wx(999900)); // before the period
  s.pay('big', 'o1', at(5), units(3), wx(60000));
  s.refund('big', 'o1', at(6), units(1), wx(20000));
  s.pay('mid', 'o2', at(5), units(1), wx(30000));
  s.pay('small', 'o3', at(5), units(1), wx(10000));
  s.pay('gone', 'o4', at(5), units(1), wx(90000));
  s.refund('gone', 'o4', at(7), units(1), wx(90000));
  const { rollups } = recompute(s.events);
  const t = topOver(rollups.customers.values(), { fromDay: DAY0 + 1, toDay: DAY0 + 10 });
  expect([t.customers, t.topCount, t.topRevenueFen, t.totalRevenueFen]).toEqual([3, 1, 40000, 80000]);
  expect(t.list).toEqual([{ customerId: 'big', revenueFen: 40000, orders: 1, lastPaidDay: DAY0 + 5 }]);
});
