import { earningsOver, funnelOver, gradesOver, liabilitiesNow, repeatOver, rhythmNow, topOver } from '../../../cloudfunctions/src/analytics/domain/read';
import { recompute } from '../../../cloudfunctions/src/analytics/domain/rollupSet';
import { MAX_MOVES_PER_DAY } from '../../../cloudfunctions/src/analytics/domain/rollups';
import { at, balance, DAY0, story, units, wx } from './story';

/*
 * The store's own people (the owner): their money is money — sales, refunds, stored value — but
 * they are never customers: not in head-counts, newcomers, grades, repeat buckets or lists.
 */
const day0 = { fromDay: DAY0, toDay: DAY0 + 40 };

function withOwner() {
  const s = story();
  s.arrive('c', at(0, 8));
  s.pay('c', 'o1', at(0, 9), units(1), wx(12800));
  s.move('c', at(0, 9), 'fan', 'customer');
  s.events.push({ kind: 'arrived', id: 'own-arr', atMs: at(0, 7), customerId: 'owner', channel: 'direct', partnerId: null, staff: true });
  s.topUp('owner', at(0, 10), 100000, 20000);
  s.pay('owner', 'o2', at(0, 11), units(2), balance(20000, 4000));
  s.move('owner', at(0, 11), 'fan', 'customer');
  s.pay('owner', 'o3', at(1, 11), units(1), wx(990));
  s.refund('owner', 'o3', at(2, 11), units(1), wx(990));
  s.pay('owner', 'o4', at(20, 11), units(1), wx(990));
  return s;
}

test('the owner’s orders count as money and stored value, never as a customer', () => {
  const { rollups, rejected } = recompute(withOwner().events);
  expect(rejected).toEqual([]);
  const days = [...rollups.days.values()];
  const e = earningsOver(days, day0);
  expect([e.orders, e.salesFen, e.refunds, e.ordersFullyRefunded, e.netOrders]).toEqual([4, 12800 + 24000 + 990 + 990, 1, 1, 3]);
  expect(liabilitiesNow(rollups.store)).toMatchObject({ storedValuePrincipalFen: 80000, storedValueBonusFen: 16000 });
  expect(rollups.store.customers).toBe(1);
  expect(rollups.store.stageCounts).toEqual({ fan: 0, customer: 1, member: 0, partner: 0 });
  const f = funnelOver(rollups.store, days, day0);
  expect(f.moves.map((m) => m.customerId)).toEqual(['c']);
  expect(repeatOver(days, day0).buckets.map((b) => b.orders)).toEqual([1, 0, 0, 0]);
  expect(gradesOver(days, day0).total.arrived).toBe(1);
  expect(topOver(rollups.customers.values(), day0).list.map((r) => r.customerId)).toEqual(['c']);
  expect(rhythmNow(rollups.customers.values(), DAY0 + 30).dueThisWeek.map((r) => r.customerId)).not.toContain('owner');
});

test('paid orders net of full refunds: a partial refund keeps the order, the refund that completes it takes it out', () => {
  const s = story();
  s.arrive('c', at(0, 8));
  s.pay('c', 'o1', at(0, 9), units(2), wx(25600));
  s.refund('c', 'o1', at(1, 9), units(1), wx(12800));
  const part = earningsOver([...recompute(s.events).rollups.days.values()], day0);
  expect([part.orders, part.refunds, part.ordersFullyRefunded, part.netOrders]).toEqual([1, 1, 0, 1]);
  s.refund('c', 'o1', at(2, 9), units(1), wx(12800));
  const whole = earningsOver([...recompute(s.events).rollups.days.values()], day0);
  expect([whole.orders, whole.refunds, whole.ordersFullyRefunded, whole.netOrders]).toEqual([1, 2, 1, 0]);
});

test('a busy day keeps its latest moves and counts the rest, whatever order they were folded in', () => {
  const s = story();
  const n = MAX_MOVES_PER_DAY + 7;
  for (let i = 0; i < n; i += 1) {
    const id = `c${String(i).padStart(3, '0')}`;
    s.arrive(id, at(0, 8, i % 60));
    s.move(id, at(0, 12, i % 60) + i, 'fan', 'customer');
  }
  const forward = recompute(s.events).rollups;
  const reversed = recompute([...s.events].reverse().sort((a, b) => a.atMs - b.atMs)).rollups;
  const f = funnelOver(forward.store, [...forward.days.values()], day0);
  expect(f.moves).toHaveLength(MAX_MOVES_PER_DAY);
  expect(f.movesOmitted).toBe(7);
  expect(f.crossed[0]).toBe(n);
  expect(f.moves[0].customerId).toBe('c007');
  expect(JSON.stringify([...reversed.days.values()])).toBe(JSON.stringify([...forward.days.values()]));
});
