// The drop-in for wx-server-sdk on the local runtime: the surface our functions use
// (cloudfunctions/src/adapters/sdk.ts), with the real SDK's shapes — getWXContext as the SDK
// builds it, cloudPay answers wrapped in the SDK's envelope (errCode always 0), open API
// failures thrown as SDK errors — and the platform contract's rules. Function code requires
// 'wx-server-sdk'; jest's moduleNameMapper and the gateway's resolver point that name here.
import { randomBytes } from 'crypto';
import {
  CLOUD_PAY_SDK, CONTEXT_SDK_FACTS, OPENAPI_NAME, OPENAPI_SDK, PHONE_NUMBER, subscribeValueProblem, SUBSCRIBE_MESSAGE, wxacodeProblem,
  type PhoneNumberParams, type ShippingOrderQuery, type CloseOrderParams, type QueryOrderParams, type RefundParams, type SubscribeMessageParams, type UnifiedOrderParams, type WxacodeParams,
} from '../../cloudfunctions/src/platform';
import { currentInvocation } from './context';
import { activeRuntime, ENV_ID } from './runtime';

export const DYNAMIC_CURRENT_ENV = Symbol.for('DYNAMIC_CURRENT_ENV');

export function init(_opts?: { env?: unknown }): void {
  // Nothing to connect to: the active runtime already holds the database.
}

export function database() {
  return activeRuntime().db;
}

