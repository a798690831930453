// Issue 9: payments the callback never confirmed, late payments after the store closed an order,
// stored value while a WeChat Pay payment is in flight, and second payments — each through the
// real functions on the local runtime.
import type { LocalRuntime } from '../../local/runtime/runtime';
import { worldHash } from '../../local/attack/world';
import { DEMO_OWNER, DEMO_SHOPPER } from '../../local/seed/demo';
import { act, all, balanceOf, closeStore, createStore, DIAPER_L, docOrNull, expectAudited, ok, placeOrder } from '../support/store';

let rt: LocalRuntime;
beforeEach(async () => { rt = await createStore(); });
afterEach(() => closeStore(rt));

const MINUTE = 60 * 1000;
const points = () => balanceOf(rt, `points:${DEMO_SHOPPER}`);
const order = async (id: string) => (await docOrNull(rt, 'orders', id))!;

/** The shopper pays for the tonic (¥298 at the customer stage): 298 points. */
async function earn298(): Promise<void> {
  await rt.pay(await placeOrder(rt, DEMO_SHOPPER, 'p_tonic'));
  expect(await points()).toBe(298);
}

/** Diapers (size L, ¥128) with every point the shopper has: 298 points off, ¥125.02 to pay, WeChat Pay asked. */
async function diapersWithPoints(requestId = 'd1'): Promise<string> {
  const { order: o } = await ok(rt, 'shop', 'order.create', { requestId, lines: [{ ...DIAPER_L, qty: 1 }], usePoints: true }, DEMO_SHOPPER);
  expect(o).toMatchObject({ pointsUsed: 298, payableFen: 12502 });
  await ok(rt, 'shop', 'order.pay', { orderId: o._id }, DEMO_SHOPPER);
  return o._id as string;
}

async function topUp100(): Promise<void> {
  const { order: t } = await ok(rt, 'shop', 'wallet.topup', { requestId: 'tu', packageId: 'tp_100' }, DEMO_SHOPPER);
  await ok(rt, 'shop', 'order.pay', { orderId: t._id }, DEMO_SHOPPER);
  await rt.pay(t._id);
}

describe('a late payment after the store closed an unpaid order that used points (issue 9 row)', () => {
  test('closing at the timeout closes WeChat Pay\'s order too: the old payment can no longer be made', async () => {
    await earn298();
    const orderId = await diapersWithPoints();
    expect(await points()).toBe(0);
    rt.advanceClock(31 * MINUTE);
    expect(await rt.runCron()).toMatchObject({ closedOrders: 1 });
    expect(await order(orderId)).toMatchObject({ status: 'CLOSED', wxPayOpen: false, wxPay: { closedAtMs: expect.any(Number) } });
    expect(await points()).toBe(298);
    expect(rt.cashier.find({ outTradeNo: orderId })).toMatchObject({ closed: true });
    expect(() => rt.payEvent(orderId)).toThrow(/closed/);
    expect(await all(rt, 'journal', { ref: orderId, kind: 'sale' })).toEqual([]);
  });

  test('a payment that still gets through re-takes the points it was discounted with: 298 → 125, not 423', async () => {
    await earn298();
    const orderId = await diapersWithPoints();
    // Cancelled within 5 minutes: WeChat Pay's order cannot be closed yet, so it can still be paid.
    await ok(rt, 'shop', 'order.cancel', { orderId }, DEMO_SHOPPER);
    expect(await points()).toBe(298);
    await rt.deliverPayment(rt.payEvent(orderId), { times: 2 });
    expect(await order(orderId)).toMatchObject({ status: 'PAID', payableFen: 12502, pointsEarned: 125 });
    // The discount's points are taken again, the order's own earn added: 298 − 298 + 125.
    expect(await points()).toBe(125);
    expect(await all(rt, 'payment_anomalies', { orderId })).toEqual([expect.objectContaining({ kind: 'late', action: 'applied_late' })]);
    expectAudited(rt);
  });

  test('if the points were spent meanwhile the balance goes negative, blocks spending, and a refund squares it', async () => {
    await earn298();
    const first = await diapersWithPoints('d1');
    await ok(rt, 'shop', 'order.cancel', { orderId: first }, DEMO_SHOPPER);
    const second = await diapersWithPoints('d2'); // the same 298 points, spent again
    await rt.pay(second);
    expect(await points()).toBe(125);
    await rt.pay(first); // the first order's payment still goes through at WeChat Pay
    expect(await points()).toBe(125 - 298 + 125);
    expect((await ok(rt, 'shop', 'checkout.quote', { lines: [{ productId: 'p_tonic', qty: 1 }], usePoints: true }, DEMO_SHOPPER)).pointsUsable).toBe(0);
    await ok(rt, 'admin', 'order.refund', { orderId: first, reason: '重复下单' }, DEMO_OWNER);
    // The refund returns the discount's points and takes back what the order earned: as if it never was.
    expect(await points()).toBe(125);
    expectAudited(rt);
  });
});

