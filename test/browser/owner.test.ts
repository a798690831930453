// The owner's console in the H5 build, against the real function bundles on the seeded store:
// a shopper's ¥298 sale shows on the dashboard, the owner refunds it from 订单管理, tunes a tier
// and is told, in the server's words, why a bad tier setting is refused.
import type { Page } from 'playwright-core';
import { DEMO_MEMBER, DEMO_OWNER, DEMO_PARTNER, DEMO_SHOPPER } from '../../local/seed/demo';
import type { ApiResult, Order, StoreSummary } from '../../src/contracts';
import { formatFen } from '../../src/utils/format';
import { expectText, openPage, signInAs as signInWith, snapshot, startLiveStore, type LiveStore } from '../support/browser';

jest.setTimeout(180_000);

let store: LiveStore;
beforeAll(async () => { store = await startLiveStore(); });
afterAll(async () => { await store?.close(); });

const open = (page: Page, pagePath: string) => openPage(store, page, pagePath);

const signInAs = (page: Page, openid: string) => signInWith(store, page, openid);

/** Taro's H5 Input wraps a native <input>; the id may sit on either. */
function input(page: Page, id: string) {
  return page.locator(`input#${id}, #${id} input`).first();
}

/** The simulated cashier and the owner's confirmations are both Taro modals. */
async function confirmModal(page: Page): Promise<void> {
  await page.locator('.taro-model__confirm').click();
}

const snap = (page: Page, name: string, selector: string) => snapshot(page, `last-owner-${name}`, selector);

async function summaryNow(): Promise<StoreSummary> {
  const res = await store.rt.call<ApiResult<{ summary: StoreSummary }>>('admin', { action: 'store.summary', input: {} }, DEMO_OWNER);
  if (!res.ok) throw new Error(`store.summary failed: ${res.error.code} ${res.error.message}`);
  return res.data.summary;
}

/** Refund callbacks arrive a few ms after the refund: reload the list until the status settles. */
async function waitForStatus(page: Page, orderId: string, label: string): Promise<void> {
  const status = page.locator(`#owner-order-status-${orderId}`);
  for (let attempt = 0; attempt < 20; attempt++) {
    if ((await status.textContent())?.trim() === label) return;
    await page.locator('#owner-orders-reload').click();
    await page.waitForTimeout(300);
  }
  await expectText(page, `#owner-order-status-${orderId}`, label);
}

async function shopperBuysTonic(page: Page): Promise<string> {
  await signInAs(page, DEMO_SHOPPER);
  await open(page, 'pages/me/index');
  await page.locator('#me-nickname').waitFor();
  expect(await page.locator('#go-owner').count()).toBe(0);
  await open(page, 'pages/product/index?id=p_tonic');
  await page.locator('#buy-now').click();
  await expectText(page, '#quote-payable', formatFen(29800));
  await page.locator('#submit-order').click();
  await confirmModal(page);
  await expectText(page, '#result-title', '支付成功', 20_000);
  const { data } = await store.rt.db.collection('orders').where({ openid: DEMO_SHOPPER }).limit(10).get();
  expect(data).toEqual([expect.objectContaining({ status: 'PAID', payableFen: 29800, payMethod: 'wxpay' })]);
  return String(data[0]._id);
}

async function ownerRefunds(page: Page, orderId: string): Promise<void> {
  await page.locator('#go-owner-orders').click();
  await expectText(page, `#owner-order-status-${orderId}`, '已支付');
  await expectText(page, `#owner-order-amount-${orderId}`, formatFen(29800));
  await page.locator(`#refund-${orderId}`).click();
  await confirmModal(page);
  await page.locator(`#owner-order-status-${orderId}`).filter({ hasText: /退款中|已退款/ }).waitFor();
  await waitForStatus(page, orderId, '已退款');
  expect(await page.locator(`#refund-${orderId}`).count()).toBe(0);
}