/** As the SDK builds it: only the keys the caller has, ENV always, all-digit values as numbers. */
export function getWXContext(): Record<string, unknown> {
  const inv = currentInvocation();
  const ctx: Record<string, unknown> = {};
  const put = (key: string, value: string | undefined) => {
    if (value === undefined || value === '') return;
    ctx[key] = CONTEXT_SDK_FACTS.digitsBecomeNumbers.test(value) ? parseInt(value, 10) : value;
  };
  put('OPENID', inv?.OPENID);
  put('APPID', inv?.APPID);
  ctx.ENV = ENV_ID;
  if (inv?.SOURCE) ctx.SOURCE = inv.SOURCE;
  return ctx;
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
const nonce = (): string => randomBytes(8).toString('hex');

/** WeChat Pay answered: the SDK overwrites errCode with 0 whatever WeChat Pay said. */
function answered<T extends object>(api: 'unifiedOrder' | 'queryOrder' | 'closeOrder' | 'refund', res: { ok: true } & T | { ok: false; code: string; message: string }, ok: (r: T) => object) {
  const envelope = CLOUD_PAY_SDK.okEnvelope(api);
  if (!res.ok) return { returnCode: 'SUCCESS', returnMsg: 'OK', resultCode: 'FAIL', errCodeDes: `${res.code} ${res.message}`, ...envelope };
  return { returnCode: 'SUCCESS', returnMsg: 'OK', resultCode: 'SUCCESS', nonceStr: nonce(), ...ok(res), ...envelope };
}

export const cloudPay = {
  async unifiedOrder(p: UnifiedOrderParams) {
    await tick();
    const openid = currentInvocation()?.OPENID;
    if (!openid) return { returnCode: 'FAIL', returnMsg: 'unifiedOrder needs a user context (OPENID)', ...CLOUD_PAY_SDK.okEnvelope('unifiedOrder') };
    const res = activeRuntime().cashier.unifiedOrder({ ...p, openid });
    return answered('unifiedOrder', res, (r) => ({
      prepayId: r.prepayId,
      payment: { appId: 'wxLOCALAPPID', timeStamp: String(Math.floor(Date.now() / 1000)), nonceStr: p.nonceStr, package: `prepay_id=${r.prepayId}`, signType: 'MD5', paySign: randomBytes(16).toString('hex').toUpperCase() },
    }));
  },
  async queryOrder(p: QueryOrderParams) {
    await tick();
    const rt = activeRuntime();
    const outTradeNo = p.outTradeNo ?? (p.transactionId ? rt.cashier.findByTransaction(p.transactionId)?.outTradeNo : undefined) ?? '';
    const res = rt.cashier.query(outTradeNo);
    return answered('queryOrder', res, (r) => ({
      tradeState: r.tradeState, outTradeNo: r.order.outTradeNo, totalFee: r.order.totalFee, subOpenid: r.order.openid,
      ...(r.order.paidTransactionId ? { transactionId: r.order.paidTransactionId, cashFee: r.order.totalFee } : {}),
    }));
  },
  async closeOrder(p: CloseOrderParams) {
    await tick();
    return answered('closeOrder', activeRuntime().cashier.close(p.outTradeNo), () => ({ resultMsg: 'OK' }));
  },
  async refund(p: RefundParams) {
    await tick();
    const rt = activeRuntime();
    const res = rt.cashier.refund(p);
    if (res.ok) rt.refundAccepted({ ...p, refundId: res.refundId });
    return answered('refund', res, (r) => ({ refundId: r.refundId, outRefundNo: p.outRefundNo, outTradeNo: p.outTradeNo, refundFee: p.refundFee, totalFee: p.totalFee }));
  },
};

/** An open API failure, shaped as the SDK throws it. */
function openapiError(name: string, errCode: number, message: string): Error {
  const errMsg = `${OPENAPI_SDK.failPrefix(name)} ${message}`;
  return Object.assign(new Error(`errCode: ${errCode} | errMsg: ${errMsg}`), { errCode, errMsg });
}

/** The shipping desk's answer as the SDK gives it: resolved, or thrown with errCode. */
function shippingAnswer<T>(name: string, res: T | { fail: number; message: string }): T {
  if (res && typeof res === 'object' && 'fail' in res) throw openapiError(name, res.fail, res.message);
  return res as T;
}

export const openapi = {
  wxa: { sec: { order: {
    async uploadShippingInfo(p: unknown) {
      await tick();
      return shippingAnswer(OPENAPI_NAME.uploadShippingInfo, activeRuntime().shipping.upload(p));
    },
    async getOrder(p: ShippingOrderQuery) {
      await tick();
      return shippingAnswer(OPENAPI_NAME.getShippingOrder, activeRuntime().shipping.getOrder(p));
    },
  } } },
  wxacode: {
    async getUnlimited(p: WxacodeParams) {
      const problem = wxacodeProblem(p);
      // 40169 is what WeChat answers for a bad scene (developers' reports); 41030 for a bad page.
      if (problem) throw openapiError(OPENAPI_NAME.wxacodeGetUnlimited, /page/.test(problem) ? 41030 : 40169, problem);
      const png = await activeRuntime().wxacode(p);
      return { ...png, errCode: 0, errMsg: OPENAPI_SDK.okMsg(OPENAPI_NAME.wxacodeGetUnlimited) };
    },
  },
  phonenumber: {
    /** The code must be one the runtime issued (issuePhoneCode), unused and under 5 minutes old; else 40029 as WeChat answers. */
    async getPhoneNumber(p: PhoneNumberParams) {
      await tick();
      const info = activeRuntime().redeemPhoneCode(String(p?.code ?? ''));
      if (!info) throw openapiError(OPENAPI_NAME.phonenumberGetPhoneNumber, PHONE_NUMBER.errCode.invalidCode, 'invalid code');
      return { phoneInfo: info, errCode: 0, errMsg: OPENAPI_SDK.okMsg(OPENAPI_NAME.phonenumberGetPhoneNumber) };
    },
  },
  subscribeMessage: {
    async send(p: SubscribeMessageParams) {
      const rt = activeRuntime();
      if (rt.strictSubscribeMessages) {
        for (const [key, { value }] of Object.entries(p.data)) {
          const problem = subscribeValueProblem(key, String(value));
          if (problem) throw openapiError(OPENAPI_NAME.subscribeMessageSend, SUBSCRIBE_MESSAGE.errCode.badValue, `argument invalid! ${problem}`);
        }
      }
      return rt.sendSubscribeMessage(p);
    },
  },
};

// Cloud storage (server SDK): files under the runtime's data folder, served by the gateway.
type Storage = import('./storage').LocalStorage;
export const uploadFile = (p: Parameters<Storage['uploadFile']>[0]) => activeRuntime().storage.uploadFile(p);
export const getTempFileURL = (p: Parameters<Storage['getTempFileURL']>[0]) => activeRuntime().storage.getTempFileURL(p);
export const deleteFile = (p: Parameters<Storage['deleteFile']>[0]) => activeRuntime().storage.deleteFile(p);
