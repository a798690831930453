/** @jest-environment jsdom */
// The BUILT weapp product page (dist/) in miniprogram-simulate: its onShareAppMessage and
// onShareTimeline carry the sharer's code from partner.shareCode.get, and no `ref` at all when the
// server gives none; 分享赚 shows the server's figure with its basis.
import type { Product } from '../../src/contracts';
import { installWeapp, loadPage, renderPage, textOf, waitFor, type CallFunction, type Weapp } from './simulate';

const TONIC: Product = {
  _id: 'p_tonic', name: '臻选滋补礼盒', subtitle: '首购 ¥298', kind: 'standard', listPriceFen: 29800, memberPriceFen: 25800, partnerPriceFen: 25800, sort: 1,
  stock: 50, onSale: true, coverColor: '#e8c07d', pictures: [], grantsStage: null, grantsDays: null, pointsPrice: null,
  categoryId: null, detail: [], version: 1,
  specs: [{ _id: 'default', name: '', listPriceFen: 29800, memberPriceFen: 25800, partnerPriceFen: 25800, commissionBaseFen: null, stock: 50 }],
};

let shareCode: string | null = 'PARTNER2';
const EARNING = { reward: 'cash', amountFen: 5960, points: 0, rateBps: 2000, baseFen: 29800, listPriceFen: 29800, buyerPaysFen: 29800 };

const callFunction: CallFunction = async ({ data }) => {
  const answers: Record<string, unknown> = {
    'product.get': { product: TONIC, myPriceFen: 25800, offer: { payFen: 25800, payLabel: 'partner', next: null } },
    'groupbuy.campaign.list': { campaigns: [] },
    'session.get': { me: { openid: 'o_p', nickname: '林老板', stage: 'partner', isOwner: false, paidOrderCount: 3, stageUntilMs: null, pointsBalance: 0, wallet: { principalFen: 0, bonusFen: 0 } } },
    'partner.shareCode.get': { code: shareCode },
    'partner.shareEarn.get': shareCode === null ? { earning: null, code: null } : { earning: EARNING, code: shareCode },
  };
  const answer = answers[data.action];
  return { result: answer === undefined ? { ok: false, error: { code: 'NOT_FOUND', message: '无' } } : { ok: true, data: answer } };
};

type SharePage = { onShareAppMessage?: (o: object) => { title: string; path: string }; onShareTimeline?: () => { title: string; query: string } };

let weapp: Weapp;
let productId = '';
beforeAll(() => {
  weapp = installWeapp(callFunction);
  productId = loadPage('pages/product/index');
});

async function renderedProduct(): Promise<SharePage> {
  weapp.query = { id: 'p_tonic' };
  const page = renderPage(productId);
  await waitFor(() => textOf(page).includes('臻选滋补礼盒'), () => `the product; page text was: ${JSON.stringify(textOf(page))}`);
  const pages = (globalThis as unknown as { getCurrentPages: () => SharePage[] }).getCurrentPages();
  return pages[pages.length - 1];
}

test('a partner shares the product to a chat and to Moments with their code, and sees 分享赚', async () => {
  shareCode = 'PARTNER2';
  const page = await renderedProduct();
  expect(typeof page.onShareAppMessage).toBe('function');
  expect(typeof page.onShareTimeline).toBe('function');
  // The code arrives asynchronously; WeChat asks when the user shares.
  await waitFor(() => page.onShareAppMessage!({ from: 'menu' }).path.includes('ref='), () => 'the code in the share path');
  expect(page.onShareAppMessage!({ from: 'button' })).toMatchObject({ title: '臻选滋补礼盒', path: '/pages/product/index?id=p_tonic&ref=PARTNER2' });
  expect(page.onShareTimeline!()).toMatchObject({ title: '臻选滋补礼盒', query: 'id=p_tonic&ref=PARTNER2' });
});

test('分享赚 shows the server\'s figure and its basis', async () => {
  shareCode = 'PARTNER2';
  weapp.query = { id: 'p_tonic' };
  const page = renderPage(productId);
  await waitFor(() => textOf(page).includes('¥59.60'), () => `分享赚; page text was: ${JSON.stringify(textOf(page))}`);
  expect(textOf(page)).toContain('按原价 ¥298.00 的 20% 计算，与好友实付价无关');
});
