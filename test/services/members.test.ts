import type { LocalRuntime } from '../../local/runtime/runtime';
import { DEMO_NEWCOMER, DEMO_PARTNER, DEMO_SHOPPER } from '../../local/seed/demo';
import { act, all, closeStore, createStore, docOrNull, ok, placeOrder, DIAPER_L } from '../support/store';
import { balanceOf, expectAudited } from '../support/store';

let rt: LocalRuntime;
beforeEach(async () => { rt = await createStore(); });
afterEach(() => closeStore(rt));

const DAY_MS = 24 * 3600 * 1000;

const balance = (account: string) => balanceOf(rt, account);
const expectJournalConsistent = () => expectAudited(rt);

async function topUp(openid: string, packageId: string, requestId = `t-${packageId}`): Promise<string> {
  const { order } = await ok(rt, 'shop', 'wallet.topup', { requestId, packageId }, openid);
  await ok(rt, 'shop', 'order.pay', { orderId: order._id }, openid);
  await rt.pay(order._id);
  return order._id;
}

describe('tier prices and the ladder', () => {
  test('seed 002: first purchase ¥298, after the card the member repurchases at ¥258', async () => {
    const first = await ok(rt, 'shop', 'checkout.quote', { lines: [{ productId: 'p_tonic', qty: 1 }] }, DEMO_NEWCOMER);
    expect(first).toMatchObject({ totalFen: 29800, payableFen: 29800, listTotalFen: 29800 });
    await rt.pay(await placeOrder(rt, DEMO_NEWCOMER, 'p_card'));
    const { me } = await ok(rt, 'shop', 'session.get', {}, DEMO_NEWCOMER);
    expect(me.stage).toBe('member');
    expect(me.stageUntilMs).toBeGreaterThan(rt.nowMs() + 364 * DAY_MS);
    const again = await ok(rt, 'shop', 'checkout.quote', { lines: [{ productId: 'p_tonic', qty: 2 }] }, DEMO_NEWCOMER);
    expect(again).toMatchObject({ totalFen: 51600, listTotalFen: 59600 });
    const { order } = await ok(rt, 'shop', 'order.create', { requestId: 'm1', lines: [{ productId: 'p_tonic', qty: 2 }] }, DEMO_NEWCOMER);
    expect(order.payableFen).toBe(51600);
  });

  test('seed 002: diapers ¥128 retail, ¥69 for a partner', async () => {
    const shopper = await ok(rt, 'shop', 'checkout.quote', { lines: [{ ...DIAPER_L, qty: 1 }] }, DEMO_SHOPPER);
    const partner = await ok(rt, 'shop', 'checkout.quote', { lines: [{ ...DIAPER_L, qty: 1 }] }, DEMO_PARTNER);
    expect([shopper.totalFen, partner.totalFen]).toEqual([12800, 6900]);
    const catalog = await ok(rt, 'shop', 'catalog.list', {}, DEMO_PARTNER);
    expect(catalog.myPrices).toMatchObject({ p_diaper: 6900, p_tonic: 25800, p_trial: 990 });
    expect((await ok(rt, 'shop', 'product.get', { productId: 'p_diaper' }, DEMO_SHOPPER)).myPriceFen).toBe(12800);
  });

  test('a card lapses when it expires and the holder pays customer prices again', async () => {
    await rt.pay(await placeOrder(rt, DEMO_NEWCOMER, 'p_card'));
    rt.advanceClock(366 * DAY_MS);
    const res = await rt.invoke('cron', {}, { source: 'wx_trigger' });
    expect(res.result).toMatchObject({ lapsedCards: 2 }); // the newcomer's card and the seeded member's
    expect((await docOrNull(rt, 'users', DEMO_NEWCOMER))!.stage).toBe('customer');
    const q = await ok(rt, 'shop', 'checkout.quote', { lines: [{ productId: 'p_tonic', qty: 1 }] }, DEMO_NEWCOMER);
    expect(q.totalFen).toBe(29800);
  });

  test('a second card extends the first from its end', async () => {
    await rt.pay(await placeOrder(rt, DEMO_NEWCOMER, 'p_card', 1, 'c1'));
    const until1 = (await docOrNull(rt, 'users', DEMO_NEWCOMER))!.stageUntilMs;
    await rt.pay(await placeOrder(rt, DEMO_NEWCOMER, 'p_card', 1, 'c2'));
    expect((await docOrNull(rt, 'users', DEMO_NEWCOMER))!.stageUntilMs).toBe(until1 + 365 * DAY_MS);
  });
});

