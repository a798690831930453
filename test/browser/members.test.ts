// The members journey in the H5 build, against the real function bundles on the seeded store:
// card → member prices → top-up → pay by balance, with the UI and the database agreeing.
import type { Page } from 'playwright-core';
import { DEMO_SHOPPER } from '../../local/seed/demo';
import type { ApiResult, Me } from '../../src/contracts';
import { formatFen } from '../../src/utils/format';
import { expectText, openPage, startLiveStore, type LiveStore } from '../support/browser';

jest.setTimeout(180_000);

let store: LiveStore;
beforeAll(async () => { store = await startLiveStore(); });
afterAll(async () => { await store?.close(); });

const open = (page: Page, pagePath: string) => openPage(store, page, pagePath);

/** The simulated cashier (模拟收银台) asks for confirmation, then runs the payment callback. */
async function confirmCashier(page: Page): Promise<void> {
  await page.locator('.taro-model__confirm').click();
}

/** After paying: the success page, which the server's PAID order fills. */
async function orderPaid(page: Page): Promise<void> {
  await expectText(page, '#result-title', '支付成功', 20_000);
}

async function checkoutProduct(page: Page, productId: string, payableFen: number): Promise<void> {
  await open(page, `pages/product/index?id=${productId}`);
  await page.locator('#buy-now').click();
  await expectText(page, '#quote-payable', formatFen(payableFen));
}

async function openWallet(page: Page, balanceFen: number): Promise<void> {
  await open(page, 'pages/me/index');
  await page.locator('#go-wallet').click();
  await expectText(page, '#wallet-balance', formatFen(balanceFen));
}

/** A screenshot for a human to look at (git-ignored), once `selector` has slid into view. */
async function snap(page: Page, name: string, selector: string): Promise<void> {
  await page.waitForFunction((sel) => {
    const box = document.querySelector(sel)?.getBoundingClientRect();
    return box !== undefined && box.left >= 0 && box.right <= window.innerWidth;
  }, selector);
  await page.screenshot({ path: `test/browser/last-members-${name}.png`, animations: 'disabled' });
}

async function sessionOf(openid: string): Promise<Me> {
  const res = await store.rt.call<ApiResult<{ me: Me }>>('shop', { action: 'session.get', input: {} }, openid);
  if (!res.ok) throw new Error(`session.get failed: ${res.error.code} ${res.error.message}`);
  return res.data.me;
}

