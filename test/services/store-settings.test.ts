import type { LocalRuntime } from '../../local/runtime/runtime';
import { DEMO_OWNER, DEMO_SHOPPER } from '../../local/seed/demo';
import { settingsProblems, type EditableSettings } from '../../src/contracts';
import { DEMO_SUBSCRIBE_TEMPLATES } from '../../local/seed/demo';
import { act, all, closeStore, createStore, docOrNull, ok, placeOrder } from '../support/store';

/* The owner's store settings: one validated contract, refusals that change nothing, messages an owner reads. */
let rt: LocalRuntime;
beforeEach(async () => { rt = await createStore(); });
afterEach(() => closeStore(rt));

const current = async (): Promise<EditableSettings> => (await ok(rt, 'admin', 'store.settings.get', {}, DEMO_OWNER)).settings;
const save = (settings: unknown, who = DEMO_OWNER) => act<any>(rt, 'admin', 'store.settings.update', { settings }, who);
const snapshot = async () => JSON.stringify([await all(rt, 'settings'), await all(rt, 'topup_packages')]);

test('the owner reads and saves name, pickup, points, receipt days, packages and templates; the shop sees the name', async () => {
  const s = await current();
  expect(s).toMatchObject({ name: '好物小店', pointsRule: { fenPerPoint: 1, maxOrderPct: 20 }, pointsExpiry: 'end_of_next_year', autoReceiveDays: 10 });
  expect(s.topUpPackages.map((p) => [p.payFen, p.creditFen])).toEqual([[10000, 11000], [100000, 120000]]);
  const next: EditableSettings = {
    ...s, name: '好物小店·西湖店', pickup: { address: '杭州市西湖区文三路 90 号', hours: '每天 9:00–21:00' }, pointsRule: { fenPerPoint: 2, maxOrderPct: 30 },
    pointsExpiry: 'never', autoReceiveDays: 7,
    subscribeTemplates: { ...s.subscribeTemplates, orderPaid: { templateId: 'AbC-123_x', keys: { orderNo: 'character_string4', amount: 'amount5', goods: 'thing6' } }, groupResult: null },
    topUpPackages: [{ ...s.topUpPackages[1] }, { payFen: 50000, creditFen: 56000, onSale: true }],
  };
  const saved = (await ok(rt, 'admin', 'store.settings.update', { settings: next }, DEMO_OWNER)).settings as EditableSettings;
  expect(saved).toMatchObject({ name: '好物小店·西湖店', autoReceiveDays: 7, pointsExpiry: 'never' });
  expect(saved.subscribeTemplates).toEqual({ orderPaid: next.subscribeTemplates.orderPaid, groupResult: null, withdrawalResult: DEMO_SUBSCRIBE_TEMPLATES.withdrawalResult, orderShipped: DEMO_SUBSCRIBE_TEMPLATES.orderShipped });
  // The package left out stops selling (orders name it), the new one sells, in the order given.
  expect(saved.topUpPackages.map((p) => [p.payFen, p.onSale])).toEqual([[100000, true], [50000, true], [10000, false]]);
  expect((await ok(rt, 'shop', 'wallet.get', {}, DEMO_SHOPPER)).packages.map((p: any) => p.name)).toEqual(['充 ¥1000.00 得 ¥1200.00', '充 ¥500.00 得 ¥560.00']);
  expect((await ok(rt, 'shop', 'store.get', {}, DEMO_SHOPPER)).store.name).toBe('好物小店·西湖店');
  expect(await docOrNull(rt, 'settings', 'store')).toMatchObject({ autoReceiveDays: 7, pointsRule: { fenPerPoint: 2, maxOrderPct: 30 } });
  // The shop asks consent for what the owner saved, and the payment's message goes out under the new template and keys.
  expect((await ok(rt, 'shop', 'store.get', {}, DEMO_SHOPPER)).store.subscribe).toEqual({ orderPaid: 'AbC-123_x', groupResult: null, withdrawalResult: 'demo-withdrawal-result', orderShipped: 'demo-order-shipped' });
  const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
  expect(await rt.pay(orderId)).toEqual({ errcode: 0, errmsg: 'OK' });
  const [sent] = rt.outbox().filter((m) => m.touser === DEMO_SHOPPER);
  expect(sent).toMatchObject({ templateId: 'AbC-123_x' });
  expect(Object.keys(sent.data).sort()).toEqual(['amount5', 'character_string4', 'thing6']);
});

test('saving the page unchanged keeps every template and its keyword keys', async () => {
  const s = await current();
  expect(s.subscribeTemplates).toEqual(DEMO_SUBSCRIBE_TEMPLATES);
  expect((await save(s)).ok).toBe(true);
  expect((await docOrNull(rt, 'settings', 'store'))!.subscribeTemplates).toEqual(DEMO_SUBSCRIBE_TEMPLATES);
});

