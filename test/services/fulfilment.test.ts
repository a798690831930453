// Delivery or pickup, the shipping fee, ship / receive / pickup through the lifecycle, and WeChat's
// shipping information (issue 11, deliverables 3 and 4) on the local runtime.
import type { LocalRuntime } from '../../local/runtime/runtime';
import { DEMO_MEMBER, DEMO_OWNER, DEMO_PARTNER, DEMO_SHOPPER } from '../../local/seed/demo';
import { SHIPPING } from '../../cloudfunctions/src/platform';
import { act, all, balanceOf, closeStore, createStore, docOrNull, DIAPER_L, expectAudited, ok } from '../support/store';

let rt: LocalRuntime;
beforeEach(async () => { rt = await createStore(); });
afterEach(() => closeStore(rt));

const DAY_MS = 24 * 3600 * 1000;
const ADDRESS = { name: '小美', phone: '13912342901', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号 3 幢 201' };
const DELIVERY = { mode: 'delivery', address: ADDRESS } as const;
const PARCEL = { carrier: 'SF', trackingNo: 'SF1400012345678' };
let n = 0;

async function order(openid: string, lines: unknown[], fulfilment: unknown = DELIVERY): Promise<any> {
  n += 1;
  return (await ok(rt, 'shop', 'order.create', { requestId: `f${n}`, lines, fulfilment }, openid)).order;
}

async function paidOrder(openid = DEMO_SHOPPER, lines: unknown[] = [{ ...DIAPER_L, qty: 1 }], fulfilment: unknown = DELIVERY): Promise<any> {
  const o = await order(openid, lines, fulfilment);
  await ok(rt, 'shop', 'order.pay', { orderId: o._id }, openid);
  await rt.pay(o._id);
  return (await docOrNull(rt, 'orders', o._id))!;
}

/** Everything the store holds, for "a refused call changed nothing". */
function world(): string {
  return JSON.stringify(rt.db.raw().prepare("SELECT coll, id, data FROM docs WHERE coll NOT IN ('cron_cursors') ORDER BY coll, id").all());
}

async function refused(fn: 'shop' | 'admin', action: string, input: unknown, openid: string): Promise<{ code: string; changed: boolean }> {
  const before = world();
  const res = await act(rt, fn, action, input, openid);
  if (res.ok) throw new Error(`${action} was allowed`);
  return { code: res.error.code, changed: world() !== before };
}

describe('delivery or pickup, and the shipping fee', () => {
  test('delivery pays the flat fee below the free amount, none from it; pickup pays none; the fee earns no points', async () => {
    const cheap = await ok(rt, 'shop', 'checkout.quote', { lines: [{ productId: 'p_trial', qty: 1 }], fulfilment: DELIVERY }, DEMO_SHOPPER);
    expect(cheap).toMatchObject({ totalFen: 990, shippingFen: 800, payableFen: 1790, shipping: { flatFeeFen: 800, freeFromFen: 9900 } });
    const dear = await ok(rt, 'shop', 'checkout.quote', { lines: [{ ...DIAPER_L, qty: 1 }], fulfilment: DELIVERY }, DEMO_SHOPPER);
    expect(dear).toMatchObject({ shippingFen: 0, payableFen: dear.totalFen });
    const pickup = await ok(rt, 'shop', 'checkout.quote', { lines: [{ productId: 'p_trial', qty: 1 }], fulfilment: { mode: 'pickup' } }, DEMO_SHOPPER);
    expect(pickup).toMatchObject({ shippingFen: 0, payableFen: 990, pickup: { address: expect.stringContaining('文三路') } });

    const pointsBefore = await balanceOf(rt, `points:${DEMO_SHOPPER}`);
    const paid = await paidOrder(DEMO_SHOPPER, [{ productId: 'p_trial', qty: 1 }]);
    expect(paid).toMatchObject({ payableFen: 1790, shippingFen: 800, fulfilment: { mode: 'delivery', address: ADDRESS } });
    // 1 point per yuan of goods for a customer: ¥9.90 of goods, not ¥17.90.
    expect(paid.pointsEarned).toBe(9);
    expect(await balanceOf(rt, `points:${DEMO_SHOPPER}`)).toBe(pointsBefore + 9);
    expect((await all(rt, 'journal', { kind: 'sale', ref: paid._id }))[0].amount).toBe(1790);
    expectAudited(rt);
  });

  test('a pickup order gets an 8-digit code; a store without a pickup address refuses pickup before taking stock', async () => {
    const o = await paidOrder(DEMO_SHOPPER, [{ productId: 'p_trial', qty: 1 }], { mode: 'pickup' });
    expect(o.fulfilment).toMatchObject({ mode: 'pickup', pickupCode: expect.stringMatching(/^\d{8}$/) });
    await rt.db.collection('settings').doc('store').update({ data: { pickup: { address: '', hours: '' } } });
    expect(await refused('shop', 'order.create', { requestId: 'nopickup', lines: [{ productId: 'p_trial', qty: 1 }], fulfilment: { mode: 'pickup' } }, DEMO_SHOPPER)).toEqual({ code: 'INVALID_INPUT', changed: false });
  });

  test('a bad address is refused with a typed error; a retry with another address is a mismatch', async () => {
    expect((await act(rt, 'shop', 'order.create', { requestId: 'bad', lines: [{ productId: 'p_trial', qty: 1 }], fulfilment: { mode: 'delivery', address: { ...ADDRESS, phone: 'call me' } } }, DEMO_SHOPPER))).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    await ok(rt, 'shop', 'order.create', { requestId: 'same', lines: [{ productId: 'p_trial', qty: 1 }], fulfilment: DELIVERY }, DEMO_SHOPPER);
    expect(await act(rt, 'shop', 'order.create', { requestId: 'same', lines: [{ productId: 'p_trial', qty: 1 }], fulfilment: { mode: 'delivery', address: { ...ADDRESS, detail: '别处' } } }, DEMO_SHOPPER)).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_MISMATCH' } });
  });

  test('the address book is the shopper\'s own', async () => {
    await ok(rt, 'shop', 'address.save', { addresses: [ADDRESS] }, DEMO_SHOPPER);
    expect(await ok(rt, 'shop', 'address.list', {}, DEMO_SHOPPER)).toEqual({ addresses: [ADDRESS] });
    expect(await ok(rt, 'shop', 'address.list', {}, DEMO_MEMBER)).toEqual({ addresses: [] });
  });
});

describe('ship, receive, pick up: every transition through the lifecycle, illegal ones refused and nothing changed', () => {
  test('ship → confirm receipt: parcels kept, receipt starts the refund window, repeats answer the same order', async () => {
    const o = await paidOrder(DEMO_MEMBER, [{ productId: 'p_tonic', qty: 1 }]);
    const shipped = await ok(rt, 'admin', 'order.ship', { orderId: o._id, parcels: [PARCEL, { carrier: 'ZTO', trackingNo: '7300000001' }] }, DEMO_OWNER);
    expect(shipped.order).toMatchObject({ status: 'SHIPPED', shipments: [{ carrier: 'SF', trackingNo: PARCEL.trackingNo }, { carrier: 'ZTO' }] });
    expect((await ok(rt, 'admin', 'order.ship', { orderId: o._id, parcels: [PARCEL, { carrier: 'ZTO', trackingNo: '7300000001' }] }, DEMO_OWNER)).order.status).toBe('SHIPPED');
    expect(await refused('admin', 'order.ship', { orderId: o._id, parcels: [{ carrier: 'YTO', trackingNo: 'YT999999' }] }, DEMO_OWNER)).toEqual({ code: 'IDEMPOTENCY_MISMATCH', changed: false });
    expect(await refused('shop', 'order.confirmReceipt', { orderId: o._id }, DEMO_SHOPPER)).toEqual({ code: 'NOT_FOUND', changed: false });
    const received = await ok(rt, 'shop', 'order.confirmReceipt', { orderId: o._id }, DEMO_MEMBER);
    expect(received.order).toMatchObject({ status: 'RECEIVED', receivedAtMs: expect.any(Number) });
    const doc = (await docOrNull(rt, 'orders', o._id))!;
    expect(doc.commissionThawAtMs).toBe(doc.receivedAtMs + 7 * DAY_MS);
    expect((await ok(rt, 'shop', 'order.confirmReceipt', { orderId: o._id }, DEMO_MEMBER)).order.status).toBe('RECEIVED');
    // The partner's commission shows the window from receipt.
    const { entries } = await ok(rt, 'shop', 'partner.earnings.list', {}, DEMO_PARTNER);
    expect(entries.find((e: any) => e.orderId === o._id)).toMatchObject({ status: 'frozen', thawAtMs: doc.receivedAtMs + 7 * DAY_MS });
    expectAudited(rt);
  });

  test('shipping tells the buyer with the store\'s 发货通知 template: order number, goods, carrier, tracking number', async () => {
    const o = await paidOrder();
    const before = rt.outbox().length;
    await ok(rt, 'admin', 'order.ship', { orderId: o._id, parcels: [PARCEL] }, DEMO_OWNER);
    const sent = rt.outbox().slice(before);
    expect(sent).toEqual([expect.objectContaining({ touser: DEMO_SHOPPER, templateId: 'demo-order-shipped', page: `pages/order/index?id=${o._id}` })]);
    expect(sent[0].data).toEqual({ character_string1: { value: o.orderNo }, thing2: { value: expect.stringContaining('纸尿裤') }, thing3: { value: '顺丰速运' }, character_string4: { value: PARCEL.trackingNo } });
    await ok(rt, 'admin', 'order.ship', { orderId: o._id, parcels: [PARCEL] }, DEMO_OWNER);
    expect(rt.outbox().length).toBe(before + 1);
  });

  test('illegal steps are typed refusals that change nothing', async () => {
    const unpaid = await order(DEMO_SHOPPER, [{ productId: 'p_trial', qty: 1 }]);
    expect(await refused('admin', 'order.ship', { orderId: unpaid._id, parcels: [PARCEL] }, DEMO_OWNER)).toEqual({ code: 'NOT_SHIPPABLE', changed: false });
    const paid = await paidOrder();
    expect(await refused('shop', 'order.confirmReceipt', { orderId: paid._id }, DEMO_SHOPPER)).toEqual({ code: 'NOT_SHIPPABLE', changed: false });
    const pickup = await paidOrder(DEMO_SHOPPER, [{ productId: 'p_trial', qty: 1 }], { mode: 'pickup' });
    expect(await refused('admin', 'order.ship', { orderId: pickup._id, parcels: [PARCEL] }, DEMO_OWNER)).toEqual({ code: 'NOT_SHIPPABLE', changed: false });
    expect(await refused('admin', 'order.complete', { orderId: paid._id }, DEMO_OWNER)).toEqual({ code: 'NOT_SHIPPABLE', changed: false });
    const unpaidPickup = await order(DEMO_SHOPPER, [{ productId: 'p_trial', qty: 1 }], { mode: 'pickup' });
    const code = (await docOrNull(rt, 'orders', unpaidPickup._id))!.fulfilment.pickupCode;
    expect(await refused('admin', 'order.pickUp', { code }, DEMO_OWNER)).toEqual({ code: 'NOT_SHIPPABLE', changed: false });
    expect(await refused('admin', 'order.pickUp', { code: '00000000' }, DEMO_OWNER)).toEqual({ code: 'NOT_FOUND', changed: false });
    await ok(rt, 'admin', 'order.ship', { orderId: paid._id, parcels: [PARCEL] }, DEMO_OWNER);
    expect(await refused('admin', 'order.pickUp', { code: (await docOrNull(rt, 'orders', pickup._id))!.fulfilment.pickupCode.replace(/^./, (d: string) => String((Number(d) + 1) % 10)) }, DEMO_OWNER)).toMatchObject({ changed: false });
  });

  test('the pickup code is checked only by the owner; checking it is receipt and uploads a pickup', async () => {
    const o = await paidOrder(DEMO_MEMBER, [{ productId: 'p_tonic', qty: 1 }], { mode: 'pickup' });
    const code = o.fulfilment.pickupCode;
    for (const who of [DEMO_SHOPPER, DEMO_MEMBER, DEMO_PARTNER]) {
      expect(await refused('admin', 'order.pickUp', { code }, who)).toEqual({ code: 'FORBIDDEN', changed: false });
      expect(await refused('admin', 'order.pickupPreview', { code }, who)).toEqual({ code: 'FORBIDDEN', changed: false });
    }
    expect((await ok(rt, 'admin', 'order.pickupPreview', { code }, DEMO_OWNER))).toMatchObject({ order: { _id: o._id, status: 'PAID' }, nickname: '王姐' });
    const [a, b] = await Promise.all([ok(rt, 'admin', 'order.pickUp', { code }, DEMO_OWNER), ok(rt, 'admin', 'order.pickUp', { code }, DEMO_OWNER)]);
    expect([a.order.status, b.order.status]).toEqual(['PICKED_UP', 'PICKED_UP']);
    const uploads = rt.shipping.uploads(o._id);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({ logisticsType: SHIPPING.logisticsType.pickup, deliveryMode: SHIPPING.deliveryMode.unified, payer: { openid: DEMO_MEMBER } });
    expect((await docOrNull(rt, 'orders', o._id))!.commissionThawAtMs).toBeGreaterThan(0);
  });

  test('a code an older order also carried names the order still waiting; two waiting orders with one code are refused', async () => {
    const old = await paidOrder(DEMO_SHOPPER, [{ productId: 'p_trial', qty: 1 }], { mode: 'pickup' });
    await ok(rt, 'admin', 'order.pickUp', { code: old.fulfilment.pickupCode }, DEMO_OWNER);
    const fresh = await paidOrder(DEMO_MEMBER, [{ productId: 'p_trial', qty: 1 }], { mode: 'pickup' });
    await rt.db.collection('orders').doc(fresh._id).update({ data: { fulfilment: { mode: 'pickup', pickupCode: old.fulfilment.pickupCode } } });
    expect((await ok(rt, 'admin', 'order.pickupPreview', { code: old.fulfilment.pickupCode }, DEMO_OWNER)).order._id).toBe(fresh._id);
    const third = await paidOrder(DEMO_SHOPPER, [{ productId: 'p_trial', qty: 1 }], { mode: 'pickup' });
    await rt.db.collection('orders').doc(third._id).update({ data: { fulfilment: { mode: 'pickup', pickupCode: old.fulfilment.pickupCode } } });
    expect(await refused('admin', 'order.pickUp', { code: old.fulfilment.pickupCode }, DEMO_OWNER)).toEqual({ code: 'NOT_SHIPPABLE', changed: false });
  });

  test('shipped orders are received automatically autoReceiveDays after shipping, once', async () => {
    const o = await paidOrder();
    await ok(rt, 'admin', 'order.ship', { orderId: o._id, parcels: [PARCEL] }, DEMO_OWNER);
    rt.advanceClock(10 * DAY_MS - 60_000);
    expect((await rt.runCron<any>()).ordersAutoReceived).toBe(0);
    rt.advanceClock(2 * 60_000);
    const [a, b] = await Promise.all([rt.runCron<any>(), rt.runCron<any>()]);
    expect(a.ordersAutoReceived + b.ordersAutoReceived).toBe(1);
    expect(await docOrNull(rt, 'orders', o._id)).toMatchObject({ status: 'RECEIVED', receivedBy: 'auto' });
  });
});

describe('group-buy seats', () => {
  test('a seat carries the address (no fee) or a pickup code; the owner ships it once the group has succeeded', async () => {
    const { order: leader } = await ok(rt, 'shop', 'groupbuy.group.open', { requestId: 'g-open', campaignId: 'gb_trial2', fulfilment: DELIVERY }, DEMO_SHOPPER);
    expect(leader).toMatchObject({ fulfilment: { mode: 'delivery', address: ADDRESS }, shippingFen: 0, payableFen: 490 });
    await ok(rt, 'shop', 'order.pay', { orderId: leader._id }, DEMO_SHOPPER);
    await rt.pay(leader._id);
    expect(await refused('admin', 'order.ship', { orderId: leader._id, parcels: [PARCEL] }, DEMO_OWNER)).toEqual({ code: 'NOT_SHIPPABLE', changed: false });
    const groupId = (await docOrNull(rt, 'orders', leader._id))!.group.groupId;
    const { order: seat } = await ok(rt, 'shop', 'groupbuy.group.join', { requestId: 'g-join', groupId, fulfilment: { mode: 'pickup' } }, DEMO_MEMBER);
    expect(seat.fulfilment).toMatchObject({ mode: 'pickup', pickupCode: expect.stringMatching(/^\d{8}$/) });
    await ok(rt, 'shop', 'order.pay', { orderId: seat._id }, DEMO_MEMBER);
    await rt.pay(seat._id);
    expect((await docOrNull(rt, 'orders', leader._id))!.status).toBe('PAID');
    await ok(rt, 'admin', 'order.ship', { orderId: leader._id, parcels: [PARCEL] }, DEMO_OWNER);
    expect(rt.shipping.uploads(leader._id)).toHaveLength(1);
    expect((await ok(rt, 'admin', 'order.pickUp', { code: (await docOrNull(rt, 'orders', seat._id))!.fulfilment.pickupCode }, DEMO_OWNER)).order.status).toBe('PICKED_UP');
  });
});

describe('WeChat shipping information', () => {
  test('uploaded once per shipment however often the owner taps: keyed by merchant id and order id, parcels split', async () => {
    const o = await paidOrder();
    const input = { orderId: o._id, parcels: [PARCEL, { carrier: 'ZTO', trackingNo: '7300000001' }] };
    await Promise.all([1, 2, 3, 4].map(() => ok(rt, 'admin', 'order.ship', input, DEMO_OWNER)));
    await ok(rt, 'admin', 'order.ship', input, DEMO_OWNER);
    const uploads = rt.shipping.uploads(o._id);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({
      orderKey: { orderNumberType: 1, mchid: '1900000109', outTradeNo: o._id }, logisticsType: 1, deliveryMode: 2, isAllDelivered: true,
      shippingList: [{ trackingNo: PARCEL.trackingNo, expressCompany: 'SF', contact: { receiverContact: '139****2901' } }, { trackingNo: '7300000001' }],
      payer: { openid: DEMO_SHOPPER },
    });
    expect(uploads[0].shippingList[0].itemDesc).toContain('L');
    expect((await docOrNull(rt, 'shipping_uploads', o._id))).toMatchObject({ status: 'accepted', attempts: 1 });
    expect((await rt.runCron<any>()).shippingInfoUploaded).toBe(0);
  });

  test('a refused call stays pending and the cron uploads it; a lost answer is found with get_order, never uploaded twice', async () => {
    const refusedOne = await paidOrder();
    const lostOne = await paidOrder();
    rt.shipping.failNext('refuse', 'lost');
    await ok(rt, 'admin', 'order.ship', { orderId: refusedOne._id, parcels: [PARCEL] }, DEMO_OWNER);
    await ok(rt, 'admin', 'order.ship', { orderId: lostOne._id, parcels: [{ carrier: 'YTO', trackingNo: 'YT20261130' }] }, DEMO_OWNER);
    expect(rt.shipping.uploads(refusedOne._id)).toHaveLength(0);
    expect(rt.shipping.uploads(lostOne._id)).toHaveLength(1);
    expect(await docOrNull(rt, 'shipping_uploads', refusedOne._id)).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('system error') });
    expect(await docOrNull(rt, 'shipping_uploads', lostOne._id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await rt.runCron<any>()).shippingInfoUploaded).toBe(0); // too soon: 5 minutes between attempts
    rt.advanceClock(5 * 60_000 + 1000);
    expect((await rt.runCron<any>()).shippingInfoUploaded).toBe(2);
    expect(rt.shipping.uploads(refusedOne._id)).toHaveLength(1);
    expect(rt.shipping.uploads(lostOne._id)).toHaveLength(1);
    for (const id of [refusedOne._id, lostOne._id]) expect(await docOrNull(rt, 'shipping_uploads', id)).toMatchObject({ status: 'accepted' });
  });

  test('the owner\'s 完成 of an order handed over in person (a group seat, an order without delivery) uploads a pickup, once', async () => {
    const { order } = await ok(rt, 'shop', 'order.create', { requestId: 'legacy', lines: [{ productId: 'p_trial', qty: 1 }] }, DEMO_SHOPPER);
    await ok(rt, 'shop', 'order.pay', { orderId: order._id }, DEMO_SHOPPER);
    await rt.pay(order._id);
    await ok(rt, 'admin', 'order.complete', { orderId: order._id }, DEMO_OWNER);
    await ok(rt, 'admin', 'order.complete', { orderId: order._id }, DEMO_OWNER);
    expect(rt.shipping.uploads(order._id)).toEqual([expect.objectContaining({ logisticsType: SHIPPING.logisticsType.pickup, payer: { openid: DEMO_SHOPPER } })]);
    expect(await docOrNull(rt, 'shipping_uploads', order._id)).toMatchObject({ status: 'accepted' });
  });

  test('a balance payment never met WeChat Pay: nothing to upload', async () => {
    const { order: topUp } = await ok(rt, 'shop', 'wallet.topup', { requestId: 'tu', packageId: 'tp_1000' }, DEMO_MEMBER);
    await ok(rt, 'shop', 'order.pay', { orderId: topUp._id }, DEMO_MEMBER);
    await rt.pay(topUp._id);
    const o = await order(DEMO_MEMBER, [{ ...DIAPER_L, qty: 1 }]);
    await ok(rt, 'shop', 'order.pay', { orderId: o._id, method: 'balance' }, DEMO_MEMBER);
    await ok(rt, 'admin', 'order.ship', { orderId: o._id, parcels: [PARCEL] }, DEMO_OWNER);
    expect(await docOrNull(rt, 'shipping_uploads', o._id)).toBeNull();
  });

  test('the emulator validates as documented: order key, payer, parcels, one update', async () => {
    const o = await paidOrder();
    const base = { orderKey: { orderNumberType: 1, mchid: '1900000109', outTradeNo: o._id }, logisticsType: 1, deliveryMode: 1, shippingList: [{ trackingNo: 'SF1', expressCompany: 'SF', itemDesc: '纸尿裤' }], uploadTime: '2026-11-30T10:00:00.000+08:00', payer: { openid: DEMO_SHOPPER } };
    expect(rt.shipping.upload({ ...base, orderKey: { ...base.orderKey, mchid: 'other' } })).toMatchObject({ fail: SHIPPING.errCode.noPayment });
    expect(rt.shipping.upload({ ...base, payer: { openid: DEMO_MEMBER } })).toMatchObject({ fail: 47001 });
    expect(rt.shipping.upload({ ...base, deliveryMode: 2, shippingList: Array(16).fill(base.shippingList[0]), isAllDelivered: true })).toMatchObject({ fail: 47001 });
    expect(rt.shipping.upload({ ...base, shippingList: [{ ...base.shippingList[0], itemDesc: '字'.repeat(121) }] })).toMatchObject({ fail: 47001 });
    expect(rt.shipping.upload(base)).toMatchObject({ errCode: 0 });
    expect(rt.shipping.upload(base)).toMatchObject({ errCode: 0 });
    expect(rt.shipping.upload(base)).toMatchObject({ fail: SHIPPING.errCode.updateUsed });
  });
});

