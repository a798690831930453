import fc from 'fast-check';
import type { LocalRuntime } from '../../local/runtime/runtime';
import { DEMO_MEMBER, DEMO_NEWCOMER, DEMO_OWNER, DEMO_PARTNER, DEMO_SHOPPER } from '../../local/seed/demo';
import { foldAnalytics, readHead, resetAnalytics } from '../../cloudfunctions/src/analytics/services/fold';
import { act, all, balanceOf, closeStore, createStore, expectAudited } from '../support/store';

/*
 * Random streams of real operations through the functions — orders paid by WeChat Pay or stored
 * value, refunds, top-ups, visits and views by known and new shoppers, the owner buying too — with
 * the cron folding at random moments: the rollups kept incrementally equal the rollups rebuilt
 * from scratch, and the liabilities they hold equal the journal's sums. Fixed seed, bounded runs.
 */
const PEOPLE = [DEMO_SHOPPER, DEMO_MEMBER, DEMO_PARTNER, DEMO_NEWCOMER, DEMO_OWNER, 'o_walkin_1', 'o_walkin_2'];
const PRODUCTS = ['p_trial', 'p_tonic', 'p_diaper', 'p_card'];
const MINUTE = 60_000;

type Cmd =
  | { k: 'buy'; who: number; product: number; qty: number; balance: boolean }
  | { k: 'refund'; pick: number }
  | { k: 'topup'; who: number }
  | { k: 'track'; who: number; action: 'view' | 'cart' | 'visit' | 'group_join' | 'opt_out' }
  | { k: 'cron' }
  | { k: 'wait'; minutes: number };

const who = fc.nat(PEOPLE.length - 1);
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ k: fc.constant('buy' as const), who, product: fc.nat(PRODUCTS.length - 1), qty: fc.integer({ min: 1, max: 3 }), balance: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('refund' as const), pick: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('topup' as const), who }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('track' as const), who, action: fc.constantFrom<'view' | 'cart' | 'visit' | 'group_join' | 'opt_out'>('view', 'cart', 'visit', 'group_join', 'opt_out') }) },
  { weight: 2, arbitrary: fc.constant({ k: 'cron' as const }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 60 * 30 }) }) },
);

let seq = 0;
async function run(rt: LocalRuntime, c: Cmd, paid: string[]): Promise<void> {
  if (c.k === 'cron') { await rt.runCron(); return; }
  if (c.k === 'wait') { rt.advanceClock(c.minutes * MINUTE); return; }
  if (c.k === 'refund') {
    if (paid.length === 0) return;
    await act(rt, 'admin', 'order.refund', { orderId: paid[c.pick % paid.length], reason: '测试退款' }, DEMO_OWNER);
    return;
  }
  const openid = PEOPLE[c.who];
  if (c.k === 'track') { await act(rt, 'shop', 'track', { action: c.action }, openid); return; }
  if (c.k === 'topup') {
    const r = await act<any>(rt, 'shop', 'wallet.topup', { requestId: `t${++seq}`, packageId: 'tp_100' }, openid);
    if (r.ok && (await act(rt, 'shop', 'order.pay', { orderId: r.data.order._id }, openid)).ok) await rt.pay(r.data.order._id);
    return;
  }
  const r = await act<any>(rt, 'shop', 'order.create', { requestId: `b${++seq}`, lines: [{ productId: PRODUCTS[c.product], qty: c.product === 3 ? 1 : c.qty }] }, openid);
  if (!r.ok) return;
  const orderId = r.data.order._id as string;
  if (c.balance && (await act(rt, 'shop', 'order.pay', { orderId, method: 'balance' }, openid)).ok) { paid.push(orderId); return; }
  if ((await act(rt, 'shop', 'order.pay', { orderId }, openid)).ok) { await rt.pay(orderId); paid.push(orderId); }
}

async function snapshot(rt: LocalRuntime) {
  const byId = (a: Record<string, any>, b: Record<string, any>) => (a._id < b._id ? -1 : 1);
  return { store: (await readHead()).store, days: (await all(rt, 'analytics_days')).sort(byId), customers: (await all(rt, 'analytics_customers')).sort(byId) };
}

async function journalSum(rt: LocalRuntime, prefix: string): Promise<number> {
  const row = rt.db.raw().prepare(`SELECT SUM(json_extract(data, '$.amount')) AS t FROM docs WHERE coll = 'journal' AND json_extract(data, '$.account') LIKE ?`).get(`${prefix}%`) as { t: number | null };
  return row.t ?? 0;
}

test('incremental rollups equal a from-scratch rebuild, and liabilities equal the journal', async () => {
  const seen = { paid: 0, refunds: 0, customers: 0, engaged: 0, topUps: 0 };
  const { warn } = console;
  console.warn = () => undefined;
  try {
    await fc.assert(fc.asyncProperty(fc.array(cmd, { minLength: 5, maxLength: 30 }), async (cmds) => {
      const rt = await createStore();
      try {
        const paid: string[] = [];
        for (const c of cmds) await run(rt, c, paid);
        rt.advanceClock(2 * MINUTE);
        await foldAnalytics(rt.nowMs());
        const incremental = await snapshot(rt);
        for (const d of incremental.days) { seen.refunds += d.money.refunds; seen.topUps += d.money.topUps; }
        seen.paid += paid.length;
        seen.customers += incremental.customers.length;
        seen.engaged += incremental.customers.filter((c) => c.gradeInputs.engagedDays.length > 0 || c.gradeInputs.optedOutAtMs !== null).length;
        const head = await readHead();
        expect(head.rejectedCount).toBe(0);
        const l = incremental.store;
        expect(l.pointsOutstanding).toBe(await journalSum(rt, 'points:'));
        expect(l.storedValue).toEqual({ principalFen: await journalSum(rt, 'sv_principal:'), bonusFen: await journalSum(rt, 'sv_bonus:') });
        expect(l.commission.frozen).toBe(await journalSum(rt, 'commission_frozen:'));
        expect(await balanceOf(rt, 'store:sales')).toBe((await all(rt, 'analytics_days')).reduce((s, d) => s + d.money.salesWxpayFen + d.money.salesPrincipalFen + d.money.salesBonusFen - d.money.refundWxpayFen - d.money.refundPrincipalFen - d.money.refundBonusFen, 0));
        await resetAnalytics();
        await foldAnalytics(rt.nowMs());
        expect(await snapshot(rt)).toEqual(incremental);
        expectAudited(rt);
      } finally {
        closeStore(rt);
      }
    }), { seed: 20261130, numRuns: 25 });
  } finally {
    console.warn = warn;
  }
  // The streams did reach every kind of record.
  expect(seen.paid).toBeGreaterThan(20);
  expect(seen.refunds).toBeGreaterThan(2);
  expect(seen.topUps).toBeGreaterThan(0);
  expect(seen.engaged).toBeGreaterThan(0);
  expect(seen.customers).toBeGreaterThan(25 * 4);
}, 240_000);
