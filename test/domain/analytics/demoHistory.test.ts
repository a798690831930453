import { dayNoOf, dayStartMs, DAY_MS } from '../../../cloudfunctions/src/analytics/domain/day';
import { generateDemoHistory, type DemoHistoryOptions } from '../../../cloudfunctions/src/analytics/domain/demoHistory';
import { validateEvent, type AnalyticsEvent, type Channel } from '../../../cloudfunctions/src/analytics/domain/events';
import { earningsOver, funnelOver, gradesOver, liabilitiesNow, repeatOver, rhythmNow, topOver } from '../../../cloudfunctions/src/analytics/domain/read';
import { bpsOf } from '../../../cloudfunctions/src/analytics/domain/ratio';
import { recompute } from '../../../cloudfunctions/src/analytics/domain/rollupSet';
import { DEMO_PRODUCTS } from '../../../local/seed/demo';
import { oracle } from './oracle';

/*
 * A year of demo history, run through the analytics. The tolerances are what this test promises
 * about the generator's shapes (seed 001: repurchase share 38 %, items per order 1.1 → 1.6 → 2.5;
 * seed 003: the top 20 % bring most revenue, grades differ by channel; seed 000: steady customers).
 */
const START_MS = dayStartMs(dayNoOf(Date.UTC(2025, 11, 1, 4)));
const options = (over: Partial<DemoHistoryOptions> = {}): DemoHistoryOptions => ({
  seed: 20261129, startMs: START_MS, days: 365, newcomers: 5200,
  products: DEMO_PRODUCTS.map((p) => ({ ...p })), groupPrices: { p_diaper: 9900, p_trial: 490 },
  topUp: { payFen: 100000, bonusFen: 20000 }, commissionBps: 1000, ...over,
});
const YEAR = { fromDay: dayNoOf(START_MS), toDay: dayNoOf(START_MS) + 364 };