test('a shopper buys the card, sees member prices, tops up ¥1000 → ¥1200 and pays by balance', async () => {
  const page = await store.browser.newPage({ viewport: { width: 390, height: 844 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  await page.goto(`${store.gw.url}/`);
  await page.locator(`#identity-${DEMO_SHOPPER}`).click();
  await page.locator('#product-p_card').click();
  await page.locator('#buy-now').click();
  await expectText(page, '#quote-payable', formatFen(9900));
  await page.locator('#submit-order').click();
  await confirmCashier(page);
  await orderPaid(page);
  // The card's success page congratulates the new member and lists the card's benefits, price first.
  await expectText(page, '#congrats-title', '恭喜成为会员');
  await page.locator('#member-benefits:visible #privilege-p_tonic').waitFor();

  await open(page, 'pages/me/index');
  await page.locator('#go-member').click();
  await expectText(page, '#member-stage', '会员');
  await page.locator('#member-validity').filter({ hasText: '有效期至' }).waitFor();
  await snap(page, 'center', '#member-stage');

  // Points from the card purchase: the switch takes them off (capped at 20% of the order) and back.
  const { pointsBalance } = await sessionOf(DEMO_SHOPPER);
  expect(pointsBalance).toBeGreaterThan(0);
  const discountFen = Math.min(pointsBalance, Math.floor(25800 * 0.2));
  await checkoutProduct(page, 'p_tonic', 25800);
  await page.locator('#points-hint').filter({ hasText: `可用 ${discountFen} 积分抵扣 ${formatFen(discountFen)}` }).waitFor();
  await page.locator('#use-points').click();
  await expectText(page, '#quote-payable', formatFen(25800 - discountFen));
  await snap(page, 'checkout-points', '#quote-payable');
  await page.locator('#use-points').click();
  await expectText(page, '#quote-payable', formatFen(25800));

  await openWallet(page, 0);
  await page.locator('#topup-tp_1000').click();
  await confirmCashier(page);
  await expectText(page, '#wallet-balance', formatFen(120000), 20_000);
  await expectText(page, '#wallet-principal', formatFen(100000));
  await expectText(page, '#wallet-bonus', formatFen(20000));

  await checkoutProduct(page, 'p_tonic', 25800);
  await page.locator('#pay-balance').click();
  await page.locator('#pay-balance.pay-option--selected').waitFor();
  await page.locator('#submit-order').click();
  await orderPaid(page);

  await openWallet(page, 120000 - 25800);
  await snap(page, 'wallet', '#wallet-balance');

  const { data: orders } = await store.rt.db.collection('orders').where({ openid: DEMO_SHOPPER }).limit(20).get();
  const byKind = (kind: string, payableFen: number) => orders.filter((o) => (o.kind ?? 'goods') === kind && o.payableFen === payableFen);
  expect(byKind('goods', 9900)).toEqual([expect.objectContaining({ status: 'PAID', payMethod: 'wxpay' })]);
  expect(byKind('topup', 100000)).toEqual([expect.objectContaining({ status: 'PAID', payMethod: 'wxpay' })]);
  // Balance spends principal and bonus in proportion (1000 : 200), the odd fen from the bonus.
  expect(byKind('goods', 25800)).toEqual([
    expect.objectContaining({ status: 'PAID', payMethod: 'balance', balanceSplit: { principalFen: 21500, bonusFen: 4300 } }),
  ]);
  const me = await sessionOf(DEMO_SHOPPER);
  expect(me).toMatchObject({ stage: 'member', wallet: { principalFen: 78500, bonusFen: 15700 } });
  expect(me.stageUntilMs).toEqual(expect.any(Number));
  expect(errors).toEqual([]);
  await page.close();
});

// Continues the journey above on the same store: the points it earned buy the trial pack.
test('the shopper exchanges points for the trial pack and can no longer afford a second', async () => {
  const page = await store.browser.newPage({ viewport: { width: 390, height: 844 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const before = (await sessionOf(DEMO_SHOPPER)).pointsBalance;
  expect(before).toBeGreaterThanOrEqual(500);
  expect(before).toBeLessThan(1000);

  await page.goto(`${store.gw.url}/`);
  await page.locator(`#identity-${DEMO_SHOPPER}`).click();
  await page.locator('#product-p_tonic').waitFor();
  await open(page, 'pages/me/index');
  await page.locator('#go-points').click();
  await expectText(page, '#points-balance', `${before}`);
  await page.locator('#redeemable-p_trial').filter({ hasText: '所需积分 500' }).waitFor();
  await page.locator('#redeem-p_trial').click();
  await page.locator('.taro-model__confirm').click();
  await expectText(page, '#points-balance', `${before - 500}`);
  await expectText(page, '#redeem-p_trial', '积分不足');
  expect(await page.locator('#redeem-p_trial').getAttribute('class')).toContain('nut-button-disabled');
  await snap(page, 'points-exchange', '#points-balance');

  const { data: orders } = await store.rt.db.collection('orders').where({ openid: DEMO_SHOPPER, payMethod: 'points' }).limit(10).get();
  expect(orders).toEqual([expect.objectContaining({ status: 'PAID', pointsUsed: 500, payableFen: 0 })]);
  expect((await store.rt.db.collection('product_stock').doc('p_trial~default').get()).data).toMatchObject({ stock: 499 });
  expect((await sessionOf(DEMO_SHOPPER)).pointsBalance).toBe(before - 500);
  expect(errors).toEqual([]);
  await page.close();
});
