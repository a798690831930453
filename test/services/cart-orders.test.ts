// The cart (issue 11, deliverable 2): several products and specs in one order, each line at the
// buyer's price for its spec; points, stored value, group prices and commission per line; stock
// per spec by one conditional update per line, given back when the order fails; the product
// documents never written on the shopper's path; the payment's cost does not grow with lines.
import type { LocalRuntime } from '../../local/runtime/runtime';
import { DEMO_MEMBER, DEMO_OWNER, DEMO_PARTNER, DEMO_SHOPPER } from '../../local/seed/demo';
import { TX_RETRY } from '../../cloudfunctions/src/adapters/transaction';
import { act, all, balanceOf, closeStore, createStore, DIAPER_L, docOrNull, editProduct, expectAudited, ok, setStockOf, stockOf } from '../support/store';

let rt: LocalRuntime;
beforeEach(async () => { rt = await createStore(); });
afterEach(() => closeStore(rt));

const XL = { productId: 'p_diaper', specId: 'xl' } as const;
/** The tonic, two L and one XL: two products, three specs. */
const CART = [{ productId: 'p_tonic', qty: 1 }, { ...DIAPER_L, qty: 2 }, { ...XL, qty: 1 }];

/** Every product document's version number: a write to any of them moves it. */
function productVersions(): Record<string, number> {
  const rows = rt.db.raw().prepare(`SELECT id, ver FROM docs WHERE coll = 'products' ORDER BY id`).all() as { id: string; ver: number }[];
  return Object.fromEntries(rows.map((r) => [r.id, r.ver]));
}

