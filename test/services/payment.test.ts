import type { LocalRuntime } from '../../local/runtime/runtime';
import { DEMO_MEMBER, DEMO_NEWCOMER, DEMO_OWNER, DEMO_PARTNER, DEMO_SHOPPER } from '../../local/seed/demo';
import { TX_RETRY } from '../../cloudfunctions/src/adapters/transaction';
import { act, all, balanceOf, closeStore, createStore, DIAPER_L, docOrNull, expectAudited, ok, placeOrder, setStockOf, stockOf, type Buyable } from '../support/store';

let rt: LocalRuntime;
beforeEach(async () => { rt = await createStore(); });
afterEach(() => closeStore(rt));

async function stock(what: Buyable): Promise<number> {
  return stockOf(rt, what);
}

describe('walking skeleton: buy and pay', () => {
  test('a newcomer buys the tonic at list price and the order becomes paid through payNotify', async () => {
    const { products } = await ok(rt, 'shop', 'catalog.list', {}, DEMO_NEWCOMER);
    expect(products.map((p: any) => p._id)).toEqual(['p_trial', 'p_card', 'p_tonic', 'p_diaper', 'p_partner']);
    const before = await stock('p_tonic');
    const orderId = await placeOrder(rt, DEMO_NEWCOMER, 'p_tonic', 2);
    expect(await stock('p_tonic')).toBe(before - 2);
    const pending = await ok(rt, 'shop', 'order.get', { orderId }, DEMO_NEWCOMER);
    expect(pending.order).toMatchObject({ status: 'PENDING', totalFen: 59600, payableFen: 59600 });

    const ack = await rt.pay(orderId);
    expect(ack).toEqual({ errcode: 0, errmsg: 'OK' });
    const paid = await ok(rt, 'shop', 'order.get', { orderId }, DEMO_NEWCOMER);
    expect(paid.order.status).toBe('PAID');
    const me = await ok(rt, 'shop', 'session.get', {}, DEMO_NEWCOMER);
    expect(me.me).toMatchObject({ stage: 'customer', paidOrderCount: 1 });
    expect(rt.outbox()).toHaveLength(1);
    expect(rt.outbox()[0]).toMatchObject({ touser: DEMO_NEWCOMER, templateId: 'demo-order-paid', data: { amount2: { value: '¥596.00' }, thing3: { value: '臻选滋补礼盒' } } });
  });

  test('a retried create with the same request id returns the same order; different lines are refused', async () => {
    const input = { requestId: 'req-1', lines: [{ productId: 'p_trial', qty: 1 }] };
    const a = await ok(rt, 'shop', 'order.create', input, DEMO_SHOPPER);
    const b = await ok(rt, 'shop', 'order.create', input, DEMO_SHOPPER);
    expect(b.order._id).toBe(a.order._id);
    expect(await stock('p_trial')).toBe(499);
    const c = await act(rt, 'shop', 'order.create', { requestId: 'req-1', lines: [{ productId: 'p_trial', qty: 2 }] }, DEMO_SHOPPER);
    expect(c).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_MISMATCH' } });
    expect(await stock('p_trial')).toBe(499);
  });

  test('concurrent creates with one request id make one order and reserve stock once', async () => {
    const input = { requestId: 'req-race', lines: [{ productId: 'p_card', qty: 3 }] };
    const results = await Promise.all(Array.from({ length: 5 }, () => act(rt, 'shop', 'order.create', input, DEMO_SHOPPER)));
    const ids = new Set(results.filter((r) => r.ok).map((r: any) => r.data.order._id));
    expect(ids.size).toBe(1);
    expect(await stock('p_card')).toBe(10000 - 3);
    expect(await all(rt, 'orders', { openid: DEMO_SHOPPER })).toHaveLength(1);
  });

  test('stock cannot be oversold by concurrent buyers, and sold out is SOLD_OUT, never CONFLICT', async () => {
    await setStockOf(rt, 'p_partner', 3);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => act(rt, 'shop', 'order.create', { requestId: `q${i}`, lines: [{ productId: 'p_partner', qty: 1 }] }, DEMO_SHOPPER)));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(await stock('p_partner')).toBe(0);
    for (const r of results) if (!r.ok) expect(r.error.code).toBe('SOLD_OUT');
  });

  test('an order that cannot be written gives its stock back; a line the store lacks takes nothing', async () => {
    const before = { trial: await stock('p_trial'), partner: await stock('p_partner') };
    // p_trial is taken first, then p_partner runs short: the trial unit goes back.
    const short = await act(rt, 'shop', 'order.create', { requestId: 'short', lines: [{ productId: 'p_trial', qty: 1 }, { productId: 'p_partner', qty: 51 }] }, DEMO_SHOPPER);
    expect(short).toMatchObject({ ok: false, error: { code: 'SOLD_OUT' } });
    // The order's transaction fails after the stock was taken (conflicts beyond the budget): it goes back.
    rt.db.forceConflicts(TX_RETRY.attempts, 'in_callback');
    expect(await act(rt, 'shop', 'order.create', { requestId: 'busy', lines: [{ productId: 'p_trial', qty: 2 }] }, DEMO_SHOPPER)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await all(rt, 'orders')).toHaveLength(0);
    // The retry with the same request id succeeds and takes the stock once.
    await ok(rt, 'shop', 'order.create', { requestId: 'busy', lines: [{ productId: 'p_trial', qty: 2 }] }, DEMO_SHOPPER);
    expect({ trial: await stock('p_trial'), partner: await stock('p_partner') }).toEqual({ trial: before.trial - 2, partner: before.partner });
  });
});

