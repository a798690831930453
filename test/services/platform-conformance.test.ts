// The platform contract (cloudfunctions/src/platform) against the three things that must agree
// with it: the official pages (every fact is sourced; non-official ones are in DECISIONS.md), the
// real wx-server-sdk 4.0.2 (where its surface is static), and the local runtime (it emits and
// enforces exactly these values). Plus the issue-9 rows this contract fixes, through the functions.
import fs from 'fs';
import path from 'path';
import fc from 'fast-check';
import * as platform from '../../cloudfunctions/src/platform';
import {
  ACCEPTED_SOURCES, CLOUD_PAY_API, DEPLOYED_SDK, fitBody, fitUtf8, FUNCTION_CONFIG, FUNCTION_NAME, isPayCallback, isTimer, NODE_RUNTIMES, OPENAPI_NAME,
  PAGE, PayCallbackEvent, QUERY_LIMITS, RefundCallbackEvent, SDK_EXPORTS, SOURCE, SUBSCRIBE_MESSAGE, subscribeValueProblem, TRANSACTION, userOpenid, type Provenance,
} from '../../cloudfunctions/src/platform';
import type { CloudSdk } from '../../cloudfunctions/src/adapters/sdk';
import * as dropIn from '../../local/runtime/sdk';
import { currentInvocation } from '../../local/runtime/context';
import type { LocalRuntime } from '../../local/runtime/runtime';
import { DEMO_OWNER, DEMO_PARTNER, DEMO_SHOPPER } from '../../local/seed/demo';
import { FUNCTIONS, functionConfig, functionPackage } from '../../scripts/build-cloud';
import { act, all, closeStore, createStore, docOrNull, ok, placeOrder } from '../support/store';

const ROOT = path.resolve(__dirname, '../..');
// The real SDK, under its file path: jest maps the bare name 'wx-server-sdk' to the drop-in.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const realSdk = require(require.resolve('wx-server-sdk/index.js', { paths: [ROOT] })) as Record<string, unknown> & { getWXContext(): Record<string, unknown> };

// Type-level conformance: the drop-in has the surface the functions are typed against.
const typedSurface: CloudSdk = dropIn;

let rt: LocalRuntime;
beforeEach(async () => {
  rt = await createStore();
});
afterEach(() => closeStore(rt));