describe('payments the callback never confirmed are reconciled with queryOrder', () => {
  test('paid at WeChat Pay, callback lost: the cron applies it through the callback\'s path, once', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    const event = rt.payEvent(orderId); // paid; the callback never arrives
    rt.advanceClock(29 * MINUTE);
    expect(await rt.runCron()).toMatchObject({ wxPayReconciled: 0 }); // still inside its payment window
    rt.advanceClock(2 * MINUTE);
    const [a, b] = await Promise.all([rt.runCron(), rt.runCron()]);
    expect(a.closedOrders + b.closedOrders).toBe(0);
    expect(await order(orderId)).toMatchObject({ status: 'PAID', transactionId: event.transactionId, payMethod: 'wxpay', wxPayOpen: false });
    // The callback, two days late: a duplicate.
    expect(await rt.deliverPayment(event)).toEqual([{ errcode: 0, errmsg: 'OK' }]);
    expect(await all(rt, 'journal', { ref: orderId, kind: 'sale' })).toHaveLength(1);
    expect(await all(rt, 'journal', { ref: orderId })).toHaveLength(4); // sale, points, two commission credits
    expect(rt.outbox().filter((m) => m.touser === DEMO_SHOPPER)).toHaveLength(1);
    expectAudited(rt);
  });

  test('not paid: the store closes its order and WeChat Pay\'s, and nothing is applied', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    rt.advanceClock(31 * MINUTE);
    expect(await rt.runCron()).toMatchObject({ wxPayReconciled: 0, closedOrders: 1 });
    expect(rt.cashier.query(orderId)).toMatchObject({ ok: true, tradeState: 'CLOSED' });
    expect(await order(orderId)).toMatchObject({ status: 'CLOSED', wxPayOpen: false });
  });

  test('a close WeChat Pay refused (too soon) is tried again by the cron; a payment made meanwhile is applied late', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    await ok(rt, 'shop', 'order.cancel', { orderId }, DEMO_SHOPPER);
    expect(await order(orderId)).toMatchObject({ status: 'CLOSED', wxPayOpen: true });
    expect(await rt.runCron()).toMatchObject({ wxPayReconciled: 0 }); // closeOrder: 5 minutes not yet
    rt.payEvent(orderId); // paid at the cashier; the callback is lost
    rt.advanceClock(6 * MINUTE);
    expect(await rt.runCron()).toMatchObject({ wxPayReconciled: 1 });
    expect(await order(orderId)).toMatchObject({ status: 'PAID', wxPayOpen: false });
    expect(await all(rt, 'payment_anomalies', { orderId })).toEqual([expect.objectContaining({ kind: 'late', action: 'applied_late' })]);
  });

  test('a cancelled order nobody paid: WeChat Pay\'s order is closed once 5 minutes have passed', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    await ok(rt, 'shop', 'order.cancel', { orderId }, DEMO_SHOPPER);
    rt.advanceClock(6 * MINUTE);
    expect(await rt.runCron()).toMatchObject({ wxPayReconciled: 1 });
    expect(rt.cashier.find({ outTradeNo: orderId })).toMatchObject({ closed: true });
    expect(await order(orderId)).toMatchObject({ status: 'CLOSED', wxPayOpen: false });
    expect(await rt.runCron()).toMatchObject({ wxPayReconciled: 0 });
  });
});