describe('payNotify: exactly once, whatever the delivery', () => {
  async function effects(orderId: string) {
    return {
      order: await docOrNull(rt, 'orders', orderId),
      journal: await all(rt, 'journal', { ref: orderId }),
      sales: await balanceOf(rt, 'store:sales'),
      salesDoc: await docOrNull(rt, 'balances', 'store:sales'),
      user: await docOrNull(rt, 'users', DEMO_SHOPPER),
      outbox: rt.outbox().length,
    };
  }

  test.each([
    ['one after another', false],
    ['concurrently', true],
  ])('the same callback delivered 5 times %s pays once, with one journal entry', async (_name, concurrent) => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, DIAPER_L);
    const event = rt.payEvent(orderId);
    const acks = await rt.deliverPayment(event, { times: 5, concurrent: concurrent as boolean });
    expect(acks).toHaveLength(5);
    for (const ack of acks) expect(ack).toMatchObject({ errcode: 0 });
    const e = await effects(orderId);
    expect(e.order).toMatchObject({ status: 'PAID', transactionId: event.transactionId });
    // One sale, the points it earned (customer tier: 1 point per yuan) and the referral rewards
    // of the shopper's member (level 1, in points) and partner (level 2, in cash), each exactly once.
    expect(e.journal.map((j) => [j.account, j.amount, j.kind]).sort()).toEqual([
      [`commission_frozen:${DEMO_PARTNER}`, 500, 'commission_credit'],
      [`points:${DEMO_MEMBER}`, 1000, 'referral_points'],
      [`points:${DEMO_SHOPPER}`, 128, 'earn'],
      ['store:sales', 12800, 'sale'],
    ]);
    expect(e.sales).toBe(12800);
    expect(e.salesDoc).toBeNull(); // the store account has entries only: no document every sale writes
    expect(e.user).toMatchObject({ paidOrderCount: 2, spentFen: 990 + 12800 });
    expect(e.outbox).toBe(1);
  });

  test('a forced transaction conflict re-runs the callback and still pays once', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    rt.db.forceConflicts(2);
    const ack = await rt.pay(orderId);
    expect(ack).toMatchObject({ errcode: 0 });
    const e = await effects(orderId);
    expect(e.order!.status).toBe('PAID');
    expect(e.journal).toHaveLength(4); // sale, points, two commission credits
    expect(e.user!.paidOrderCount).toBe(2);
  });

  test('an in-callback conflict (-501001, not retried by the SDK) is re-run by the functions themselves', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    rt.db.forceConflicts(3, 'in_callback');
    expect(await rt.pay(orderId)).toMatchObject({ errcode: 0 });
    expect((await effects(orderId)).journal).toHaveLength(4);
  });

  test('conflicts beyond the retry budget ask the payment system to retry, and the retry pays once', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    const event = rt.payEvent(orderId);
    rt.db.forceConflicts(TX_RETRY.attempts);
    const [first] = await rt.deliverPayment(event);
    expect(first).toMatchObject({ errcode: 500 });
    expect((await effects(orderId)).order!.status).toBe('PENDING');
    const [second] = await rt.deliverPayment(event);
    expect(second).toMatchObject({ errcode: 0 });
    expect((await effects(orderId)).journal).toHaveLength(4); // sale, points, two commission credits
  });

  test('an unknown order changes nothing and is recorded once', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    const event = { ...rt.payEvent(orderId), outTradeNo: 'Onosuchorder000000000000' };
    const acks = await rt.deliverPayment(event, { times: 2 });
    for (const ack of acks) expect(ack).toMatchObject({ errcode: 0 });
    expect((await docOrNull(rt, 'orders', orderId))!.status).toBe('PENDING');
    expect(await all(rt, 'journal')).toHaveLength(0);
    const anomalies = await all(rt, 'payment_anomalies');
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({ kind: 'unknown_order', outTradeNo: 'Onosuchorder000000000000' });
  });

  test('a mismatched amount changes nothing and is recorded', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_tonic');
    const event = { ...rt.payEvent(orderId), totalFee: 1, cashFee: 1 };
    const [ack] = await rt.deliverPayment(event);
    expect(ack).toMatchObject({ errcode: 0 });
    expect((await docOrNull(rt, 'orders', orderId))!.status).toBe('PENDING');
    expect(await all(rt, 'journal')).toHaveLength(0);
    expect(await all(rt, 'payment_anomalies', { kind: 'amount_mismatch' })).toHaveLength(1);
  });

  test('callers other than the payment system are refused and change nothing', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    const event = rt.payEvent(orderId);
    const asUser = await rt.invoke('payNotify', event, { openid: DEMO_SHOPPER, source: 'wx_client' });
    expect(asUser.result).toMatchObject({ errcode: 403 });
    const noSource = await rt.invoke('payNotify', event, { source: '' });
    expect(noSource.result).toMatchObject({ errcode: 403 });
    expect((await docOrNull(rt, 'orders', orderId))!.status).toBe('PENDING');
    expect(await all(rt, 'journal')).toHaveLength(0);
  });

  test('a malformed callback is refused and changes nothing', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    const event = rt.payEvent(orderId) as unknown as Record<string, unknown>;
    const [ack] = await rt.deliverPayment({ ...event, totalFee: '990' });
    expect(ack).toMatchObject({ errcode: 400 });
    const [ack2] = await rt.deliverPayment({ outTradeNo: orderId });
    expect(ack2).toMatchObject({ errcode: 400 });
    expect((await docOrNull(rt, 'orders', orderId))!.status).toBe('PENDING');
  });

  test('a second, different payment for a paid order is recorded for refund, never credited twice', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    const first = rt.payEvent(orderId);
    await rt.deliverPayment(first);
    await rt.deliverPayment({ ...first, transactionId: '4200000000000000000000000999' });
    expect(await all(rt, 'journal', { ref: orderId, kind: 'sale' })).toHaveLength(1);
    expect(await all(rt, 'journal', { ref: orderId })).toHaveLength(4); // sale, points, two commission credits
    expect(await all(rt, 'payment_anomalies', { kind: 'second_payment' })).toHaveLength(1);
  });

  test('marking one order paid with two commission levels costs at most 14 database operations', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    const res = await rt.invoke('payNotify', rt.payEvent(orderId), { source: 'wx_paycallback' });
    expect(res.result).toMatchObject({ errcode: 0 });
    // Reads: the order, the buyer, the buyer's points balance (tier and commission shares were
    // fixed on the order at creation), and after the commit the store's settings for the paid
    // notice's template. Writes: the sale entry, two commission documents and their pending
    // entries, the points entry and balance, the buyer, the order.
    expect({ reads: res.reads, writes: res.writes }).toEqual({ reads: 4, writes: 9 });
    expect(await all(rt, 'commissions', { orderId })).toHaveLength(2);
  });

  test('a newcomer\'s first paid order also records their stage move (fan → customer): one more write, still at most 14 operations', async () => {
    await ok(rt, 'shop', 'session.get', {}, 'o_first_buyer');
    await ok(rt, 'shop', 'partner.bind', { code: 'MEMBER23', channel: 'code' }, 'o_first_buyer');
    const orderId = await placeOrder(rt, 'o_first_buyer', 'p_trial');
    const res = await rt.invoke('payNotify', rt.payEvent(orderId), { source: 'wx_paycallback' });
    expect(res.result).toMatchObject({ errcode: 0 });
    // As above (the member's share is referral points, the partner's cash: both pending entries), plus `stage_moves/pay-<order>`.
    expect({ reads: res.reads, writes: res.writes }).toEqual({ reads: 4, writes: 10 });
    expect(await all(rt, 'stage_moves', { openid: 'o_first_buyer' })).toMatchObject([{ _id: `pay-${orderId}`, from: 'fan', to: 'customer' }]);
  });

  test('an order paid with points and stored value costs at most 20 database operations', async () => {
    await rt.pay(await placeOrder(rt, DEMO_SHOPPER, 'p_tonic')); // earns the points spent below
    const { order: topUp } = await ok(rt, 'shop', 'wallet.topup', { requestId: 'tu', packageId: 'tp_1000' }, DEMO_SHOPPER);
    await ok(rt, 'shop', 'order.pay', { orderId: topUp._id }, DEMO_SHOPPER);
    await rt.pay(topUp._id);
    const { order } = await ok(rt, 'shop', 'order.create', { requestId: 'pb', lines: [{ productId: 'p_tonic', qty: 1 }], usePoints: true }, DEMO_SHOPPER);
    expect(order.pointsUsed).toBeGreaterThan(0);
    const res = await rt.invoke<any>('shop', { action: 'order.pay', input: { orderId: order._id, method: 'balance' } }, { openid: DEMO_SHOPPER });
    expect(res.result).toMatchObject({ ok: true, data: { order: { status: 'PAID' } } });
    // + principal and bonus balances read, and their two entries and balances written; the paid
    // notice (now sent for balance payments too) reads the settings after the commit.
    expect({ reads: res.reads, writes: res.writes }).toEqual({ reads: 6, writes: 13 });
    expectAudited(rt);
  });
});

