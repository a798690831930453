import type { Page } from 'playwright-core';
import { DEMO_NEWCOMER } from '../../local/seed/demo';
import { signInAs as signInWith, startLiveStore, type LiveStore } from '../support/browser';

jest.setTimeout(120_000);

let store: LiveStore;
beforeAll(async () => { store = await startLiveStore(); });
afterAll(async () => { await store?.close(); });

const signInAs = (page: Page, openid: string) => signInWith(store, page, openid);

test('a newcomer opens the store, buys the ¥298 product, pays, sees the success page and the order waiting to be picked up (no address saved: checkout starts on 到店自提)', async () => {
  const page = await store.browser.newPage({ viewport: { width: 390, height: 844 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await signInAs(page, DEMO_NEWCOMER);
  await page.locator('#product-p_tonic').click();
  await page.locator('#buy-now').click();
  await page.locator('#submit-order').click();
  // The simulated cashier (模拟收银台) asks for confirmation, then calls payNotify.
  await page.locator('.taro-model__confirm').click();
  await page.locator('#result-title').filter({ hasText: '支付成功' }).waitFor({ timeout: 20_000 });
  await page.locator('#result-order').click();
  await page.locator('#order-status:visible').filter({ hasText: '待自提' }).waitFor({ timeout: 20_000 });

  const { data: orders } = await store.rt.db.collection('orders').where({ openid: DEMO_NEWCOMER }).limit(10).get();
  expect(orders).toHaveLength(1);
  expect(orders[0]).toMatchObject({ status: 'PAID', payableFen: 29800 });
  const { data: journal } = await store.rt.db.collection('journal').where({ ref: orders[0]._id, kind: 'sale' }).limit(10).get();
  expect(journal).toHaveLength(1);
  expect(errors).toEqual([]);
  await page.close();
});
