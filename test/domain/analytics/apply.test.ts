import { applyEvent, daysNeeded } from '../../../cloudfunctions/src/analytics/domain/apply';
import type { AnalyticsEvent } from '../../../cloudfunctions/src/analytics/domain/events';
import { applyToSet, emptyRollupSet, recompute, type RollupSet } from '../../../cloudfunctions/src/analytics/domain/rollupSet';
import { emptyStore } from '../../../cloudfunctions/src/analytics/domain/rollups';
import { at, DAY0, story, units, wx } from './story';

const snapshot = (set: RollupSet) => JSON.stringify({ store: set.store, days: [...set.days], customers: [...set.customers], applied: [...set.applied] });

function base() {
  const s = story();
  s.arrive('c', at(0, 8), 'code', 'P');
  s.pay('c', 'o1', at(0, 9), units(2), wx(20000));
  return s;
}

describe('bad events are refused with a typed code and change nothing', () => {
  const ok = { id: 'x', atMs: at(1) };
  const bad: [string, AnalyticsEvent][] = [
    ['an empty id', { ...ok, id: '', kind: 'engaged', customerId: 'c', action: 'view' }],
    ['a fractional time', { ...ok, atMs: 1.5, kind: 'engaged', customerId: 'c', action: 'view' }],
    ['a negative time', { ...ok, atMs: -1, kind: 'engaged', customerId: 'c', action: 'view' }],
    ['no customer', { ...ok, kind: 'engaged', customerId: '', action: 'view' }],
    ['an unknown action', { ...ok, kind: 'engaged', customerId: 'c', action: 'like' as 'view' }],
    ['an unknown channel', { ...ok, kind: 'arrived', customerId: 'd', channel: 'tv' as 'direct', partnerId: null }],
    ['an order without lines', { ...ok, kind: 'order_paid', customerId: 'c', orderId: 'o2', orderKind: 'goods', lines: [], paid: wx(100) }],
    ['a line of 0 units', { ...ok, kind: 'order_paid', customerId: 'c', orderId: 'o2', orderKind: 'goods', lines: units(0), paid: wx(100) }],
    ['fractional fen', { ...ok, kind: 'order_paid', customerId: 'c', orderId: 'o2', orderKind: 'goods', lines: units(1), paid: wx(99.5) }],
    ['negative fen', { ...ok, kind: 'order_paid', customerId: 'c', orderId: 'o2', orderKind: 'goods', lines: units(1), paid: { wxpayFen: 200, principalFen: -100, bonusFen: 0 } }],
    ['an unknown order kind', { ...ok, kind: 'order_paid', customerId: 'c', orderId: 'o2', orderKind: 'topup' as 'goods', lines: units(1), paid: wx(100) }],
    ['a refund of nothing', { ...ok, kind: 'order_refunded', customerId: 'c', orderId: 'o1', lines: [], refunded: wx(0) }],
    ['a top-up of nothing', { ...ok, kind: 'topped_up', customerId: 'c', wxpayFen: 0, principalFen: 0, bonusFen: 0 }],
    ['0 points', { ...ok, kind: 'points_posted', customerId: 'c', points: 0 }],
    ['commission of 0', { ...ok, kind: 'commission_moved', ref: 'r', partnerId: 'P', amountFen: 0, from: null, to: 'frozen' }],
    ['commission moving nowhere', { ...ok, kind: 'commission_moved', ref: 'r', partnerId: 'P', amountFen: 10, from: 'frozen', to: 'frozen' }],
    ['commission from nowhere to nowhere', { ...ok, kind: 'commission_moved', ref: 'r', partnerId: 'P', amountFen: 10, from: null, to: null }],
    ['an unknown commission status', { ...ok, kind: 'commission_moved', ref: 'r', partnerId: 'P', amountFen: 10, from: null, to: 'spent' as 'paid' }],
    ['a stage move that stays', { ...ok, kind: 'stage_moved', customerId: 'c', from: 'fan', to: 'fan' }],
    ['an unknown grade', { ...ok, kind: 'grade_overridden', customerId: 'c', grade: 'F' as 'A' }],
    ['an unknown kind', { ...ok, kind: 'teleported', customerId: 'c' } as unknown as AnalyticsEvent],
  ];
  test.each(bad)('%s', (_what, event) => {
    const set = recompute(base().events).rollups;
    const before = snapshot(set);
    const r = applyToSet(set, event);
    expect(r.status === 'rejected' && r.code).toBe('INVALID_EVENT');
    expect(snapshot(set)).toBe(before);
  });

  type Story = ReturnType<typeof story>;
  test.each<[string, (s: Story) => void, string]>([
    ['a second arrival', (s) => s.arrive('c', at(1), 'poster', 'Q'), 'ALREADY_ARRIVED'],
    ['the same order paid again under another event id', (s) => s.pay('c', 'o1', at(1), units(2), wx(20000)), 'DUPLICATE_ORDER'],
    ['a refund of an order never paid', (s) => s.refund('c', 'o9', at(1), units(1), wx(100)), 'UNKNOWN_ORDER'],
    ['a refund of someone else\'s order', (s) => { s.arrive('d', at(1)); s.refund('d', 'o1', at(1), units(1), wx(100)); }, 'UNKNOWN_ORDER'],
    ['an order of someone who never arrived', (s) => s.pay('ghost', 'o7', at(1), units(1), wx(100)), 'UNKNOWN_CUSTOMER'],
  ])('%s is refused', (_what, add, code) => {
    const s = base();
    add(s);
    const last = s.events[s.events.length - 1];
    const set = emptyRollupSet();
    for (const e of s.events.slice(0, -1)) expect(applyToSet(set, e).status).toBe('applied');
    const before = snapshot(set);
    const r = applyToSet(set, last);
    expect(r.status === 'rejected' && r.code).toBe(code);
    expect(snapshot(set)).toBe(before);
  });
});

