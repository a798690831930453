// Issue 9's remaining rows, each through the real functions on the local runtime: cron isolation
// and cursors, points expiry past the first page, refund retries with a cap, the dashboard's paid
// orders, the payout cap, lapsed cards, the thaw's snapshotted window, subscribe messages.
import type { LocalRuntime } from '../../local/runtime/runtime';
import { DEMO_CODES, DEMO_COMMISSION, DEMO_MEMBER, DEMO_OWNER, DEMO_PARTNER, DEMO_SHOPPER } from '../../local/seed/demo';
import { runJobs } from '../../cloudfunctions/src/functions/cron';
import { REFUND_MAX_ATTEMPTS } from '../../cloudfunctions/src/orders/domain/refundRetry';
import { act, balanceOf, closeStore, createStore, docOrNull, expectAudited, ok, placeOrder } from '../support/store';

let rt: LocalRuntime;
beforeEach(async () => { rt = await createStore(); });
afterEach(() => closeStore(rt));

const MINUTE = 60 * 1000;
const DAY = 24 * 3600 * 1000;

async function paidCompleted(openid: string, productId: string, requestId: string): Promise<string> {
  const id = await placeOrder(rt, openid, productId, 1, requestId);
  await rt.pay(id);
  await ok(rt, 'admin', 'order.complete', { orderId: id }, DEMO_OWNER);
  return id;
}

/** Quiets the expected error log of a failing item while a test provokes it. */
async function quietly<T>(run: () => Promise<T>): Promise<{ value: T; logged: string }> {
  const { error } = console;
  const logged: unknown[] = [];
  console.error = (...args: unknown[]) => { logged.push(args.map(String).join(' ')); };
  try {
    return { value: await run(), logged: logged.join('\n') };
  } finally {
    console.error = error;
  }
}

describe('every cron job and every item inside a job is isolated (issue 9 row: a refund racing the thaw)', () => {
  test('an item that fails (INSUFFICIENT_BALANCE in a thaw) is counted; the other items and the later jobs still run', async () => {
    const bad = await paidCompleted(DEMO_SHOPPER, 'p_tonic', 't1');
    const good = await paidCompleted(DEMO_SHOPPER, 'p_tonic', 't2');
    // The partner's cash credit (level 2; the member at level 1 earns points, which do not freeze)
    // made larger than what was ever credited: taking it from the frozen account fails.
    await rt.db.collection('commissions').doc(`${bad}-2`).update({ data: { amountFen: 10 ** 9 } });
    rt.advanceClock(8 * DAY);
    const { value: result, logged } = await quietly(() => rt.runCron());
    expect(logged).toMatch(/INSUFFICIENT_BALANCE|余额不足/);
    expect(result).toMatchObject({ commissionsThawed: 1, commissionsThawedFailed: 1, creditsFolded: expect.any(Number), analyticsFolded: expect.any(Number), analyticsListsStored: expect.any(Number) });
    expect((await docOrNull(rt, 'orders', good))!.commission.status).toBe('available');
    expect((await docOrNull(rt, 'orders', bad))!.commission.status).toBe('frozen');
  });

  test('a job that throws is counted and the jobs after it run', async () => {
    const ran: string[] = [];
    const { value } = await quietly(() => runJobs({
      first: async () => { ran.push('first'); return 1; },
      broken: async () => { throw new Error('boom'); },
      last: async () => { ran.push('last'); return { done: 2, failed: 0 }; },
    }, rt.nowMs()));
    expect(ran).toEqual(['first', 'last']);
    expect(value).toEqual({ first: 1, broken: 0, brokenFailed: 1, last: 2 });
  });

  test('refunds fired while the cron thaws: every run completes and every fen is accounted for', async () => {
    for (let round = 0; round < 5; round += 1) {
      const ids: string[] = [];
      for (let i = 0; i < 4; i += 1) ids.push(await paidCompleted(DEMO_SHOPPER, 'p_tonic', `r${round}-${i}`));
      rt.advanceClock(8 * DAY);
      const [cron, ...refunds] = await Promise.all([rt.runCron(), ...ids.map((orderId) => act(rt, 'admin', 'order.refund', { orderId, reason: '退货' }, DEMO_OWNER))]);
      expect(Object.keys(cron).filter((k) => k.endsWith('Failed'))).toEqual([]);
      for (const r of refunds) expect(r).toMatchObject({ ok: true });
    }
    expectAudited(rt);
  });
});

