import type { EngagementAction, Grade } from '../../../cloudfunctions/src/analytics/domain/events';
import { gradesOver } from '../../../cloudfunctions/src/analytics/domain/read';
import { bpsOf } from '../../../cloudfunctions/src/analytics/domain/ratio';
import { applyToSet, emptyRollupSet, recompute } from '../../../cloudfunctions/src/analytics/domain/rollupSet';
import { at, DAY0, story, units, wx } from './story';

type Step = [day: number, hour: number, what: EngagementAction | 'pay' | 'opt_out'];

// Every newcomer arrives on day 0 at 10:00 (China time). The window runs to day 14, 10:00.
const rows: [string, Step[], Grade][] = [
  ['buys 3 hours after arriving', [[0, 13, 'pay']], 'A'],
  ['buys 23 h 59 min later', [[1, 9, 'view'], [1, 9.98, 'pay']], 'A'],
  ['buys 30 hours later, nothing else', [[1, 16, 'pay']], 'B'],
  ['views on day 0 and day 3', [[0, 11, 'view'], [3, 20, 'view']], 'B'],
  ['adds to cart once', [[0, 11, 'cart']], 'B'],
  ['joins a group', [[2, 11, 'group_join']], 'B'],
  ['views three products on the arrival day only', [[0, 11, 'view'], [0, 12, 'view'], [0, 13, 'view']], 'C'],
  ['comes back for a visit on day 2 only', [[2, 11, 'visit']], 'C'],
  ['visits again on the arrival day only', [[0, 18, 'visit']], 'D'],
  ['does nothing', [], 'D'],
  ['views, then opts out the next day', [[0, 11, 'view'], [1, 11, 'opt_out']], 'E'],
  ['opts out without a look', [[0, 10.5, 'opt_out']], 'E'],
  ['buys at once, then opts out', [[0, 12, 'pay'], [1, 11, 'opt_out']], 'A'],
  ['views once, opts out on day 20 (after the window)', [[0, 11, 'view'], [20, 11, 'opt_out']], 'C'],
  ['views on days 20 and 21 only (after the window)', [[20, 11, 'view'], [21, 11, 'view']], 'D'],
  ['first buys on day 15 (after the window)', [[15, 11, 'pay']], 'D'],
  ['views on day 13, last day of the window, and day 14 at 09:00', [[13, 11, 'view'], [14, 9, 'view']], 'B'],
  ['views on day 13 and day 14 at 10:00 (window closed)', [[13, 11, 'view'], [14, 10, 'view']], 'C'],
];

function newcomer(steps: Step[], customerId = 'n', channel: 'direct' | 'poster' = 'direct') {
  const s = story();
  s.arrive(customerId, at(0, 10), channel, channel === 'poster' ? 'P' : null);
  let order = 0;
  for (const [d, h, what] of steps) {
    const atMs = at(d, Math.floor(h), Math.round((h % 1) * 60));
    if (what === 'pay') s.pay(customerId, `${customerId}-o${++order}`, atMs, units(1), wx(9900));
    else if (what === 'opt_out') s.optOut(customerId, atMs);
    else s.engage(customerId, atMs, what);
  }
  return s;
}

describe('seed 003 grades', () => {
  test.each(rows)('%s → %s', (_what, steps, grade) => {
    const { rollups, rejected } = recompute(newcomer(steps).events);
    expect(rejected).toEqual([]);
    expect(rollups.customers.get('n')!.grade).toBe(grade);
  });

  test('counted by channel on the arrival day; shares per channel', () => {
    const s = story();
    rows.forEach(([, steps], i) => s.events.push(...newcomer(steps, `n${i}`, i % 2 === 0 ? 'direct' : 'poster').events.map((e) => ({ ...e, id: `${i}-${e.id}` }))));
    const { rollups } = recompute(s.events);
    const t = gradesOver(rollups.days.values(), { fromDay: DAY0, toDay: DAY0 });
    const expected = (channel: number) => {
      const g: Record<Grade, number> = { A: 0, B: 0, C: 0, D: 0, E: 0 };
      rows.forEach(([, , grade], i) => { if (i % 2 === channel) g[grade] += 1; });
      return g;
    };
    expect(t.channels.find((c) => c.channel === 'direct')!.grades).toEqual(expected(0));
    expect(t.channels.find((c) => c.channel === 'poster')!.grades).toEqual(expected(1));
    expect(t.total.arrived).toBe(rows.length);
    const direct = t.channels.find((c) => c.channel === 'direct')!;
    expect(bpsOf(direct.shares.A)).toBe(Math.round((expected(0).A / 9) * 10000));
    // Nobody arrived the day before: the grades belong to the arrival day, not the day of behaviour.
    expect(gradesOver(rollups.days.values(), { fromDay: DAY0 + 1, toDay: DAY0 + 30 }).total.arrived).toBe(0);
  });
});

describe('the owner overrides a grade', () => {
  test('the latest override wins over behaviour and can be cleared', () => {
    const s = newcomer([[0, 11, 'view']]); // C
    s.override('n', at(1), 'A');
    const first = recompute(s.events).rollups;
    expect(first.customers.get('n')!.grade).toBe('A');
    expect(gradesOver(first.days.values(), { fromDay: DAY0, toDay: DAY0 }).total.grades).toEqual({ A: 1, B: 0, C: 0, D: 0, E: 0 });
    s.override('n', at(2), null);
    const cleared = recompute(s.events).rollups;
    expect(cleared.customers.get('n')!.grade).toBe('C');
    expect(gradesOver(cleared.days.values(), { fromDay: DAY0, toDay: DAY0 }).total.grades).toEqual({ A: 0, B: 0, C: 1, D: 0, E: 0 });
  });

  test('an older override folded late does not replace a newer one', () => {
    const s = newcomer([]);
    s.override('n', at(5), 'B');
    s.override('n', at(3), 'E');
    const set = emptyRollupSet();
    for (const e of s.events) expect(applyToSet(set, e).status).toBe('applied'); // in the order written: the older one last
    expect(set.customers.get('n')!.grade).toBe('B');
  });

  test('behaviour of someone who never arrived is refused', () => {
    const s = story();
    s.engage('ghost', at(0), 'view');
    expect(recompute(s.events).rejected.map((r) => r.code)).toEqual(['UNKNOWN_CUSTOMER']);
  });
});