describe('expiry and late payment', () => {
  test('cron closes an expired unpaid order once and returns its stock', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, DIAPER_L, 4);
    expect(await stock(DIAPER_L)).toBe(1996);
    expect((await rt.invoke('cron', {}, { source: 'wx_trigger' })).result).toMatchObject({ closedOrders: 0 });
    rt.advanceClock(31 * 60 * 1000);
    const [a, b] = await Promise.all([rt.invoke('cron', {}, { source: 'wx_trigger' }), rt.invoke('cron', {}, { source: 'wx_trigger' })]);
    expect((a.result as any).closedOrders + (b.result as any).closedOrders).toBe(1);
    expect((await docOrNull(rt, 'orders', orderId))!.status).toBe('CLOSED');
    expect(await stock(DIAPER_L)).toBe(2000);
    const pay = await act(rt, 'shop', 'order.pay', { orderId }, DEMO_SHOPPER);
    expect(pay).toMatchObject({ ok: false, error: { code: 'NOT_PAYABLE' } });
  });

  // A buyer who cancels within 5 minutes of asking WeChat Pay cannot have WeChat Pay's order
  // closed yet (closeOrder waits 5 minutes): paying it at the cashier is a late payment.
  async function cancelledButStillPayable(qty: number): Promise<string> {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, DIAPER_L, qty);
    await ok(rt, 'shop', 'order.cancel', { orderId }, DEMO_SHOPPER);
    expect((await docOrNull(rt, 'orders', orderId))).toMatchObject({ status: 'CLOSED', wxPayOpen: true });
    return orderId;
  }

  test('a payment that arrives after the order closed is honoured, never lost, and flagged', async () => {
    const orderId = await cancelledButStillPayable(1);
    const event = rt.payEvent(orderId);
    await rt.deliverPayment(event, { times: 2 });
    expect((await docOrNull(rt, 'orders', orderId))).toMatchObject({ status: 'PAID', wxPayOpen: false });
    expect(await stock(DIAPER_L)).toBe(1999);
    expect(await all(rt, 'journal', { ref: orderId, kind: 'sale' })).toHaveLength(1);
    expect(await all(rt, 'payment_anomalies', { kind: 'late', action: 'applied_late' })).toHaveLength(1);
  });

  test('a late payment delivered twice at once takes its stock again exactly once', async () => {
    const orderId = await cancelledButStillPayable(3);
    const event = rt.payEvent(orderId);
    expect(await stock(DIAPER_L)).toBe(2000);
    const acks = await rt.deliverPayment(event, { times: 4, concurrent: true });
    for (const ack of acks) expect(ack).toMatchObject({ errcode: 0 });
    expect((await docOrNull(rt, 'orders', orderId))!.status).toBe('PAID');
    expect(await stock(DIAPER_L)).toBe(1997);
    expect(await all(rt, 'journal', { ref: orderId, kind: 'sale' })).toHaveLength(1);
    expectAudited(rt);
  });

  test('a user calling cron is refused and nothing runs', async () => {
    await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    rt.advanceClock(31 * 60 * 1000);
    const result = await rt.call<Record<string, number>>('cron', {}, DEMO_SHOPPER);
    expect(result).toEqual({ errcode: 403, errmsg: 'forbidden' });
    expect((await docOrNull(rt, 'orders', (await all(rt, 'orders'))[0]._id))!.status).toBe('PENDING');
  });
});