async function inputValueIs(page: Page, id: string, value: string): Promise<void> {
  await page.waitForFunction(([sel, v]) => document.querySelector<HTMLInputElement>(sel)?.value === v, [`input#${id}, #${id} input`, value] as const);
}

/** A page in its own browser context: the shopper and the owner hold different phones (cookies). */
async function newPhone(errors: string[]): Promise<Page> {
  const context = await store.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  return page;
}

test('the owner sees the sale, refunds it, raises the member multiplier and is told why a bad one is refused', async () => {
  const errors: string[] = [];
  const shopper = await newPhone(errors);
  const orderId = await shopperBuysTonic(shopper);
  await shopper.context().close();

  const page = await newPhone(errors);
  await signInAs(page, DEMO_OWNER);
  await open(page, 'pages/me/index');
  await page.locator('#go-owner').click();
  await expectText(page, '#owner-sales', formatFen(29800));
  await expectText(page, '#owner-paid-orders', '1');
  await snap(page, 'dashboard', '#owner-sales');

  await ownerRefunds(page, orderId);
  expect((await store.rt.db.collection('orders').doc(orderId).get()).data).toMatchObject({ status: 'REFUNDED' });
  const { data: refunds } = await store.rt.db.collection('refunds').where({ orderId }).limit(10).get();
  expect(refunds).toEqual([expect.objectContaining({ status: 'SUCCESS', amountFen: 29800, method: 'wxpay' })]);
  // The refund reverses the sale: the store's net sales are back to zero; today shows the sale and its refund.
  expect((await summaryNow()).salesFen).toBe(0);

  await open(page, 'owner/pages/dashboard/index');
  await expectText(page, '#owner-sales', formatFen(29800));
  await expectText(page, '#owner-refunds-today', `退款 ${formatFen(29800)}`);
  await page.locator('#go-owner-tiers').click();
  await inputValueIs(page, 'tier-mult-member', '200');
  // 合伙人 may not earn less than 会员, so raising 会员 to 300% takes 合伙人 along.
  await input(page, 'tier-mult-member').fill('300');
  await input(page, 'tier-mult-partner').fill('300');
  await page.locator('#save-tiers').click();
  await expectText(page, '#tiers-status', '已保存');
  expect((await store.rt.db.collection('tiers').doc('member').get()).data).toMatchObject({ pointsMultiplierPct: 300 });
  await page.reload();
  await inputValueIs(page, 'tier-mult-member', '300');

  // 会员 below 顾客 (100%) breaks the ladder: the server refuses and says why, nothing changes.
  await input(page, 'tier-mult-member').fill('50');
  await page.locator('#save-tiers').click();
  await expectText(page, '#tiers-error', '会员的积分倍率不能低于顾客');
  await snap(page, 'tiers', '#tiers-error');
  const { data: tiers } = await store.rt.db.collection('tiers').limit(10).get();
  expect(Object.fromEntries(tiers.map((t) => [t._id, t.pointsMultiplierPct]))).toEqual({ fan: 100, customer: 100, member: 300, partner: 300 });

  expect(errors).toEqual([]);
  await page.context().close();
});

async function memberTopsUp100(page: Page): Promise<void> {
  await signInAs(page, DEMO_MEMBER);
  await open(page, 'pages/wallet/index');
  await page.locator('#topup-tp_100').click();
  await confirmModal(page);
  await expectText(page, '#wallet-balance', formatFen(11000), 20_000);
}