describe('every fact is sourced', () => {
  const facts = Object.entries(platform).filter(([, v]) => typeof v === 'object' && v !== null && 'provenance' in v);
  const nested = Object.entries(CLOUD_PAY_API).map(([k, v]) => [`CLOUD_PAY_API.${k}`, v] as const);
  const decisions = fs.readFileSync(path.join(ROOT, 'docs/DECISIONS.md'), 'utf8');

  test('there are facts to check', () => {
    expect(facts.length).toBeGreaterThan(20);
  });

  test.each([...facts, ...nested])('%s names an official page, the SDK file, or a community source recorded in DECISIONS.md', (_name, fact) => {
    const p = (fact as { provenance: Provenance }).provenance;
    if (p.kind === 'official') {
      expect(PAGE[p.page]).toMatch(/^https:\/\/(developers\.weixin\.qq\.com|pay\.weixin\.qq\.com|docs\.cloudbase\.net)\//);
    } else if (p.kind === 'sdk') {
      expect(p.file).toMatch(/^src\//);
    } else {
      expect(p.why.length).toBeGreaterThan(10);
      expect(decisions).toContain(p.page);
    }
  });
});

describe('the drop-in against the real wx-server-sdk 4.0.2', () => {
  test('the installed SDK is the version the deployed functions depend on', () => {
    const installed = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/wx-server-sdk/package.json'), 'utf8'));
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(installed.version).toBe(DEPLOYED_SDK.version);
    expect(pkg.devDependencies['wx-server-sdk']).toBe(DEPLOYED_SDK.version);
    expect(installed.dependencies['@cloudbase/node-sdk']).toBe(DEPLOYED_SDK.nodeSdkVersion);
    for (const fn of FUNCTIONS) expect(functionPackage(fn)).toMatchObject({ dependencies: { 'wx-server-sdk': DEPLOYED_SDK.version } });
  });

  test('its Node requirement fits a runtime CloudBase offers and the bundles target', () => {
    const nodeSdk = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@cloudbase/node-sdk/package.json'), 'utf8'));
    expect(nodeSdk.engines.node).toBe(`>=${DEPLOYED_SDK.declaredMinNode}`);
    // Beyond the declared engines: the SDK's tree calls the global fetch (Node 18 without a flag).
    const adapter = fs.readFileSync(path.join(ROOT, 'node_modules/@cloudbase/app/dist/cjs/libs/adapter-node/request.js'), 'utf8');
    expect(adapter).toMatch(/[^.\w]fetch\(/);
    expect(DEPLOYED_SDK.minNode).toBe(18);
    const target = Number(DEPLOYED_SDK.bundleTarget.replace('node', ''));
    const runtimeMajor = Number(DEPLOYED_SDK.runtime.replace('Nodejs', '').split('.')[0]);
    expect(target).toBeGreaterThanOrEqual(DEPLOYED_SDK.minNode);
    expect(runtimeMajor).toBeGreaterThanOrEqual(DEPLOYED_SDK.minNode);
    expect(NODE_RUNTIMES.available).toContain(DEPLOYED_SDK.runtime.replace('Nodejs', ''));
  });

  test('the drop-in exports exactly the names we rely on, each of the real SDK\'s kind', () => {
    expect(Object.keys(dropIn).sort()).toEqual([...SDK_EXPORTS.names].sort());
    for (const name of SDK_EXPORTS.names) expect(name in realSdk).toBe(true);
    for (const name of ['init', 'database', 'getWXContext', 'DYNAMIC_CURRENT_ENV'] as const) {
      expect(typeof dropIn[name]).toBe(typeof realSdk[name]);
    }
    expect(typeof typedSurface.init).toBe('function');
    // cloudPay and openapi are proxies in the real SDK (any path is a call); the drop-in names each call.
    const real = realSdk as unknown as { cloudPay: Record<string, unknown>; openapi: Record<string, Record<string, unknown>> };
    for (const api of Object.keys(CLOUD_PAY_API)) {
      expect(typeof real.cloudPay[api]).toBe('function');
      expect(typeof (dropIn.cloudPay as Record<string, unknown>)[api]).toBe('function');
    }
  });

  test('cloudPay and openapi: the drop-in implements exactly the calls the contract names', () => {
    expect(Object.keys(dropIn.cloudPay).sort()).toEqual(Object.keys(CLOUD_PAY_API).sort());
    // Names are paths: the SDK's generic proxy joins nested keys (wxa.sec.order.uploadShippingInfo).
    const namesOf = (node: Record<string, unknown>, at: string[]): string[] => Object.entries(node).flatMap(([k, v]) => (typeof v === 'function' ? [[...at, k].join('.')] : namesOf(v as Record<string, unknown>, [...at, k])));
    const openapiNames = namesOf(dropIn.openapi as unknown as Record<string, unknown>, []);
    expect(openapiNames.sort()).toEqual([OPENAPI_NAME.subscribeMessageSend, OPENAPI_NAME.wxacodeGetUnlimited, OPENAPI_NAME.phonenumberGetPhoneNumber, OPENAPI_NAME.uploadShippingInfo, OPENAPI_NAME.getShippingOrder].sort());
    // Every open API a function may call is declared in its config.json, and every declared one exists.
    const declared = new Set(FUNCTIONS.flatMap((f) => f.openapi));
    expect([...declared].sort()).toEqual(openapiNames.sort());
  });

  test.each([
    ['a mini program user', { OPENID: 'o_demo_shopper', APPID: 'wxLOCALAPPID', SOURCE: SOURCE.client }],
    ['the timer', { SOURCE: SOURCE.trigger }],
    ['WeChat Pay', { SOURCE: SOURCE.payCallback }],
    ['a chained call', { OPENID: 'o_demo_shopper', APPID: 'wxLOCALAPPID', SOURCE: `${SOURCE.client},${SOURCE.cloudFunction}` }],
    ['no SOURCE at all', {}],
    ['an all-digit OPENID (the SDK makes it a number)', { OPENID: '1234567', APPID: 'wxLOCALAPPID', SOURCE: SOURCE.client }],
  ])('getWXContext for %s is what the real SDK builds from the same context', async (_who, ctx: Record<string, string>) => {
    const saved = { ...process.env };
    try {
      // The cloud lists the context keys for every invocation; a key without a value is left out.
      process.env.WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID,WX_UNIONID';
      delete process.env.WX_OPENID;
      delete process.env.WX_APPID;
      delete process.env.WX_UNIONID;
      for (const k of Object.keys(ctx)) if (k !== 'SOURCE') process.env[`WX_${k}`] = ctx[k];
      process.env.TCB_ENV = 'local-dev';
      if (ctx.SOURCE) process.env.TCB_SOURCE = ctx.SOURCE;
      else delete process.env.TCB_SOURCE;
      const real = realSdk.getWXContext();
      const local = await new Promise<Record<string, unknown>>((resolve) => {
        rt.register('probe', { main: async () => { resolve(dropIn.getWXContext()); return null; } });
        void rt.invoke('probe', {}, { openid: ctx.OPENID, source: ctx.SOURCE ?? null });
      });
      expect(local).toEqual(real);
    } finally {
      process.env = saved;
    }
  });
});

describe('the local runtime emits the contract\'s values', () => {
  async function sourcesSeenBy(run: () => Promise<unknown>): Promise<string[]> {
    const seen: string[] = [];
    for (const name of Object.values(FUNCTION_NAME)) rt.register(name, { main: async () => { seen.push(currentInvocation()!.SOURCE); return { errcode: 0, errmsg: 'ok' }; } });
    await run();
    return seen;
  }

  test('the cron trigger calls with wx_trigger, WeChat Pay with wx_paycallback, the gateway\'s users with wx_client', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    const event = rt.payEvent(orderId);
    expect(await sourcesSeenBy(() => rt.runCron())).toEqual([SOURCE.trigger]);
    expect(await sourcesSeenBy(() => rt.deliverPayment(event))).toEqual([SOURCE.payCallback]);
    expect(await sourcesSeenBy(() => rt.call('shop', {}, DEMO_SHOPPER))).toEqual([SOURCE.client]);
  });

  test('a SOURCE CloudBase never sends cannot be emitted by mistake', async () => {
    await expect(rt.invoke('cron', {}, { source: 'wx_timer' })).rejects.toThrow(/not one CloudBase sends/);
    await expect(rt.invoke('payNotify', {}, { source: 'wx_pay' })).rejects.toThrow(/wx_paycallback/);
    await expect(rt.invoke('cron', {}, { source: 'wx_trigger,scf' })).resolves.toMatchObject({ result: { errcode: 403 } });
  });

  test('the cashier\'s payment event and the flat refund event are what the callback contract parses', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    expect(PayCallbackEvent.safeParse(rt.payEvent(orderId)).success).toBe(true);
    await rt.deliverPayment(rt.payEvent(orderId));
    const refund = await ok(rt, 'admin', 'order.refund', { orderId, reason: '测试' }, DEMO_OWNER);
    const event = rt.refundEvent(refund.refundNo);
    expect(event).not.toHaveProperty('reqInfo');
    expect(RefundCallbackEvent.safeParse(event).success).toBe(true);
  });

  test('the documentation\'s own payment callback example parses', () => {
    // From the 支付结果回调 page's example (wxcloudrun callback/index), which the cloud-function protocol shares.
    const example = { returnCode: 'SUCCESS', appid: 'wxd2565e6a04246fd1', mchId: '1800780001', subAppid: 'wxd2565e6a04246fd1', subMchId: '1712734762', nonceStr: 'f6444fd22de27b16', resultCode: 'SUCCESS', openid: 'oPoo341Im-roYxAd3WD3D_6J-4bA', isSubscribe: 'N', subOpenid: 'oZWaC4xeOVCUkip5njeEeXi1TEsk', subIsSubscribe: 'N', tradeType: 'JSAPI', bankType: 'OTHERS', totalFee: 1, feeType: 'CNY', cashFee: 1, transactionId: '4200004561202203217657282768', outTradeNo: '2021WERUN1647839289398', timeEnd: '20220321132007' };
    expect(PayCallbackEvent.safeParse(example).success).toBe(true);
  });
});

describe('who may call which function', () => {
  test.each([
    [{ SOURCE: 'wx_client', OPENID: 'o_demo_shopper' }, 'o_demo_shopper', false, false],
    [{ SOURCE: 'wx_devtools', OPENID: 'o_dev' }, 'o_dev', false, false],
    [{ SOURCE: 'wx_localdebug', OPENID: 'o_dev' }, 'o_dev', false, false],
    [{ SOURCE: 'wx_client,scf', OPENID: 'o_demo_shopper' }, null, false, false],
    [{ SOURCE: 'wx_client' }, null, false, false],
    [{ SOURCE: 'wx_client', OPENID: 1234567 }, null, false, false],
    [{ SOURCE: 'wx_client', OPENID: 'o\u0000x' }, null, false, false],
    [{ OPENID: 'o_demo_shopper' }, null, false, false],
    [{}, null, false, false],
    [{ SOURCE: 'wx_paycallback' }, null, true, false],
    [{ SOURCE: 'wx_paycallback,scf' }, null, false, false],
    [{ SOURCE: 'wx_trigger' }, null, false, true],
    [{ SOURCE: 'wx_trigger', OPENID: 'o_demo_shopper' }, null, false, false],
    [{ SOURCE: 'wx_http' }, null, false, false],
    [{ SOURCE: 'wx_crawler', OPENID: 'o_crawler' }, null, false, false],
  ])('%j → user %s, payment callback %s, timer %s', (ctx, user, pay, timer) => {
    expect(userOpenid(ctx)).toBe(user);
    expect(isPayCallback(ctx)).toBe(pay);
    expect(isTimer(ctx)).toBe(timer);
  });

  test('each caller kind has exactly the SOURCE values recorded for it', () => {
    expect(ACCEPTED_SOURCES).toEqual({ user: ['wx_client', 'wx_devtools', 'wx_localdebug'], payCallback: ['wx_paycallback'], timer: ['wx_trigger'] });
  });
});

describe('cloudPay on the local runtime answers as the SDK does', () => {
  async function inFunction<T>(openid: string, run: () => Promise<T>): Promise<T> {
    let out!: T;
    rt.register('probe', { main: async () => { out = await run(); return null; } });
    await rt.invoke('probe', {}, { openid });
    return out;
  }
  const params = (outTradeNo: string, body = '小店-试用装') => ({ body, outTradeNo, spbillCreateIp: '127.0.0.1', subMchId: '1900000109', totalFee: 990, envId: 'local-dev', functionName: 'payNotify', nonceStr: 'n0nce' });

  test('a refused call still carries errCode 0 (the SDK overwrites it): the reason is in resultCode and errCodeDes', async () => {
    const res = await inFunction(DEMO_SHOPPER, () => dropIn.cloudPay.unifiedOrder(params('T1', '好'.repeat(43))));
    expect(res).toMatchObject({ errCode: 0, errMsg: 'cloudPay.unifiedOrder:ok', returnCode: 'SUCCESS', resultCode: 'FAIL' });
    expect((res as { errCodeDes: string }).errCodeDes).toMatch(/128/);
    const noNonce = await inFunction(DEMO_SHOPPER, () => dropIn.cloudPay.unifiedOrder({ ...params('T2'), nonceStr: '' }));
    expect(noNonce).toMatchObject({ errCode: 0, resultCode: 'FAIL' });
    const fits = await inFunction(DEMO_SHOPPER, () => dropIn.cloudPay.unifiedOrder(params('T3', '好'.repeat(42))));
    expect(fits).toMatchObject({ errCode: 0, resultCode: 'SUCCESS', payment: { package: expect.stringMatching(/^prepay_id=/) } });
  });

  test('queryOrder follows the trade from NOTPAY to SUCCESS to REFUND; closeOrder waits 5 minutes and then the order cannot be paid', async () => {
    const query = (outTradeNo: string) => inFunction(DEMO_SHOPPER, () => dropIn.cloudPay.queryOrder({ subMchId: '1900000109', outTradeNo, nonceStr: 'n' }));
    const close = (outTradeNo: string) => inFunction(DEMO_SHOPPER, () => dropIn.cloudPay.closeOrder({ subMchId: '1900000109', outTradeNo, nonceStr: 'n' }));
    await inFunction(DEMO_SHOPPER, () => dropIn.cloudPay.unifiedOrder(params('Q1')));
    expect(await query('Q1')).toMatchObject({ errCode: 0, resultCode: 'SUCCESS', tradeState: 'NOTPAY' });
    rt.payEvent('Q1');
    expect(await query('Q1')).toMatchObject({ tradeState: 'SUCCESS', totalFee: 990, transactionId: expect.any(String) });
    const refund = await inFunction(DEMO_SHOPPER, () => dropIn.cloudPay.refund({ outTradeNo: 'Q1', outRefundNo: 'RQ1', totalFee: 990, refundFee: 100, subMchId: '1900000109', envId: 'local-dev', functionName: 'refundNotify', nonceStr: 'n' }));
    expect(refund).toMatchObject({ errCode: 0, errMsg: 'cloudPay.refund:ok', resultCode: 'SUCCESS', refundId: expect.any(String) });
    expect(await query('Q1')).toMatchObject({ tradeState: 'REFUND' });
    expect(await query('nope')).toMatchObject({ errCode: 0, resultCode: 'FAIL', errCodeDes: expect.stringMatching(/ORDERNOTEXIST/) });
    await inFunction(DEMO_SHOPPER, () => dropIn.cloudPay.unifiedOrder(params('C1')));
    expect(await close('C1')).toMatchObject({ resultCode: 'FAIL' });
    rt.advanceClock(platform.CLOSE_ORDER.minAgeMs);
    expect(await close('C1')).toMatchObject({ errCode: 0, errMsg: 'cloudPay.closeOrder:ok', resultCode: 'SUCCESS' });
    expect(await query('C1')).toMatchObject({ tradeState: 'CLOSED' });
    expect(() => rt.payEvent('C1')).toThrow(/closed/);
    expect(await close('Q1')).toMatchObject({ resultCode: 'FAIL', errCodeDes: expect.stringMatching(/ORDERPAID/) });
  });
});

describe('subscribe messages on the local runtime', () => {
  test('strict checks are on by default: the paid notice goes out in yuan, and a fen amount is refused as WeChat would (47003)', async () => {
    expect(rt.strictSubscribeMessages).toBe(true);
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    expect(await rt.pay(orderId)).toEqual({ errcode: 0, errmsg: 'OK' });
    expect(rt.outbox()).toEqual([expect.objectContaining({ touser: DEMO_SHOPPER, data: expect.objectContaining({ amount2: { value: '¥9.90' } }) })]);
    // What the paid notice used to send: fen, no currency sign.
    await expect(dropIn.openapi.subscribeMessage.send({ touser: DEMO_SHOPPER, templateId: 't', data: { amount2: { value: '990' }, thing1: { value: '纸尿裤试用装' } } }))
      .rejects.toMatchObject({ errCode: SUBSCRIBE_MESSAGE.errCode.badValue });
    await expect(dropIn.openapi.subscribeMessage.send({ touser: DEMO_SHOPPER, templateId: 't', data: { amount2: { value: '¥9.90' }, thing1: { value: '纸尿裤试用装' } } })).resolves.toMatchObject({ errCode: 0 });
  });
});

describe('helpers of the contract', () => {
  test('fitUtf8 keeps a whole-character prefix within the byte limit', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.integer({ min: 0, max: 160 }), (text, max) => {
      const out = fitUtf8(text, max);
      expect(Buffer.byteLength(out, 'utf8')).toBeLessThanOrEqual(max);
      expect(text.startsWith(out)).toBe(true);
      const next = [...text][[...out].length];
      if (next !== undefined) expect(Buffer.byteLength(out + next, 'utf8')).toBeGreaterThan(max);
    }), { seed: 9, numRuns: 300 });
    expect(Buffer.byteLength(fitBody(`好物小店-${'臻选滋补礼盒'.repeat(10)}`), 'utf8')).toBeLessThanOrEqual(128);
  });

  test('subscribe-message values: amounts are yuan with a sign, thing at most 20 characters', () => {
    expect(subscribeValueProblem('amount2', '9900')).not.toBeNull();
    expect(subscribeValueProblem('amount2', '¥99.00')).toBeNull();
    expect(subscribeValueProblem('thing1', '好'.repeat(21))).not.toBeNull();
    expect(subscribeValueProblem('character_string1', 'O8f3a9')).toBeNull();
  });

  test('the local database keeps the documented query and transaction limits', async () => {
    const coll = rt.db.collection('limits_probe');
    for (let i = 0; i < QUERY_LIMITS.defaultLimit + 5; i += 1) await coll.add({ data: { i } });
    expect((await coll.get()).data).toHaveLength(QUERY_LIMITS.defaultLimit);
    expect((await coll.limit(QUERY_LIMITS.maxLimit).get()).data).toHaveLength(QUERY_LIMITS.defaultLimit + 5);
    let attempts = 0;
    rt.db.forceConflicts(10);
    await expect(rt.db.runTransaction(async () => { attempts += 1; })).rejects.toThrow(/TRANSACTION_CONFLICT/);
    // The SDK re-runs `times` times after the first attempt (src/transaction/index.ts: recursion until times <= 0).
    expect(attempts).toBe(TRANSACTION.defaultRetries + 1);
  });
});

