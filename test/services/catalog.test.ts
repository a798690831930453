// The catalogue the owner runs from the app (issue 11, deliverable 1): products with pictures, a
// detail, a category and specs, each spec with its own prices, commission base and stock; stock
// edits that move by deltas so nothing sold is put back; categories; search on the server; the
// products made before specs. Through the real functions on the local runtime.
import type { LocalRuntime } from '../../local/runtime/runtime';
import { DEMO_MEMBER, DEMO_OWNER, DEMO_PARTNER, DEMO_SHOPPER } from '../../local/seed/demo';
import { WorldWatch } from '../../local/attack/world';
import type { ProductDraft } from '../../src/contracts';
import { act, all, closeStore, createStore, DIAPER_L, docOrNull, editProduct, expectAudited, ok, ownerProduct, placeOrder, stockOf } from '../support/store';

let rt: LocalRuntime;
beforeEach(async () => { rt = await createStore(); });
afterEach(() => closeStore(rt));

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

/** A picture as the owner's phone would upload it (weapp: straight to uploads/<openid>/…). */
async function upload(openid: string, name: string): Promise<string> {
  return (await rt.storage.uploadFile({ cloudPath: `uploads/${openid}/20261130/${name}.png`, fileContent: PNG })).fileID;
}

const spec = (name: string, listPriceFen: number, memberPriceFen: number | null, partnerPriceFen: number | null, stockDelta: number, commissionBaseFen: number | null = null) => ({
  specId: null, name, listPriceFen, memberPriceFen, partnerPriceFen, commissionBaseFen, stockDelta,
});

async function wipes(): Promise<ProductDraft> {
  return {
    name: '婴儿湿巾', subtitle: '加厚 80 抽 · 无香', categoryId: 'c_diaper', pictures: [await upload(DEMO_OWNER, 'cover'), await upload(DEMO_OWNER, 'side')],
    detail: [{ type: 'text', text: '食品级纯水，可擦嘴擦手。' }, { type: 'picture', fileId: await upload(DEMO_OWNER, 'detail') }],
    onSale: true, pointsPrice: null, grantsStage: null, grantsDays: null,
    // Commission bases the payout cap can carry: partners earn up to 30% of the base, the cap is 40% of
    // the least the store receives (the partner price less 20% points, paid with ¥1000 → ¥1200 stored
    // value): 30% of ¥13 = ¥3.90 ≤ 40% of ¥10.00; 30% of ¥110 = ¥33 ≤ 40% of ¥86 (DECISIONS.md, issue 9).
    specs: [spec('单包', 1990, 1790, 1500, 100, 1300), spec('10 包', 16900, 14900, 12900, 20, 11000)],
  };
}

let bad = 0;