describe('multi-line orders with specs, priced per stage', () => {
  test.each([
    ['a newcomer (fan) pays list', 'o_cart_fan', [29800, 12800, 13800]],
    ['a customer pays list', DEMO_SHOPPER, [29800, 12800, 13800]],
    ['a member pays each size\'s member price', DEMO_MEMBER, [25800, 11800, 12800]],
    ['a partner pays each size\'s partner price', DEMO_PARTNER, [25800, 6900, 7500]],
  ])('%s', async (_name, openid, [tonic, l, xl]) => {
    const quote = await ok(rt, 'shop', 'checkout.quote', { lines: CART }, openid);
    expect(quote.lines.map((x: { specId: string; unitPriceFen: number; qty: number }) => [x.specId, x.unitPriceFen, x.qty])).toEqual([['default', tonic], ['l', l], ['xl', xl]].map(([s, p], i) => [s, p, CART[i].qty]));
    expect(quote.totalFen).toBe(tonic + 2 * l + xl);
    expect(quote.listTotalFen).toBe(29800 + 2 * 12800 + 13800);
    const { order } = await ok(rt, 'shop', 'order.create', { requestId: `cart-${openid}`, lines: CART }, openid);
    expect(order.totalFen).toBe(quote.totalFen);
    expect(order.lines.map((x: { lineId: string; specName: string }) => [x.lineId, x.specName])).toEqual([['1', ''], ['2', 'L 码'], ['3', 'XL 码']]);
  });

  test('each spec\'s stock is taken by the order and nothing else: one stock document per line, no product document written', async () => {
    const before = { tonic: stockOf(rt, 'p_tonic'), l: stockOf(rt, DIAPER_L), xl: stockOf(rt, XL), m: stockOf(rt, { productId: 'p_diaper', specId: 'm' }) };
    const versions = productVersions();
    await ok(rt, 'shop', 'order.create', { requestId: 'stock', lines: [...CART, { ...DIAPER_L, qty: 1 }] }, DEMO_SHOPPER);
    expect({ tonic: stockOf(rt, 'p_tonic'), l: stockOf(rt, DIAPER_L), xl: stockOf(rt, XL), m: stockOf(rt, { productId: 'p_diaper', specId: 'm' }) })
      .toEqual({ tonic: before.tonic - 1, l: before.l - 3, xl: before.xl - 1, m: before.m });
    expect(productVersions()).toEqual(versions);
  });

  test('an order that fails gives every line\'s stock back: a size short, or the order\'s transaction failing', async () => {
    await setStockOf(rt, XL, 50);
    const before = { tonic: stockOf(rt, 'p_tonic'), l: stockOf(rt, DIAPER_L), xl: stockOf(rt, XL) };
    const short = await act(rt, 'shop', 'order.create', { requestId: 'short', lines: [CART[0], CART[1], { ...XL, qty: 51 }] }, DEMO_SHOPPER);
    expect(short).toEqual({ ok: false, error: { code: 'SOLD_OUT', message: '库存不足：婴儿纸尿裤（提） XL 码 仅剩 50 件' } });
    rt.db.forceConflicts(TX_RETRY.attempts, 'in_callback');
    expect(await act(rt, 'shop', 'order.create', { requestId: 'busy', lines: CART }, DEMO_SHOPPER)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect({ tonic: stockOf(rt, 'p_tonic'), l: stockOf(rt, DIAPER_L), xl: stockOf(rt, XL) }).toEqual(before);
    expect(await all(rt, 'orders')).toHaveLength(0);
    // The retry of the same request takes each spec once.
    await ok(rt, 'shop', 'order.create', { requestId: 'busy', lines: CART }, DEMO_SHOPPER);
    await ok(rt, 'shop', 'order.create', { requestId: 'busy', lines: CART }, DEMO_SHOPPER);
    expect({ tonic: stockOf(rt, 'p_tonic'), l: stockOf(rt, DIAPER_L), xl: stockOf(rt, XL) }).toEqual({ tonic: before.tonic - 1, l: before.l - 2, xl: before.xl - 1 });
  });

  test('commission is paid per line on each line\'s base, at each upline\'s own tier; points on what was paid', async () => {
    // 小美 (customer) is under 王姐 (member, 10% / 5%, in points) under 林老板 (partner, 20% / 10%, cash);
    // the tonic pays on the owner's ¥229 base (the payout cap, issue 9), diapers a fixed ¥10 / ¥5 a pack.
    const { order } = await ok(rt, 'shop', 'order.create', { requestId: 'cm', lines: CART }, DEMO_SHOPPER);
    expect(order.lines.map((x: { commissionBaseFen: number }) => x.commissionBaseFen)).toEqual([22900, 2 * 12800, 13800]);
    await ok(rt, 'shop', 'order.pay', { orderId: order._id }, DEMO_SHOPPER);
    await rt.pay(order._id);
    const byLevel = Object.fromEntries((await all(rt, 'commissions', { orderId: order._id })).map((c) => [c.level, c]));
    expect(byLevel[1]).toMatchObject({ beneficiaryOpenid: DEMO_MEMBER, reward: 'points', amountFen: 2290 + 2 * 1000 + 1000, points: 2290 + 2 * 1000 + 1000 });
    expect(byLevel[2]).toMatchObject({ beneficiaryOpenid: DEMO_PARTNER, reward: 'cash', amountFen: 2290 + 3 * 500 });
    expect(byLevel[1].lines.map((x: { productId: string; qty: number; amountFen: number }) => [x.productId, x.qty, x.amountFen])).toEqual([['p_tonic', 1, 2290], ['p_diaper', 2, 2000], ['p_diaper', 1, 1000]]);
    expect((await docOrNull(rt, 'orders', order._id))!.pointsEarned).toBe(Math.floor(order.payableFen / 100));
    expectAudited(rt);
  });

  test('a spec\'s own commission base is what its lines pay commission on, whatever the buyer paid', async () => {
    expect(await editProduct(rt, 'p_tonic', (d) => ({ ...d, specs: [{ ...d.specs[0], commissionBaseFen: 20000 }] }))).toMatchObject({ ok: true });
    const { order } = await ok(rt, 'shop', 'order.create', { requestId: 'base', lines: [{ productId: 'p_tonic', qty: 2 }] }, DEMO_SHOPPER);
    await ok(rt, 'shop', 'order.pay', { orderId: order._id }, DEMO_SHOPPER);
    await rt.pay(order._id);
    expect((await all(rt, 'commissions', { orderId: order._id })).map((c) => [c.level, c.baseFen, c.amountFen]).sort()).toEqual([[1, 40000, 4000], [2, 40000, 4000]]);
  });

  test('points and stored value on a multi-line order; a refund gives each spec its stock back and audits clean', async () => {
    const { order: topUp } = await ok(rt, 'shop', 'wallet.topup', { requestId: 'tu', packageId: 'tp_1000' }, DEMO_MEMBER);
    await ok(rt, 'shop', 'order.pay', { orderId: topUp._id }, DEMO_MEMBER);
    await rt.pay(topUp._id);
    await rt.pay((await ok(rt, 'shop', 'order.create', { requestId: 'earn', lines: [{ productId: 'p_tonic', qty: 1 }] }, DEMO_MEMBER)).order._id).catch(() => undefined);
    const before = { l: stockOf(rt, DIAPER_L), xl: stockOf(rt, XL), points: await balanceOf(rt, `points:${DEMO_MEMBER}`) };
    const { order } = await ok(rt, 'shop', 'order.create', { requestId: 'mixed', lines: CART.slice(1), usePoints: true }, DEMO_MEMBER);
    expect(order.totalFen).toBe(2 * 11800 + 12800);
    const paid = await ok(rt, 'shop', 'order.pay', { orderId: order._id, method: 'balance' }, DEMO_MEMBER);
    expect(paid.order).toMatchObject({ status: 'PAID', payMethod: 'balance', payableFen: order.totalFen - order.pointsDiscountFen });
    expect({ l: stockOf(rt, DIAPER_L), xl: stockOf(rt, XL) }).toEqual({ l: before.l - 2, xl: before.xl - 1 });
    await ok(rt, 'admin', 'order.refund', { orderId: order._id, reason: '不要了' }, DEMO_OWNER);
    expect({ l: stockOf(rt, DIAPER_L), xl: stockOf(rt, XL), points: await balanceOf(rt, `points:${DEMO_MEMBER}`) }).toEqual(before);
    expectAudited(rt);
  });

  test('a group buy sells its campaign\'s spec: the seat\'s line names it, carries its base, and takes that spec\'s stock', async () => {
    const before = stockOf(rt, DIAPER_L);
    const { order } = await ok(rt, 'shop', 'groupbuy.group.open', { requestId: 'g1', campaignId: 'gb_diaper3' }, DEMO_SHOPPER);
    expect(order.lines).toEqual([expect.objectContaining({ productId: 'p_diaper', specId: 'l', specName: 'L 码', unitPriceFen: 8900, listPriceFen: 12800, commissionBaseFen: 12800 })]);
    expect(stockOf(rt, DIAPER_L)).toBe(before - 3);
    expect(stockOf(rt, XL)).toBe(300);
    const { campaigns } = await ok(rt, 'shop', 'groupbuy.campaign.list', {}, DEMO_SHOPPER);
    expect(campaigns.find((c: { _id: string }) => c._id === 'gb_diaper3')).toMatchObject({ specName: 'L 码', pictures: expect.arrayContaining([expect.stringMatching(/^cloud:\/\//)]) });
  });
});

describe('what a payment costs does not grow with lines', () => {
  /** Database operations of the payment callback that marks an order of these lines paid. */
  async function paidOps(lines: unknown[], requestId: string): Promise<number> {
    const { order } = await ok(rt, 'shop', 'order.create', { requestId, lines }, DEMO_SHOPPER);
    await ok(rt, 'shop', 'order.pay', { orderId: order._id }, DEMO_SHOPPER);
    const res = await rt.invoke<{ errcode: number }>('payNotify', rt.payEvent(order._id), { source: 'wx_paycallback' });
    expect(res.result.errcode).toBe(0);
    return res.reads + res.writes;
  }

  test('a three-line order is paid in as many database operations as a one-line order; creating it adds one stock update per extra line', async () => {
    expect(await paidOps(CART, 'three')).toBe(await paidOps([{ productId: 'p_tonic', qty: 1 }], 'one'));
    const writes = async (lines: unknown[], requestId: string) => (await rt.invoke('shop', { action: 'order.create', input: { requestId, lines } }, { openid: DEMO_SHOPPER })).writes;
    expect((await writes(CART, 'w3')) - (await writes([CART[0]], 'w1'))).toBe(2);
  });
});