describe('points', () => {
  test('earned on the paid amount × tier multiplier, exactly once', async () => {
    await rt.pay(await placeOrder(rt, DEMO_SHOPPER, 'p_tonic')); // customer ×1: 298 points
    expect(await balance(`points:${DEMO_SHOPPER}`)).toBe(298);
    await rt.pay(await placeOrder(rt, DEMO_PARTNER, DIAPER_L)); // partner ×2 on ¥69: 138 points
    expect(await balance(`points:${DEMO_PARTNER}`)).toBe(138);
    await expectJournalConsistent();
  });

  test('spent as a discount capped per order, and returned when the unpaid order closes', async () => {
    await rt.pay(await placeOrder(rt, DEMO_SHOPPER, 'p_partner')); // 6900 points, and now a partner
    const points = await balance(`points:${DEMO_SHOPPER}`);
    expect(points).toBe(6900);
    const q = await ok(rt, 'shop', 'checkout.quote', { lines: [{ productId: 'p_tonic', qty: 1 }], usePoints: true }, DEMO_SHOPPER);
    // Partner price ¥258; points may take at most 20% of it.
    expect(q).toMatchObject({ totalFen: 25800, pointsUsable: 5160, pointsDiscountFen: 5160, payableFen: 25800 - 5160 });
    const { order } = await ok(rt, 'shop', 'order.create', { requestId: 'p1', lines: [{ productId: 'p_tonic', qty: 1 }], usePoints: true }, DEMO_SHOPPER);
    expect(order).toMatchObject({ pointsUsed: 5160, payableFen: 20640 });
    expect(await balance(`points:${DEMO_SHOPPER}`)).toBe(6900 - 5160);
    rt.advanceClock(31 * 60 * 1000);
    await rt.invoke('cron', {}, { source: 'wx_trigger' });
    expect(await balance(`points:${DEMO_SHOPPER}`)).toBe(6900);
    await expectJournalConsistent();
  });
});