describe('typed errors and identity', () => {
  test.each([
    ['unknown action', { action: 'nope', input: {} }, 'UNKNOWN_ACTION'],
    ['no action', {}, 'UNKNOWN_ACTION'],
    ['negative quantity', { action: 'order.create', input: { requestId: 'x1', lines: [{ productId: 'p_trial', qty: -1 }] } }, 'INVALID_INPUT'],
    ['fractional quantity', { action: 'order.create', input: { requestId: 'x1', lines: [{ productId: 'p_trial', qty: 1.5 }] } }, 'INVALID_INPUT'],
    ['client-sent price is not accepted', { action: 'order.create', input: { requestId: 'x1', lines: [{ productId: 'p_trial', qty: 1, priceFen: 1 }] } }, 'INVALID_INPUT'],
    ['client-sent openid is not accepted', { action: 'order.list', input: { openid: DEMO_OWNER } }, 'INVALID_INPUT'],
    ['bad id characters', { action: 'order.get', input: { orderId: '../x' } }, 'INVALID_INPUT'],
    ['unknown product', { action: 'order.create', input: { requestId: 'x2', lines: [{ productId: 'p_none', qty: 1 }] } }, 'NOT_FOUND'],
    ['too many', { action: 'order.create', input: { requestId: 'x3', lines: [{ productId: 'p_partner', qty: 51 }] } }, 'SOLD_OUT'],
  ])('%s → %s', async (_name, event, code) => {
    const res = await rt.call<any>('shop', event, DEMO_SHOPPER);
    expect(res).toMatchObject({ ok: false, error: { code } });
    expect(typeof res.error.message).toBe('string');
    expect(await all(rt, 'orders')).toHaveLength(0);
  });

  test('a call without an identity is unauthenticated', async () => {
    const res = await rt.invoke<any>('shop', { action: 'catalog.list', input: {} }, {});
    expect(res.result).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  test("someone else's order is not found", async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    expect(await act(rt, 'shop', 'order.get', { orderId }, DEMO_NEWCOMER)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await act(rt, 'shop', 'order.pay', { orderId }, DEMO_NEWCOMER)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await ok(rt, 'shop', 'order.list', {}, DEMO_NEWCOMER)).orders).toHaveLength(0);
  });

  test('owner actions refuse non-owners and serve the owner', async () => {
    expect(await act(rt, 'admin', 'store.summary', {}, DEMO_SHOPPER)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_tonic');
    await rt.pay(orderId);
    const { summary } = await ok(rt, 'admin', 'store.summary', {}, DEMO_OWNER);
    expect(summary).toMatchObject({ salesFen: 29800, paidOrderCount: 1 });
    const done = await ok(rt, 'admin', 'order.complete', { orderId }, DEMO_OWNER);
    expect(done.order.status).toBe('COMPLETED');
    const again = await ok(rt, 'admin', 'order.complete', { orderId }, DEMO_OWNER);
    expect(again.order.status).toBe('COMPLETED');
  });
});
