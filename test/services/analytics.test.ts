import type { LocalRuntime } from '../../local/runtime/runtime';
import { DEMO_MEMBER, DEMO_NEWCOMER, DEMO_OWNER, DEMO_PARTNER, DEMO_SHOPPER } from '../../local/seed/demo';
import { dayNoOf } from '../../cloudfunctions/src/analytics/domain/day';
import { foldAnalytics, readHead, resetAnalytics } from '../../cloudfunctions/src/analytics/services/fold';
import { act, all, balanceOf, closeStore, createStore, DIAPER_L, docOrNull, expectAudited, ok, placeOrder } from '../support/store';

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
  days: (await all(rt, 'analytics_days')).sort((a, b) => (a._id < b._id ? -1 : 1)),
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

test('store.summary: a refunded order is not a paid order, and the owner is not a customer', async () => {
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

test('two folds at once apply every event exactly once', async () => {
  for (let i = 0; i < 12; i += 1) await rt.pay(await placeOrder(rt, `o_crowd_${i % 5}`, i % 2 ? 'p_trial' : DIAPER_L));
  rt.advanceClock(2 * MINUTE);
  const small = { batch: 3, pageSize: 4, budgetMs: 60_000 };
  await Promise.all([foldAnalytics(rt.nowMs(), small), foldAnalytics(rt.nowMs(), small), foldAnalytics(rt.nowMs(), small)]);
  const once = await canonical();
  expect(once.days.reduce((n, d) => n + d.money.orders, 0)).toBe(12);
  await resetAnalytics();
  await foldAnalytics(rt.nowMs());
  expect(await canonical()).toEqual(once);
});

describe('a small hand-computed store', () => {
  // Day 0: the shopper buys a tonic (¥298) by WeChat Pay; the member (bound under the partner) pays ¥258
  // for a tonic at member price; the newcomer buys a trial (¥9.90) and has it refunded.
  // Commission on the tonic's commission base of ¥229 (seed 002): the member's purchase pays the partner
  // 20 % = ¥45.80 in cash (level 1); the shopper's pays the member 10 % = ¥22.90 as 2,290 points
  // (members earn points: settings.memberRewards, fenPerPoint 1) and the partner 10 % = ¥22.90 in cash
  // (level 2). Commission cost is the cash; the member's points are a points liability (pending until folded).
  test('earnings: sales, orders, average, refunds, commission cost and net', async () => {
    await rt.pay(await placeOrder(rt, DEMO_SHOPPER, 'p_tonic'));
    await rt.pay(await placeOrder(rt, DEMO_MEMBER, 'p_tonic'));
    const trial = await placeOrder(rt, DEMO_NEWCOMER, 'p_trial');
    await rt.pay(trial);
    await ok(rt, 'admin', 'order.refund', { orderId: trial, reason: '不想要了' }, DEMO_OWNER);
    const e = await ok(rt, 'admin', 'analytics.earnings', { fromDay: today(), toDay: today() }, DEMO_OWNER);
    expect(e.total).toMatchObject({
      orders: 3, salesFen: 29800 + 25800 + 990, salesWxpayFen: 29800 + 25800 + 990, refunds: 1, refundsFen: 990, netOrders: 2,
      averageOrder: { num: 56590, den: 3 }, commissionAccruedFen: 4580 + 2290, commissionCostFen: 4580 + 2290,
      netEarningsFen: 29800 + 25800 + 990 - 990 - (4580 + 2290),
    });
    expect(e.byDay).toHaveLength(1);
    expect(e.liabilities.commission.frozen).toBe(4580 + 2290);
    expect(e.liabilities.commissionPayableFen).toBe(4580 + 2290);
    // The member's referral points are still pending (not folded into points:<member>): the liability counts them all the same.
    expect(await all(rt, 'journal', { account: `points:${DEMO_MEMBER}`, kind: 'referral_points', pending: true })).toMatchObject([{ amount: 2290 }]);
    const pointAccounts = [...new Set((await all(rt, 'journal')).map((j) => String(j.account)).filter((a) => a.startsWith('points:')))];
    let points = 0;
    for (const a of pointAccounts) points += await balanceOf(rt, a);
    expect(e.liabilities.pointsOutstanding).toBe(points);
    expect(points).toBeGreaterThanOrEqual(2290);
  });

  test('the funnel names who moved, and a newcomer who came with a code is counted under that channel', async () => {
    await ok(rt, 'shop', 'session.get', {}, 'o_walkin');
    await ok(rt, 'shop', 'partner.bind', { code: 'PARTNER2', channel: 'poster' }, 'o_walkin');
    await rt.pay(await placeOrder(rt, 'o_walkin', 'p_trial'));
    const f = await ok(rt, 'admin', 'analytics.funnel', { fromDay: today(), toDay: today() }, DEMO_OWNER);
    expect(f.funnel.moves.map((m: any) => [m.person.nickname, m.from, m.to])).toEqual([['微信用户lkin', 'fan', 'customer']]);
    expect(f.funnel.entered.customer).toBe(1);
    expect(f.funnel.conversion[0]).toEqual({ num: 1, den: 1 });
    const g = await ok(rt, 'admin', 'analytics.grades', { fromDay: today(), toDay: today() }, DEMO_OWNER);
    const poster = g.channels.find((c: any) => c.channel === 'poster');
    expect(poster).toMatchObject({ arrived: 1, grades: { A: 1, B: 0, C: 0, D: 0, E: 0 } });
    // The newcomers themselves are listed from the folded documents (a few minutes behind the counts).
    expect(g.newcomers).toEqual([]);
    await settle();
    const folded = await ok(rt, 'admin', 'analytics.grades', { fromDay: today(), toDay: today() }, DEMO_OWNER);
    expect(folded.newcomers.map((n: any) => [n.person.nickname, n.channel, n.partner, n.grade])).toEqual([['微信用户lkin', 'poster', '林老板', 'A']]);
  });

  test('behaviour records: one per shopper, day and action, counted up to a bound; the owner is not recorded; a visit makes a fan', async () => {
    for (let i = 0; i < 3; i += 1) expect(await ok(rt, 'shop', 'track', { action: 'view', productId: 'p_tonic' }, 'o_browser')).toEqual({ recorded: true });
    await ok(rt, 'shop', 'track', { action: 'cart' }, 'o_browser');
    expect(await ok(rt, 'shop', 'track', { action: 'view' }, DEMO_OWNER)).toEqual({ recorded: false });
    const docs = await all(rt, 'behaviour');
    expect(docs.map((d) => [d.openid, d.action, d.count]).sort()).toEqual([['o_browser', 'cart', 1], ['o_browser', 'view', 3]]);
    expect(await docOrNull(rt, 'users', 'o_browser')).toMatchObject({ stage: 'fan' });
    await rt.db.collection('behaviour').where({ action: 'view' }).update({ data: { count: 9999 } });
    await ok(rt, 'shop', 'track', { action: 'view' }, 'o_browser');
    expect((await all(rt, 'behaviour', { action: 'view' }))[0].count).toBe(9999);
    // The next day the browser views again and puts in the cart: a B (engaged and considering).
    rt.advanceClock(26 * 3600 * 1000);
    await ok(rt, 'shop', 'track', { action: 'view' }, 'o_browser');
    await settle();
    expect((await docOrNull(rt, 'analytics_customers', 'o_browser'))!.grade).toBe('B');
  });

  test('the owner overrides a grade: recorded once, applied by the fold, kept by a rebuild', async () => {
    await ok(rt, 'shop', 'track', { action: 'view' }, 'o_browser');
    await settle();
    expect((await docOrNull(rt, 'analytics_customers', 'o_browser'))!.grade).toBe('C');
    const input = { requestId: 'ov-1', openid: 'o_browser', grade: 'A' };
    expect(await ok(rt, 'admin', 'analytics.grade.set', input, DEMO_OWNER)).toMatchObject({ grade: 'A' });
    expect(await ok(rt, 'admin', 'analytics.grade.set', input, DEMO_OWNER)).toMatchObject({ grade: 'A' });
    expect(await act(rt, 'admin', 'analytics.grade.set', { ...input, grade: 'B' }, DEMO_OWNER)).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_MISMATCH' } });
    expect(await act(rt, 'admin', 'analytics.grade.set', { requestId: 'ov-2', openid: 'o_nobody', grade: 'B' }, DEMO_OWNER)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await all(rt, 'grade_overrides')).toHaveLength(1);
    await settle();
    expect((await docOrNull(rt, 'analytics_customers', 'o_browser'))!.grade).toBe('A');
    await resetAnalytics();
    await foldAnalytics(rt.nowMs());
    expect((await docOrNull(rt, 'analytics_customers', 'o_browser'))!.grade).toBe('A');
  });

  test('stage moves are recorded where the stage changes: a first payment, its refund (as if never paid), a lapse', async () => {
    const card = await placeOrder(rt, DEMO_NEWCOMER, 'p_card');
    await rt.pay(card);
    await ok(rt, 'admin', 'order.refund', { orderId: card, reason: '退卡' }, DEMO_OWNER);
    const moves = (await all(rt, 'stage_moves')).sort((a, b) => a.atMs - b.atMs || (a._id < b._id ? -1 : 1));
    expect(moves.map((m) => [m.openid, m.from, m.to])).toEqual([[DEMO_NEWCOMER, 'fan', 'member'], [DEMO_NEWCOMER, 'member', 'fan']]);
    rt.advanceClock(366 * 24 * 3600 * 1000); // the seeded member's card lapses
    await cron();
    expect(await all(rt, 'stage_moves', { openid: DEMO_MEMBER })).toMatchObject([{ from: 'member', to: 'customer' }]);
    await settle();
    expect((await readHead()).store.stageCounts).toMatchObject({ member: 0 });
  });

  test('the lists: a customer who buys monthly is due this week, and the top 20 % names them', async () => {
    for (let month = 0; month < 4; month += 1) {
      await rt.pay(await placeOrder(rt, 'o_regular', DIAPER_L, 2));
      rt.advanceClock(30 * 24 * 3600 * 1000);
    }
    rt.advanceClock(-3 * 24 * 3600 * 1000);
    await settle();
    const due = await ok(rt, 'admin', 'analytics.lists', { list: 'due' }, DEMO_OWNER);
    expect(due.rhythmRows.map((r: any) => [r.person.nickname, r.usualIntervalDays, r.steady])).toEqual([['微信用户ular', 30, true]]);
    const steady = await ok(rt, 'admin', 'analytics.lists', { list: 'steady' }, DEMO_OWNER);
    expect(steady.count).toBe(1);
    const top = await ok(rt, 'admin', 'analytics.lists', { list: 'top', period: 365 }, DEMO_OWNER);
    expect(top.top).toMatchObject({ customers: 1, topCount: 1, share: { num: 4 * 25600, den: 4 * 25600 } });
    expect((await dash()).lists).toMatchObject({ dueThisWeek: 1 });
  });
});

describe('the fold after the lifecycle and sharing flows agrees with the journal, the audit and a rebuild', () => {
  const accountSum = async (prefix: string) => {
    const accounts = [...new Set((await all(rt, 'journal')).map((j) => String(j.account)).filter((a) => a.startsWith(prefix)))];
    let sum = 0;
    for (const a of accounts) sum += await balanceOf(rt, a);
    return sum;
  };

  test('pending referral points and commission, a refund that cancels them, spec lines, a late payment, a second payment, stored value', async () => {
    // A paid tonic under member → partner: the member's referral points and the partner's cash wait pending.
    const refunded = await placeOrder(rt, DEMO_SHOPPER, 'p_tonic');
    await rt.pay(refunded);
    expect(await all(rt, 'journal', { ref: refunded, kind: 'referral_points', pending: true })).toHaveLength(1);
    // Refunded before any fold: the pending credits are cancelled against their reversals.
    await ok(rt, 'admin', 'order.refund', { orderId: refunded, reason: '不想要了' }, DEMO_OWNER);
    expect((await all(rt, 'journal', { ref: refunded })).filter((j) => j.cancelledBy || j.cancels).length).toBeGreaterThanOrEqual(2);
    // Two specs of one product and another product in one order.
    const { order: lines } = await ok(rt, 'shop', 'order.create', { requestId: 'mix-lines', lines: [{ ...DIAPER_L, qty: 2 }, { productId: 'p_diaper', specId: 'xl', qty: 1 }, { productId: 'p_trial', qty: 1 }] }, DEMO_MEMBER);
    await ok(rt, 'shop', 'order.pay', { orderId: lines._id }, DEMO_MEMBER);
    await rt.pay(lines._id);
    // Cancelled, then paid all the same (WeChat Pay's order could not be closed yet): applied late.
    const late = await placeOrder(rt, DEMO_NEWCOMER, 'p_trial');
    await ok(rt, 'shop', 'order.cancel', { orderId: late }, DEMO_NEWCOMER);
    await rt.deliverPayment(rt.payEvent(late));
    expect(await all(rt, 'payment_anomalies', { orderId: late })).toEqual([expect.objectContaining({ kind: 'late', action: 'applied_late' })]);
    // A second, different payment for a paid order: recorded and refunded (A…), never a sale.
    const twice = await placeOrder(rt, DEMO_PARTNER, 'p_trial');
    const first = rt.payEvent(twice);
    await rt.deliverPayment(first);
    await rt.deliverPayment({ ...first, transactionId: '4200000000000000000000000777' });
    expect(await all(rt, 'payment_anomalies', { kind: 'second_payment' })).toHaveLength(1);
    // Stored value: a top-up, then an order paid from it.
    const { order: topUp } = await ok(rt, 'shop', 'wallet.topup', { requestId: 'mix-tp', packageId: 'tp_1000' }, DEMO_SHOPPER);
    await ok(rt, 'shop', 'order.pay', { orderId: topUp._id }, DEMO_SHOPPER);
    await rt.pay(topUp._id);
    const { order: byBalance } = await ok(rt, 'shop', 'order.create', { requestId: 'mix-bal', lines: [{ productId: 'p_trial', qty: 1 }] }, DEMO_SHOPPER);
    await ok(rt, 'shop', 'order.pay', { orderId: byBalance._id, method: 'balance' }, DEMO_SHOPPER);

    const journalNow = async () => ({
      salesFen: await balanceOf(rt, 'store:sales'), points: await accountSum('points:'), principal: await accountSum('sv_principal:'), bonus: await accountSum('sv_bonus:'),
      frozen: await accountSum('commission_frozen:'), available: await accountSum('commission:'),
    });
    const figures = async () => {
      const d = await dash();
      const e = await ok(rt, 'admin', 'analytics.earnings', { fromDay: today(), toDay: today() }, DEMO_OWNER);
      return {
        salesFen: e.total.salesFen - e.total.refundsFen, points: d.liabilities.pointsOutstanding, principal: d.liabilities.storedValuePrincipalFen,
        bonus: d.liabilities.storedValueBonusFen, frozen: d.liabilities.commission.frozen, available: d.liabilities.commission.available,
      };
    };
    // Before the fold (the tail), after it, and after the cron folded the pending credits: the journal's sums.
    const expected = await journalNow();
    expect(expected.points).toBeGreaterThan(0);
    expect(await figures()).toEqual(expected);
    await settle();
    await settle();
    expect(await all(rt, 'journal', { pending: true })).toEqual([]);
    expect(await journalNow()).toEqual(expected);
    expect(await figures()).toEqual(expected);
    expectAudited(rt);
    // Paid orders that stand: the spec order, the late one, the partner's trial, the balance order (the refunded tonic is out).
    expect((await summary()).paidOrderCount).toBe(4);
    const folded = await canonical();
    await resetAnalytics();
    await foldAnalytics(rt.nowMs());
    expect(await canonical()).toEqual(folded);
  });
});