describe('issue 9 rows: encoded facts the pages contradict', () => {
  test('config.json carries only documented keys (no timeout) and the cron trigger is a valid 7-field timer', () => {
    for (const fn of FUNCTIONS) {
      expect(Object.keys(functionConfig(fn)).every((k) => (FUNCTION_CONFIG.documentedKeys as readonly string[]).includes(k))).toBe(true);
    }
    expect(functionConfig(FUNCTIONS.find((f) => f.name === 'cron')!)).toMatchObject({ triggers: [{ type: 'timer', config: '0 */5 * * * * *' }] });
    expect(() => functionConfig({ name: 'cron', openapi: [], triggers: [{ name: 'a', type: 'timer', config: '*/5 * * * *' }] })).toThrow(/7 fields/);
  });

  test('a product with a long Chinese name can still be paid: body is cut at 128 bytes of UTF-8, not 120 characters', async () => {
    const longName = '臻选滋补礼盒·高山野生灵芝孢子粉人参鹿茸燕窝阿胶海参虫草花胶鱼翅鲍鱼礼盒装家庭实惠装·年货节限定款';
    expect([...longName].length).toBeLessThan(120);
    expect(Buffer.byteLength(longName, 'utf8')).toBeGreaterThan(128);
    await rt.db.collection('products').doc('p_tonic').update({ data: { name: longName } });
    const { order } = await ok(rt, 'shop', 'order.create', { requestId: 'long-name', lines: [{ productId: 'p_tonic', qty: 1 }] }, DEMO_SHOPPER);
    const pay = await act(rt, 'shop', 'order.pay', { orderId: order._id }, DEMO_SHOPPER);
    expect(pay).toMatchObject({ ok: true, data: { payment: { package: expect.stringMatching(/^prepay_id=/) } } });
  });

  test('posters open the version the store names (envVersion is always sent; release unless the owner says trial)', async () => {
    const seen: unknown[] = [];
    const original = rt.wxacode.bind(rt);
    rt.wxacode = async (p) => { seen.push(p.envVersion); return original(p); };
    await ok(rt, 'shop', 'partner.poster.get', {}, DEMO_PARTNER);
    await rt.db.collection('settings').doc('store').update({ data: { miniProgramEnvVersion: 'trial' } });
    await ok(rt, 'shop', 'partner.poster.get', {}, DEMO_PARTNER);
    expect(seen).toEqual(['release', 'trial']);
  });

  test('the refund callback arrives flat and is applied; the old nested-only shape is malformed and changes nothing', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    await rt.pay(orderId);
    const { refundNo } = await ok(rt, 'admin', 'order.refund', { orderId, reason: '测试' }, DEMO_OWNER);
    const flat = rt.refundEvent(refundNo);
    const { outRefundNo, outTradeNo, refundFee, refundStatus, refundId, ...outer } = flat as Record<string, unknown>;
    const nested = { ...outer, reqInfo: { outRefundNo, outTradeNo, refundFee, refundStatus, refundId } };
    expect((await rt.invoke('refundNotify', nested, { source: SOURCE.payCallback })).result).toMatchObject({ errcode: 400 });
    expect((await docOrNull(rt, 'orders', orderId))!.status).toBe('REFUNDING');
    expect(await rt.deliverRefund(refundNo)).toEqual([{ errcode: 0, errmsg: 'applied' }]);
    expect((await docOrNull(rt, 'orders', orderId))!.status).toBe('REFUNDED');
    expect(await all(rt, 'refunds', { status: 'SUCCESS' })).toHaveLength(1);
  });

  test('a real payment callback (wx_paycallback) is applied; the invented wx_pay is refused', async () => {
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    const event = rt.payEvent(orderId);
    expect((await rt.invoke('payNotify', event, { forgedSource: 'wx_pay' })).result).toEqual({ errcode: 403, errmsg: 'forbidden' });
    expect((await docOrNull(rt, 'orders', orderId))!.status).toBe('PENDING');
    expect((await rt.invoke('payNotify', event, { source: SOURCE.payCallback })).result).toEqual({ errcode: 0, errmsg: 'OK' });
    expect((await docOrNull(rt, 'orders', orderId))!.status).toBe('PAID');
  });

  test('the timer (wx_trigger) runs the jobs; the invented wx_timer does not', async () => {
    await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    rt.advanceClock(31 * 60 * 1000);
    expect((await rt.invoke('cron', {}, { forgedSource: 'wx_timer' })).result).toEqual({ errcode: 403, errmsg: 'forbidden' });
    expect(await all(rt, 'orders', { status: 'CLOSED' })).toHaveLength(0);
    expect(await rt.runCron()).toMatchObject({ closedOrders: 1 });
  });
});
