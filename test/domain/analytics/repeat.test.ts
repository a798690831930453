import { bucketIndex } from '../../../cloudfunctions/src/analytics/domain/repeat';
import { repeatOver } from '../../../cloudfunctions/src/analytics/domain/read';
import { bpsOf } from '../../../cloudfunctions/src/analytics/domain/ratio';
import { recompute } from '../../../cloudfunctions/src/analytics/domain/rollupSet';
import { at, DAY0, story, units, wx } from './story';

/*
 * Seed 001: "100 new customers bought 110 items (1.1 a head); on their 2nd purchase 1.6, on the
 * 3rd 2.5". Built by hand: 100 first purchases (90 × 1 item, 10 × 2) at ¥186; 50 second
 * purchases (20 × 1, 30 × 2) at ¥138; 20 third purchases (10 × 2, 10 × 3) at ¥150; 10 fourth
 * purchases of 4 items at ¥150. Repeat revenue = 6900 + 3000 + 1500 = ¥11,400 of ¥30,000 = 38 %,
 * the seed's repurchase share.
 */
function seed001() {
  const s = story();
  for (let i = 0; i < 100; i += 1) {
    const c = `c${i}`;
    s.arrive(c, at(0, 8));
    s.pay(c, `${c}-1`, at(0, 9), units(i < 10 ? 2 : 1), wx(18600));
    if (i < 50) s.pay(c, `${c}-2`, at(10, 9), units(i < 20 ? 1 : 2), wx(13800));
    if (i < 20) s.pay(c, `${c}-3`, at(20, 9), units(i < 10 ? 2 : 3), wx(15000));
    if (i < 10) s.pay(c, `${c}-4`, at(30, 9), units(4), wx(15000));
  }
  return s;
}

const ALL = { fromDay: DAY0 - 1, toDay: DAY0 + 60 };
const perOrderBps = (f: ReturnType<typeof repeatOver>) => f.itemsPerOrder.map(bpsOf);

describe('seed 001 by hand', () => {
  test('items per order 1.1 → 1.6 → 2.5 → 4, repurchase share 38 %', () => {
    const { rollups, rejected } = recompute(seed001().events);
    expect(rejected).toEqual([]);
    const f = repeatOver(rollups.days.values(), ALL);
    expect(f.buckets.map((b) => [b.orders, b.units, b.revenueFen])).toEqual([[100, 110, 1860000], [50, 80, 690000], [20, 50, 300000], [10, 40, 150000]]);
    expect(perOrderBps(f)).toEqual([11000, 16000, 25000, 40000]);
    expect(f.repurchaseShare).toEqual({ num: 1140000, den: 3000000 });
    expect(bpsOf(f.repurchaseShare)).toBe(3800);
    expect(bpsOf(f.repeatOrderShare)).toBe(4444); // 80 of 180 orders
  });

  test('a range counts the purchases paid in it: day 10 alone is all 2nd purchases', () => {
    const { rollups } = recompute(seed001().events);
    const f = repeatOver(rollups.days.values(), { fromDay: DAY0 + 10, toDay: DAY0 + 10 });
    expect(f.buckets.map((b) => b.orders)).toEqual([0, 50, 0, 0]);
    expect(bpsOf(f.repurchaseShare)).toBe(10000);
    expect(f.itemsPerOrder[0]).toEqual({ num: 0, den: 0 });
  });
});

describe('refunds', () => {
  // c pays o1 (2 items ¥200), o2 (3 items ¥300); o1 is refunded in full after o2 was paid, o2 in part.
  function withRefunds() {
    const s = story();
    s.arrive('c', at(0, 8));
    s.pay('c', 'o1', at(0, 9), units(2), wx(20000));
    s.pay('c', 'o2', at(5, 9), units(3), wx(30000));
    s.refund('c', 'o1', at(6, 9), units(2), wx(20000));
    s.refund('c', 'o2', at(7, 9), units(1), wx(10000));
    s.pay('c', 'o3', at(9, 9), units(1), wx(10000));
    return s;
  }

  test('net of refunds, on the day each order was paid; numbers fixed at payment', () => {
    const { rollups, rejected } = recompute(withRefunds().events);
    expect(rejected).toEqual([]);
    const f = repeatOver(rollups.days.values(), ALL);
    // o1 fully refunded: no longer an order, nothing left. o2 stays the 2nd purchase (2 items, ¥200 left).
    // o3 is numbered after the purchases not fully refunded when it was paid: o2 only, so it is the 2nd.
    expect(f.buckets.map((b) => [b.orders, b.units, b.revenueFen])).toEqual([[0, 0, 0], [2, 3, 30000], [0, 0, 0], [0, 0, 0]]);
    const c = rollups.customers.get('c')!;
    expect(c.purchases.map((p) => [p.orderId, p.number, p.fullyRefunded])).toEqual([['o1', 1, true], ['o2', 2, false], ['o3', 2, false]]);
    expect([c.revenueFen, c.purchaseCount]).toEqual([30000, 2]);
  });

  test.each([
    ['more money than was paid', { wxpayFen: 20001, principalFen: 0, bonusFen: 0 }, 1],
    ['money from stored value the order did not use', { wxpayFen: 0, principalFen: 1, bonusFen: 0 }, 1],
    ['more units than were bought', { wxpayFen: 0, principalFen: 0, bonusFen: 0 }, 3],
  ])('a refund of %s is refused and changes nothing', (_what, refunded, qty) => {
    const s = story();
    s.arrive('c', at(0, 8));
    s.pay('c', 'o1', at(0, 9), units(2), wx(20000));
    const before = JSON.stringify([...recompute(s.events).rollups.days.values()]);
    s.refund('c', 'o1', at(1, 9), units(qty), refunded);
    const { rollups, rejected } = recompute(s.events);
    expect(rejected.map((r) => r.code)).toEqual(['OVER_REFUND']);
    expect(JSON.stringify([...rollups.days.values()].filter((d) => d.day <= DAY0))).toBe(before);
    expect(rollups.days.get(DAY0 + 1)).toBeUndefined();
  });

  test('two partial refunds that add up to the whole make the order fully refunded', () => {
    const s = story();
    s.arrive('c', at(0, 8));
    s.pay('c', 'o1', at(0, 9), [{ productId: 'a', qty: 1 }, { productId: 'b', qty: 1 }], wx(20000));
    s.refund('c', 'o1', at(1, 9), [{ productId: 'a', qty: 1 }], wx(10000));
    s.refund('c', 'o1', at(2, 9), [], wx(10000)); // the rest of the money, goods kept (退款不退货)
    const { rollups } = recompute(s.events);
    expect(rollups.customers.get('c')!.purchases[0]).toMatchObject({ fullyRefunded: true, unitsRefunded: 1 });
    // Once fully refunded it is no order at all: its kept unit does not count either.
    expect(repeatOver(rollups.days.values(), ALL).buckets[0]).toEqual({ orders: 0, units: 0, revenueFen: 0 });
  });
});

test.each([[1, 0], [2, 1], [3, 2], [4, 3], [17, 3]])('purchase %i falls in bucket %i', (n, b) => expect(bucketIndex(n)).toBe(b));
test('purchase 0 has no bucket', () => expect(() => bucketIndex(0)).toThrow(RangeError));
