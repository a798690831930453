import { startGateway, type Gateway } from '../../local/gateway/server';
import type { LocalRuntime } from '../../local/runtime/runtime';
import { openapi } from '../../local/runtime/sdk';
import { DEMO_IDENTITIES, DEMO_NEWCOMER, DEMO_SHOPPER } from '../../local/seed/demo';
import { closeStore, createStore } from '../support/store';

let rt: LocalRuntime;
let gw: Gateway;
beforeEach(async () => {
  rt = await createStore();
  gw = await startGateway({ runtime: rt, staticDir: null, identities: DEMO_IDENTITIES, port: 0 });
});
afterEach(async () => {
  await gw.close();
  closeStore(rt);
});

async function post(path: string, body: unknown, cookie = ''): Promise<{ status: number; json: any; setCookie: string | null }> {
  const res = await fetch(`${gw.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json(), setCookie: res.headers.get('set-cookie') };
}

const cookieFor = (openid: string) => `dev_openid=${openid}`;

test('the gateway listens on 127.0.0.1 only', () => {
  expect(gw.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
});

test('dev sign-in accepts only the demo identities', async () => {
  expect((await post('/api/dev/login', { openid: 'o_attacker' })).status).toBe(400);
  const ok = await post('/api/dev/login', { openid: DEMO_SHOPPER });
  expect(ok.setCookie).toContain(`dev_openid=${DEMO_SHOPPER}`);
});

test('functions see the signed-in identity, and only client functions are callable', async () => {
  const me = await post('/api/fn/shop', { action: 'session.get', input: {} }, cookieFor(DEMO_SHOPPER));
  expect(me.json).toMatchObject({ ok: true, data: { me: { openid: DEMO_SHOPPER } } });
  const anon = await post('/api/fn/shop', { action: 'session.get', input: {} });
  expect(anon.json).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  const forged = await post('/api/fn/payNotify', { outTradeNo: 'x' }, cookieFor(DEMO_SHOPPER));
  expect(forged.status).toBe(404);
});

test('the dev cron button fires the timer as CloudBase does (wx_trigger): the jobs run', async () => {
  const res = await post('/api/dev/cron', {});
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ closedOrders: 0, analyticsFolded: expect.any(Number) });
  expect(res.json).not.toHaveProperty('errcode');
});

test('only the payer can confirm a payment in the simulated cashier', async () => {
  const created = await post('/api/fn/shop', { action: 'order.create', input: { requestId: 'g1', lines: [{ productId: 'p_trial', qty: 1 }] } }, cookieFor(DEMO_SHOPPER));
  const orderId = created.json.data.order._id;
  const pay = await post('/api/fn/shop', { action: 'order.pay', input: { orderId } }, cookieFor(DEMO_SHOPPER));
  const pkg = pay.json.data.payment.package;
  expect((await post('/api/cashier/pay', { package: pkg }, cookieFor(DEMO_NEWCOMER))).status).toBe(403);
  expect((await post('/api/cashier/pay', { package: 'prepay_id=nope' }, cookieFor(DEMO_SHOPPER))).status).toBe(404);
  const paid = await post('/api/cashier/pay', { package: pkg }, cookieFor(DEMO_SHOPPER));
  expect(paid.json).toMatchObject({ ok: true, ack: { errcode: 0 } });
  const order = await post('/api/fn/shop', { action: 'order.get', input: { orderId } }, cookieFor(DEMO_SHOPPER));
  expect(order.json.data.order.status).toBe('PAID');
});

test('malformed bodies get a clear 400', async () => {
  const res = await fetch(`${gw.url}/api/fn/shop`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
  expect(res.status).toBe(400);
  expect(await res.json()).toMatchObject({ ok: false, error: { message: 'body is not JSON' } });
});

test('wxacode.getUnlimited returns a real PNG and enforces the scene rules as SDK errors', async () => {
  const { buffer, contentType, errCode } = await openapi.wxacode.getUnlimited({ scene: 'r=ABCD1234', page: 'pages/index/index', envVersion: 'trial' });
  expect(errCode).toBe(0);
  expect(contentType).toBe('image/png');
  expect(buffer.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(buffer.length).toBeGreaterThan(500);
  await expect(openapi.wxacode.getUnlimited({ scene: 'x'.repeat(33) })).rejects.toMatchObject({ errCode: 40169 });
  await expect(openapi.wxacode.getUnlimited({ scene: 'a%b' })).rejects.toMatchObject({ errCode: 40169, errMsg: expect.stringMatching(/^openapi\.wxacode\.getUnlimited:fail/) });
  await expect(openapi.wxacode.getUnlimited({ scene: 'ok', page: '/pages/index/index' })).rejects.toMatchObject({ errCode: 41030 });
  await expect(openapi.wxacode.getUnlimited({ scene: 'ok', envVersion: 'beta' as never })).rejects.toMatchObject({ errCode: 40169 });
});