describe('the owner creates a product from the app', () => {
  test('with pictures, a detail, a category and specs; shoppers see it, each size at its price for their stage', async () => {
    const { product } = await ok(rt, 'admin', 'product.create', { requestId: 'new-1', product: await wipes() }, DEMO_OWNER);
    expect(product).toMatchObject({ name: '婴儿湿巾', kind: 'standard', categoryId: 'c_diaper', version: 1, listPriceFen: 1990, memberPriceFen: 1790, stock: 120 });
    expect(product.specs.map((s: { name: string; stock: number }) => [s.name, s.stock])).toEqual([['单包', 100], ['10 包', 20]]);
    expect(product.specs.every((s: { _id: string }) => /^[0-9a-z]{1,16}$/.test(s._id))).toBe(true);
    expect(product.detail).toHaveLength(2);
    const view = await ok(rt, 'shop', 'product.get', { productId: product._id }, DEMO_MEMBER);
    const [one, ten] = view.product.specs.map((s: { _id: string }) => s._id);
    expect([view.specOffers[one].payFen, view.specOffers[ten].payFen]).toEqual([1790, 14900]);
    expect(view.offer).toMatchObject({ payFen: 1790, multiPrice: true });
    expect(view.product.specs.map((s: { partnerPriceFen: number | null }) => s.partnerPriceFen)).toEqual([null, null]);
    const { products } = await ok(rt, 'shop', 'catalog.list', { categoryId: 'c_diaper' }, DEMO_SHOPPER);
    expect(products.map((p: { _id: string }) => p._id)).toEqual(['p_trial', 'p_diaper', product._id]);
  });

  test('the payout cap is checked per size with its own commission base: a lower base lets a lower partner price through', async () => {
    const draft = await wipes();
    // At a ¥10 partner price the store receives at least ¥6.66: 30% of an ¥8 base (¥2.40) fits its 40% (¥2.66); ¥13 would not.
    const res = await act(rt, 'admin', 'product.create', { requestId: 'base', product: { ...draft, specs: [{ ...draft.specs[0], partnerPriceFen: 1000, commissionBaseFen: 800 }, { ...draft.specs[1], commissionBaseFen: null, partnerPriceFen: null }] } }, DEMO_OWNER);
    expect(res).toMatchObject({ ok: false, error: { message: expect.stringContaining('「婴儿湿巾 10 包」最高佣金 ¥50.70') } });
    const fits = await act(rt, 'admin', 'product.create', { requestId: 'base-2', product: { ...draft, specs: [{ ...draft.specs[0], partnerPriceFen: 1000, commissionBaseFen: 800 }, draft.specs[1]] } }, DEMO_OWNER);
    expect(fits).toMatchObject({ ok: true, data: { product: { specs: [{ commissionBaseFen: 800 }, { commissionBaseFen: 11000 }] } } });
  });

  test('a retried create is the same product; the same request id with other content is refused; nothing else is written', async () => {
    const draft = await wipes();
    const a = await ok(rt, 'admin', 'product.create', { requestId: 'new-2', product: draft }, DEMO_OWNER);
    const b = await ok(rt, 'admin', 'product.create', { requestId: 'new-2', product: draft }, DEMO_OWNER);
    expect(b.product._id).toBe(a.product._id);
    expect(await act(rt, 'admin', 'product.create', { requestId: 'new-2', product: { ...draft, name: '别的' } }, DEMO_OWNER)).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_MISMATCH' } });
    expect(await all(rt, 'product_stock', { productId: a.product._id })).toHaveLength(2);
    expect(stockOf(rt, { productId: a.product._id, specId: a.product.specs[0]._id })).toBe(100);
  });

  test.each<[string, (d: ProductDraft) => Promise<ProductDraft> | ProductDraft, string]>([
    ['someone else\'s upload as a picture', async (d) => ({ ...d, pictures: [await upload(DEMO_SHOPPER, 'x')] }), '只能使用自己上传的图片'],
    ['a picture of another environment', (d) => ({ ...d, pictures: ['cloud://other-env.b/store/x.png'] }), '不是本店环境的文件'],
    ['someone else\'s upload in the detail', async (d) => ({ ...d, detail: [{ type: 'picture', fileId: await upload(DEMO_MEMBER, 'y') }] }), '只能使用自己上传的图片'],
    ['a member price above list, on one size', (d) => ({ ...d, specs: [d.specs[0], { ...d.specs[1], memberPriceFen: 17000 }] }), '「10 包」会员价不能高于零售价（会员不能比非会员付得多）'],
    ['a partner price above the member price', (d) => ({ ...d, specs: [{ ...d.specs[0], partnerPriceFen: 1800 }, d.specs[1]] }), '「单包」合伙人价不能高于会员价'],
    ['two sizes with one name', (d) => ({ ...d, specs: [d.specs[0], { ...d.specs[1], name: '单包' }] }), '规格名称重复：单包'],
    ['a new size with negative stock', (d) => ({ ...d, specs: [{ ...d.specs[0], stockDelta: -1 }] }), '初始库存不能为负'],
    ['an unknown category', (d) => ({ ...d, categoryId: 'c_nothing' }), '分类不存在'],
    ['a card with two specs', (d) => ({ ...d, grantsStage: 'member', grantsDays: 30 }), '只能有一个规格'],
    // Commission settings pay partners 20% + 10% of the base (here ¥13): ¥3.90 passes 40% of the ¥6.66 the store receives at a ¥10 partner price.
    ['a partner price the payout cap cannot carry, on one size', (d) => ({ ...d, specs: [{ ...d.specs[0], partnerPriceFen: 1000 }, d.specs[1]], name: '湿巾' }), '「湿巾 单包」最高佣金 ¥3.90 超过上限 ¥2.66（最低实收 ¥6.66 的 40%），超出 ¥1.24'],
    ['a commission base above the list price', (d) => ({ ...d, specs: [{ ...d.specs[0], commissionBaseFen: 2000 }, d.specs[1]] }), '「单包」佣金基数不能高于零售价'],
  ])('refused, changing nothing: %s', async (_name, change, message) => {
    const draft = await change(await wipes());
    const watch = new WorldWatch(rt);
    watch.mark();
    const res = await act(rt, 'admin', 'product.create', { requestId: `bad-${(bad += 1)}`, product: draft }, DEMO_OWNER);
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining(message) } });
    expect(watch.changedSinceMark()).toBe(false);
  });
});

