import type { LocalRuntime } from '../../local/runtime/runtime';
import { DEMO_MEMBER, DEMO_SHOPPER } from '../../local/seed/demo';
import { orderIdFor, orderNoFor } from '../../cloudfunctions/src/shared/ids';
import { act, all, balanceOf, closeStore, createStore, docOrNull, expectAudited, ok, placeOrder, stockOf } from '../support/store';

let rt: LocalRuntime;
beforeEach(async () => { rt = await createStore(); });
afterEach(() => closeStore(rt));

const stock = async (id: string) => stockOf(rt, id);

describe('human order numbers', () => {
  test('every order gets a store-time date + 4 digits, unique, and a retried create keeps its number', async () => {
    const input = { requestId: 'no-1', lines: [{ productId: 'p_trial', qty: 1 }] };
    const a = await ok(rt, 'shop', 'order.create', input, DEMO_SHOPPER);
    const b = await ok(rt, 'shop', 'order.create', input, DEMO_SHOPPER);
    expect(a.order.orderNo).toMatch(/^20\d{16}$/);
    expect(b.order.orderNo).toBe(a.order.orderNo);
    const many = [];
    for (let i = 0; i < 30; i += 1) many.push(await ok(rt, 'shop', 'order.create', { requestId: `no-m${i}`, lines: [{ productId: 'p_trial', qty: 1 }] }, DEMO_SHOPPER));
    const numbers = new Set([a.order.orderNo, ...many.map((m) => m.order.orderNo)]);
    expect(numbers.size).toBe(31);
    const claimed = await all(rt, 'order_numbers');
    for (const m of many) expect(claimed.find((c) => c._id === m.order.orderNo)?.orderId).toBe(m.order._id);
  });

  test('the number is in the store time zone (UTC+8): 23:30 UTC is the next day', async () => {
    rt.advanceClock(Date.UTC(2030, 10, 29, 23, 30, 5) - rt.nowMs());
    const { order } = await ok(rt, 'shop', 'order.create', { requestId: 'tz', lines: [{ productId: 'p_trial', qty: 1 }] }, DEMO_SHOPPER);
    expect(order.orderNo.slice(0, 14)).toBe('20301130073005');
  });

  test('a refused order claims no number; a number already taken is skipped for other digits', async () => {
    const refused = await act(rt, 'shop', 'order.create', { requestId: 'bad', lines: [{ productId: 'p_nope', qty: 1 }] }, DEMO_SHOPPER);
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await all(rt, 'order_numbers')).toHaveLength(0);
    // Take attempt 0's number for this order in the next few seconds: the order must pick another.
    const orderId = orderIdFor(DEMO_SHOPPER, 'taken');
    const base = rt.nowMs();
    for (let s = 0; s < 3; s += 1) await rt.db.collection('order_numbers').add({ data: { _id: orderNoFor(base + s * 1000, orderId, 0), orderId: 'someone-else' } });
    const { order } = await ok(rt, 'shop', 'order.create', { requestId: 'taken', lines: [{ productId: 'p_trial', qty: 1 }] }, DEMO_SHOPPER);
    expect(order._id).toBe(orderId);
    expect(order.orderNo).toMatch(/^20\d{16}$/);
    expect((await docOrNull(rt, 'order_numbers', order.orderNo))!.orderId).toBe(orderId);
  });
});

describe('order.cancel', () => {
  test('the buyer cancels an unpaid order: it closes, stock and points go back, a repeat answers the closed order', async () => {
    await rt.pay(await placeOrder(rt, DEMO_MEMBER, 'p_tonic')); // earns points to spend below
    const before = await stock('p_tonic');
    const pointsBefore = await balanceOf(rt, `points:${DEMO_MEMBER}`);
    const { order } = await ok(rt, 'shop', 'order.create', { requestId: 'c1', lines: [{ productId: 'p_tonic', qty: 1 }], usePoints: true }, DEMO_MEMBER);
    expect(order.pointsUsed).toBeGreaterThan(0);
    expect(await stock('p_tonic')).toBe(before - 1);
    const first = await ok(rt, 'shop', 'order.cancel', { orderId: order._id }, DEMO_MEMBER);
    expect(first.order.status).toBe('CLOSED');
    expect(await stock('p_tonic')).toBe(before);
    expect(await balanceOf(rt, `points:${DEMO_MEMBER}`)).toBe(pointsBefore);
    const again = await ok(rt, 'shop', 'order.cancel', { orderId: order._id }, DEMO_MEMBER);
    expect(again.order.status).toBe('CLOSED');
    expect(await stock('p_tonic')).toBe(before);
    expect(await act(rt, 'shop', 'order.pay', { orderId: order._id }, DEMO_MEMBER)).toMatchObject({ ok: false, error: { code: 'NOT_PAYABLE' } });
    expectAudited(rt);
  });

  test('concurrent cancels return stock once, and every one answers the closed order (no CONFLICT)', async () => {
    const before = await stock('p_tonic');
    const { order } = await ok(rt, 'shop', 'order.create', { requestId: 'c2', lines: [{ productId: 'p_tonic', qty: 2 }] }, DEMO_SHOPPER);
    const results = await Promise.all(Array.from({ length: 5 }, () => act(rt, 'shop', 'order.cancel', { orderId: order._id }, DEMO_SHOPPER)));
    for (const r of results) expect(r).toMatchObject({ ok: true, data: { order: { status: 'CLOSED' } } });
    expect(await stock('p_tonic')).toBe(before);
  });

  test("someone else's order looks missing and is left alone; a paid order cannot be cancelled", async () => {
    const { order } = await ok(rt, 'shop', 'order.create', { requestId: 'c3', lines: [{ productId: 'p_trial', qty: 1 }] }, DEMO_SHOPPER);
    expect(await act(rt, 'shop', 'order.cancel', { orderId: order._id }, DEMO_MEMBER)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await docOrNull(rt, 'orders', order._id))!.status).toBe('PENDING');
    await ok(rt, 'shop', 'order.pay', { orderId: order._id }, DEMO_SHOPPER);
    await rt.pay(order._id);
    expect(await act(rt, 'shop', 'order.cancel', { orderId: order._id }, DEMO_SHOPPER)).toMatchObject({ ok: false, error: { code: 'NOT_PAYABLE' } });
    expect((await docOrNull(rt, 'orders', order._id))!.status).toBe('PAID');
  });

  test('cancelling an unpaid group-buy seat frees the seat and the per-user count', async () => {
    const opened = await ok(rt, 'shop', 'groupbuy.group.open', { requestId: 'g1', campaignId: 'gb_trial2' }, DEMO_SHOPPER);
    const joined = await ok(rt, 'shop', 'groupbuy.group.join', { requestId: 'g2', groupId: opened.group._id }, DEMO_MEMBER);
    expect((await docOrNull(rt, 'groupbuy_groups', opened.group._id))!.seatsTaken).toBe(2);
    const res = await ok(rt, 'shop', 'order.cancel', { orderId: joined.order._id }, DEMO_MEMBER);
    expect(res.order.status).toBe('CLOSED');
    expect((await docOrNull(rt, 'groupbuy_groups', opened.group._id))!.seatsTaken).toBe(1);
    // The per-user limit of this campaign is 1: the cancelled seat no longer counts.
    await ok(rt, 'shop', 'groupbuy.group.join', { requestId: 'g3', groupId: opened.group._id }, DEMO_MEMBER);
  });
});