describe('jobs walk with a cursor, so nothing starves (issue 9 row: points expiry, refund retries)', () => {
  /** A points account with the given entries, written as the journal would have. */
  async function pointsAccount(openid: string, entries: { amount: number; atMs: number }[]): Promise<void> {
    let balance = 0;
    for (const [i, e] of entries.entries()) {
      balance += e.amount;
      await rt.db.collection('journal').add({ data: { _id: `fx-${openid}-${String(i).padStart(5, '0')}`, account: `points:${openid}`, amount: e.amount, kind: e.amount > 0 ? 'earn' : 'use', ref: 'fixture', inputHash: 'fx', balanceAfter: balance, pending: false, createdAtMs: e.atMs } });
    }
    await rt.db.collection('balances').doc(`points:${openid}`).set({ data: { balance, entryCount: entries.length, accountKind: 'points', updatedAtMs: entries[entries.length - 1].atMs } });
  }

  test('accounts past the first 200 positive balances expire too', async () => {
    const y2026 = Date.UTC(2026, 5, 1);
    rt.advanceClock(y2026 - Date.now());
    // 220 accounts whose points are not due sort first; 30 accounts with due points sort after them.
    for (let i = 0; i < 220; i += 1) await pointsAccount(`a${String(i).padStart(3, '0')}`, [{ amount: 10, atMs: Date.UTC(2027, 5, 1) }]);
    for (let i = 0; i < 30; i += 1) await pointsAccount(`z${String(i).padStart(3, '0')}`, [{ amount: 7, atMs: y2026 }]);
    rt.advanceClock(Date.UTC(2028, 0, 1, 1) - rt.nowMs());
    const result = await rt.runCron();
    expect(result.pointsExpired).toBe(30 * 7);
    expect(await balanceOf(rt, 'points:z029')).toBe(0);
    expect(await balanceOf(rt, 'points:a219')).toBe(10);
    expectAudited(rt);
  });

  test('an account with more than 1,000 journal entries expires exactly what is due', async () => {
    const y2026 = Date.UTC(2026, 5, 1);
    rt.advanceClock(y2026 - Date.now());
    // 2,000 points earned in 2026, then 1,000 spends of one point and 500 points earned in 2027.
    const entries = [{ amount: 2000, atMs: y2026 }, ...Array.from({ length: 1000 }, (_, i) => ({ amount: -1, atMs: Date.UTC(2027, 0, 2) + i * MINUTE })), { amount: 500, atMs: Date.UTC(2027, 6, 1) }];
    await pointsAccount('heavy', entries);
    rt.advanceClock(Date.UTC(2028, 0, 1, 1) - rt.nowMs());
    expect((await rt.runCron()).pointsExpired).toBe(1000);
    // What was earned in 2027 stays until the end of 2028.
    expect(await balanceOf(rt, 'points:heavy')).toBe(500);
    expectAudited(rt);
  });

  test('a refund WeChat Pay keeps refusing is retried with spacing, at most 10 times, then left to the owner', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    await rt.pay(orderId);
    let calls = 0;
    rt.cashier.refund = () => { calls += 1; return { ok: false as const, code: 'SYSTEMERROR', message: '系统繁忙' }; };
    const { refundNo } = await ok(rt, 'admin', 'order.refund', { orderId, reason: '退货' }, DEMO_OWNER);
    expect(calls).toBe(1);
    for (let run = 0; run < 40; run += 1) {
      rt.advanceClock(6 * 3600 * 1000);
      await rt.runCron();
    }
    expect(calls).toBe(REFUND_MAX_ATTEMPTS);
    expect(await docOrNull(rt, 'refunds', refundNo)).toMatchObject({ status: 'PENDING', attempts: REFUND_MAX_ATTEMPTS, gaveUpAtMs: expect.any(Number), lastError: 'SUCCESS/FAIL: SYSTEMERROR 系统繁忙' });
    expect((await rt.runCron()).refundsRetried).toBe(0);
    expect(calls).toBe(REFUND_MAX_ATTEMPTS);
  });
});

