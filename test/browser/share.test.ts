// Issue 13 in the H5 build: a partner opens a product, sees 分享赚 ¥x at their own rate, makes a
// poster (composed on a Canvas 2D from the server's signed data) and downloads it; a member's
// friend arrives through the member's product share, buys, and the member's points grow.
import fs from 'fs';
import type { Page } from 'playwright-core';
import { auditJournal } from '../../local/audit';
import { posterFiguresOf } from '../../local/load/poster';
import { DEMO_CODES, DEMO_MEMBER, DEMO_NEWCOMER, DEMO_PARTNER } from '../../local/seed/demo';
import { pageShare } from '../../src/contracts';
import { expectText, openPage, startLiveStore, type LiveStore } from '../support/browser';

jest.setTimeout(180_000);

let store: LiveStore;
beforeAll(async () => { store = await startLiveStore(); });
afterAll(async () => { await store?.close(); });

const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`).first();

async function newPhone(errors: string[]): Promise<Page> {
  const context = await store.browser.newContext({ viewport: { width: 390, height: 844 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return page;
}

async function signIn(page: Page, openid: string): Promise<void> {
  await page.goto(`${store.gw.url}/`);
  await page.locator(`#identity-${openid}`).click();
  await page.locator('#product-p_tonic').waitFor();
}

async function until<T>(what: string, read: () => Promise<T | null>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function pointsOf(openid: string): Promise<number> {
  const { data } = await store.rt.db.collection('journal').where({ account: `points:${openid}` }).limit(1000).get();
  return data.reduce((s, d) => s + Number(d.amount), 0);
}

test('a partner sees 分享赚 ¥45.80 on the tonic, makes its poster and downloads it', async () => {
  const errors: string[] = [];
  const page = await newPhone(errors);
  await signIn(page, DEMO_PARTNER);
  await openPage(store, page, 'pages/product/index?id=p_tonic');
  // 20% of the tonic's ¥229 commission base (the owner's; the payout cap, issue 9), computed by the server.
  await expectText(page, '#share-earn-amount', '¥45.80');
  await expectText(page, '#share-earn-basis', '按佣金基数 ¥229.00 的 20% 计算，与好友实付价无关');
  await visible(page, '#share-earn-poster').click();
  const figures = await posterFiguresOf(page);
  expect(figures.composeMs).toBeGreaterThan(0);
  expect(figures.bytes).toBeGreaterThan(10_000);
  await visible(page, '#poster-ready').waitFor();
  await page.locator('.taro__modal').first().waitFor({ state: 'hidden' }).catch(() => undefined);
  await page.screenshot({ path: 'test/browser/last-share-poster.png', animations: 'disabled' });
  const [download] = await Promise.all([page.waitForEvent('download'), visible(page, '#save-poster').click()]);
  expect(download.suggestedFilename()).toBe(`poster-p_tonic-${DEMO_CODES[DEMO_PARTNER]}.png`);
  const file = await download.path();
  const png = fs.readFileSync(file!);
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  // 600 × 960: the IHDR's width and height.
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([600, 960]);
  // The poster's scene resolves to the sharer and the product.
  const { data } = await store.rt.db.collection('share_scenes').where({ code: DEMO_CODES[DEMO_PARTNER] }).limit(10).get();
  expect(data).toEqual([expect.objectContaining({ sharerOpenid: DEMO_PARTNER, target: { kind: 'product', productId: 'p_tonic' } })]);
  expect(errors).toEqual([]);
  await page.context().close();
});

test('a member sees 分享赚 in points; a friend who arrives through the member\'s product share buys, and the member\'s points grow', async () => {
  const errors: string[] = [];
  const member = await newPhone(errors);
  await signIn(member, DEMO_MEMBER);
  await openPage(store, member, 'pages/product/index?id=p_tonic');
  await expectText(member, '#share-earn-amount', '2290 积分');
  const before = await pointsOf(DEMO_MEMBER);

  const friend = await newPhone(errors);
  const link = `${store.gw.url}/#${pageShare('product', { id: 'p_tonic' }, DEMO_CODES[DEMO_MEMBER]).path}`;
  // Signed out, the friend's phone keeps the code (utils/referral.ts) and binds it at the sign-in.
  await friend.goto(link);
  await friend.waitForFunction(() => localStorage.getItem('partner.pendingReferral') !== null);
  await signIn(friend, DEMO_NEWCOMER);
  expect(await until('the friend to be bound', async () => (await store.rt.db.collection('users').doc(DEMO_NEWCOMER).get()).data.referrerOpenid ?? null)).toBe(DEMO_MEMBER);
  await openPage(store, friend, 'pages/product/index?id=p_tonic');
  await visible(friend, '#buy-now').click();
  await visible(friend, '#submit-order').click();
  await friend.locator('.taro-model__confirm').click();
  await expectText(friend, '#result-title', '支付成功', 20_000);

  expect(await pointsOf(DEMO_MEMBER)).toBe(before + 2290);
  await openPage(store, member, 'pages/points/index');
  await member.reload();
  await expectText(member, '#points-balance', `${before + 2290}`);
  expect(auditJournal(store.rt.db.raw()).problems).toEqual([]);
  expect(errors).toEqual([]);
  await member.context().close();
  await friend.context().close();
});
