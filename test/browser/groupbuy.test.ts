// Group buying (拼团) in the H5 build against the real function bundles on the seeded store:
// a shopper opens a 2-person group and pays, a second shopper (another browser) opens the share
// link, joins and pays, and both see 拼团成功; another group runs out of time, the cron closes
// it, and its member sees the refund. Every screen claim is checked against the database too.
import type { Browser, Page } from 'playwright-core';
import { DEMO_MEMBER, DEMO_NEWCOMER, DEMO_OWNER, DEMO_SHOPPER } from '../../local/seed/demo';
import { expectText, snapshot, startLiveStore, type LiveStore } from '../support/browser';

jest.setTimeout(180_000);

let store: LiveStore;
beforeAll(async () => { store = await startLiveStore(); });
afterAll(async () => { await store?.close(); });

const CAMPAIGN = 'gb_trial2'; // seeded: 试用装 2 人拼, ¥4.90 instead of ¥9.90, 2 hours, one seat per shopper
const TIME_LIMIT_MS = 2 * 3600 * 1000;

/** A shopper in a browser of their own (own cookies), signed in on the home page. */
async function shopperPage(browser: Browser, openid: string, errors: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${openid}: ${String(e)}`));
  await page.goto(`${store.gw.url}/`);
  await page.locator(`#identity-${openid}`).click();
  await page.locator('#product-p_tonic').waitFor();
  return page;
}

/** Home → 拼团 → the campaign → 开团, paid at the simulated cashier; returns the group id. */
async function openAndPay(page: Page): Promise<string> {
  await page.locator('#go-groupbuy').click();
  await page.locator(`#campaign-${CAMPAIGN}`).click();
  await expectText(page, '#campaign-size', '2 人');
  await expectText(page, '#campaign-group-price', '拼团价 ¥4.90');
  await expectText(page, '#campaign-time-limit', '2 小时');
  await snap(page, 'campaign', '#open-group');
  expect(await page.locator('#campaign-fill').count()).toBe(0); // no fill-on-expiry on this campaign
  await page.locator('#open-group').click();
  await page.locator('.taro-model__confirm').click();
  await expectText(page, '#group-status', '拼团中', 20_000);
  const groupId = new URL(page.url().replace('/#/', '/')).searchParams.get('id');
  if (groupId === null) throw new Error(`no group id in ${page.url()}`);
  return groupId;
}

const snap = (page: Page, name: string, selector: string) => snapshot(page, `last-groupbuy-${name}`, selector);

async function groupDoc(groupId: string): Promise<Record<string, any>> {
  return (await store.rt.db.collection('groupbuy_groups').doc(groupId).get()).data as Record<string, any>;
}

async function groupOrders(groupId: string): Promise<Record<string, any>[]> {
  const { data } = await store.rt.db.collection('orders').where({ kind: 'group' }).limit(100).get();
  return (data as Record<string, any>[]).filter((o) => o.group?.groupId === groupId);
}

test('A opens a group and pays, B joins through the share link and pays: both see 拼团成功', async () => {
  const errors: string[] = [];
  const a = await shopperPage(store.browser, DEMO_SHOPPER, errors);
  const groupId = await openAndPay(a);
  await expectText(a, '#seats-left', '还剩 1 个名额');
  await expect(a.locator('#countdown').textContent()).resolves.toMatch(/^\s*(02:00:00|01:5\d:\d\d)\s*$/);
  expect((await groupDoc(groupId)).paidCount).toBe(1);
  await snap(a, 'open', '#group-status');

  const shareLink = (await a.locator('#share-link').textContent())?.trim() ?? '';
  expect(shareLink).toContain(`#/groupbuy/pages/group/index?id=${encodeURIComponent(groupId)}`);

  // A poster whose code names the group: opening the page with its scene, as a scan would, finds the group.
  await a.locator('#make-poster').click();
  await a.locator('#group-poster').waitFor();
  const { data: scenes } = await store.rt.db.collection('groupbuy_scenes').where({ groupId }).limit(5).get();
  expect(scenes).toHaveLength(1);
  const scanner = await shopperPage(store.browser, DEMO_OWNER, errors);
  await scanner.goto(`${store.gw.url}/#/groupbuy/pages/group/index?scene=${encodeURIComponent(`g=${scenes[0]._id}`)}`);
  await expectText(scanner, '#seats-left', '还剩 1 个名额');
  await scanner.context().close();

  const b = await shopperPage(store.browser, DEMO_NEWCOMER, errors);
  await b.goto(shareLink);
  await expectText(b, '#group-status', '拼团中');
  await b.locator('#join-group').click();
  await b.locator('.taro-model__confirm').click();
  await expectText(b, '#group-status', '拼团成功', 20_000);
  // A's page follows the server on its own (it polls while the group is forming).
  await expectText(a, '#group-status', '拼团成功', 20_000);
  await snap(a, 'succeeded', '#group-status');

  const group = await groupDoc(groupId);
  expect(group).toMatchObject({ status: 'SUCCEEDED', paidCount: 2 });
  const orders = await groupOrders(groupId);
  expect(orders.map((o) => o.openid).sort()).toEqual([DEMO_NEWCOMER, DEMO_SHOPPER].sort());
  expect(orders.every((o) => o.status === 'PAID' && o.payableFen === 490)).toBe(true);

  // 我的拼团 lists it for both.
  await b.goto(`${store.gw.url}/#/pages/me/index`);
  await b.locator('#go-my-groups').click();
  await expectText(b, `#group-status-${groupId}`, '拼团成功');
  expect(errors).toEqual([]);
  await a.context().close();
  await b.context().close();
});