describe('order.pay records that WeChat Pay was asked', () => {
  test('a refusal from WeChat Pay leaves no record (a refused call changes nothing); the next ask records it', async () => {
    const { order: o } = await ok(rt, 'shop', 'order.create', { requestId: 'u1', lines: [{ productId: 'p_trial', qty: 1 }] }, DEMO_SHOPPER);
    const unifiedOrder = rt.cashier.unifiedOrder.bind(rt.cashier);
    rt.cashier.unifiedOrder = () => ({ ok: false as const, code: 'SYSTEMERROR', message: '系统繁忙' });
    const before = worldHash(rt.db.raw());
    expect(await act(rt, 'shop', 'order.pay', { orderId: o._id }, DEMO_SHOPPER)).toMatchObject({ ok: false, error: { code: 'PAYMENT_UNAVAILABLE' } });
    expect(worldHash(rt.db.raw())).toBe(before);
    rt.cashier.unifiedOrder = unifiedOrder;
    await ok(rt, 'shop', 'order.pay', { orderId: o._id }, DEMO_SHOPPER);
    expect(await order(o._id)).toMatchObject({ wxPayOpen: true, wxPay: { requestedAtMs: expect.any(Number), closedAtMs: null } });
  });
});

describe('stored value while a WeChat Pay payment is in flight (issue 9 row: charged ¥19.80 for ¥9.90)', () => {
  test('within 5 minutes of asking WeChat Pay, a balance payment waits and changes nothing', async () => {
    await topUp100();
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    const before = worldHash(rt.db.raw());
    const res = await act(rt, 'shop', 'order.pay', { orderId, method: 'balance' }, DEMO_SHOPPER);
    expect(res).toMatchObject({ ok: false, error: { code: 'NOT_PAYABLE', message: expect.stringContaining('微信') } });
    expect(worldHash(rt.db.raw())).toBe(before);
  });

  test('after 5 minutes WeChat Pay\'s order is closed first, then the balance pays: charged once', async () => {
    await topUp100();
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    rt.advanceClock(5 * MINUTE);
    const paid = await ok(rt, 'shop', 'order.pay', { orderId, method: 'balance' }, DEMO_SHOPPER);
    expect(paid.order).toMatchObject({ status: 'PAID', payMethod: 'balance' });
    expect(rt.cashier.find({ outTradeNo: orderId })).toMatchObject({ closed: true, paidTransactionId: null });
    expect(() => rt.payEvent(orderId)).toThrow(/closed/);
    expect((await balanceOf(rt, `sv_principal:${DEMO_SHOPPER}`)) + (await balanceOf(rt, `sv_bonus:${DEMO_SHOPPER}`))).toBe(11000 - 990);
    // Asking WeChat Pay again for this order is refused: its WeChat Pay order is gone.
    expect(await act(rt, 'shop', 'order.pay', { orderId }, DEMO_SHOPPER)).toMatchObject({ ok: false, error: { code: 'NOT_PAYABLE' } });
    expectAudited(rt);
  });

  test('paid at WeChat Pay meanwhile (callback not yet in): that payment is applied and the balance is left alone', async () => {
    await topUp100();
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    const event = rt.payEvent(orderId);
    rt.advanceClock(5 * MINUTE);
    const paid = await ok(rt, 'shop', 'order.pay', { orderId, method: 'balance' }, DEMO_SHOPPER);
    expect(paid.order).toMatchObject({ status: 'PAID', payMethod: 'wxpay' });
    expect((await balanceOf(rt, `sv_principal:${DEMO_SHOPPER}`)) + (await balanceOf(rt, `sv_bonus:${DEMO_SHOPPER}`))).toBe(11000);
    expect(await rt.deliverPayment(event)).toEqual([{ errcode: 0, errmsg: 'OK' }]);
    expect(await all(rt, 'journal', { ref: orderId, kind: 'sale' })).toHaveLength(1);
    expectAudited(rt);
  });
});