describe('the owner dashboard counts paid orders, not journal entries (issue 9 row)', () => {
  test('refunds do not raise it, a refunded order leaves it, top-ups and unpaid orders are not in it', async () => {
    const a = await placeOrder(rt, DEMO_SHOPPER, 'p_trial', 1, 'a');
    const b = await placeOrder(rt, DEMO_SHOPPER, 'p_trial', 1, 'b');
    await placeOrder(rt, DEMO_SHOPPER, 'p_trial', 1, 'c'); // never paid
    await rt.pay(a);
    await rt.pay(b);
    const { order: t } = await ok(rt, 'shop', 'wallet.topup', { requestId: 'tu', packageId: 'tp_100' }, DEMO_SHOPPER);
    await ok(rt, 'shop', 'order.pay', { orderId: t._id }, DEMO_SHOPPER);
    await rt.pay(t._id);
    const count = async () => (await ok(rt, 'admin', 'store.summary', {}, DEMO_OWNER)).summary.paidOrderCount;
    expect(await count()).toBe(2);
    await ok(rt, 'admin', 'order.refund', { orderId: a, reason: '退货' }, DEMO_OWNER);
    await ok(rt, 'admin', 'order.refund', { orderId: a, reason: '退货' }, DEMO_OWNER);
    await rt.deliverRefund(`R${a}`);
    expect(await count()).toBe(1);
    await rt.runCron(); // the rollup, then entries after it
    expect(await count()).toBe(1);
  });
});

describe('the payout cap is checked against the least the store receives (issue 9 row)', () => {
  test('the tonic at 30% of ¥298 fits 40% of ¥258 but not of ¥258 less 20% points paid with bonus-heavy stored value', async () => {
    const old = { ...DEMO_COMMISSION, products: DEMO_COMMISSION.products.filter((p) => p.productId === 'p_diaper').concat([{ productId: 'p_trial', commissionBaseFen: 800, fixedFen: null }]) };
    const res = await act(rt, 'admin', 'partner.settings.update', { config: old, bindAt: 'visit' }, DEMO_OWNER);
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '「臻选滋补礼盒」最高佣金 ¥89.40 超过上限 ¥68.80（最低实收 ¥172.00 的 40%），超出 ¥20.60' } });
    expect((await ok(rt, 'admin', 'partner.settings.get', {}, DEMO_OWNER)).config).toEqual(DEMO_COMMISSION);
  });
});

describe('a lapsed card: prices and multipliers follow the stage in force, not the one stored (issue 9 row)', () => {
  test('before the cron notices, a lapsed member pays list price and earns points at the customer rate', async () => {
    // The member's card ended a minute ago; the cron has not run.
    await rt.db.collection('users').doc(DEMO_MEMBER).update({ data: { stageUntilMs: rt.nowMs() - MINUTE } });
    const view = await ok(rt, 'shop', 'product.get', { productId: 'p_tonic' }, DEMO_MEMBER);
    expect(view.myPriceFen).toBe(29800);
    const quote = await ok(rt, 'shop', 'checkout.quote', { lines: [{ productId: 'p_tonic', qty: 1 }] }, DEMO_MEMBER);
    expect(quote.totalFen).toBe(29800);
    const { order } = await ok(rt, 'shop', 'order.create', { requestId: 'lapsed', lines: [{ productId: 'p_tonic', qty: 1 }] }, DEMO_MEMBER);
    expect(order.payableFen).toBe(29800);
    await ok(rt, 'shop', 'order.pay', { orderId: order._id }, DEMO_MEMBER);
    await rt.pay(order._id);
    // Customer multiplier (100%), not the member's 200%; the buyer is a customer now, with no card end.
    expect((await docOrNull(rt, 'orders', order._id))!.pointsEarned).toBe(298);
    expect(await docOrNull(rt, 'users', DEMO_MEMBER)).toMatchObject({ stage: 'customer', stageUntilMs: null });
  });

  test('a member whose card runs pays the member price', async () => {
    expect((await ok(rt, 'shop', 'product.get', { productId: 'p_tonic' }, DEMO_MEMBER)).myPriceFen).toBe(25800);
  });
});

