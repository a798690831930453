/** @jest-environment jsdom */
// Renders the BUILT weapp order page (dist/pages/order, `npm run build:weapp` first) in
// miniprogram-simulate: an unpaid order shows its human number, the native countdown to its
// payment deadline and 取消订单; cancelling asks the server and shows the closed order it returns.
import type { Order } from '../../src/contracts';
import { installWeapp, loadPage, renderPage, textOf, waitFor, type CallFunction, type RenderedPage } from './simulate';

const MINUTE_MS = 60 * 1000;

function order(over: Partial<Order>): Order {
  return {
    _id: 'o1', orderNo: '202611300833512172', kind: 'goods', status: 'PENDING',
    lines: [{ lineId: '1', productId: 'p_tonic', specId: 'default', specName: '', picture: null, name: '臻选滋补礼盒', qty: 1, listPriceFen: 29800, unitPriceFen: 25800, amountFen: 25800 }],
    totalFen: 25800, pointsUsed: 0, pointsDiscountFen: 0, payableFen: 25800, payMethod: null, balanceSplit: null, pointsEarned: 0,
    createdAtMs: Date.now(), paidAtMs: null, expiresAtMs: Date.now() + 30 * MINUTE_MS, group: null, fulfilment: null, shippingFen: 0, shipments: [], shippedAtMs: null, receivedAtMs: null, refundedFen: 0, afterSaleOpen: null, ...over,
  };
}

const calls: string[] = [];
let current: Order = order({});
const callFunction: CallFunction = async ({ data }) => {
  calls.push(data.action);
  if (data.action === 'order.get') return { result: { ok: true, data: { order: current, wxTransactionId: current.status === 'SHIPPED' ? '4200000001202611300000000001' : null } } };
  if (data.action === 'order.confirmReceipt') {
    current = { ...current, status: 'RECEIVED', receivedAtMs: Date.now() };
    return { result: { ok: true, data: { order: current } } };
  }
  if (data.action === 'afterSale.list') return { result: { ok: true, data: { afterSales: [] } } };
  if (data.action === 'order.cancel') {
    current = { ...current, status: 'CLOSED' };
    return { result: { ok: true, data: { order: current } } };
  }
  return { result: { ok: false, error: { code: 'INTERNAL', message: `unexpected ${data.action}` } } };
};

let pageId = '';
beforeAll(() => {
  const weapp = installWeapp(callFunction);
  weapp.query = { id: 'o1' };
  pageId = loadPage('pages/order/index');
});

const nodeText = (page: RenderedPage, selector: string) => page.querySelector(selector)?.dom?.textContent?.trim() ?? '';

test('an unpaid order: 待付款, its number, the payment countdown and 取消订单', async () => {
  const page = renderPage(pageId);
  await waitFor(() => /00:(29|30):\d\d/.test(textOf(page)), () => `the countdown; page text was: ${JSON.stringify(textOf(page))}`);
  expect(nodeText(page, '#order-status')).toBe('待付款');
  expect(nodeText(page, '#order-no')).toBe('202611300833512172');
  expect(nodeText(page, '#order-countdown')).toMatch(/^00:(29|30):\d\d$/);
  expect(textOf(page)).toContain('会员优惠');
  expect(textOf(page)).toContain('-¥40.00');
  expect(page.querySelector('#cancel-order')).toBeDefined();
  expect(page.querySelector('#pay-order')?.dom?.textContent).toContain('去支付 ¥258.00');
});

test('取消订单 (confirmed) closes it on the server and the page shows what the server returned', async () => {
  current = order({});
  const page = renderPage(pageId);
  await waitFor(() => page.querySelector('#cancel-order') !== undefined && nodeText(page, '#order-status') === '待付款', () => `the order; page text was: ${JSON.stringify(textOf(page))}`);
  // A tap on the node, as j-component delivers it; the stub wx.showModal confirms.
  (page.querySelector('#cancel-order') as unknown as { dispatchEvent(event: string): void }).dispatchEvent('tap');
  await waitFor(() => nodeText(page, '#order-status') === '已关闭', () => `已关闭; calls ${JSON.stringify(calls)}; page text was: ${JSON.stringify(textOf(page))}`);
  expect(calls).toContain('order.cancel');
  expect(page.querySelector('#order-countdown')).toBeUndefined();
  expect(page.querySelector('#cancel-order')).toBeUndefined();
});

test('a shipped order shows its parcel; 确认收货 opens WeChat\'s 确认收货 component with the payment\'s transaction, then records receipt', async () => {
  const opened: unknown[] = [];
  (globalThis as unknown as { wx: Record<string, unknown> }).wx.openBusinessView = (o: { businessType: string; extraData: unknown; success: (r: unknown) => void }) => {
    opened.push({ businessType: o.businessType, extraData: o.extraData });
    o.success({ errMsg: 'openBusinessView:ok', extraData: { status: 'success' } });
  };
  current = order({ status: 'SHIPPED', payMethod: 'wxpay', paidAtMs: Date.now(), shippedAtMs: Date.now(), shipments: [{ carrier: 'SF', trackingNo: 'SF1400012345678', shippedAtMs: Date.now() }], fulfilment: { mode: 'delivery', address: { name: '小美', phone: '13912342901', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号' } } });
  const page = renderPage(pageId);
  await waitFor(() => nodeText(page, '#order-status') === '待收货', () => `待收货; page text was: ${JSON.stringify(textOf(page))}`);
  expect(nodeText(page, '#parcel-0')).toBe('SF1400012345678');
  expect(textOf(page)).toContain('顺丰速运');
  expect(textOf(page)).toContain('文三路 100 号');
  (page.querySelector('#confirm-receipt') as unknown as { dispatchEvent(event: string): void }).dispatchEvent('tap');
  await waitFor(() => nodeText(page, '#order-status') === '已收货', () => `已收货; calls ${JSON.stringify(calls)}; page text was: ${JSON.stringify(textOf(page))}`);
  expect(opened).toEqual([{ businessType: 'weappOrderConfirm', extraData: { transaction_id: '4200000001202611300000000001' } }]);
  expect(calls).toContain('order.confirmReceipt');
});