describe('the owner edits a product: stock moves by deltas, never to a number', () => {
  test('units sold while the form was open stay sold: the owner adds 5 to what is left, not to what they saw', async () => {
    const seen = await ownerProduct(rt, 'p_diaper');
    expect(seen.specs.find((s) => s._id === 'l')!.stock).toBe(2000);
    await rt.pay(await placeOrder(rt, DEMO_SHOPPER, DIAPER_L, 3));
    const res = await act(rt, 'admin', 'product.update', {
      requestId: 'restock', productId: 'p_diaper', version: seen.version,
      product: { ...draftFrom(seen), specs: draftFrom(seen).specs.map((s) => (s.specId === 'l' ? { ...s, stockDelta: 5 } : s)) },
    }, DEMO_OWNER);
    expect(res).toMatchObject({ ok: true, data: { product: { version: 2 } } });
    expect(stockOf(rt, DIAPER_L)).toBe(2000 - 3 + 5);
  });

  test('a retried save moves stock once; the same request id with other content is refused; a stale version is CONFLICT', async () => {
    const p = await ownerProduct(rt, 'p_tonic');
    const input = { requestId: 'r-once', productId: 'p_tonic', version: p.version, product: { ...draftFrom(p), specs: [{ ...draftFrom(p).specs[0], stockDelta: 10 }] } };
    await ok(rt, 'admin', 'product.update', input, DEMO_OWNER);
    await ok(rt, 'admin', 'product.update', input, DEMO_OWNER);
    expect(stockOf(rt, 'p_tonic')).toBe(310);
    expect(await act(rt, 'admin', 'product.update', { ...input, product: { ...input.product, name: '改名' } }, DEMO_OWNER)).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_MISMATCH' } });
    expect(await act(rt, 'admin', 'product.update', { ...input, requestId: 'r-stale' }, DEMO_OWNER)).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '商品已被修改，请刷新后再编辑' } });
    expect(stockOf(rt, 'p_tonic')).toBe(310);
  });

  test('taking away more than is left is refused, naming the size, and changes nothing', async () => {
    const res = await editProduct(rt, 'p_diaper', (d) => ({ ...d, specs: d.specs.map((s) => (s.specId === 'xl' ? { ...s, stockDelta: -301 } : s)) }));
    expect(res).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '「XL 码」现有库存 300 件，最多减少 300 件' } });
    expect(stockOf(rt, { productId: 'p_diaper', specId: 'xl' })).toBe(300);
    expect((await docOrNull(rt, 'products', 'p_diaper'))!.version).toBe(1);
  });

  test('a restock racing 20 buyers of the same size: every unit accounted for, nothing oversold', async () => {
    await ok(rt, 'admin', 'product.update', { requestId: 'low', productId: 'p_diaper', version: 1, product: { ...draftFrom(await ownerProduct(rt, 'p_diaper')), specs: draftFrom(await ownerProduct(rt, 'p_diaper')).specs.map((s) => (s.specId === 'xl' ? { ...s, stockDelta: -290 } : s)) } }, DEMO_OWNER);
    expect(stockOf(rt, { productId: 'p_diaper', specId: 'xl' })).toBe(10);
    const p = await ownerProduct(rt, 'p_diaper');
    const restock = act(rt, 'admin', 'product.update', { requestId: 'race', productId: 'p_diaper', version: p.version, product: { ...draftFrom(p), specs: draftFrom(p).specs.map((s) => (s.specId === 'xl' ? { ...s, stockDelta: 7 } : s)) } }, DEMO_OWNER);
    const buys = Array.from({ length: 20 }, (_, i) => act(rt, 'shop', 'order.create', { requestId: `race-${i}`, lines: [{ productId: 'p_diaper', specId: 'xl', qty: 1 }] }, `o_race_${i}`));
    const [saved, ...orders] = await Promise.all([restock, ...buys]);
    expect(saved.ok).toBe(true);
    const sold = orders.filter((o) => o.ok).length;
    for (const o of orders) if (!o.ok) expect(o.error.code).toBe('SOLD_OUT');
    expect(sold).toBeGreaterThanOrEqual(10);
    expect(stockOf(rt, { productId: 'p_diaper', specId: 'xl' })).toBe(10 + 7 - sold);
  });

  test('a size leaves the product; its orders stay readable and a refund gives its stock back; a size a campaign sells cannot leave', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, { productId: 'p_diaper', specId: 's' }, 2);
    await rt.pay(orderId);
    expect(await editProduct(rt, 'p_diaper', (d) => ({ ...d, specs: d.specs.filter((s) => s.specId !== 'l') }))).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '规格「L 码」正在拼团活动中，不能删除' } });
    expect(await editProduct(rt, 'p_diaper', (d) => ({ ...d, specs: d.specs.filter((s) => s.specId !== 's') }))).toMatchObject({ ok: true });
    expect((await ownerProduct(rt, 'p_diaper')).specs.map((s) => s._id)).toEqual(['m', 'l', 'xl']);
    const { order } = await ok(rt, 'shop', 'order.get', { orderId }, DEMO_SHOPPER);
    expect(order.lines[0]).toMatchObject({ specId: 's', specName: 'S 码', qty: 2 });
    await ok(rt, 'admin', 'order.refund', { orderId, reason: '尺码下架' }, DEMO_OWNER);
    expect(stockOf(rt, { productId: 'p_diaper', specId: 's' })).toBe(500);
    expect(await act(rt, 'shop', 'order.create', { requestId: 'gone', lines: [{ productId: 'p_diaper', specId: 's', qty: 1 }] }, DEMO_SHOPPER)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: '规格已下架：婴儿纸尿裤（提）' } });
    expectAudited(rt);
  });

  test('a new size gets its own stock; the product\'s card price follows its cheapest size', async () => {
    const small = { specId: null, name: '小盒', listPriceFen: 19800, memberPriceFen: 17800, partnerPriceFen: 17800, commissionBaseFen: null, stockDelta: 40 };
    // Without a base of its own the size is paid on the tonic's ¥229 base from the commission settings:
    // 30% = ¥68.70 passes 40% of the ¥118.66 the store receives for ¥178. Refused, nothing written.
    const refused = await editProduct(rt, 'p_tonic', (d) => ({ ...d, specs: [...d.specs, small] }));
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '「臻选滋补礼盒 小盒」最高佣金 ¥68.70 超过上限 ¥47.46（最低实收 ¥118.66 的 40%），超出 ¥21.24' } });
    const res = await editProduct(rt, 'p_tonic', (d) => ({ ...d, specs: [...d.specs, { ...small, commissionBaseFen: 15000 }] }));
    expect(res.ok).toBe(true);
    const p = await ownerProduct(rt, 'p_tonic');
    expect(p).toMatchObject({ listPriceFen: 19800, memberPriceFen: 17800, stock: 340 });
    expect(stockOf(rt, { productId: 'p_tonic', specId: p.specs[1]._id })).toBe(40);
  });
});