test('refused saves change nothing: a logo from someone else’s uploads, an unknown package, a shopper', async () => {
  const s = await current();
  const before = await snapshot();
  const foreign = `cloud://local-dev.bucket/uploads/${DEMO_SHOPPER}/20261130/a.png`;
  expect(await save({ ...s, logo: foreign })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '店铺 Logo：只能使用自己上传的图片' } });
  expect(await save({ ...s, topUpPackages: [{ _id: 'tp_nope', payFen: 100, creditFen: 100, onSale: true }] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(await save(s, DEMO_SHOPPER)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(await save({ ...s, autoReceiveDays: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  // A template id alone (no keys) or a key of the wrong kind would be refused by WeChat: refused here.
  expect(await save({ ...s, subscribeTemplates: { ...s.subscribeTemplates, orderPaid: 'AbC-123_x' } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  const wrongKind = { templateId: 'tmpl1', keys: { orderNo: 'thing1', amount: 'amount2', goods: 'thing3' } };
  expect(await save({ ...s, subscribeTemplates: { ...s.subscribeTemplates, orderPaid: wrongKind } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(await save({ ...s, subscribeTemplates: { ...s.subscribeTemplates, refund: null } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(await snapshot()).toBe(before);
  const own = `cloud://local-dev.bucket/uploads/${DEMO_OWNER}/20261130/logo.png`;
  expect((await save({ ...s, logo: own })).ok).toBe(true);
});

test('what the form shows next to each field', () => {
  const base = { name: '店', logo: null, pickup: { address: '', hours: '' }, pointsRule: { fenPerPoint: 1, maxOrderPct: 20 }, pointsExpiry: 'never', autoReceiveDays: 10, shipping: { flatFeeFen: 0, freeFromFen: null }, topUpPackages: [], subscribeTemplates: { orderPaid: null, groupResult: null, withdrawalResult: null } };
  expect(settingsProblems(base)).toEqual({});
  expect(settingsProblems({ ...base, name: '  ' })).toEqual({ name: '请填写店铺名称' });
  expect(settingsProblems({ ...base, autoReceiveDays: 45 })).toEqual({ autoReceiveDays: '自动确认收货不能超过 30 天' });
  expect(settingsProblems({ ...base, pointsRule: { fenPerPoint: 1, maxOrderPct: 120 } })).toEqual({ 'pointsRule.maxOrderPct': '积分最多抵扣不能超过 100%' });
  expect(settingsProblems({ ...base, topUpPackages: [{ payFen: 10000, creditFen: 9000, onSale: true }] })).toEqual({ 'topUpPackages.0.creditFen': '到账金额不能少于充值金额' });
  const paid = (templateId: string, orderNo = 'character_string1') => ({ ...base.subscribeTemplates, orderPaid: { templateId, keys: { orderNo, amount: 'amount2', goods: 'thing3' } } });
  expect(settingsProblems({ ...base, subscribeTemplates: paid('模板') })).toEqual({ 'subscribeTemplates.orderPaid.templateId': '模板 ID 格式不正确' });
  expect(settingsProblems({ ...base, subscribeTemplates: paid('tmpl1', 'thing1') })).toEqual({ 'subscribeTemplates.orderPaid.keys.orderNo': 'orderNo 的关键词须为 character_stringN' });
  expect(settingsProblems({ ...base, pickup: { address: 'x'.repeat(61), hours: '' } })).toEqual({ 'pickup.address': '自提地址最多 60 个字' });
});

test('the owner sets the shipping fee and the free-shipping amount; checkout charges what was saved; bad amounts change nothing', async () => {
  const s = await current();
  expect(s.shipping).toEqual({ flatFeeFen: 800, freeFromFen: 9900 });
  const delivery = { mode: 'delivery', address: { name: '小美', phone: '13912342901', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号' } };
  const quote = async () => ok(rt, 'shop', 'checkout.quote', { lines: [{ productId: 'p_trial', qty: 1 }], fulfilment: delivery }, DEMO_SHOPPER);
  expect(await quote()).toMatchObject({ totalFen: 990, shippingFen: 800, payableFen: 1790 });

  expect((await save({ ...s, shipping: { flatFeeFen: 1200, freeFromFen: 500 } })).ok).toBe(true);
  expect(await quote()).toMatchObject({ shippingFen: 0, payableFen: 990 });
  expect((await save({ ...s, shipping: { flatFeeFen: 1200, freeFromFen: null } })).ok).toBe(true);
  expect(await quote()).toMatchObject({ shippingFen: 1200, payableFen: 2190 });
  expect((await current()).shipping).toEqual({ flatFeeFen: 1200, freeFromFen: null });

  const before = await snapshot();
  expect(await save({ ...s, shipping: { flatFeeFen: -1, freeFromFen: null } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(await save({ ...s, shipping: { flatFeeFen: 12.5, freeFromFen: null } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(await save({ ...s, shipping: { flatFeeFen: 800, freeFromFen: 0 } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(await save({ ...s, shipping: { flatFeeFen: 800 } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(await snapshot()).toBe(before);
  expect(settingsProblems({ ...s, shipping: { flatFeeFen: -1, freeFromFen: null } })['shipping.flatFeeFen']).toBe('运费不能为负');
});
