/** @jest-environment jsdom */
// Renders the BUILT weapp checkout page (dist/pages/checkout, `npm run build:weapp` first) in
// miniprogram-simulate: opened from the product page's spec sheet (a product, its size and a
// quantity), it shows the lines exactly as the server priced them for this shopper — size names
// included — and the amounts through the one formatter module.
import type { ApiResult, OrderLine } from '../../src/contracts';
import { installWeapp, loadPage, renderPage, textOf, waitFor, type CallFunction } from './simulate';

const LINE: OrderLine = {
  lineId: '1', productId: 'p_diaper', specId: 'l', specName: 'L 码', name: '婴儿纸尿裤（提）', picture: null,
  qty: 2, listPriceFen: 12800, unitPriceFen: 11800, amountFen: 23600, commissionBaseFen: 25600,
};

const quotes: unknown[] = [];
const callFunction: CallFunction = async ({ data }) => {
  if (data.action !== 'checkout.quote') return { result: { ok: false, error: { code: 'INTERNAL', message: `unexpected ${data.action}` } } };
  quotes.push(data.input);
  const result: ApiResult<unknown> = { ok: true, data: { lines: [LINE], totalFen: 23600, listTotalFen: 25600, pointsUsable: 0, pointsDiscountFen: 0, payableFen: 23600, walletFen: 0 } };
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
  expect(page.querySelector('#quote-payable')?.dom?.textContent).toContain('236');
  expect(quotes[0]).toEqual({ lines: [{ productId: 'p_diaper', specId: 'l', qty: 2 }], usePoints: false });
});
