import type { LocalRuntime } from '../../local/runtime/runtime';
import { auditJournal } from '../../local/audit';
import { DEMO_OWNER, DEMO_SHOPPER } from '../../local/seed/demo';
import { act, all, closeStore, createStore, docOrNull, ok, placeOrder, stockOf } from '../support/store';

let rt: LocalRuntime;
beforeEach(async () => { rt = await createStore(); });
afterEach(() => closeStore(rt));

const points = async () => (await docOrNull(rt, 'balances', `points:${DEMO_SHOPPER}`))?.balance ?? 0;

describe('points exchange', () => {
  test('redeems a product for its points price, once per request, and refunds return the points', async () => {
    await rt.pay(await placeOrder(rt, DEMO_SHOPPER, 'p_tonic')); // 298
    await rt.pay(await placeOrder(rt, DEMO_SHOPPER, 'p_tonic', 1, 'second')); // 596
    const { redeemables } = await ok(rt, 'shop', 'points.get', {}, DEMO_SHOPPER);
    expect(redeemables.map((p: any) => [p._id, p.pointsPrice])).toEqual([['p_trial', 500]]);
    const a = await ok(rt, 'shop', 'points.redeem', { requestId: 'x1', productId: 'p_trial' }, DEMO_SHOPPER);
    const b = await ok(rt, 'shop', 'points.redeem', { requestId: 'x1', productId: 'p_trial' }, DEMO_SHOPPER);
    expect(b.order._id).toBe(a.order._id);
    expect(a.order).toMatchObject({ status: 'PAID', payMethod: 'points', pointsUsed: 500, payableFen: 0 });
    expect(await points()).toBe(96);
    expect(stockOf(rt, 'p_trial')).toBe(499);
    expect(await act(rt, 'shop', 'points.redeem', { requestId: 'x2', productId: 'p_trial' }, DEMO_SHOPPER)).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_BALANCE' } });
    expect(await act(rt, 'shop', 'points.redeem', { requestId: 'x3', productId: 'p_tonic' }, DEMO_SHOPPER)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const r = await ok(rt, 'admin', 'order.refund', { orderId: a.order._id, reason: '缺货' }, DEMO_OWNER);
    expect(r).toMatchObject({ status: 'SUCCESS' });
    expect(await points()).toBe(596);
    expect(stockOf(rt, 'p_trial')).toBe(500);
    expect(auditJournal(rt.db.raw()).problems).toEqual([]);
  });

  test('concurrent redemptions never take points below zero', async () => {
    await rt.pay(await placeOrder(rt, DEMO_SHOPPER, 'p_partner')); // 6900 points: covers 13 × 500
    const attempt = async (i: number) => {
      for (let n = 0; n < 50; n += 1) {
        const res = await act(rt, 'shop', 'points.redeem', { requestId: `r${i}`, productId: 'p_trial' }, DEMO_SHOPPER);
        if (res.ok || res.error.code !== 'CONFLICT') return res;
      }
      throw new Error('still conflicting');
    };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(i)));
    expect(results.filter((r) => r.ok)).toHaveLength(13);
    expect(await points()).toBe(6900 - 13 * 500);
    expect(auditJournal(rt.db.raw()).problems).toEqual([]);
  });
});

describe('points expiry', () => {
  test('points earned in a year expire at the end of the next year (UTC+8), once', async () => {
    // The runtime's clock starts now; jump to a known instant by offsetting it.
    const base = Date.UTC(2026, 5, 1); // 2026-06-01
    rt.advanceClock(base - Date.now());
    await rt.pay(await placeOrder(rt, DEMO_SHOPPER, 'p_tonic')); // 298 points earned in 2026
    rt.advanceClock(Date.UTC(2027, 11, 31, 15, 59) - rt.nowMs()); // 2027-12-31 23:59 in UTC+8
    expect((await rt.invoke('cron', {}, { source: 'wx_trigger' })).result).toMatchObject({ pointsExpired: 0 });
    rt.advanceClock(2 * 60 * 1000); // 2028-01-01 00:01 in UTC+8
    // The shopper's 298 and the 2,290 referral points the sale gave the shopper's member (10% of the tonic's ¥229 base).
    expect((await rt.invoke('cron', {}, { source: 'wx_trigger' })).result).toMatchObject({ pointsExpired: 298 + 2290 });
    expect((await rt.invoke('cron', {}, { source: 'wx_trigger' })).result).toMatchObject({ pointsExpired: 0 });
    expect(await points()).toBe(0);
    expect(await all(rt, 'journal', { kind: 'expire' })).toHaveLength(2); // one per account
    expect(auditJournal(rt.db.raw()).problems).toEqual([]);
  });
});
