import type { LocalRuntime } from '../../local/runtime/runtime';
import { DEMO_MEMBER, DEMO_NEWCOMER, DEMO_OWNER, DEMO_PARTNER, DEMO_SHOPPER } from '../../local/seed/demo';
import { dayNoOf } from '../../cloudfunctions/src/analytics/domain/day';
import { foldAnalytics, readHead, resetAnalytics } from '../../cloudfunctions/src/analytics/services/fold';
import { act, all, balanceOf, closeStore, createStore, docOrNull, ok, placeOrder } from '../support/store';

/*
 * The owner's figures on the real functions: fed by the fold off every shopper's path, shown at
 * once through the tail, equal after a rebuild from scratch, and fixed where store.summary was
 * wrong (paid orders after refunds, the owner counted as a customer).
 */
let rt: LocalRuntime;
beforeEach(async () => { rt = await createStore(); });
afterEach(() => closeStore(rt));

const MINUTE = 60_000;
const summary = async () => (await ok(rt, 'admin', 'store.summary', {}, DEMO_OWNER)).summary;
const dash = async () => (await ok(rt, 'admin', 'analytics.dashboard', {}, DEMO_OWNER)).dashboard;
const cron = () => rt.runCron<Record<string, number>>();
const settle = async () => { rt.advanceClock(2 * MINUTE); await cron(); };
const today = () => dayNoOf(rt.nowMs());
const canonical = async () => ({
  head: (({ store }) => store)(await readHead()),
  days: (await all(rt, 'analytics_days')).map(({ _id, ...d }) => ({ _id, ...d })).sort((a, b) => (a._id < b._id ? -1 : 1)),
  customers: (await all(rt, 'analytics_customers')).sort((a, b) => (a._id < b._id ? -1 : 1)),
});

test('a sale shows at once, the same after the cron folds it, and the same after a rebuild from scratch', async () => {
  await rt.pay(await placeOrder(rt, DEMO_SHOPPER, 'p_tonic'));
  const live = await dash();
  expect(live.today).toMatchObject({ salesFen: 29800, orders: 1 });
  expect(await docOrNull(rt, 'rollups', 'analytics')).toBeNull();
  await settle();
  expect((await readHead()).foldedAtMs).toBeGreaterThan(0);
  expect((await dash()).today).toEqual(live.today);
  const folded = await canonical();
  await resetAnalytics();
  expect(await all(rt, 'analytics_customers')).toEqual([]);
  await foldAnalytics(rt.nowMs());
  expect(await canonical()).toEqual(folded);
});

test('store.summary: a refunded order is not a paid order (even one paid wholly with points), and the owner is not a customer', async () => {
  await rt.pay(await placeOrder(rt, DEMO_SHOPPER, 'p_tonic'));
  const refunded = await placeOrder(rt, DEMO_NEWCOMER, 'p_trial');
  await rt.pay(refunded);
  await ok(rt, 'admin', 'order.refund', { orderId: refunded, reason: '测试' }, DEMO_OWNER);
  // The owner buys too: money is money, but the owner is never counted as a customer.
  await rt.pay(await placeOrder(rt, DEMO_OWNER, 'p_trial'));
  const s = await summary();
  expect(s).toMatchObject({ salesFen: 29800 + 990, paidOrderCount: 2 });
  // The seeded partner, member and shopper, and the newcomer whose order was refunded (still a customer: they paid once).
  expect(s.customerCount).toBe(4);
  await settle();
  expect(await summary()).toMatchObject({ salesFen: 29800 + 990, paidOrderCount: 2, customerCount: 4 });
});

test('liabilities are current: a top-up, points and commission show before any fold and equal the journal after it', async () => {
  const { order } = await ok(rt, 'shop', 'wallet.topup', { requestId: 'tp-1', packageId: 'tp_1000' }, DEMO_SHOPPER);
  await ok(rt, 'shop', 'order.pay', { orderId: order._id }, DEMO_SHOPPER);
  await rt.pay(order._id);
  await rt.pay(await placeOrder(rt, DEMO_SHOPPER, 'p_tonic'));
  const journal = async () => ({
    principal: await balanceOf(rt, `sv_principal:${DEMO_SHOPPER}`), bonus: await balanceOf(rt, `sv_bonus:${DEMO_SHOPPER}`),
    points: (await Promise.all([DEMO_SHOPPER, DEMO_MEMBER, DEMO_PARTNER].map((o) => balanceOf(rt, `points:${o}`)))).reduce((a, b) => a + b, 0),
    frozen: (await Promise.all([DEMO_MEMBER, DEMO_PARTNER].map((o) => balanceOf(rt, `commission_frozen:${o}`)))).reduce((a, b) => a + b, 0),
  });
  const expected = await journal();
  expect(expected.frozen).toBeGreaterThan(0);
  const check = async () => {
    const l = (await dash()).liabilities;
    expect([l.storedValuePrincipalFen, l.storedValueBonusFen, l.pointsOutstanding, l.commission.frozen]).toEqual([expected.principal, expected.bonus, expected.points, expected.frozen]);
  };
  await check();
  await settle();
  await check();
});

test('every admin analytics action refuses a shopper with FORBIDDEN and changes nothing', async () => {
  const inputs: [string, unknown][] = [
    ['analytics.dashboard', {}], ['analytics.earnings', { fromDay: today() - 6, toDay: today() }], ['analytics.funnel', { fromDay: today() - 6, toDay: today() }],
    ['analytics.repeat', { fromDay: today() - 6, toDay: today() }], ['analytics.grades', { fromDay: today() - 6, toDay: today() }],
    ['analytics.lists', { list: 'top' }], ['analytics.grade.set', { requestId: 'g1', openid: DEMO_SHOPPER, grade: 'A' }],
  ];
  for (const [action, input] of inputs) {
    expect(await act(rt, 'admin', action, input, DEMO_SHOPPER)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await act(rt, 'admin', action, input, DEMO_OWNER)).ok).toBe(true);
  }
  expect(await all(rt, 'grade_overrides')).toHaveLength(1);
});
