import type { LocalRuntime } from '../../local/runtime/runtime';
import { DEMO_NEWCOMER, DEMO_OWNER, DEMO_SHOPPER } from '../../local/seed/demo';
import { act, all, closeStore, createStore, docOrNull, ok, placeOrder, DIAPER_L, stockOf } from '../support/store';
import { balanceOf, expectAudited } from '../support/store';

let rt: LocalRuntime;
beforeEach(async () => { rt = await createStore(); });
afterEach(() => closeStore(rt));

const balance = (account: string) => balanceOf(rt, account);
const expectJournalConsistent = () => expectAudited(rt);

const refund = (orderId: string) => act<any>(rt, 'admin', 'order.refund', { orderId, reason: '顾客申请退款' }, DEMO_OWNER);

describe('refunds', () => {
  test('a WeChat Pay refund: REFUNDING at once, REFUNDED when the callback comes, twice changes nothing', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_tonic');
    await rt.pay(orderId);
    expect(await balance(`points:${DEMO_SHOPPER}`)).toBe(298);
    const r = await refund(orderId);
    expect(r).toMatchObject({ ok: true, data: { status: 'PENDING', amountFen: 29800, method: 'wxpay' } });
    expect((await docOrNull(rt, 'orders', orderId))!.status).toBe('REFUNDING');
    expect(await balance(`points:${DEMO_SHOPPER}`)).toBe(0);
    expect(await balance('store:sales')).toBe(0);
    expect(stockOf(rt, 'p_tonic')).toBe(300);
    const acks = await rt.deliverRefund(r.ok ? r.data.refundNo : '', { times: 2 });
    expect(acks).toEqual([{ errcode: 0, errmsg: 'applied' }, { errcode: 0, errmsg: 'duplicate' }]);
    expect((await docOrNull(rt, 'orders', orderId))!.status).toBe('REFUNDED');
    expect(rt.cashier.find({ outTradeNo: orderId })!.refundedFee).toBe(29800);
    await expectJournalConsistent();
  });

  test('refunding twice, even concurrently, refunds once', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, DIAPER_L);
    await rt.pay(orderId);
    const results = await Promise.all([refund(orderId), refund(orderId), refund(orderId)]);
    // The repeats answer the one refund; the server re-runs its own conflicts, none reaches the owner.
    for (const r of results) expect(r).toMatchObject({ ok: true });
    expect(await all(rt, 'refunds')).toHaveLength(1);
    expect(await all(rt, 'journal', { kind: 'sale_reversal' })).toHaveLength(1);
    expect(rt.cashier.find({ outTradeNo: orderId })!.refundedFee).toBe(12800);
    await expectJournalConsistent();
  });

  test('refund callbacks from anyone but the payment system, or for unknown refunds, change nothing', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    await rt.pay(orderId);
    const r = await refund(orderId);
    const refundNo = r.ok ? r.data.refundNo : '';
    expect(await rt.deliverRefund(refundNo, { source: 'wx_client' })).toEqual([{ errcode: 403, errmsg: 'forbidden' }]);
    const ev = rt.refundEvent(refundNo) as any;
    ev.outRefundNo = 'Rnope';
    expect((await rt.invoke('refundNotify', ev, { source: 'wx_paycallback' })).result).toEqual({ errcode: 0, errmsg: 'unknown_refund' });
    const wrongFee = rt.refundEvent(refundNo) as any;
    wrongFee.refundFee = 1;
    expect((await rt.invoke('refundNotify', wrongFee, { source: 'wx_paycallback' })).result).toEqual({ errcode: 0, errmsg: 'mismatch' });
    expect((await rt.invoke('refundNotify', { returnCode: 'SUCCESS' }, { source: 'wx_paycallback' })).result).toMatchObject({ errcode: 400 });
    expect((await docOrNull(rt, 'orders', orderId))!.status).toBe('REFUNDING');
  });

  test('a balance-paid order is refunded at once to the same principal/bonus split', async () => {
    const { order: tu } = await ok(rt, 'shop', 'wallet.topup', { requestId: 't1', packageId: 'tp_100' }, DEMO_SHOPPER);
    await ok(rt, 'shop', 'order.pay', { orderId: tu._id }, DEMO_SHOPPER);
    await rt.pay(tu._id);
    const { order } = await ok(rt, 'shop', 'order.create', { requestId: 'b1', lines: [{ productId: 'p_trial', qty: 3 }] }, DEMO_SHOPPER);
    const paid = await ok(rt, 'shop', 'order.pay', { orderId: order._id, method: 'balance' }, DEMO_SHOPPER);
    const split = paid.order.balanceSplit;
    const r = await refund(order._id);
    expect(r).toMatchObject({ ok: true, data: { status: 'SUCCESS', method: 'balance' } });
    expect((await docOrNull(rt, 'orders', order._id))!.status).toBe('REFUNDED');
    expect(await all(rt, 'journal', { ref: order._id, kind: 'refund_principal' })).toEqual([expect.objectContaining({ amount: split.principalFen })]);
    expect(await all(rt, 'journal', { ref: order._id, kind: 'refund_bonus' })).toEqual([expect.objectContaining({ amount: split.bonusFen })]);
    expect([await balance(`sv_principal:${DEMO_SHOPPER}`), await balance(`sv_bonus:${DEMO_SHOPPER}`)]).toEqual([10000, 1000]);
    expect(rt.pendingRefunds()).toEqual([]);
    await expectJournalConsistent();
  });

  test('points already spent go negative on refund and block spending until earned back', async () => {
    const big = await placeOrder(rt, DEMO_SHOPPER, 'p_tonic', 1, 'big');
    await rt.pay(big); // +298 points
    const { order } = await ok(rt, 'shop', 'order.create', { requestId: 'use', lines: [{ ...DIAPER_L, qty: 1 }], usePoints: true }, DEMO_SHOPPER);
    expect(order.pointsUsed).toBe(298); // 20% of 12800 = 2560 cap; balance 298
    await refund(big);
    expect(await balance(`points:${DEMO_SHOPPER}`)).toBe(-298);
    const q = await ok(rt, 'shop', 'checkout.quote', { lines: [{ productId: 'p_tonic', qty: 1 }], usePoints: true }, DEMO_SHOPPER);
    expect(q).toMatchObject({ pointsUsable: 0, pointsDiscountFen: 0, payableFen: 29800 });
    const me = await ok(rt, 'shop', 'session.get', {}, DEMO_SHOPPER);
    expect(me.me.pointsBalance).toBe(-298);
    await expectJournalConsistent();
  });

  test('refunding a membership card takes the tier back', async () => {
    const card = await placeOrder(rt, DEMO_NEWCOMER, 'p_card');
    await rt.pay(card);
    expect((await docOrNull(rt, 'users', DEMO_NEWCOMER))!.stage).toBe('member');
    await refund(card);
    const user = await docOrNull(rt, 'users', DEMO_NEWCOMER);
    expect(user).toMatchObject({ stage: 'fan', stageUntilMs: null, paidOrderCount: 0 });
    const q = await ok(rt, 'shop', 'checkout.quote', { lines: [{ productId: 'p_tonic', qty: 1 }] }, DEMO_NEWCOMER);
    expect(q.totalFen).toBe(29800);
  });

  test('unpaid orders, top-ups and strangers are refused', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    expect(await refund(orderId)).toMatchObject({ ok: false, error: { code: 'NOT_REFUNDABLE' } });
    expect(await refund('Onothing')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await rt.pay(orderId);
    expect(await act(rt, 'admin', 'order.refund', { orderId, reason: 'x' }, DEMO_SHOPPER)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await all(rt, 'refunds')).toHaveLength(0);
  });

  test('a refund WeChat Pay could not take is retried by cron with the same refund number', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    await rt.pay(orderId);
    const cashierRefund = rt.cashier.refund.bind(rt.cashier);
    let failNext = true;
    rt.cashier.refund = (p) => (failNext ? ((failNext = false), { ok: false as const, code: 'SYSTEMERROR', message: '系统繁忙' }) : cashierRefund(p));
    const r = await refund(orderId);
    const refundNo = r.ok ? r.data.refundNo : '';
    expect((await docOrNull(rt, 'refunds', refundNo))).toMatchObject({ status: 'PENDING', attempts: 1, lastError: expect.stringContaining('SYSTEMERROR') });
    rt.advanceClock(11 * 60 * 1000);
    expect((await rt.invoke('cron', {}, { source: 'wx_trigger' })).result).toMatchObject({ refundsRetried: 1 });
    await rt.deliverRefund(refundNo);
    expect((await docOrNull(rt, 'orders', orderId))!.status).toBe('REFUNDED');
    expect(rt.cashier.find({ outTradeNo: orderId })!.refundedFee).toBe(990);
  });
});