describe('membership cards ship nothing', () => {
  test('a card-only order takes no address and no fee, is not 待发货, and the cron completes it with a virtual-goods upload, once', async () => {
    const q = await ok(rt, 'shop', 'checkout.quote', { lines: [{ productId: 'p_card', qty: 1 }], fulfilment: { mode: 'delivery' } }, DEMO_SHOPPER);
    expect(q).toMatchObject({ virtual: true, shippingFen: 0, payableFen: q.totalFen });
    const mixed = await ok(rt, 'shop', 'checkout.quote', { lines: [{ productId: 'p_card', qty: 1 }, { productId: 'p_trial', qty: 1 }], fulfilment: { mode: 'delivery' } }, DEMO_SHOPPER);
    expect(mixed).toMatchObject({ virtual: false, shippingFen: 0 });

    // An address sent with a card is ignored: no fee, no fulfilment to ship.
    const o = await paidOrder(DEMO_MEMBER, [{ productId: 'p_card', qty: 1 }], DELIVERY);
    expect(o).toMatchObject({ status: 'PAID', virtual: true, fulfilment: null, shippingFen: 0, payableFen: 9900 });
    const counts = async () => ok(rt, 'admin', 'fulfilment.counts', {}, DEMO_OWNER);
    expect((await counts()).toShip).toBe(0);
    expect(await refused('admin', 'order.ship', { orderId: o._id, parcels: [PARCEL] }, DEMO_OWNER)).toMatchObject({ changed: false });

    await rt.runCron();
    const done = (await docOrNull(rt, 'orders', o._id))!;
    expect(done).toMatchObject({ status: 'COMPLETED', completedBy: 'auto', receivedAtMs: expect.any(Number) });
    // Cards pay no referral commission in this store (partners/domain/commission.ts), so there is nothing to thaw.
    expect(done.commissionThawAtMs ?? null).toBeNull();
    const uploads = rt.shipping.uploads(o._id);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({ logisticsType: SHIPPING.logisticsType.virtual, payer: { openid: DEMO_MEMBER } });
    await rt.runCron();
    expect(rt.shipping.uploads(o._id)).toHaveLength(1);
    expect((await docOrNull(rt, 'orders', o._id))!.status).toBe('COMPLETED');
    expectAudited(rt);
  });
});
