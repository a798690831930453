// After-sales (售后, issue 11 deliverable 5): per-line and partial refunds, returns, and the
// proportional reversal of points, commission, stock and stored value — exactly once, audit clean.
import type { LocalRuntime } from '../../local/runtime/runtime';
import { DEMO_MEMBER, DEMO_OWNER, DEMO_PARTNER, DEMO_SHOPPER } from '../../local/seed/demo';
import { act, all, balanceOf, closeStore, createStore, docOrNull, DIAPER_L, expectAudited, ok, stockOf } from '../support/store';
import { portion } from '../../cloudfunctions/src/orders/domain/afterSale';

let rt: LocalRuntime;
beforeEach(async () => { rt = await createStore(); });
afterEach(() => closeStore(rt));

const DAY_MS = 24 * 3600 * 1000;
const ADDRESS = { name: '王姐', phone: '13800001111', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文一路 1 号' };
const DELIVERY = { mode: 'delivery', address: ADDRESS } as const;
const XL = { productId: 'p_diaper', specId: 'xl' } as const;
let n = 0;

/** The member (referred by the partner, who earns cash) buys the tonic and two diaper sizes, paid by WeChat Pay. */
async function paidCart(openid = DEMO_MEMBER, method: 'wxpay' | 'balance' = 'wxpay'): Promise<any> {
  n += 1;
  const { order } = await ok(rt, 'shop', 'order.create', { requestId: `as${n}`, lines: [{ productId: 'p_tonic', qty: 1 }, { ...DIAPER_L, qty: 2 }, { ...XL, qty: 1 }], fulfilment: DELIVERY }, openid);
  await ok(rt, 'shop', 'order.pay', { orderId: order._id, method }, openid);
  if (method === 'wxpay') await rt.pay(order._id);
  return (await docOrNull(rt, 'orders', order._id))!;
}

async function request(openid: string, orderId: string, kind: 'refund' | 'return', lines: { lineId: string; qty: number; amountFen: number }[], requestId = `rq${++n}`) {
  return (await ok(rt, 'shop', 'afterSale.request', { requestId, orderId, kind, lines, reason: '尺码不合适' }, openid)).afterSale;
}

const approve = async (id: string, returnAddress?: string) => (await ok(rt, 'admin', 'afterSale.approve', { afterSaleId: id, ...(returnAddress ? { returnAddress } : {}) }, DEMO_OWNER)).afterSale;

function world(): string {
  return JSON.stringify(rt.db.raw().prepare("SELECT coll, id, data FROM docs WHERE coll NOT IN ('cron_cursors') ORDER BY coll, id").all());
}

async function refused(fn: 'shop' | 'admin', action: string, input: unknown, openid: string): Promise<{ code: string; changed: boolean }> {
  const before = world();
  const res = await act(rt, fn, action, input, openid);
  if (res.ok) throw new Error(`${action} was allowed`);
  return { code: res.error.code, changed: world() !== before };
}

const frozen = () => balanceOf(rt, `commission_frozen:${DEMO_PARTNER}`);
const points = (who = DEMO_MEMBER) => balanceOf(rt, `points:${who}`);

describe('rounding: cumulative floors', () => {
  test('partial reversals never exceed the credit and the last takes the rest', () => {
    // 3 refunds of 1/3 each of 100 fen, reversing 10 points: 3 + 3 + 4.
    const steps = [[0, 33], [33, 66], [66, 100]].map(([b, a]) => portion(10, b, a, 100));
    expect(steps).toEqual([3, 3, 4]);
    for (let total = 0; total < 50; total += 7) {
      let sum = 0;
      let at = 0;
      for (const step of [1, 5, 13, 30]) {
        const next = Math.min(100, at + step);
        sum += portion(total, at, next, 100);
        expect(sum).toBeLessThanOrEqual(total);
        at = next;
      }
      expect(sum + portion(total, at, 100, 100)).toBe(total);
    }
  });
});

describe('after-sales', () => {
  test('a partial refund of one line of an unshipped order: money back in part, commission and points in proportion, stock for the units, audit clean', async () => {
    const o = await paidCart();
    const diaperLine = o.lines.find((l: any) => l.specId === 'l');
    const frozenBefore = await frozen();
    const pointsBefore = await points();
    const stockBefore = stockOf(rt, DIAPER_L);
    const commissionDoc = (await all(rt, 'commissions', { orderId: o._id }))[0];

    const asked = await request(DEMO_MEMBER, o._id, 'refund', [{ lineId: diaperLine.lineId, qty: 1, amountFen: diaperLine.unitPriceFen }]);
    expect(asked).toMatchObject({ status: 'REQUESTED', amountFen: diaperLine.unitPriceFen });
    expect((await docOrNull(rt, 'orders', o._id))!.afterSaleOpen).toBe(asked._id);
    const done = await approve(asked._id);
    expect(done).toMatchObject({ status: 'REFUNDING', refundNo: asked._id });
    expect(rt.cashier.find({ outTradeNo: o._id })!.refundedFee).toBe(diaperLine.unitPriceFen);
    expect(stockOf(rt, DIAPER_L)).toBe(stockBefore + 1);

    const order = (await docOrNull(rt, 'orders', o._id))!;
    expect(order).toMatchObject({ status: 'PAID', refundedFen: diaperLine.unitPriceFen, afterSaleOpen: null });
    // The partner's cash: the share of the commission base this line's refunded money carries.
    const wholeBase = o.lines.reduce((s: number, l: any) => s + l.commissionBaseFen, 0);
    const refundedBase = Math.floor((diaperLine.commissionBaseFen * diaperLine.unitPriceFen) / diaperLine.amountFen);
    const expectedCash = Math.floor((commissionDoc.amountFen * refundedBase) / wholeBase);
    expect(frozenBefore - (await frozen())).toBe(expectedCash);
    expect(pointsBefore - (await points())).toBe(Math.floor((o.pointsEarned * diaperLine.unitPriceFen) / o.payableFen));
    expect((await all(rt, 'journal', { kind: 'sale_reversal', ref: o._id }))[0].amount).toBe(-diaperLine.unitPriceFen);

    // Approving again changes nothing; the refund callback completes it.
    expect(await approve(asked._id)).toMatchObject({ status: 'REFUNDING' });
    await rt.deliverRefund(asked._id, { times: 2 });
    expect(await docOrNull(rt, 'after_sales', asked._id)).toMatchObject({ status: 'REFUNDED' });
    expect((await docOrNull(rt, 'orders', o._id))!.status).toBe('PAID');
    expectAudited(rt);
  });

  test('refunds that take the whole order reverse exactly what it credited; the order ends REFUNDED', async () => {
    const o = await paidCart();
    const credited = { cash: await frozen(), points: await points() };
    const pointsBeforeOrder = credited.points - o.pointsEarned;
    const commission = (await all(rt, 'commissions', { orderId: o._id }));
    const cashTotal = commission.filter((c) => c.reward !== 'points').reduce((s, c) => s + c.amountFen, 0);
    // Three requests of odd amounts, each line refunded in pieces, the last one the rest.
    let left = o.payableFen;
    const plan = o.lines.map((l: any, i: number) => ({ lineId: l.lineId, qty: 0, amountFen: i === 0 ? 3333 : 777 }));
    for (const line of plan) {
      const r = await request(DEMO_MEMBER, o._id, 'refund', [line]);
      await approve(r._id);
      await rt.deliverRefund(r._id);
      left -= line.amountFen;
    }
    const rest = o.lines.map((l: any, i: number) => ({ lineId: l.lineId, qty: l.qty, amountFen: l.amountFen - plan[i].amountFen }));
    expect(rest.reduce((s: number, l: any) => s + l.amountFen, 0)).toBe(left);
    const last = await request(DEMO_MEMBER, o._id, 'refund', rest);
    await approve(last._id);
    expect((await docOrNull(rt, 'orders', o._id))!.status).toBe('REFUNDING');
    await rt.deliverRefund(last._id);
    expect((await docOrNull(rt, 'orders', o._id))!).toMatchObject({ status: 'REFUNDED', refundedFen: o.payableFen });
    expect(rt.cashier.find({ outTradeNo: o._id })!.refundedFee).toBe(o.payableFen);
    expect(credited.cash - (await frozen())).toBe(cashTotal);
    expect(await points()).toBe(pointsBeforeOrder);
    expect((await all(rt, 'commissions', { orderId: o._id })).every((c) => c.status === 'reversed')).toBe(true);
    const sales = await all(rt, 'journal', { ref: o._id, account: 'store:sales' });
    expect(sales.reduce((s, e) => s + e.amount, 0)).toBe(0);
    // Nothing left to ask for, and the owner's full refund is closed to an order after-sales started.
    expect(await refused('shop', 'afterSale.request', { requestId: 'more', orderId: o._id, kind: 'refund', lines: [{ lineId: '1', qty: 0, amountFen: 1 }], reason: '再退' }, DEMO_MEMBER)).toMatchObject({ changed: false });
    expectAudited(rt);
  });

  test('a member\'s referral points (level 1) and the partner\'s cash (level 2) are both taken back in proportion', async () => {
    const o = await paidCart(DEMO_SHOPPER);
    const docs = await all(rt, 'commissions', { orderId: o._id });
    const pointsDoc = docs.find((d) => d.reward === 'points')!;
    const cashDoc = docs.find((d) => d.reward !== 'points')!;
    expect([pointsDoc.beneficiaryOpenid, cashDoc.beneficiaryOpenid]).toEqual([DEMO_MEMBER, DEMO_PARTNER]);
    const before = { memberPoints: await points(DEMO_MEMBER), cash: await frozen() };
    const line = o.lines.find((l: any) => l.productId === 'p_tonic');
    const amountFen = 10001; // an odd share of the line: floors on both sides
    const r = await request(DEMO_SHOPPER, o._id, 'refund', [{ lineId: line.lineId, qty: 0, amountFen }]);
    await approve(r._id);
    const wholeBase = o.lines.reduce((s: number, l: any) => s + l.commissionBaseFen, 0);
    const refundedBase = Math.floor((line.commissionBaseFen * amountFen) / line.amountFen);
    expect(before.memberPoints - (await points(DEMO_MEMBER))).toBe(Math.floor((pointsDoc.points * refundedBase) / wholeBase));
    expect(before.cash - (await frozen())).toBe(Math.floor((cashDoc.amountFen * refundedBase) / wholeBase));
    expect((await docOrNull(rt, 'commissions', pointsDoc._id))!.reversedPoints).toBe(Math.floor((pointsDoc.points * refundedBase) / wholeBase));
    expectAudited(rt);
  });

  test('stored value goes back in the payment\'s split', async () => {
    const { order: topUp } = await ok(rt, 'shop', 'wallet.topup', { requestId: 'tu', packageId: 'tp_1000' }, DEMO_MEMBER);
    await ok(rt, 'shop', 'order.pay', { orderId: topUp._id }, DEMO_MEMBER);
    await rt.pay(topUp._id);
    const o = await paidCart(DEMO_MEMBER, 'balance');
    const split = o.balanceSplit;
    const before = { p: await balanceOf(rt, `sv_principal:${DEMO_MEMBER}`), b: await balanceOf(rt, `sv_bonus:${DEMO_MEMBER}`) };
    const line = o.lines[0];
    const r = await request(DEMO_MEMBER, o._id, 'refund', [{ lineId: line.lineId, qty: 1, amountFen: line.amountFen }]);
    expect(await approve(r._id)).toMatchObject({ status: 'REFUNDED' });
    const back = { p: (await balanceOf(rt, `sv_principal:${DEMO_MEMBER}`)) - before.p, b: (await balanceOf(rt, `sv_bonus:${DEMO_MEMBER}`)) - before.b };
    expect(back.p + back.b).toBe(line.amountFen);
    expect(back.p).toBe(Math.floor((split.principalFen * line.amountFen) / o.payableFen));
    expectAudited(rt);
  });

  test('a return: the owner approves with an address, the goods come back, then the money; stock back per spec', async () => {
    const o = await paidCart();
    await ok(rt, 'admin', 'order.ship', { orderId: o._id, parcels: [{ carrier: 'SF', trackingNo: 'SF0000000001' }] }, DEMO_OWNER);
    const xlLine = o.lines.find((l: any) => l.specId === 'xl');
    // 仅退款 of shipped goods keeps them with the buyer: asking units back is refused.
    expect(await refused('shop', 'afterSale.request', { requestId: 'keepgoods', orderId: o._id, kind: 'refund', lines: [{ lineId: xlLine.lineId, qty: 1, amountFen: 100 }], reason: '破损' }, DEMO_MEMBER)).toEqual({ code: 'INVALID_INPUT', changed: false });
    const r = await request(DEMO_MEMBER, o._id, 'return', [{ lineId: xlLine.lineId, qty: 1, amountFen: xlLine.amountFen }]);
    expect(await refused('admin', 'afterSale.approve', { afterSaleId: r._id }, DEMO_OWNER)).toEqual({ code: 'INVALID_INPUT', changed: false });
    expect(await approve(r._id, '杭州市西湖区文三路 90 号 好物小店 收')).toMatchObject({ status: 'RETURNING', returnAddress: expect.stringContaining('文三路') });
    // An open request keeps the commission frozen and blocks receipt-free shortcuts.
    await ok(rt, 'shop', 'order.confirmReceipt', { orderId: o._id }, DEMO_MEMBER);
    rt.advanceClock(8 * DAY_MS);
    await rt.runCron();
    expect((await all(rt, 'commissions', { orderId: o._id })).filter((c) => c.status === 'available')).toHaveLength(0);
    const stockBefore = stockOf(rt, XL);
    const done = (await ok(rt, 'admin', 'afterSale.receiveReturn', { afterSaleId: r._id }, DEMO_OWNER)).afterSale;
    expect(done).toMatchObject({ status: 'REFUNDING' });
    expect(stockOf(rt, XL)).toBe(stockBefore + 1);
    // Decided: the rest of the commission thaws with the next cron.
    await rt.runCron();
    const docs = await all(rt, 'commissions', { orderId: o._id, reward: 'cash' });
    for (const c of docs) expect(c).toMatchObject({ status: 'available', reversedFen: expect.any(Number) });
    expectAudited(rt);
  });

  test('refusals: someone else\'s order or photos, over the amount, a second open request, refused requests free the order', async () => {
    const o = await paidCart();
    const line = o.lines[0];
    // Not shipped: nothing to send back, so no 退货退款.
    expect(await refused('shop', 'afterSale.request', { requestId: 'x0', orderId: o._id, kind: 'return', lines: [{ lineId: line.lineId, qty: 1, amountFen: 100 }], reason: '不要了' }, DEMO_MEMBER)).toEqual({ code: 'NOT_REFUNDABLE', changed: false });
    expect(await refused('shop', 'afterSale.request', { requestId: 'x1', orderId: o._id, kind: 'refund', lines: [{ lineId: line.lineId, qty: 1, amountFen: 100 }], reason: '不要了' }, DEMO_SHOPPER)).toEqual({ code: 'NOT_FOUND', changed: false });
    expect(await refused('shop', 'afterSale.request', { requestId: 'x2', orderId: o._id, kind: 'refund', lines: [{ lineId: line.lineId, qty: 1, amountFen: line.amountFen + 1 }], reason: '不要了' }, DEMO_MEMBER)).toEqual({ code: 'INVALID_INPUT', changed: false });
    expect(await refused('shop', 'afterSale.request', { requestId: 'x3', orderId: o._id, kind: 'refund', lines: [{ lineId: line.lineId, qty: 5, amountFen: 100 }], reason: '不要了' }, DEMO_MEMBER)).toEqual({ code: 'INVALID_INPUT', changed: false });
    const photo = 'cloud://local-dev.local-dev/uploads/o_demo_shopper/a.jpg';
    expect(await refused('shop', 'afterSale.request', { requestId: 'x4', orderId: o._id, kind: 'refund', lines: [{ lineId: line.lineId, qty: 1, amountFen: 100 }], reason: '不要了', photos: [photo] }, DEMO_MEMBER)).toEqual({ code: 'FORBIDDEN', changed: false });
    const r = await request(DEMO_MEMBER, o._id, 'refund', [{ lineId: line.lineId, qty: 1, amountFen: 100 }], 'same');
    expect(await request(DEMO_MEMBER, o._id, 'refund', [{ lineId: line.lineId, qty: 1, amountFen: 100 }], 'same')).toMatchObject({ _id: r._id });
    expect(await refused('shop', 'afterSale.request', { requestId: 'x5', orderId: o._id, kind: 'refund', lines: [{ lineId: line.lineId, qty: 1, amountFen: 100 }], reason: '再来' }, DEMO_MEMBER)).toEqual({ code: 'NOT_REFUNDABLE', changed: false });
    expect(await refused('admin', 'order.ship', { orderId: o._id, parcels: [{ carrier: 'SF', trackingNo: 'SF1' + '0'.repeat(6) }] }, DEMO_OWNER)).toEqual({ code: 'NOT_SHIPPABLE', changed: false });
    expect(await refused('admin', 'order.refund', { orderId: o._id, reason: '全退' }, DEMO_OWNER)).toEqual({ code: 'NOT_REFUNDABLE', changed: false });
    expect(await refused('admin', 'afterSale.approve', { afterSaleId: r._id }, DEMO_MEMBER)).toEqual({ code: 'FORBIDDEN', changed: false });
    const no = (await ok(rt, 'admin', 'afterSale.refuse', { afterSaleId: r._id, reason: '商品已拆封' }, DEMO_OWNER)).afterSale;
    expect(no).toMatchObject({ status: 'REFUSED', refuseReason: '商品已拆封' });
    expect(await refused('admin', 'afterSale.approve', { afterSaleId: r._id }, DEMO_OWNER)).toEqual({ code: 'NOT_REFUNDABLE', changed: false });
    expect((await docOrNull(rt, 'orders', o._id))!.afterSaleOpen).toBeNull();
    await ok(rt, 'admin', 'order.ship', { orderId: o._id, parcels: [{ carrier: 'SF', trackingNo: 'SF1000000' }] }, DEMO_OWNER);
    expect(rt.cashier.find({ outTradeNo: o._id })!.refundedFee).toBe(0);
  });

  test('the owner\'s lists: 售后 filter and counts; the shopper\'s 售后 tab', async () => {
    const o = await paidCart();
    const pickup = await ok(rt, 'shop', 'order.create', { requestId: 'pk', lines: [{ productId: 'p_trial', qty: 1 }], fulfilment: { mode: 'pickup' } }, DEMO_SHOPPER);
    await ok(rt, 'shop', 'order.pay', { orderId: pickup.order._id }, DEMO_SHOPPER);
    await rt.pay(pickup.order._id);
    const before = await ok(rt, 'admin', 'fulfilment.counts', {}, DEMO_OWNER);
    const r = await request(DEMO_MEMBER, o._id, 'refund', [{ lineId: o.lines[0].lineId, qty: 1, amountFen: 100 }]);
    const after = await ok(rt, 'admin', 'fulfilment.counts', {}, DEMO_OWNER);
    expect(after.afterSale).toBe(before.afterSale + 1);
    expect(after.toPickUp).toBeGreaterThanOrEqual(1);
    expect((await ok(rt, 'admin', 'order.list', { filter: 'afterSale' }, DEMO_OWNER)).orders.map((x: any) => x._id)).toEqual([o._id]);
    expect((await ok(rt, 'admin', 'order.list', { filter: 'toPickUp' }, DEMO_OWNER)).orders.map((x: any) => x._id)).toContain(pickup.order._id);
    expect((await ok(rt, 'admin', 'order.list', { filter: 'toShip' }, DEMO_OWNER)).orders.map((x: any) => x._id)).not.toContain(pickup.order._id);
    expect((await ok(rt, 'admin', 'afterSale.list', {}, DEMO_OWNER)).afterSales[0]).toMatchObject({ _id: r._id, nickname: '王姐' });
    expect((await ok(rt, 'shop', 'order.list', { tab: 'afterSale' }, DEMO_MEMBER)).orders.map((x: any) => x._id)).toEqual([o._id]);
    expect((await ok(rt, 'shop', 'afterSale.list', { orderId: o._id }, DEMO_MEMBER)).afterSales).toHaveLength(1);
    expect((await ok(rt, 'shop', 'afterSale.cancel', { afterSaleId: r._id }, DEMO_MEMBER)).afterSale.status).toBe('CANCELLED');
    expect((await ok(rt, 'admin', 'fulfilment.counts', {}, DEMO_OWNER)).afterSale).toBe(before.afterSale);
  });
});

describe('after-sales under races (a crowd of taps, two owners\' phones, a full refund at the same moment)', () => {
  test('five different requests for one order at once: exactly one is open; five approvals at once: one refund, reversed once', async () => {
    const o = await paidCart();
    const line = o.lines[0];
    const asks = await Promise.all([0, 1, 2, 3, 4].map((i) => act<any>(rt, 'shop', 'afterSale.request', { requestId: `race${i}`, orderId: o._id, kind: 'refund', lines: [{ lineId: line.lineId, qty: 0, amountFen: 1000 + i }], reason: '不想要了' }, DEMO_MEMBER)));
    const accepted = asks.filter((a) => a.ok);
    expect(accepted).toHaveLength(1);
    expect(asks.filter((a) => !a.ok).map((a) => a.error.code)).toEqual(Array(4).fill('NOT_REFUNDABLE'));
    expect(await all(rt, 'after_sales', { orderId: o._id })).toHaveLength(1);
    const id = accepted[0].data.afterSale._id as string;
    const amountFen = accepted[0].data.afterSale.amountFen as number;

    const pointsBefore = await points();
    const approvals = await Promise.all([0, 1, 2, 3, 4].map(() => act<any>(rt, 'admin', 'afterSale.approve', { afterSaleId: id }, DEMO_OWNER)));
    expect(approvals.some((a) => a.ok)).toBe(true);
    for (const a of approvals) if (!a.ok) expect(a.error.code).toBe('NOT_REFUNDABLE');
    await rt.runCron();
    expect(rt.cashier.find({ outTradeNo: o._id })!.refundedFee).toBe(amountFen);
    expect((await all(rt, 'refunds', { orderId: o._id })).filter((r: any) => r.amountFen > 0)).toHaveLength(1);
    expect(await docOrNull(rt, 'orders', o._id)).toMatchObject({ refundedFen: amountFen, afterSaleOpen: null });
    // The points reversal for this part happened once: the tonic's share of the order's points, floored.
    const reversals = (await all(rt, 'journal', { ref: o._id })).filter((e: any) => e.account === `points:${DEMO_MEMBER}` && e.amount < 0);
    expect(reversals).toHaveLength(1);
    expect(await points()).toBe(pointsBefore + reversals[0].amount);
    expectAudited(rt);
  });

  test('an after-sales request and the owner\'s full refund at the same moment: one of them wins, the money goes back once', async () => {
    const o = await paidCart();
    const line = o.lines[0];
    const [ask, full] = await Promise.all([
      act<any>(rt, 'shop', 'afterSale.request', { requestId: 'r-vs-full', orderId: o._id, kind: 'refund', lines: [{ lineId: line.lineId, qty: 1, amountFen: line.amountFen }], reason: '不想要了' }, DEMO_MEMBER),
      act<any>(rt, 'admin', 'order.refund', { orderId: o._id, reason: '店主全退' }, DEMO_OWNER),
    ]);
    expect(full.ok || ask.ok).toBe(true);
    if (ask.ok && !full.ok) expect(full.error.code).toBe('NOT_REFUNDABLE');
    if (full.ok && ask.ok) {
      // The request was written first; approving it now must not pay twice.
      const approve2 = await act<any>(rt, 'admin', 'afterSale.approve', { afterSaleId: ask.data.afterSale._id }, DEMO_OWNER);
      expect(approve2.ok).toBe(false);
    }
    if (full.ok && !ask.ok) expect(ask.error.code).toBe('NOT_REFUNDABLE');
    await rt.runCron();
    const refunded = rt.cashier.find({ outTradeNo: o._id })!.refundedFee;
    expect(refunded).toBeLessThanOrEqual(o.payableFen);
    expect(refunded).toBe(full.ok ? o.payableFen : 0);
    expectAudited(rt);
  });
});
