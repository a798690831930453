/** @jest-environment jsdom */
// Renders the BUILT weapp checkout page (dist/pages/checkout, `npm run build:weapp` first) in
// miniprogram-simulate: opened from the product page's spec sheet (a product, its size and a
// quantity), it shows the lines exactly as the server priced them for this shopper — size names
// included — and the amounts through the one formatter module; with a saved address it starts on
// 快递配送 with that address, shows the fee rule and the fee the server quoted, and asks the quote
// for delivery.
import type { ApiResult, OrderLine } from '../../src/contracts';
import { installWeapp, loadPage, renderPage, textOf, waitFor, type CallFunction } from './simulate';

const LINE: OrderLine = {
  lineId: '1', productId: 'p_diaper', specId: 'l', specName: 'L 码', name: '婴儿纸尿裤（提）', picture: null,
  qty: 2, listPriceFen: 12800, unitPriceFen: 11800, amountFen: 23600, commissionBaseFen: 25600,
};

const ADDRESS = { name: '小美', phone: '13912342901', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号' };
const quotes: unknown[] = [];
const callFunction: CallFunction = async ({ data }) => {
  if (data.action === 'address.list') return { result: { ok: true, data: { addresses: [ADDRESS] } } };
  if (data.action !== 'checkout.quote') return { result: { ok: false, error: { code: 'INTERNAL', message: `unexpected ${data.action}` } } };
  quotes.push(data.input);
  const result: ApiResult<unknown> = {
    ok: true,
    data: {
      lines: [LINE], totalFen: 23600, listTotalFen: 25600, pointsUsable: 0, pointsDiscountFen: 0, payableFen: 24400, walletFen: 0,
      shippingFen: 800, shipping: { flatFeeFen: 800, freeFromFen: 29900 }, pickup: { address: '文三路 90 号 好物小店', hours: '9:00–21:00' },
    },
  };
  return { result };
};

let pageId = '';
beforeAll(() => {
  const weapp = installWeapp(callFunction);
  weapp.query = { productId: 'p_diaper', specId: 'l', qty: '2' };
  pageId = loadPage('pages/checkout/index');
});

test('the checkout page shows the server\'s lines with their size and the member saving, and asks for exactly that size', async () => {
  const page = renderPage(pageId);
  await waitFor(() => textOf(page).includes('L 码'), () => `the priced line; page text was: ${JSON.stringify(textOf(page))}`);
  const text = textOf(page);
  expect(text).toContain('婴儿纸尿裤（提）');
  expect(text).toContain('× 2');
  expect(text).toContain('¥256.00'); // list total
  expect(text).toContain('-¥20.00'); // 会员优惠
  expect(page.querySelector('#quote-payable')?.dom?.textContent).toContain('244');
  expect(quotes[0]).toEqual({ lines: [{ productId: 'p_diaper', specId: 'l', qty: 2 }], usePoints: false, fulfilment: { mode: 'delivery' } });
});

test('with a saved address it starts on 快递配送: the address, 到店自提 offered, the fee rule and the quoted fee', async () => {
  const page = renderPage(pageId);
  await waitFor(() => textOf(page).includes('文三路 100 号'), () => `the address; page text was: ${JSON.stringify(textOf(page))}`);
  const text = textOf(page);
  expect(text).toContain('小美  13912342901');
  expect(text).toContain('快递配送');
  expect(text).toContain('到店自提');
  expect(text).toContain('运费 ¥8.00，满 ¥299.00 包邮');
  expect(page.querySelector('#quote-shipping')?.dom?.textContent).toContain('¥8.00');
  expect(page.querySelector('#submit-order')?.dom?.textContent).toContain('提交订单');
});