describe('a second payment of an order is refunded automatically and listed for the owner', () => {
  /** A WeChat Pay trade for an order already paid from stored value (what the old code allowed). */
  async function secondPaymentOf(orderId: string): Promise<ReturnType<LocalRuntime['payEvent']>> {
    const o = await order(orderId);
    const made = rt.cashier.unifiedOrder({ outTradeNo: orderId, totalFee: o.payableFen, body: '测试', nonceStr: 'n1', functionName: 'payNotify', subMchId: '1900000109', openid: DEMO_SHOPPER });
    expect(made.ok).toBe(true);
    return rt.payEvent(orderId);
  }

  test('paid by balance, then by WeChat Pay: the WeChat Pay payment goes back in full, once, with a stable number', async () => {
    await topUp100();
    const { order: o } = await ok(rt, 'shop', 'order.create', { requestId: 'b1', lines: [{ productId: 'p_trial', qty: 1 }] }, DEMO_SHOPPER);
    await ok(rt, 'shop', 'order.pay', { orderId: o._id, method: 'balance' }, DEMO_SHOPPER);
    const event = await secondPaymentOf(o._id);
    const acks = await rt.deliverPayment(event, { times: 3, concurrent: true });
    for (const ack of acks) expect(ack).toMatchObject({ errcode: 0 });
    const [anomaly] = await all(rt, 'payment_anomalies', { orderId: o._id });
    expect(anomaly).toMatchObject({ kind: 'second_payment', action: 'refunded', refundNo: expect.stringMatching(/^A[0-9a-f]{24}$/) });
    expect(await all(rt, 'refunds', { kind: 'payment' })).toEqual([expect.objectContaining({ _id: anomaly.refundNo, amountFen: 990, orderId: o._id })]);
    expect(rt.cashier.find({ outTradeNo: o._id })!.refundedFee).toBe(990);
    expect(await rt.deliverRefund(anomaly.refundNo, { times: 2 })).toEqual([{ errcode: 0, errmsg: 'applied' }, { errcode: 0, errmsg: 'duplicate' }]);
    // The order stays paid by balance, its effects once.
    expect(await order(o._id)).toMatchObject({ status: 'PAID', payMethod: 'balance' });
    expect(await all(rt, 'journal', { ref: o._id, kind: 'sale' })).toHaveLength(1);
    // The owner sees the buyer by name and face (the avatar the shopper chose), never an id.
    const avatar = 'cloud://local-dev.demo/uploads/o_demo_shopper/avatar.png';
    await rt.db.collection('users').doc(DEMO_SHOPPER).update({ data: { avatar } });
    const listed = await ok(rt, 'admin', 'payments.anomalies', {}, DEMO_OWNER);
    expect(listed).toMatchObject({ counts: { total: 1, waiting: 0 }, anomalies: [{ kind: 'second_payment', action: 'refunded', amountFen: 990, orderNo: o.orderNo, nickname: '小美', avatar, refundNo: anomaly.refundNo, refundStatus: 'done' }] });
    expectAudited(rt);
  });

  test('a payment for an order the store does not know waits for the owner; only the owner may list anomalies', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    await rt.deliverPayment({ ...rt.payEvent(orderId), outTradeNo: 'Ounknown0000000000000000' });
    expect((await ok(rt, 'admin', 'payments.anomalies', { limit: 5 }, DEMO_OWNER))).toMatchObject({
      counts: { total: 1, waiting: 1 }, anomalies: [{ kind: 'unknown_order', action: 'waiting', orderNo: null, nickname: null, avatar: null, refundNo: null, refundStatus: null }],
    });
    expect(await act(rt, 'admin', 'payments.anomalies', {}, DEMO_SHOPPER)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  test('a wrong amount is refunded and the order stays unpaid', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_tonic');
    await rt.deliverPayment({ ...rt.payEvent(orderId), totalFee: 100, cashFee: 100 }, { times: 2 });
    expect(await order(orderId)).toMatchObject({ status: 'PENDING', wxPayOpen: false });
    const [anomaly] = await all(rt, 'payment_anomalies', { orderId });
    expect(anomaly).toMatchObject({ kind: 'amount_mismatch', action: 'refunded', totalFee: 100 });
    expect(await all(rt, 'refunds', { _id: anomaly.refundNo })).toEqual([expect.objectContaining({ amountFen: 100, totalFen: 100, kind: 'payment' })]);
  });
});