test('a group that runs out of time fails and its member sees 拼团失败，已退款', async () => {
  // Another shopper: the campaign allows one seat per shopper, and the first test used two.
  const errors: string[] = [];
  const page = await shopperPage(store.browser, DEMO_MEMBER, errors);
  const groupId = await openAndPay(page);
  const [order] = await groupOrders(groupId);
  expect(order).toMatchObject({ openid: DEMO_MEMBER, status: 'GROUPING', payMethod: 'wxpay' });

  store.rt.advanceClock(TIME_LIMIT_MS + 60_000);
  await store.rt.invoke('cron', {}, { source: 'wx_trigger' });
  // The page learns it from the server: its countdown ends on the server's clock, and it polls.
  await expectText(page, '#group-status', '拼团失败，已退款', 30_000);
  await snap(page, 'refunded', '#group-status');

  expect(await groupDoc(groupId)).toMatchObject({ status: 'FAILED', paidCount: 1 });
  const after = (await store.rt.db.collection('orders').doc(order._id).get()).data as Record<string, any>;
  expect(after.status).toBe('REFUNDED');
  const { data: refunds } = await store.rt.db.collection('refunds').where({ orderId: order._id }).limit(10).get();
  expect(refunds).toHaveLength(1);
  expect(refunds[0]).toMatchObject({ status: 'SUCCESS', amountFen: 490 });
  // The cron running again refunds nothing twice.
  await store.rt.invoke('cron', {}, { source: 'wx_trigger' });
  expect((await store.rt.db.collection('refunds').where({ orderId: order._id }).limit(10).get()).data).toHaveLength(1);
  expect(errors).toEqual([]);
  await page.context().close();
});

/** Taro's H5 Input wraps a native <input>; the id may sit on either. */
function input(page: Page, id: string) {
  return page.locator(`input#${id}, #${id} input`).first();
}

test('the owner creates a campaign; the server says why a bad one is refused', async () => {
  const errors: string[] = [];
  const page = await shopperPage(store.browser, DEMO_OWNER, errors);
  await page.goto(`${store.gw.url}/#/owner/pages/dashboard/index`);
  await page.locator('#go-owner-groupbuy').click();
  await page.locator(`#owner-campaign-${CAMPAIGN}`).waitFor();
  await page.locator('#gb-product-p_trial').click();
  await input(page, 'gb-price').fill('12');
  await page.locator('#gb-create').click();
  // Group price above the ¥9.90 list price: a rule only the server can judge, in its words.
  await expectText(page, '#gb-error', '拼团价不能高于商品原价 ¥9.90');
  await input(page, 'gb-price').fill('5');
  await input(page, 'gb-size').fill('25');
  await page.locator('#gb-create').click();
  await expectText(page, '#gb-error', '成团人数为 2–20 人');
  await input(page, 'gb-title').fill('试用装 3 人团');
  await input(page, 'gb-size').fill('3');
  await input(page, 'gb-hours').fill('1.5');
  await input(page, 'gb-leader-price').fill('4');
  await input(page, 'gb-fill').fill('2');
  await page.locator('#gb-create').click();

  const created = page.locator('[id^="owner-campaign-"]').filter({ hasText: '试用装 3 人团' });
  await created.first().waitFor();
  const { data } = await store.rt.db.collection('groupbuy_campaigns').where({ title: '试用装 3 人团' }).limit(10).get();
  expect(data).toHaveLength(1);
  expect(data[0]).toMatchObject({ productId: 'p_trial', groupPriceFen: 500, leaderPriceFen: 400, groupSize: 3, timeLimitMs: 90 * 60 * 1000, fillOnExpiryMinPaid: 2, stock: 100, perUserLimit: 1, commissionEnabled: false });
  expect((data[0] as { endAtMs: number }).endAtMs - (data[0] as { startAtMs: number }).startAtMs).toBe(7 * 24 * 3600 * 1000);
  await snap(page, 'owner', '#gb-create-form');

  // Shoppers see the fill-on-expiry rule as it is.
  const shopper = await shopperPage(store.browser, DEMO_SHOPPER, errors);
  await shopper.goto(`${store.gw.url}/#/groupbuy/pages/campaign/index?id=${(data[0] as { _id: string })._id}`);
  await expectText(shopper, '#campaign-fill', '到期时满 2 人即可成团（系统补位）');
  await expectText(shopper, '#campaign-time-limit', '1 小时 30 分钟');
  expect(errors).toEqual([]);
  await page.context().close();
  await shopper.context().close();
});
