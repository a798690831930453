// The storefront's reads through the real shop and admin functions on the local runtime: the
// store's name and logo, prices per stage (the partner price only to partners), the order list's
// tabs, the card's privileges, and names and order numbers instead of ids in the lists.
import type { LocalRuntime } from '../../local/runtime/runtime';
import { DEMO_MEMBER, DEMO_NEWCOMER, DEMO_OWNER, DEMO_PARTNER, DEMO_SHOPPER } from '../../local/seed/demo';
import type { Order } from '../../src/contracts';
import { act, closeStore, createStore, editProduct, ok, placeOrder } from '../support/store';

let rt: LocalRuntime;
beforeEach(async () => { rt = await createStore(); });
afterEach(() => closeStore(rt));

test('store.get answers the store\'s own name and logo from settings', async () => {
  const logo = 'cloud://local-dev.store/store/logo.png';
  await rt.db.collection('settings').doc('store').update({ data: { logo } });
  const subscribe = { orderPaid: 'demo-order-paid', groupResult: 'demo-group-result', withdrawalResult: 'demo-withdrawal-result', orderShipped: 'demo-order-shipped' };
  expect(await ok(rt, 'shop', 'store.get', {}, DEMO_NEWCOMER)).toEqual({ store: { name: '好物小店', logo, subscribe, pickup: { address: expect.stringContaining('文三路'), hours: expect.any(String) } } });
  await rt.db.collection('settings').doc('store').update({ data: { name: '王姐母婴', logo: null } });
  expect(await ok(rt, 'shop', 'store.get', {}, DEMO_NEWCOMER)).toEqual({ store: { name: '王姐母婴', logo: null, subscribe, pickup: expect.any(Object) } });
});

describe('prices per stage', () => {
  test('a shopper sees the member price as an incentive and never the partner price', async () => {
    const { products, offers } = await ok(rt, 'shop', 'catalog.list', {}, DEMO_SHOPPER);
    const diaper = products.find((p: { _id: string }) => p._id === 'p_diaper');
    expect(diaper).toMatchObject({ listPriceFen: 12800, memberPriceFen: 11800, partnerPriceFen: null });
    // The cheapest size's price, marked 起: the XL costs more.
    expect(offers.p_diaper).toEqual({ payFen: 12800, listFen: 12800, multiPrice: true, payLabel: null, next: { stage: 'member', priceFen: 11800, saveFen: 1000 } });
    expect(offers.p_tonic.next).toEqual({ stage: 'member', priceFen: 25800, saveFen: 4000 });
    expect(products.every((p: { partnerPriceFen: number | null }) => p.partnerPriceFen === null)).toBe(true);
    const one = await ok(rt, 'shop', 'product.get', { productId: 'p_diaper' }, DEMO_SHOPPER);
    expect(one.product.partnerPriceFen).toBeNull();
    expect(one.offer).toEqual(offers.p_diaper);
    // Each size's own offer, and no size leaks the partner price.
    expect(one.specOffers.xl).toEqual({ payFen: 13800, listFen: 13800, multiPrice: false, payLabel: null, next: { stage: 'member', priceFen: 12800, saveFen: 1000 } });
    expect(one.product.specs.map((x: { partnerPriceFen: number | null }) => x.partnerPriceFen)).toEqual([null, null, null, null]);
  });

  test('a member pays 会员价 and is told partners pay less, without the figure', async () => {
    const { products, offers } = await ok(rt, 'shop', 'catalog.list', {}, DEMO_MEMBER);
    expect(products.find((p: { _id: string }) => p._id === 'p_diaper').partnerPriceFen).toBeNull();
    expect(offers.p_diaper).toEqual({ payFen: 11800, listFen: 12800, multiPrice: true, payLabel: 'member', next: { stage: 'partner', priceFen: null, saveFen: null } });
  });

  test('a partner sees and pays the partner price', async () => {
    const { products, offers, myPrices } = await ok(rt, 'shop', 'catalog.list', {}, DEMO_PARTNER);
    expect(products.find((p: { _id: string }) => p._id === 'p_diaper').partnerPriceFen).toBe(6900);
    expect(offers.p_diaper).toEqual({ payFen: 6900, listFen: 12800, multiPrice: true, payLabel: 'partner', next: null });
    expect(myPrices.p_diaper).toBe(6900);
  });

  test('member.get lists what the card saves, biggest saving first', async () => {
    const { privileges } = await ok(rt, 'shop', 'member.get', {}, DEMO_SHOPPER);
    expect(privileges.map((p: { productId: string }) => p.productId)).toEqual(['p_tonic', 'p_diaper']);
    expect(privileges[0]).toEqual({ productId: 'p_tonic', name: '臻选滋补礼盒', listPriceFen: 29800, memberPriceFen: 25800 });
  });
});

