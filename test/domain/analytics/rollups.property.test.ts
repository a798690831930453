import fc from 'fast-check';
import { dayNoOf } from '../../../cloudfunctions/src/analytics/domain/day';
import { earningsByDay, earningsOver, funnelOver, gradesOver, liabilitiesNow, repeatOver, rhythmNow, topOver } from '../../../cloudfunctions/src/analytics/domain/read';
import { applyToSet, emptyRollupSet, recompute, type RollupSet } from '../../../cloudfunctions/src/analytics/domain/rollupSet';
import { oracle } from './oracle';
import { commands, eventsOf, redeliver } from './streams';

/*
 * After random streams of orders, refunds, top-ups, commission moves, stage moves and visits:
 *  1. the rollups kept incrementally — events delivered out of order across customers and some
 *     delivered twice — equal the rollups recomputed from scratch;
 *  2. every figure read from the rollups equals the figure computed from the raw events.
 * Fixed seed, bounded runs: the same cases on every machine.
 */
const RUNS = { seed: 20261129, numRuns: 150 };

const canonical = (set: RollupSet) => ({
  store: set.store,
  days: [...set.days.values()].sort((a, b) => a.day - b.day),
  customers: [...set.customers.values()].sort((a, b) => (a.customerId < b.customerId ? -1 : 1)),
  applied: [...set.applied].sort(),
});

test('incremental rollups, with repeats and reordering, equal a from-scratch recompute', () => {
  fc.assert(fc.property(commands, fc.nat(), (cmds, seed) => {
    const events = eventsOf(cmds);
    const rebuilt = recompute(events);
    expect(rebuilt.rejected).toEqual([]);
    const live = emptyRollupSet();
    const seen = new Set<string>();
    for (const e of redeliver(events, seed)) {
      const r = applyToSet(live, e);
      expect(r.status).toBe(seen.has(e.id) ? 'duplicate' : 'applied');
      seen.add(e.id);
    }
    expect(seen.size).toBe(events.length);
    expect(canonical(live)).toEqual(canonical(rebuilt.rollups));
  }), RUNS);
});

test('every figure read from rollups equals the figure computed from the raw events', () => {
  fc.assert(fc.property(commands.filter((c) => c.length > 0), fc.nat(40), fc.nat(40), fc.nat(10), (cmds, a, b, later) => {
    const events = eventsOf(cmds);
    if (events.length === 0) return;
    const { rollups } = recompute(events);
    const raw = oracle(events);
    const first = dayNoOf(events[0].atMs);
    const last = dayNoOf(events[events.length - 1].atMs);
    const ranges = [{ fromDay: first, toDay: last }, { fromDay: first + Math.min(a, b), toDay: first + Math.max(a, b) }, { fromDay: last, toDay: last }];
    const days = [...rollups.days.values()];
    const customers = [...rollups.customers.values()];
    for (const range of ranges) {
      expect(earningsOver(days, range)).toEqual(raw.earnings(range));
      expect(earningsByDay(days, range)).toEqual(raw.earningsByDay(range));
      expect(funnelOver(rollups.store, days, range)).toEqual(raw.funnel(range));
      expect(repeatOver(days, range)).toEqual(raw.repeat(range));
      expect(gradesOver(days, range)).toEqual(raw.grades(range));
      expect(topOver(customers, range)).toEqual(raw.top(range));
    }
    expect(liabilitiesNow(rollups.store)).toEqual(raw.liabilities());
    expect(rhythmNow(customers, last + later)).toEqual(raw.rhythm(last + later));
  }), RUNS);
});
