import { flowOfMove } from '../../../cloudfunctions/src/analytics/domain/funnel';
import { funnelOver } from '../../../cloudfunctions/src/analytics/domain/read';
import { recompute } from '../../../cloudfunctions/src/analytics/domain/rollupSet';
import { at, DAY0, story } from './story';

/*
 * Five people, the period is days 1–2:
 *   day 0  a1..a4 arrive; a1 buys (粉丝 → 顾客)
 *   day 1  a5 arrives; a2 buys (粉丝 → 顾客); a1 buys the card (顾客 → 会员)
 *   day 2  a3 buys the partner package as a first order (粉丝 → 合伙人, passing 顾客 and 会员);
 *          a1's card is refunded (会员 → 顾客)
 *   day 3  a4 buys (after the period)
 * At the start of day 1: 3 fans, 1 customer. During the period 粉丝 gained a5; 顾客 was entered by
 * a2, by a3 passing through and by a1 coming back; 会员 by a1 and a3 passing through; 合伙人 by a3.
 *   粉丝→顾客  a2, a3 crossed       2 / (3 + 1) = 50 %
 *   顾客→会员  a1, a3 crossed       2 / (1 + 3) = 50 %
 *   会员→合伙人 a3 crossed          1 / (0 + 2) = 50 %
 */
function ladder() {
  const s = story();
  for (const c of ['a1', 'a2', 'a3', 'a4']) s.arrive(c, at(0, 8));
  s.move('a1', at(0, 9), 'fan', 'customer');
  s.arrive('a5', at(1, 8));
  s.move('a2', at(1, 9), 'fan', 'customer');
  s.move('a1', at(1, 10), 'customer', 'member');
  s.move('a3', at(2, 9), 'fan', 'partner');
  s.move('a1', at(2, 10), 'member', 'customer');
  s.move('a4', at(3, 9), 'fan', 'customer');
  return s.events;
}

describe('the ladder funnel by hand', () => {
  const { rollups, rejected } = recompute(ladder());
  const f = funnelOver(rollups.store, rollups.days.values(), { fromDay: DAY0 + 1, toDay: DAY0 + 2 });

  test('all moves apply', () => expect(rejected).toEqual([]));
  test('head-counts now, at the start and at the end of the period', () => {
    expect(f.headcounts).toEqual({ fan: 1, customer: 3, member: 0, partner: 1 });
    expect(f.atStart).toEqual({ fan: 3, customer: 1, member: 0, partner: 0 });
    expect(f.atEnd).toEqual({ fan: 2, customer: 2, member: 0, partner: 1 });
  });
  test('entries, crossings and conversion per step', () => {
    expect(f.entered).toEqual({ fan: 1, customer: 3, member: 2, partner: 1 });
    expect(f.crossed).toEqual([2, 2, 1]);
    expect(f.conversion).toEqual([{ num: 2, den: 4 }, { num: 2, den: 4 }, { num: 1, den: 2 }]);
  });
  test('who moved, in time order', () => {
    expect(f.moves.map((m) => `${m.customerId} ${m.from}→${m.to}`)).toEqual(['a2 fan→customer', 'a1 customer→member', 'a3 fan→partner', 'a1 member→customer']);
  });
  test('a period that ends today reads the same start from today\'s counts', () => {
    const g = funnelOver(rollups.store, rollups.days.values(), { fromDay: DAY0 + 3, toDay: DAY0 + 3 });
    expect(g.atStart).toEqual({ fan: 2, customer: 2, member: 0, partner: 1 });
    expect(g.conversion[0]).toEqual({ num: 1, den: 2 });
  });
  test('a move from a stage the customer is not at is refused', () => {
    const events = ladder();
    events.push({ kind: 'stage_moved', id: 'late', atMs: at(4), customerId: 'a2', from: 'member', to: 'partner' });
    const r = recompute(events);
    expect(r.rejected).toEqual([{ eventId: 'late', code: 'STAGE_MISMATCH', message: 'customer a2 is customer, not member' }]);
    expect(r.rollups.store.stageCounts).toEqual(rollups.store.stageCounts);
  });
});

test.each([
  ['arrival', null, 'fan', [0, 0, 0], { fan: 1, customer: 0, member: 0, partner: 0 }],
  ['first purchase', 'fan', 'customer', [1, 0, 0], { fan: 0, customer: 1, member: 0, partner: 0 }],
  ['fan buys the partner package', 'fan', 'partner', [1, 1, 1], { fan: 0, customer: 1, member: 1, partner: 1 }],
  ['card lapses', 'member', 'customer', [0, 0, 0], { fan: 0, customer: 1, member: 0, partner: 0 }],
] as const)('%s: unit steps', (_what, from, to, crossed, entered) => {
  const f = flowOfMove(from, to);
  expect(f.crossed).toEqual(crossed);
  expect(f.entered).toEqual(entered);
});