test('the owner reprices a product within the ladder and refunds a member\'s stored value principal', async () => {
  const errors: string[] = [];
  const member = await newPhone(errors);
  await memberTopsUp100(member);
  await member.context().close();

  const page = await newPhone(errors);
  await signInAs(page, DEMO_OWNER);
  await open(page, 'owner/pages/dashboard/index');
  await page.locator('#go-owner-products').click();
  await page.locator('#edit-p_diaper').click();
  // The L size is the third of S / M / L / XL; its ladder and its stock (seen, then moved by a delta).
  await inputValueIs(page, 'spec-list-2', '128.00');
  // A member price above the list price breaks price privilege: the server says so, naming the size.
  await input(page, 'spec-member-2').fill('130');
  await page.locator('#save-product').click();
  await expectText(page, '#product-error', '「L 码」会员价不能高于零售价（会员不能比非会员付得多）');
  await input(page, 'spec-member-2').fill('115.5');
  // A sale while the form is open: the owner's +10 adds to what is left, it does not put the sold unit back.
  await call('shop', 'order.create', { requestId: 'r-owner-form-open', lines: [{ productId: 'p_diaper', specId: 'l', qty: 1 }] }, DEMO_SHOPPER);
  await input(page, 'spec-stock-2').fill('+10');
  await page.locator('#save-product').click();
  await page.locator('#owner-product-p_diaper .owner-product__member').filter({ hasText: formatFen(11550) }).waitFor();
  const diaper = (await store.rt.db.collection('products').doc('p_diaper').get()).data as { specs: { _id: string; memberPriceFen: number }[] };
  expect(diaper.specs.find((x) => x._id === 'l')).toMatchObject({ memberPriceFen: 11550 });
  expect((await store.rt.db.collection('product_stock').doc('p_diaper~l').get()).data).toMatchObject({ stock: 2000 - 1 + 10 });
  await expectText(page, '#owner-stock-p_diaper-l', '库存 2009');

  // The stored-value refund: the owner finds 王姐 by her name, never by an id.
  await open(page, 'owner/pages/wallet-refund/index');
  await input(page, 'customer-search').fill('王');
  await page.locator(`#found-${DEMO_MEMBER}`).click();
  await expectText(page, '#refund-chosen', '已选择：王姐');
  await page.locator('#refund-principal').click();
  await confirmModal(page);
  await expectText(page, '#refund-fen', formatFen(10000));
  await expectText(page, '#refund-forfeit', formatFen(1000));
  await snap(page, 'wallet-refund', '#refund-fen');
  const { data: refunds } = await store.rt.db.collection('refunds').where({ openid: DEMO_MEMBER, kind: 'principal' }).limit(10).get();
  expect(refunds).toEqual([expect.objectContaining({ amountFen: 10000, method: 'wxpay' })]);

  expect(errors).toEqual([]);
  await page.context().close();
});

/** Calls a function action as a user, straight on the store (no browser), and fails unless it succeeds. */
async function call<T>(fn: 'shop' | 'admin', action: string, input: unknown, openid: string): Promise<T> {
  const res = await store.rt.call<ApiResult<T>>(fn, { action, input }, openid);
  if (!res.ok) throw new Error(`${fn}.${action} failed: ${res.error.code} ${res.error.message}`);
  return res.data;
}

/** 小美 buys the trial pack and pays (cashier and callback), earning points: returns the order id. */
async function shopperBuysTrial(): Promise<string> {
  const { order } = await call<{ order: Order }>('shop', 'order.create', { requestId: 'r-owner-customers-trial', lines: [{ productId: 'p_trial', qty: 1 }] }, DEMO_SHOPPER);
  await call('shop', 'order.pay', { orderId: order._id }, DEMO_SHOPPER);
  await store.rt.pay(order._id);
  return order._id;
}

