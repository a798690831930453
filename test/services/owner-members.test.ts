import type { LocalRuntime } from '../../local/runtime/runtime';
import { auditJournal } from '../../local/audit';
import { DEMO_NEWCOMER, DEMO_OWNER, DEMO_SHOPPER } from '../../local/seed/demo';
import { act, all, closeStore, createStore, docOrNull, editProduct, ok, placeOrder } from '../support/store';
import type { ProductDraft } from '../../src/contracts';

let rt: LocalRuntime;
beforeEach(async () => { rt = await createStore(); });
afterEach(() => closeStore(rt));

const TIERS = [
  { _id: 'fan', name: '粉丝', pointsMultiplierPct: 100, minSpentFen: null },
  { _id: 'customer', name: '顾客', pointsMultiplierPct: 100, minSpentFen: null },
  { _id: 'member', name: '会员', pointsMultiplierPct: 150, minSpentFen: 50000 },
  { _id: 'partner', name: '合伙人', pointsMultiplierPct: 200, minSpentFen: null },
];

async function topUp(openid: string, packageId: string, requestId: string): Promise<string> {
  const { order } = await ok(rt, 'shop', 'wallet.topup', { requestId, packageId }, openid);
  await ok(rt, 'shop', 'order.pay', { orderId: order._id }, openid);
  await rt.pay(order._id);
  return order._id;
}

describe('owner tier settings', () => {
  test.each([
    ['multiplier falls with rank', [TIERS[0], TIERS[1], { ...TIERS[2], pointsMultiplierPct: 90 }, TIERS[3]], '会员的积分倍率不能低于顾客'],
    ['threshold on customers', [TIERS[0], { ...TIERS[1], minSpentFen: 100 }, TIERS[2], TIERS[3]], '粉丝和顾客等级不设消费门槛'],
    ['partner threshold below member', [TIERS[0], TIERS[1], TIERS[2], { ...TIERS[3], minSpentFen: 100 }], '合伙人的消费门槛必须高于会员'],
    ['a tier missing', [TIERS[0], TIERS[1], TIERS[2], TIERS[2]], '需要且只需要粉丝、顾客、会员、合伙人四个等级'],
  ])('refused: %s', async (_name, tiers, message) => {
    const res = await act(rt, 'admin', 'tiers.update', { tiers }, DEMO_OWNER);
    expect(res).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message } });
    expect((await docOrNull(rt, 'tiers', 'member'))!.pointsMultiplierPct).toBe(200);
  });

  test('a spend threshold moves a customer up once their cumulative spend reaches it', async () => {
    await ok(rt, 'admin', 'tiers.update', { tiers: TIERS }, DEMO_OWNER);
    await rt.pay(await placeOrder(rt, DEMO_NEWCOMER, 'p_tonic', 1, 'a')); // 29800
    expect((await docOrNull(rt, 'users', DEMO_NEWCOMER))!.stage).toBe('customer');
    await rt.pay(await placeOrder(rt, DEMO_NEWCOMER, 'p_tonic', 1, 'b')); // 59600 ≥ 50000
    expect((await docOrNull(rt, 'users', DEMO_NEWCOMER))).toMatchObject({ stage: 'member', stageUntilMs: null });
  });

  test('only the owner may change tiers and products', async () => {
    expect(await act(rt, 'admin', 'tiers.update', { tiers: TIERS }, DEMO_SHOPPER)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('owner product prices', () => {
  const tonic = (patch: Partial<ProductDraft['specs'][number]>) => (d: ProductDraft): ProductDraft => ({ ...d, specs: [{ ...d.specs[0], ...patch }] });
  test.each([
    ['member price above list', tonic({ memberPriceFen: 30000 }), '会员价不能高于零售价（会员不能比非会员付得多）'],
    ['partner above member', tonic({ partnerPriceFen: 26000 }), '合伙人价不能高于会员价（会员不能比非会员付得多）'],
    ['days on a non-card', (d: ProductDraft) => ({ ...d, grantsDays: 30 }), '只有会员卡可以设置有效天数'],
  ])('refused: %s', async (_name, change, message) => {
    expect(await editProduct(rt, 'p_tonic', change)).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message } });
    expect((await docOrNull(rt, 'products', 'p_tonic'))!.version).toBe(1);
  });

  test('a price cut that would push commission over the payout cap is refused, naming the product', async () => {
    // Commission is paid on the ¥298 list price; a ¥50 partner price cannot carry 30% of it.
    const res = await editProduct(rt, 'p_tonic', tonic({ partnerPriceFen: 5000 }));
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('臻选滋补礼盒') } });
    expect((await docOrNull(rt, 'products', 'p_tonic'))!.partnerPriceFen).toBe(25800);
  });

  test('a valid change applies to the next quote', async () => {
    const res = await editProduct(rt, 'p_tonic', tonic({ listPriceFen: 31800 }));
    expect(res).toMatchObject({ ok: true, data: { product: { listPriceFen: 31800, version: 2 } } });
    const q = await ok(rt, 'shop', 'checkout.quote', { lines: [{ productId: 'p_tonic', qty: 1 }] }, DEMO_NEWCOMER);
    expect(q.totalFen).toBe(31800);
  });
});