describe('a year of demo history', () => {
  const history = generateDemoHistory(options());
  const { rollups, rejected } = recompute(history.events);
  const days = [...rollups.days.values()];
  const customers = [...rollups.customers.values()];

  test('deterministic: the same seed gives the same events, another seed others', () => {
    expect(JSON.stringify(generateDemoHistory(options()).events)).toBe(JSON.stringify(history.events));
    expect(JSON.stringify(generateDemoHistory(options({ seed: 7 })).events.slice(0, 50))).not.toBe(JSON.stringify(history.events.slice(0, 50)));
  });

  test('every event is valid, inside the year, about the demo store\'s products, and folds without a refusal', () => {
    expect(history.events.map(validateEvent).filter((r) => r !== null)).toEqual([]);
    expect(rejected).toEqual([]);
    const ids = new Set<string>(DEMO_PRODUCTS.map((p) => p._id));
    const lines = history.events.flatMap((e) => (e.kind === 'order_paid' || e.kind === 'order_refunded' ? e.lines : []));
    expect(lines.filter((l) => !ids.has(l.productId))).toEqual([]);
    expect(history.events.every((e) => e.atMs >= START_MS && e.atMs < START_MS + 365 * DAY_MS)).toBe(true);
    expect(new Set(history.events.map((e) => e.id)).size).toBe(history.events.length);
  });

  test('about 2,000 paying customers out of 5,200 newcomers', () => {
    const paying = customers.filter((c) => c.purchases.length > 0).length;
    expect(customers.length).toBe(5200);
    expect(paying).toBeGreaterThanOrEqual(1800);
    expect(paying).toBeLessThanOrEqual(2300);
    const orders = history.events.filter((e) => e.kind === 'order_paid').length;
    expect(orders).toBeGreaterThan(paying);
    expect(earningsOver(days, YEAR).orders).toBe(orders);
  });

  test('seed 001: items per order rise 1.1 → 1.6 → 2.5 (±0.1) and more after; repurchase share 38 % (±4 points)', () => {
    const r = repeatOver(days, YEAR);
    const [first, second, third, later] = r.itemsPerOrder.map((x) => bpsOf(x)!);
    expect(first).toBeGreaterThanOrEqual(10000); expect(first).toBeLessThanOrEqual(12000);
    expect(second).toBeGreaterThanOrEqual(15000); expect(second).toBeLessThanOrEqual(17000);
    expect(third).toBeGreaterThanOrEqual(24000); expect(third).toBeLessThanOrEqual(26000);
    expect(later).toBeGreaterThan(third);
    expect(Math.abs(bpsOf(r.repurchaseShare)! - 3800)).toBeLessThanOrEqual(400);
  });

  test('seed 003: the top 20 % bring most of the revenue (over 60 %)', () => {
    const top = topOver(customers, YEAR);
    expect(top.topCount).toBe(Math.ceil(top.customers / 5));
    expect(bpsOf(top.share)!).toBeGreaterThan(6000);
  });

  test('seed 003: every channel shows every grade, and channels differ — codes and group buys bring more A, direct traffic more D', () => {
    const table = gradesOver(days, YEAR);
    const row = (c: Channel) => table.channels.find((x) => x.channel === c)!;
    for (const c of table.channels) expect(Object.values(c.grades).every((n) => n > 0)).toBe(true);
    expect(bpsOf(row('code').shares.A)!).toBeGreaterThan(2 * bpsOf(row('direct').shares.A)!);
    expect(bpsOf(row('groupbuy').shares.A)!).toBeGreaterThan(2 * bpsOf(row('direct').shares.A)!);
    expect(bpsOf(row('direct').shares.D)!).toBeGreaterThan(bpsOf(row('code').shares.D)!);
    expect(table.total.arrived).toBe(5200);
    expect(customers.filter((c) => c.override !== null).length).toBeGreaterThan(0);
  });

  test('the ladder: fans, customers, members and partners; partners and members brought newcomers through codes and posters after they became one', () => {
    const f = funnelOver(rollups.store, days, YEAR);
    expect(Object.values(f.headcounts).every((n) => n > 0)).toBe(true);
    expect(history.partners.length).toBeGreaterThanOrEqual(10);
    for (const p of history.partners) expect(rollups.customers.get(p)!.stage).toBe('partner');
    const becamePartner = new Map(history.events.filter((e) => e.kind === 'stage_moved' && (e.to === 'partner' || e.to === 'member')).map((e) => [(e as { customerId: string }).customerId, e.atMs]));
    const referred = history.events.filter((e): e is Extract<AnalyticsEvent, { kind: 'arrived' }> => e.kind === 'arrived' && e.partnerId !== null);
    expect(referred.filter((e) => e.channel === 'code').length).toBeGreaterThan(100);
    expect(referred.filter((e) => e.channel === 'poster').length).toBeGreaterThan(50);
    expect(referred.every((e) => (becamePartner.get(e.partnerId!) ?? Infinity) < e.atMs)).toBe(true);
  });

  test('seed 002: members who bring newcomers earn points, never cash; a whole refund takes the points back', () => {
    const partners = new Set(history.partners);
    const rewards = history.events.filter((e): e is Extract<AnalyticsEvent, { kind: 'points_posted' }> => e.kind === 'points_posted' && e.referralOf !== undefined);
    expect(rewards.filter((e) => e.points > 0).length).toBeGreaterThan(20);
    expect(rewards.filter((e) => e.points < 0).length).toBeGreaterThan(0);
    expect(rewards.filter((e) => partners.has(e.customerId))).toEqual([]);
    const paidOrders = new Set(rewards.map((e) => e.referralOf));
    const cash = history.events.filter((e) => e.kind === 'commission_moved' && e.from === null && paidOrders.has((e as { ref: string }).ref));
    expect(cash).toEqual([]);
    // Every reversal takes back exactly what its order earned.
    for (const r of rewards.filter((e) => e.points < 0)) expect(rewards.some((e) => e.referralOf === r.referralOf && e.points === -r.points)).toBe(true);
  });

  test('seed 000: the steady rule finds every customer generated to buy on a schedule, unless a refund broke the rhythm', () => {
    const steady = rhythmNow(customers, YEAR.toDay).steady.map((r) => r.customerId);
    const c = (id: string) => rollups.customers.get(id)!;
    const refunded = (id: string) => c(id).purchases.some((p) => p.unitsRefunded > 0 || p.fullyRefunded);
    const clean = history.steady.filter((id) => c(id).purchaseCount >= 4 && !refunded(id));
    expect(clean.length).toBeGreaterThanOrEqual(10);
    expect(clean.filter((id) => !steady.includes(id))).toEqual([]);
    // A refunded month leaves a gap or a smaller amount: those are not steady by the rule.
    expect(history.steady.filter((id) => refunded(id) && steady.includes(id)).length).toBeLessThanOrEqual(1);
    // Few others happen to look steady.
    expect(steady.filter((id) => !history.steady.includes(id)).length).toBeLessThanOrEqual(5);
  });

  test('group buys, stored value, refunds in part and in whole, and commission in every status', () => {
    const orders = history.events.filter((e): e is Extract<AnalyticsEvent, { kind: 'order_paid' }> => e.kind === 'order_paid');
    expect(orders.filter((o) => o.orderKind === 'group').length).toBeGreaterThan(200);
    expect(orders.filter((o) => o.paid.principalFen + o.paid.bonusFen > 0).length).toBeGreaterThan(20);
    const e = earningsOver(days, YEAR);
    expect(e.topUps).toBeGreaterThan(10);
    const refunds = customers.flatMap((c) => c.purchases).filter((p) => p.unitsRefunded > 0 || p.refunded.wxpayFen + p.refunded.principalFen + p.refunded.bonusFen > 0);
    expect(refunds.filter((p) => p.fullyRefunded).length).toBeGreaterThan(20);
    expect(refunds.filter((p) => !p.fullyRefunded).length).toBeGreaterThan(10);
    const l = liabilitiesNow(rollups.store);
    expect([l.commission.frozen, l.commission.available, l.commission.paid].every((n) => n > 0)).toBe(true);
    expect(e.commissionReversedFen).toBeGreaterThan(0);
    expect(l.storedValuePrincipalFen).toBeGreaterThan(0);
  });
});

test('a smaller generated history reads the same from rollups as from the raw events', () => {
  const { events } = generateDemoHistory(options({ newcomers: 400, seed: 3 }));
  const { rollups } = recompute(events);
  const raw = oracle(events);
  const days = [...rollups.days.values()];
  const customers = [...rollups.customers.values()];
  for (const range of [YEAR, { fromDay: YEAR.fromDay + 100, toDay: YEAR.fromDay + 130 }]) {
    expect(earningsOver(days, range)).toEqual(raw.earnings(range));
    expect(funnelOver(rollups.store, days, range)).toEqual(raw.funnel(range));
    expect(repeatOver(days, range)).toEqual(raw.repeat(range));
    expect(gradesOver(days, range)).toEqual(raw.grades(range));
    expect(topOver(customers, range)).toEqual(raw.top(range));
  }
  expect(liabilitiesNow(rollups.store)).toEqual(raw.liabilities());
  expect(rhythmNow(customers, YEAR.toDay)).toEqual(raw.rhythm(YEAR.toDay));
});