test('the owner browses customers by ladder stage with their referrers and opens one customer\'s balances and orders', async () => {
  const orderId = await shopperBuysTrial();
  const { balances } = await call<{ balances: { points: number } }>('admin', 'customer.get', { openid: DEMO_SHOPPER }, DEMO_OWNER);
  expect(balances.points).toBeGreaterThan(0);

  const errors: string[] = [];
  const page = await newPhone(errors);
  await signInAs(page, DEMO_OWNER);
  await open(page, 'owner/pages/dashboard/index');
  await page.locator('#go-owner-customers').click();
  await expectText(page, '#customers-tab-member .ui-tabs__count', '1');
  await expectText(page, `#customer-referrer-${DEMO_MEMBER}`, '推荐人 林老板');

  // 会员 lists only 王姐, referred by 林老板.
  await page.locator('#customers-tab-member').click();
  await expectText(page, `#customer-stage-${DEMO_MEMBER}`, '会员');
  await expectText(page, `#customer-referrer-${DEMO_MEMBER}`, '推荐人 林老板');
  expect(await page.locator(`#customer-${DEMO_SHOPPER}`).count()).toBe(0);
  expect(await page.locator(`#customer-${DEMO_PARTNER}`).count()).toBe(0);

  // Back on 全部, 小美's row opens her detail: points, stored value and the order she just paid.
  await page.locator('#customers-tab-all').click();
  await expectText(page, `#customer-referrer-${DEMO_SHOPPER}`, '推荐人 王姐');
  await page.locator(`#customer-${DEMO_SHOPPER}`).click();
  await expectText(page, '#customer-detail #customer-points', `${balances.points}`);
  await expectText(page, '#customer-principal', formatFen(0));
  await expectText(page, '#customer-bonus', formatFen(0));
  await expectText(page, `#customer-order-status-${orderId}`, '已支付');
  await snap(page, 'customers', '#customer-points');

  // Tapping the row again folds the detail away.
  await page.locator(`#customer-${DEMO_SHOPPER}`).click();
  await page.locator('#customer-detail').waitFor({ state: 'detached' });

  expect(errors).toEqual([]);
  await page.context().close();
});

test('the owner edits the subscribe-message templates the store sends: ids and keyword keys, a message turned off, a wrong key refused', async () => {
  const errors: string[] = [];
  const page = await newPhone(errors);
  await signInAs(page, DEMO_OWNER);
  await open(page, 'owner/pages/settings/index');
  await page.locator('#settings-save:visible').waitFor();
  expect(await input(page, 'settings-template-orderPaid').inputValue()).toBe('demo-order-paid');
  expect(await input(page, 'settings-template-orderPaid-amount').inputValue()).toBe('amount2');
  await input(page, 'settings-template-orderPaid').fill('NEW-paid_01');
  await input(page, 'settings-template-orderPaid-goods').fill('thing9');
  // An empty id turns 拼团结果 off: its keys are no longer asked for.
  await input(page, 'settings-template-groupResult').fill('');
  await page.locator('#settings-template-groupResult-goods').waitFor({ state: 'detached' });
  // A key of the wrong kind would be refused by WeChat: the form says so and nothing is saved.
  await input(page, 'settings-template-withdrawalResult-amount').fill('thing1');
  await page.locator('#settings-save').click();
  await expectText(page, '#problem-subscribeTemplates-withdrawalResult-keys-amount', 'amount 的关键词须为 amountN');
  const stored = async () => ((await store.rt.db.collection('settings').doc('store').get()).data as { subscribeTemplates: Record<string, unknown> }).subscribeTemplates;
  expect((await stored()).orderPaid).toMatchObject({ templateId: 'demo-order-paid' });
  await input(page, 'settings-template-withdrawalResult-amount').fill('amount1');
  await page.locator('#settings-save').click();
  await expectText(page, '#settings-status', '已保存');
  expect(await stored()).toEqual({
    orderPaid: { templateId: 'NEW-paid_01', keys: { orderNo: 'character_string1', amount: 'amount2', goods: 'thing9' } },
    groupResult: null,
    withdrawalResult: { templateId: 'demo-withdrawal-result', keys: { amount: 'amount1', result: 'phrase2', note: 'thing3' } },
    orderShipped: { templateId: 'demo-order-shipped', keys: { orderNo: 'character_string1', goods: 'thing2', carrier: 'thing3', trackingNo: 'character_string4' } },
  });
  expect(errors).toEqual([]);
  await page.context().close();
});