describe('order list tabs', () => {
  test('each tab lists the statuses it names, newest first; 待收货 is empty until shipping exists', async () => {
    const paid = await placeOrder(rt, DEMO_SHOPPER, 'p_trial', 1, 'tab-paid');
    await rt.pay(paid);
    const unpaid = await placeOrder(rt, DEMO_SHOPPER, 'p_trial', 1, 'tab-unpaid');
    const refunded = await placeOrder(rt, DEMO_SHOPPER, 'p_tonic', 1, 'tab-refunded');
    await rt.pay(refunded);
    await ok(rt, 'admin', 'order.refund', { orderId: refunded, reason: '测试' }, DEMO_OWNER);
    const ids = async (tab: string) => (await ok(rt, 'shop', 'order.list', { tab }, DEMO_SHOPPER)).orders.map((o: Order) => o._id);
    expect(await ids('all')).toEqual([refunded, unpaid, paid]);
    expect(await ids('unpaid')).toEqual([unpaid]);
    expect(await ids('toShip')).toEqual([paid]);
    expect(await ids('toReceive')).toEqual([]);
    expect(await ids('afterSale')).toEqual([refunded]);
    // Another shopper's tabs hold none of these.
    expect((await ok(rt, 'shop', 'order.list', { tab: 'all' }, DEMO_MEMBER)).orders).toEqual([]);
  });

  test('an unknown tab is refused as bad input', async () => {
    expect(await act(rt, 'shop', 'order.list', { tab: 'shipped' }, DEMO_SHOPPER)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('names and numbers instead of ids', () => {
  test('the owner\'s order list names the buyer and carries the order number', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    const { orders } = await ok(rt, 'admin', 'order.list', { limit: 10 }, DEMO_OWNER);
    expect(orders.find((o: Order) => o._id === orderId)).toMatchObject({ nickname: '小美', orderNo: expect.stringMatching(/^20\d{16}$/) });
  });

  test('admin product.list shows every product with all its prices, and only to the owner', async () => {
    expect(await editProduct(rt, 'p_trial', (d) => ({ ...d, onSale: false }))).toMatchObject({ ok: true });
    const { products } = await ok(rt, 'admin', 'product.list', {}, DEMO_OWNER);
    expect(products.map((p: { _id: string }) => p._id)).toEqual(['p_trial', 'p_card', 'p_tonic', 'p_diaper', 'p_partner']);
    expect(products.find((p: { _id: string }) => p._id === 'p_diaper').partnerPriceFen).toBe(6900);
    expect(products.find((p: { _id: string }) => p._id === 'p_diaper').specs.map((x: { partnerPriceFen: number; stock: number }) => [x.partnerPriceFen, x.stock])).toEqual([[6900, 500], [6900, 800], [6900, 2000], [7500, 300]]);
    expect(products.find((p: { _id: string }) => p._id === 'p_trial').onSale).toBe(false);
    expect(await act(rt, 'admin', 'product.list', {}, DEMO_PARTNER)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  test('a partner\'s earnings carry the order\'s number', async () => {
    // 王姐 (member) is under 林老板 (partner): her paid tonic pays him level-1 commission.
    const orderId = await placeOrder(rt, DEMO_MEMBER, 'p_tonic');
    await rt.pay(orderId);
    const { entries } = await ok(rt, 'shop', 'partner.earnings.list', {}, DEMO_PARTNER);
    const order = (await ok(rt, 'shop', 'order.get', { orderId }, DEMO_MEMBER)).order as Order;
    expect(entries).toEqual([expect.objectContaining({ orderId, orderNo: order.orderNo, level: 1 })]);
  });
});