describe('idempotency: an event id is applied once', () => {
  test('every event of a story applied twice in a row equals applying it once', () => {
    const s = base();
    s.engage('c', at(1), 'cart');
    s.refund('c', 'o1', at(2), units(1), wx(10000));
    s.move('c', at(2), 'fan', 'customer');
    s.commission('o1-1', at(2), 1000, null, 'frozen');
    s.topUp('c', at(3), 10000, 1000);
    s.points('c', at(3), 200);
    s.override('c', at(4), 'E');
    const once = recompute(s.events).rollups;
    const twice = emptyRollupSet();
    for (const e of s.events) {
      expect(applyToSet(twice, e).status).toBe('applied');
      expect(applyToSet(twice, e).status).toBe('duplicate');
    }
    expect(snapshot(twice)).toBe(snapshot(once));
  });

  test('a refused event is not marked, so it applies once its cause has been folded', () => {
    const s = base();
    const early = s.pay('late', 'o5', at(2), units(1), wx(500));
    const set = recompute(s.events).rollups;
    expect(set.applied.has(early.id)).toBe(false);
    applyToSet(set, { kind: 'arrived', id: 'arr-late', atMs: at(1), customerId: 'late', channel: 'direct', partnerId: null });
    expect(applyToSet(set, early).status).toBe('applied');
  });
});

describe('the slice the fold reads', () => {
  test('names the event\'s day, the arrival day and a refunded purchase\'s day', () => {
    const { rollups } = recompute(base().events);
    const c = rollups.customers.get('c')!;
    const refund: AnalyticsEvent = { kind: 'order_refunded', id: 'r', atMs: at(5), customerId: 'c', orderId: 'o1', lines: units(1), refunded: wx(100) };
    expect(daysNeeded(refund, c)).toEqual([DAY0 + 5, DAY0]);
    expect(daysNeeded({ kind: 'engaged', id: 'e', atMs: at(5), customerId: 'c', action: 'view' }, c)).toEqual([DAY0]);
    expect(daysNeeded({ kind: 'points_posted', id: 'p', atMs: at(5), customerId: 'c', points: 5 }, c)).toEqual([]);
  });

  test('a day the caller did not read is a programming error, never a silently blank document', () => {
    const e: AnalyticsEvent = { kind: 'arrived', id: 'a', atMs: at(0), customerId: 'n', channel: 'direct', partnerId: null };
    expect(() => applyEvent({ applied: false, store: emptyStore(), customer: null, days: new Map() }, e)).toThrow(/was not read/);
  });

  test('the caller\'s documents are never changed', () => {
    const { rollups } = recompute(base().events);
    const store = JSON.stringify(rollups.store);
    const day = JSON.stringify(rollups.days.get(DAY0));
    const customer = rollups.customers.get('c')!;
    const json = JSON.stringify(customer);
    const e: AnalyticsEvent = { kind: 'order_paid', id: 'p2', atMs: at(0, 20), customerId: 'c', orderId: 'o2', orderKind: 'group', lines: units(1), paid: wx(9900) };
    const r = applyEvent({ applied: false, store: rollups.store, customer, days: new Map([[DAY0, rollups.days.get(DAY0)!]]) }, e);
    expect(r.status).toBe('applied');
    expect([JSON.stringify(rollups.store), JSON.stringify(rollups.days.get(DAY0)), JSON.stringify(customer)]).toEqual([store, day, json]);
  });
});