function draftFrom(p: Awaited<ReturnType<typeof ownerProduct>>): ProductDraft {
  return {
    name: p.name, subtitle: p.subtitle, categoryId: p.categoryId, pictures: p.pictures, detail: p.detail as ProductDraft['detail'], onSale: p.onSale,
    pointsPrice: p.pointsPrice, grantsStage: p.grantsStage, grantsDays: p.grantsDays,
    specs: p.specs.map((s) => ({ specId: s._id, name: s.name, listPriceFen: s.listPriceFen, memberPriceFen: s.memberPriceFen, partnerPriceFen: s.partnerPriceFen, commissionBaseFen: s.commissionBaseFen, stockDelta: 0 })),
  };
}

describe('categories', () => {
  test('the owner adds, renames, orders and removes categories; shoppers get them in that order', async () => {
    const a = await ok(rt, 'admin', 'category.save', { requestId: 'cat-a', categoryId: null, name: '洗护', picture: null }, DEMO_OWNER);
    expect(await ok(rt, 'admin', 'category.save', { requestId: 'cat-a', categoryId: null, name: '洗护', picture: null }, DEMO_OWNER)).toEqual(a);
    expect(await act(rt, 'admin', 'category.save', { requestId: 'cat-b', categoryId: null, name: '纸尿裤', picture: null }, DEMO_OWNER)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '已有名为「纸尿裤」的分类' } });
    await ok(rt, 'admin', 'category.save', { requestId: 'x', categoryId: a.category._id, name: '洗护用品', picture: null }, DEMO_OWNER);
    const order = [a.category._id, 'c_member', 'c_tonic', 'c_diaper'];
    await ok(rt, 'admin', 'category.reorder', { categoryIds: order }, DEMO_OWNER);
    const { categories } = await ok(rt, 'shop', 'catalog.list', {}, DEMO_SHOPPER);
    expect(categories.map((c: { name: string }) => c.name)).toEqual(['洗护用品', '会员权益', '滋补礼盒', '纸尿裤']);
    expect(await act(rt, 'admin', 'category.reorder', { categoryIds: order.slice(1) }, DEMO_OWNER)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await act(rt, 'admin', 'category.remove', { categoryId: 'c_tonic' }, DEMO_OWNER)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '分类下还有 1 件商品，请先把它们移到其他分类' } });
    expect(await ok(rt, 'admin', 'category.remove', { categoryId: a.category._id }, DEMO_OWNER)).toEqual({ removed: true });
    expect(await ok(rt, 'admin', 'category.remove', { categoryId: a.category._id }, DEMO_OWNER)).toEqual({ removed: false });
    const counts = (await ok(rt, 'admin', 'category.list', {}, DEMO_OWNER)).categories.map((c: { name: string; productCount: number }) => [c.name, c.productCount]);
    expect(counts).toEqual([['会员权益', 2], ['滋补礼盒', 1], ['纸尿裤', 2]]);
  });
});