describe('the thaw uses the refund window snapshotted when the commission was credited (issue 9 row)', () => {
  test('an owner who lengthens the window delays only later orders; one who shortens it thaws nothing early', async () => {
    const before = await paidCompleted(DEMO_SHOPPER, 'p_tonic', 'before'); // credited under 7 days
    await ok(rt, 'admin', 'partner.settings.update', { config: { ...DEMO_COMMISSION, refundWindowDays: 30 }, bindAt: 'visit' }, DEMO_OWNER);
    const after = await paidCompleted(DEMO_SHOPPER, 'p_tonic', 'after'); // credited under 30 days
    await ok(rt, 'admin', 'partner.settings.update', { config: { ...DEMO_COMMISSION, refundWindowDays: 1 }, bindAt: 'visit' }, DEMO_OWNER);
    // The partner centre explains the same windows (not today's 1 day): the commission's own snapshot.
    const { entries } = await ok(rt, 'shop', 'partner.earnings.list', {}, DEMO_PARTNER);
    for (const [orderId, days] of [[before, 7], [after, 30]] as const) {
      const o = (await docOrNull(rt, 'orders', orderId))!;
      expect(o.commissionThawAtMs).toBe(o.completedAtMs + days * DAY);
      expect(entries.find((e: { orderId: string }) => e.orderId === orderId)).toMatchObject({ status: 'frozen', refundWindowDays: days, thawAtMs: o.commissionThawAtMs });
      expect(await docOrNull(rt, 'commissions', `${orderId}-2`)).toMatchObject({ reward: 'cash', refundWindowDays: days });
    }
    rt.advanceClock(2 * DAY);
    await rt.runCron();
    expect((await docOrNull(rt, 'orders', before))!.commission.status).toBe('frozen');
    expect((await docOrNull(rt, 'orders', after))!.commission.status).toBe('frozen');
    rt.advanceClock(6 * DAY);
    await rt.runCron();
    expect((await docOrNull(rt, 'orders', before))!.commission.status).toBe('available');
    expect((await docOrNull(rt, 'orders', after))!.commission.status).toBe('frozen');
    rt.advanceClock(23 * DAY);
    await rt.runCron();
    expect((await docOrNull(rt, 'orders', after))!.commission.status).toBe('available');
    expectAudited(rt);
  });
});

describe('subscribe messages come from the store\'s templates, in yuan, and never fail what they report', () => {
  test('without a template the message is skipped and logged; the payment is applied all the same', async () => {
    await rt.db.collection('settings').doc('store').update({ data: { subscribeTemplates: rt.db.command.set({ orderPaid: null, groupResult: null, withdrawalResult: null }) } });
    const { warn } = console;
    const warned: string[] = [];
    console.warn = (...args: unknown[]) => { warned.push(args.map(String).join(' ')); };
    try {
      const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
      expect(await rt.pay(orderId)).toEqual({ errcode: 0, errmsg: 'OK' });
      expect((await docOrNull(rt, 'orders', orderId))!.status).toBe('PAID');
    } finally {
      console.warn = warn;
    }
    expect(rt.outbox()).toEqual([]);
    expect(warned.join('\n')).toMatch(/orderPaid skipped: no template/);
    expect((await ok(rt, 'shop', 'store.get', {}, DEMO_SHOPPER)).store.subscribe).toEqual({ orderPaid: null, groupResult: null, withdrawalResult: null, orderShipped: null });
  });

  test('stored templates that do not validate send nothing (a key of the wrong kind would be refused by WeChat)', async () => {
    await rt.db.collection('settings').doc('store').update({ data: { subscribeTemplates: rt.db.command.set({ orderPaid: { templateId: 'tmpl1', keys: { orderNo: 'thing1', amount: 'amount2', goods: 'thing3' } }, groupResult: null, withdrawalResult: null }) } });
    const { value } = await quietly(async () => rt.pay(await placeOrder(rt, DEMO_SHOPPER, 'p_trial')));
    expect(value).toEqual({ errcode: 0, errmsg: 'OK' });
    expect(rt.outbox()).toEqual([]);
  });

  test('a WeChat refusal (no consent: 43101) is logged and the payment still stands', async () => {
    rt.sendSubscribeMessage = async () => { throw Object.assign(new Error('errCode: 43101 | errMsg: openapi.subscribeMessage.send:fail user refuse to accept the msg'), { errCode: 43101 }); };
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    const { value, logged } = await quietly(() => rt.pay(orderId));
    expect(value).toEqual({ errcode: 0, errmsg: 'OK' });
    expect(logged).toMatch(/43101/);
    expect((await docOrNull(rt, 'orders', orderId))!.status).toBe('PAID');
  });

  test('the partner hears once when a withdrawal is paid out, the amount in yuan', async () => {
    // The partner earns 10% of the tonic's ¥229 base in cash at level 2 (¥22.90); the member earns points.
    await paidCompleted(DEMO_SHOPPER, 'p_tonic', 'w');
    rt.advanceClock(8 * DAY);
    await rt.runCron();
    const { withdrawal } = await ok(rt, 'shop', 'partner.withdraw', { requestId: 'w1', amountFen: 2000 }, DEMO_PARTNER);
    await ok(rt, 'admin', 'partner.withdrawal.approve', { withdrawalId: withdrawal._id, payoutRef: 'WX-1' }, DEMO_OWNER);
    await ok(rt, 'admin', 'partner.withdrawal.approve', { withdrawalId: withdrawal._id, payoutRef: 'WX-1' }, DEMO_OWNER);
    const told = rt.outbox().filter((m) => m.templateId === 'demo-withdrawal-result');
    expect(told).toEqual([expect.objectContaining({ touser: DEMO_PARTNER, data: { amount1: { value: '¥20.00' }, phrase2: { value: '已打款' }, thing3: { value: '打款单号 WX-1' } } })]);
    expect(rt.outbox().some((m) => m.touser === DEMO_MEMBER && m.templateId === 'demo-withdrawal-result')).toBe(false);
  });
});

