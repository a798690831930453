/** @jest-environment jsdom */
// Renders the BUILT weapp home page (dist/, `npm run build:weapp` first) in miniprogram-simulate
// and checks it shows what the shop function returned, formatted by the one formatter module.
import type { ApiResult, Me, Product, ShopActions, OutputOf } from '../../src/contracts';
import { installWeapp, loadPage, renderPage, textOf, waitFor, type CallFunction, type Weapp } from './simulate';

type Fields = '_id' | 'name' | 'subtitle' | 'kind' | 'listPriceFen' | 'memberPriceFen' | 'sort';
const product = (p: Pick<Product, Fields>): Product => ({
  partnerPriceFen: null,
  stock: 50,
  onSale: true,
  coverColor: '#e8c07d',
  pictures: [],
  categoryId: null,
  detail: [],
  version: 1,
  grantsStage: null,
  grantsDays: null,
  pointsPrice: null,
  specs: [{ _id: 'default', name: '默认', listPriceFen: p.listPriceFen, memberPriceFen: p.memberPriceFen, partnerPriceFen: null, commissionBaseFen: null, stock: 50 }],
  ...p,
});

const PRODUCTS: Product[] = [
  product({ _id: 'p_trial', name: '体验装', subtitle: '七天试用', kind: 'trial', listPriceFen: 1990, memberPriceFen: null, sort: 1 }),
  product({ _id: 'p_card', name: '会员卡', subtitle: '全年权益', kind: 'card', listPriceFen: 9900, memberPriceFen: 8800, sort: 2 }),
];

const ME: Me = { openid: 'o_fan', nickname: '小明', avatar: null, profileSet: true, phone: null, stage: 'fan', isOwner: false, paidOrderCount: 0, stageUntilMs: null, pointsBalance: 0, wallet: { principalFen: 0, bonusFen: 0 } };

type Responses = {
  [A in 'catalog.list' | 'session.get']: ApiResult<OutputOf<ShopActions, A>> | { ok: true; data: unknown };
};

// What the server says each costs this fan: the card's member price as the incentive (开卡立省).
const OFFERS = {
  p_trial: { payFen: 1990, payLabel: null, next: null },
  p_card: { payFen: 9900, payLabel: null, next: { stage: 'member', priceFen: 8800, saveFen: 1100 } },
};

const OK: Responses = {
  'catalog.list': { ok: true, data: { products: PRODUCTS, offers: OFFERS, categories: [{ _id: 'c_diaper', name: '纸尿裤', sort: 10, picture: null }, { _id: 'c_gift', name: '滋补礼盒', sort: 20, picture: null }] } },
  'session.get': { ok: true, data: { me: ME } },
};

// Each test swaps the answers; the app boots once per file (Taro's runtime is global state).
let responses: Responses = OK;
const calls: Array<{ name: string; action: string }> = [];
const callFunction: CallFunction = async ({ name, data }) => {
  calls.push({ name, action: data.action });
  return { result: responses[data.action as keyof Responses] };
};

let homeId = '';
let weapp: Weapp;
beforeAll(() => {
  weapp = installWeapp(callFunction);
  homeId = loadPage('pages/index/index');
});

beforeEach(() => {
  calls.length = 0;
  responses = OK;
});

test('the app initialises the cloud SDK once at launch', async () => {
  // Taro runs useLaunch callbacks once the React root has mounted, a tick after App.onLaunch.
  await waitFor(() => weapp.cloudInits.length > 0, () => 'wx.cloud.init');
  expect(weapp.cloudInits).toHaveLength(1);
});

test('home lists the catalogue with formatted prices', async () => {
  const page = renderPage(homeId);
  await waitFor(
    () => textOf(page).includes('会员卡'),
    () => `the product names; page text was: ${JSON.stringify(textOf(page))}`,
  );
  const text = textOf(page);
  expect(text).toContain('体验装');
  expect(text).toContain('¥19.90');
  expect(text).toContain('¥99.00');
  // The fan's next stage, as the server priced it; a fan is offered the card, not greeted by a placeholder name.
  expect(text).toContain('开卡立省 ¥11.00');
  expect(text).toContain('开通会员卡');
  // The owner's categories as icons, in their order, with 全部 after them.
  expect(page.querySelector('#home-category-c_diaper')?.dom?.textContent).toContain('纸尿裤');
  expect(text.indexOf('纸尿裤')).toBeLessThan(text.indexOf('滋补礼盒'));
  expect(text).not.toContain('你好');
  expect(page.querySelector('#skeleton')).toBeUndefined();
  // The card ids reach the nodes (j-component keeps ids off DOM attributes: use its own query).
  expect(page.querySelector('#product-p_trial')?.dom?.textContent).toContain('体验装');
  expect(page.querySelector('#product-p_card')?.dom?.textContent).toContain('会员卡');
  expect(calls).toEqual(
    expect.arrayContaining([
      { name: 'shop', action: 'catalog.list' },
      { name: 'shop', action: 'session.get' },
    ]),
  );
});

test('home shows the server error instead of products', async () => {
  responses = {
    ...OK,
    'catalog.list': { ok: false, error: { code: 'INTERNAL', message: '服务繁忙' } },
  };
  const page = renderPage(homeId);
  await waitFor(
    () => textOf(page).includes('服务繁忙'),
    () => `the error message; page text was: ${JSON.stringify(textOf(page))}`,
  );
  expect(textOf(page)).not.toContain('体验装');
});

test('home rejects data that breaks the contract', async () => {
  responses = { ...OK, 'catalog.list': { ok: true, data: { products: [{ ...PRODUCTS[0], listPriceFen: '19.90' }] } } };
  const page = renderPage(homeId);
  await waitFor(
    () => textOf(page).includes('服务返回的数据格式不正确'),
    () => `the contract error; page text was: ${JSON.stringify(textOf(page))}`,
  );
  expect(textOf(page)).not.toContain('体验装');
});