describe('search on the server', () => {
  test.each([
    ['part of a name', '纸尿裤', ['p_trial', 'p_diaper']],
    ['part of a subtitle', '复购', ['p_tonic']],
    ['any case', 'xl', []],
    ['characters a regular expression would read as a pattern are literal', '.*', []],
    ['nothing matches', '奶粉', []],
  ])('%s', async (_name, q, ids) => {
    const { products } = await ok(rt, 'shop', 'catalog.list', { q }, DEMO_SHOPPER);
    expect(products.map((p: { _id: string }) => p._id)).toEqual(ids);
  });

  test('search and category together; only products on sale', async () => {
    expect(await editProduct(rt, 'p_trial', (d) => ({ ...d, onSale: false }))).toMatchObject({ ok: true });
    const { products } = await ok(rt, 'shop', 'catalog.list', { q: '纸尿裤', categoryId: 'c_diaper' }, DEMO_PARTNER);
    expect(products.map((p: { _id: string }) => p._id)).toEqual(['p_diaper']);
  });
});

describe('products made before specs', () => {
  test('read as one default spec; the cron gives them their own stock document; their old orders stay readable and refundable', async () => {
    const now = rt.nowMs();
    await rt.db.collection('products').add({ data: { _id: 'p_old', name: '老商品', subtitle: '', kind: 'standard', listPriceFen: 5000, memberPriceFen: 4500, partnerPriceFen: null, stock: 12, onSale: true, sort: 90, coverColor: '#123456', grantsStage: null, grantsDays: null, pointsPrice: null } });
    // An order made before specs: its line names no spec, no line id.
    await rt.db.collection('orders').add({ data: {
      _id: 'O_old', orderNo: null, kind: 'goods', status: 'PAID', openid: DEMO_SHOPPER, lines: [{ productId: 'p_old', name: '老商品', qty: 2, listPriceFen: 5000, unitPriceFen: 5000, amountFen: 10000 }],
      totalFen: 10000, pointsUsed: 0, pointsDiscountFen: 0, payableFen: 10000, payMethod: 'balance', balanceSplit: null, pointsEarned: 0, createdAtMs: now, paidAtMs: now, expiresAtMs: now,
      requestHash: 'x', transactionId: null, grants: [], topUp: null, group: null,
    } });
    const before = await ok(rt, 'shop', 'product.get', { productId: 'p_old' }, DEMO_SHOPPER);
    expect(before.product.specs).toEqual([expect.objectContaining({ _id: 'default', listPriceFen: 5000, stock: 12 })]);
    expect((await rt.runCron()).productsMigrated).toBe(1);
    expect((await rt.runCron()).productsMigrated).toBe(0);
    expect(stockOf(rt, 'p_old')).toBe(12);
    expect((await docOrNull(rt, 'products', 'p_old'))!.stock).toBeUndefined();
    await ok(rt, 'shop', 'order.create', { requestId: 'old-1', lines: [{ productId: 'p_old', qty: 1 }] }, DEMO_MEMBER);
    expect(stockOf(rt, 'p_old')).toBe(11);
    const { order } = await ok(rt, 'shop', 'order.get', { orderId: 'O_old' }, DEMO_SHOPPER);
    expect(order.lines[0]).toMatchObject({ lineId: '1', specId: 'default', specName: '', qty: 2 });
  });
});
