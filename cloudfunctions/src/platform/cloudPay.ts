// WeChat Pay through CloudBase (cloud.cloudPay): call names, parameters, results, the callback
// acknowledgement and the limits (the callback events' schemas are in callbacks.ts). Parameters and results are camelCase: the SDK converts them to and
// from WeChat Pay's snake_case (sdk fact below), whatever the pages' tables print.

export const CLOUD_PAY_API = {
  unifiedOrder: { name: 'unifiedOrder', provenance: { kind: 'official', page: 'unifiedOrder' } },
  queryOrder: { name: 'queryOrder', provenance: { kind: 'official', page: 'queryOrder' } },
  closeOrder: { name: 'closeOrder', provenance: { kind: 'official', page: 'closeOrder' } },
  refund: { name: 'refund', provenance: { kind: 'official', page: 'refund' } },
} as const;
export type CloudPayApi = keyof typeof CLOUD_PAY_API;

/**
 * What the SDK does to every cloudPay call: camelCase → snake_case in, snake_case → camelCase out,
 * and `{ ...result, errCode: 0, errMsg: 'cloudPay.<api>:ok' }` on any answer — WeChat Pay's own
 * `err_code` is overwritten, so a business failure is read from returnCode / resultCode /
 * errCodeDes, never errCode. A transport failure throws (errCode ≠ 0, errMsg `cloudPay.<api>:fail …`).
 */
export const CLOUD_PAY_SDK = {
  okEnvelope: (api: CloudPayApi) => ({ errCode: 0 as const, errMsg: `cloudPay.${api}:ok` }),
  failPrefix: (api: CloudPayApi) => `cloudPay.${api}:fail`,
  provenance: { kind: 'sdk', file: 'src/api/cloudpay/namespace/generic.ts, src/utils/error.ts' },
} as const;

/** outTradeNo: at most 32 characters of digits, letters, `_` and `-` (unifiedOrder page). */
export const OUT_TRADE_NO = { pattern: /^[0-9A-Za-z_-]{1,32}$/, provenance: { kind: 'official', page: 'unifiedOrder' } } as const;

/** outRefundNo: at most 64 characters of digits, letters, `_` and `-` (refund page). */
export const OUT_REFUND_NO = { pattern: /^[0-9A-Za-z_-]{1,64}$/, provenance: { kind: 'official', page: 'refund' } } as const;

/** body: String(128) — WeChat Pay counts bytes of UTF-8, about 42 Chinese characters. */
export const BODY = { maxBytes: 128, provenance: { kind: 'official', page: 'unifiedOrder' } } as const;

/** The longest prefix of `text` that fits `maxBytes` of UTF-8, never cutting a character in two. */
export function fitUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let out = '';
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > maxBytes) break;
    bytes += size;
    out += ch;
  }
  return out;
}

/** A unifiedOrder body that WeChat Pay accepts. */
export const fitBody = (text: string): string => fitUtf8(text, BODY.maxBytes);

/** closeOrder may be called only 5 minutes or more after the order was created. */
export const CLOSE_ORDER = { minAgeMs: 300_000 /* 5 min */, provenance: { kind: 'official', page: 'closeOrder' } } as const;

/** Refunds: the same outRefundNo on every retry; at most 50 partial refunds per order; none after a year. */
export const REFUND_LIMITS = { maxPartialRefunds: 50, maxAgeMs: 31_536_000_000 /* 365 days */, provenance: { kind: 'official', page: 'refund' } } as const;

/** queryOrder's tradeState (WeChat Pay v2 查询订单). */
export const TRADE_STATE = {
  values: ['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'REVOKED', 'USERPAYING', 'PAYERROR'] as const,
  /** Paid: SUCCESS, or paid and then (partly) refunded. */
  paid: ['SUCCESS', 'REFUND'] as const,
  /** Not paid and can no longer be: CLOSED; REVOKED / PAYERROR belong to payment-code (刷卡) trades. */
  final: ['SUCCESS', 'REFUND', 'CLOSED', 'REVOKED', 'PAYERROR'] as const,
  provenance: { kind: 'official', page: 'wxpayOrderQuery' },
} as const;
export type TradeState = (typeof TRADE_STATE.values)[number];

// ---------------------------------------------------------------- calls

export interface UnifiedOrderParams {
  body: string;
  outTradeNo: string;
  spbillCreateIp: string;
  subMchId: string;
  totalFee: number;
  /** The environment and function that receive the payment callback. */
  envId: string;
  functionName: string;
  nonceStr: string;
  tradeType?: 'JSAPI';
  attach?: string;
}

export interface PaymentParams {
  appId?: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: string;
  paySign: string;
}

/** Every answer carries the SDK envelope (errCode 0) and WeChat Pay's own codes. */
interface CloudPayAnswer {
  errCode: number;
  errMsg: string;
  returnCode: string;
  returnMsg?: string;
  resultCode?: string;
  errCodeDes?: string;
}

export interface UnifiedOrderResult extends CloudPayAnswer {
  /** What wx.requestPayment needs. */
  payment?: PaymentParams;
  prepayId?: string;
}

/** Either outTradeNo or transactionId (transactionId wins when both are given). */
export interface QueryOrderParams {
  subMchId: string;
  outTradeNo?: string;
  transactionId?: string;
  nonceStr: string;
}

export interface QueryOrderResult extends CloudPayAnswer {
  tradeState?: TradeState;
  tradeStateDesc?: string;
  outTradeNo?: string;
  transactionId?: string;
  totalFee?: number;
  cashFee?: number;
  subOpenid?: string;
  /** yyyyMMddHHmmss in UTC+8. */
  timeEnd?: string;
}

export interface CloseOrderParams {
  subMchId: string;
  outTradeNo: string;
  nonceStr: string;
}

export interface CloseOrderResult extends CloudPayAnswer {
  resultMsg?: string;
}

export interface RefundParams {
  outTradeNo: string;
  outRefundNo: string;
  totalFee: number;
  refundFee: number;
  subMchId: string;
  /** The environment and function that receive the refund callback. */
  envId: string;
  functionName: string;
  nonceStr: string;
}

export interface RefundResult extends CloudPayAnswer {
  refundId?: string;
  outRefundNo?: string;
  refundFee?: number;
}

// ---------------------------------------------------------------- callbacks

/**
 * A callback function must answer `{ errcode: 0, errmsg }`; anything else counts as a failure
 * and WeChat Pay calls again, for at most two days. Only successful payments call back.
 */
export const CALLBACK_ACK = { ok: 0, retryForMs: 172_800_000 /* 2 days */, provenance: { kind: 'official', page: 'paymentCallback' } } as const;
export interface CallbackAck {
  errcode: number;
  errmsg: string;
}
