// The drop-in for wx-server-sdk on the local runtime: same names, same shapes, same failures.
// Function code requires 'wx-server-sdk'; jest's moduleNameMapper and the gateway's resolver
// point that name here.
import { randomBytes } from 'crypto';
import { currentInvocation } from './context';
import { activeRuntime, ENV_ID } from './runtime';

export const DYNAMIC_CURRENT_ENV = Symbol.for('DYNAMIC_CURRENT_ENV');

export function init(_opts?: { env?: unknown }): void {
  // Nothing to connect to: the active runtime already holds the database.
}

export function database() {
  return activeRuntime().db;
}

export function getWXContext() {
  const inv = currentInvocation();
  return {
    OPENID: inv?.OPENID || undefined,
    APPID: inv?.APPID || undefined,
    UNIONID: undefined,
    ENV: ENV_ID,
    SOURCE: inv?.SOURCE,
  };
}

interface UnifiedOrderParams {
  body: string;
  outTradeNo: string;
  spbillCreateIp: string;
  subMchId: string;
  totalFee: number;
  envId: string;
  functionName: string;
  nonceStr?: string;
}

export const cloudPay = {
  async unifiedOrder(p: UnifiedOrderParams) {
    await new Promise((r) => setImmediate(r));
    const openid = currentInvocation()?.OPENID;
    if (!openid) return { returnCode: 'FAIL', returnMsg: 'unifiedOrder needs a user context (OPENID)' };
    const res = activeRuntime().cashier.unifiedOrder({ outTradeNo: p.outTradeNo, totalFee: p.totalFee, functionName: p.functionName, subMchId: p.subMchId, openid });
    if (!res.ok) return { returnCode: 'SUCCESS', resultCode: 'FAIL', errCode: res.code, errCodeDes: res.message };
    const nonceStr = p.nonceStr ?? randomBytes(8).toString('hex');
    return {
      returnCode: 'SUCCESS',
      resultCode: 'SUCCESS',
      payment: { timeStamp: String(Math.floor(Date.now() / 1000)), nonceStr, package: `prepay_id=${res.prepayId}`, signType: 'MD5', paySign: randomBytes(16).toString('hex').toUpperCase() },
    };
  },
  async refund(p: { outTradeNo: string; outRefundNo: string; totalFee: number; refundFee: number; functionName: string; subMchId?: string }) {
    await new Promise((r) => setImmediate(r));
    const rt = activeRuntime();
    const res = rt.cashier.refund(p);
    if (!res.ok) return { returnCode: 'SUCCESS', resultCode: 'FAIL', errCode: res.code, errCodeDes: res.message };
    rt.refundAccepted({ ...p, refundId: res.refundId });
    return { returnCode: 'SUCCESS', resultCode: 'SUCCESS', refundId: res.refundId, outRefundNo: p.outRefundNo, refundFee: p.refundFee };
  },
};

export const openapi = {
  wxacode: {
    getUnlimited: (p: { scene: string; page?: string; width?: number }) => activeRuntime().wxacode(p),
  },
  subscribeMessage: {
    send: (p: { touser: string; templateId: string; page?: string; data: Record<string, { value: string }> }) => activeRuntime().sendSubscribeMessage(p),
  },
};

// Cloud storage (server SDK): files under the runtime's data folder, served by the gateway.
type Storage = import('./storage').LocalStorage;
export const uploadFile = (p: Parameters<Storage['uploadFile']>[0]) => activeRuntime().storage.uploadFile(p);
export const getTempFileURL = (p: Parameters<Storage['getTempFileURL']>[0]) => activeRuntime().storage.getTempFileURL(p);
export const deleteFile = (p: Parameters<Storage['deleteFile']>[0]) => activeRuntime().storage.deleteFile(p);