describe('refunds take fewer shared locks (the rush engineer\'s note: 25 owner refunds at once)', () => {
  test('reversing credits still pending writes no beneficiary\'s balance document: 25 refunds at once, not one CONFLICT', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 25; i += 1) {
      const buyer = `o_buyer${i}`;
      await ok(rt, 'shop', 'partner.bind', { code: DEMO_CODES[DEMO_MEMBER], channel: 'code' }, buyer);
      const id = await placeOrder(rt, buyer, 'p_trial', 1, `b${i}`);
      await rt.pay(id);
      ids.push(id);
    }
    // The member's referral points (80 a trial, pending) and the partner's cash (80 fen, pending).
    const memberPoints = await balanceOf(rt, `points:${DEMO_MEMBER}`);
    const docs = async () => ({ member: await docOrNull(rt, 'balances', `points:${DEMO_MEMBER}`), partner: await docOrNull(rt, 'balances', `commission_frozen:${DEMO_PARTNER}`) });
    const before = await docs();
    rt.db.latencyMsPerOp = 5; // requests overlap, as at a console on a real network
    const results = await Promise.all(ids.map((orderId) => act(rt, 'admin', 'order.refund', { orderId, reason: '退货' }, DEMO_OWNER)));
    rt.db.latencyMsPerOp = 0;
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(await docs()).toEqual(before);
    expect(await balanceOf(rt, `commission_frozen:${DEMO_PARTNER}`)).toBe(0);
    expect((await ok(rt, 'shop', 'partner.earnings.list', {}, DEMO_PARTNER)).balances.frozenFen).toBe(0);
    expect(await balanceOf(rt, `points:${DEMO_MEMBER}`)).toBe(memberPoints - 25 * 80);
    expect((await ok(rt, 'shop', 'points.get', {}, DEMO_MEMBER)).balance).toBe((await docOrNull(rt, 'balances', `points:${DEMO_MEMBER}`))?.balance ?? 0);
    expectAudited(rt);
  });

  test('a credit already folded is reversed from the balance document as before', async () => {
    const id = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    await rt.pay(id);
    const memberPoints = (await docOrNull(rt, 'balances', `points:${DEMO_MEMBER}`))?.balance ?? 0;
    await rt.runCron(); // folds the credits: the partner's 80 fen, the member's 80 points
    expect((await docOrNull(rt, 'balances', `commission_frozen:${DEMO_PARTNER}`))!.balance).toBe(80);
    expect((await docOrNull(rt, 'balances', `points:${DEMO_MEMBER}`))!.balance).toBe(memberPoints + 80);
    await ok(rt, 'admin', 'order.refund', { orderId: id, reason: '退货' }, DEMO_OWNER);
    expect((await docOrNull(rt, 'balances', `commission_frozen:${DEMO_PARTNER}`))!.balance).toBe(0);
    expect((await docOrNull(rt, 'balances', `points:${DEMO_MEMBER}`))!.balance).toBe(memberPoints);
    expectAudited(rt);
  });
});