describe('stored value', () => {
  test('top-up ¥1000 gets ¥1200 (principal 1000, bonus 200), once however often the callback comes', async () => {
    const { order } = await ok(rt, 'shop', 'wallet.topup', { requestId: 'tu1', packageId: 'tp_1000' }, DEMO_SHOPPER);
    await ok(rt, 'shop', 'order.pay', { orderId: order._id }, DEMO_SHOPPER);
    const acks = await rt.deliverPayment(rt.payEvent(order._id), { times: 5, concurrent: true });
    for (const ack of acks) expect(ack).toMatchObject({ errcode: 0 });
    await rt.deliverPayment(rt.payEvent(order._id), { times: 2 });
    const w = await ok(rt, 'shop', 'wallet.get', {}, DEMO_SHOPPER);
    expect([w.principalFen, w.bonusFen]).toEqual([100000, 20000]);
    expect(w.history).toHaveLength(2);
    expect(await balance('store:sales')).toBe(0); // a top-up is a liability, not a sale
    await expectJournalConsistent();
  });

  test('a top-up cannot be paid from the balance, and an unknown package is refused', async () => {
    const { order } = await ok(rt, 'shop', 'wallet.topup', { requestId: 'tu2', packageId: 'tp_100' }, DEMO_SHOPPER);
    expect(await act(rt, 'shop', 'order.pay', { orderId: order._id, method: 'balance' }, DEMO_SHOPPER)).toMatchObject({ ok: false, error: { code: 'NOT_PAYABLE' } });
    expect(await act(rt, 'shop', 'wallet.topup', { requestId: 'tu3', packageId: 'tp_nope' }, DEMO_SHOPPER)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  test('paying by balance takes principal and bonus in proportion, never creating or losing a fen', async () => {
    await topUp(DEMO_SHOPPER, 'tp_100'); // 10000 + 1000
    const { order } = await ok(rt, 'shop', 'order.create', { requestId: 'b1', lines: [{ productId: 'p_trial', qty: 1 }] }, DEMO_SHOPPER);
    const paid = await ok(rt, 'shop', 'order.pay', { orderId: order._id, method: 'balance' }, DEMO_SHOPPER);
    expect(paid.payment).toBeNull();
    expect(paid.order).toMatchObject({ status: 'PAID', payMethod: 'balance' });
    const split = paid.order.balanceSplit;
    expect(split.principalFen + split.bonusFen).toBe(990);
    expect(split).toEqual({ principalFen: 900, bonusFen: 90 });
    expect(await balance(`sv_principal:${DEMO_SHOPPER}`)).toBe(9100);
    expect(await balance(`sv_bonus:${DEMO_SHOPPER}`)).toBe(910);
    expect(await act(rt, 'shop', 'order.pay', { orderId: order._id, method: 'balance' }, DEMO_SHOPPER)).toMatchObject({ ok: false, error: { code: 'NOT_PAYABLE' } });
    await expectJournalConsistent();
  });

  test('20 concurrent balance payments against a balance that covers 10: exactly 10 succeed', async () => {
    await topUp(DEMO_SHOPPER, 'tp_1000'); // 120000 fen; each order is 12 trial packs = 11880 fen
    const orderIds: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      const { order } = await ok(rt, 'shop', 'order.create', { requestId: `c${i}`, lines: [{ productId: 'p_trial', qty: 12 }] }, DEMO_SHOPPER);
      orderIds.push(order._id);
    }
    // A client retries CONFLICT (busy) answers; every other answer is final.
    const payUntilFinal = async (orderId: string) => {
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const res = await act(rt, 'shop', 'order.pay', { orderId, method: 'balance' }, DEMO_SHOPPER);
        if (res.ok || res.error.code !== 'CONFLICT') return res;
      }
      throw new Error('still conflicting after 50 attempts');
    };
    const results = await Promise.all(orderIds.map(payUntilFinal));
    const paid = results.filter((r) => r.ok).length;
    const refused = results.filter((r) => !r.ok && r.error.code === 'INSUFFICIENT_BALANCE').length;
    expect([paid, refused]).toEqual([10, 10]);
    const principal = await balance(`sv_principal:${DEMO_SHOPPER}`);
    const bonus = await balance(`sv_bonus:${DEMO_SHOPPER}`);
    expect(principal).toBeGreaterThanOrEqual(0);
    expect(bonus).toBeGreaterThanOrEqual(0);
    expect(principal + bonus).toBe(120000 - 10 * 11880);
    expect(await all(rt, 'orders', { status: 'PAID', payMethod: 'balance' })).toHaveLength(10);
    await expectJournalConsistent();
  });

  test('a forced conflict during a balance payment re-runs it and debits once', async () => {
    await topUp(DEMO_SHOPPER, 'tp_100');
    const { order } = await ok(rt, 'shop', 'order.create', { requestId: 'fc', lines: [{ productId: 'p_trial', qty: 1 }] }, DEMO_SHOPPER);
    rt.db.forceConflicts(2);
    await ok(rt, 'shop', 'order.pay', { orderId: order._id, method: 'balance' }, DEMO_SHOPPER);
    expect(await all(rt, 'journal', { ref: order._id, kind: 'spend_principal' })).toHaveLength(1);
    expect((await balance(`sv_principal:${DEMO_SHOPPER}`)) + (await balance(`sv_bonus:${DEMO_SHOPPER}`))).toBe(11000 - 990);
    await expectJournalConsistent();
  });

  test('an empty wallet refuses and changes nothing', async () => {
    const { order } = await ok(rt, 'shop', 'order.create', { requestId: 'e1', lines: [{ productId: 'p_trial', qty: 1 }] }, DEMO_SHOPPER);
    expect(await act(rt, 'shop', 'order.pay', { orderId: order._id, method: 'balance' }, DEMO_SHOPPER)).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_BALANCE' } });
    expect((await docOrNull(rt, 'orders', order._id))!.status).toBe('PENDING');
    expect(await all(rt, 'journal')).toHaveLength(0);
  });
});