describe('owner refunds remaining principal', () => {
  test('principal goes back through the top-ups, bonus is forfeited, once per request', async () => {
    const t1 = await topUp(DEMO_SHOPPER, 'tp_1000', 'a'); // 100000 + 20000
    const t2 = await topUp(DEMO_SHOPPER, 'tp_100', 'b'); // 10000 + 1000
    const { order } = await ok(rt, 'shop', 'order.create', { requestId: 'spend', lines: [{ productId: 'p_tonic', qty: 1 }] }, DEMO_SHOPPER);
    await ok(rt, 'shop', 'order.pay', { orderId: order._id, method: 'balance' }, DEMO_SHOPPER);
    const principal = (await docOrNull(rt, 'balances', `sv_principal:${DEMO_SHOPPER}`))!.balance;
    const bonus = (await docOrNull(rt, 'balances', `sv_bonus:${DEMO_SHOPPER}`))!.balance;
    expect(principal + bonus).toBe(131000 - 29800);
    // Months later, after the cron has run: top-ups are not auto-completed like deliveries.
    rt.advanceClock(60 * 24 * 3600 * 1000);
    await rt.invoke('cron', {}, { source: 'wx_trigger' });
    expect((await docOrNull(rt, 'orders', t1))!.status).toBe('PAID');
    const res = await ok(rt, 'admin', 'wallet.refundPrincipal', { requestId: 'r1', openid: DEMO_SHOPPER, reason: '会员退卡' }, DEMO_OWNER);
    expect(res).toMatchObject({ refundFen: principal, forfeitBonusFen: bonus });
    const again = await ok(rt, 'admin', 'wallet.refundPrincipal', { requestId: 'r1', openid: DEMO_SHOPPER, reason: '会员退卡' }, DEMO_OWNER);
    expect(again.refundNos.sort()).toEqual(res.refundNos.sort());
    expect((await docOrNull(rt, 'balances', `sv_principal:${DEMO_SHOPPER}`))!.balance).toBe(0);
    expect((await docOrNull(rt, 'balances', `sv_bonus:${DEMO_SHOPPER}`))!.balance).toBe(0);
    const refunded = rt.cashier.find({ outTradeNo: t1 })!.refundedFee + rt.cashier.find({ outTradeNo: t2 })!.refundedFee;
    expect(refunded).toBe(principal);
    expect(rt.cashier.find({ outTradeNo: t2 })!.refundedFee).toBe(10000); // newest first
    for (const no of res.refundNos) await rt.deliverRefund(no, { times: 2 });
    expect((await all(rt, 'refunds', { kind: 'principal' })).map((r) => r.status)).toEqual(res.refundNos.map(() => 'SUCCESS'));
    expect((await docOrNull(rt, 'orders', t1))!.status).toBe('PAID');
    expect(await act(rt, 'admin', 'wallet.refundPrincipal', { requestId: 'r2', openid: DEMO_SHOPPER, reason: '再退' }, DEMO_OWNER)).toMatchObject({ ok: false, error: { code: 'NOT_REFUNDABLE' } });
    expect(auditJournal(rt.db.raw()).problems).toEqual([]);
  });

  test('two principal refunds at once (different requests) refund the principal once', async () => {
    const t1 = await topUp(DEMO_SHOPPER, 'tp_1000', 'a');
    const once = (requestId: string) => act<any>(rt, 'admin', 'wallet.refundPrincipal', { requestId, openid: DEMO_SHOPPER, reason: '退卡' }, DEMO_OWNER);
    const results = await Promise.all([once('x1'), once('x2'), once('x3')]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results) if (!r.ok) expect(['INSUFFICIENT_BALANCE', 'NOT_REFUNDABLE']).toContain(r.error.code);
    expect(rt.cashier.find({ outTradeNo: t1 })!.refundedFee).toBe(100000);
    expect((await docOrNull(rt, 'balances', `sv_principal:${DEMO_SHOPPER}`))!.balance).toBe(0);
    expect(auditJournal(rt.db.raw()).problems).toEqual([]);
  });

  test('the owner sees stored value and points outstanding at once, before any cron, and the same after it', async () => {
    await topUp(DEMO_SHOPPER, 'tp_1000', 'a');
    const live = (await ok(rt, 'admin', 'store.summary', {}, DEMO_OWNER)).summary;
    expect(live).toMatchObject({ storedValuePrincipalFen: 100000, storedValueBonusFen: 20000, pointsOutstanding: 0, rolledUpAtMs: null });
    rt.advanceClock(2 * 60 * 1000);
    await rt.invoke('cron', {}, { source: 'wx_trigger' });
    const { summary } = await ok(rt, 'admin', 'store.summary', {}, DEMO_OWNER);
    expect(summary).toMatchObject({ storedValuePrincipalFen: 100000, storedValueBonusFen: 20000, pointsOutstanding: 0 });
    expect(summary.rolledUpAtMs).not.toBeNull();
  });
});
