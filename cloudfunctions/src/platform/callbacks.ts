// The events WeChat Pay delivers to our callback functions (payNotify, refundNotify), as zod
// schemas. Kept apart from cloudPay.ts so that only the callback functions bundle them.
import * as z from 'zod';
import { OUT_REFUND_NO, OUT_TRADE_NO } from './cloudPay';

/** The payment callback's event: WeChat Pay's 支付结果通知 fields, camelCase. */
export const PayCallbackEvent = /* @__PURE__ */ z.looseObject({
  returnCode: z.string(),
  resultCode: z.string().optional(),
  outTradeNo: z.string().regex(OUT_TRADE_NO.pattern),
  transactionId: z.string().min(1).max(32),
  totalFee: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  cashFee: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
  subMchId: z.string().optional(),
  subOpenid: z.string().optional(),
  timeEnd: z.string().optional(),
});
export type PayCallbackEvent = z.infer<typeof PayCallbackEvent>;
export const PAY_CALLBACK_EVENT = { schema: PayCallbackEvent, provenance: { kind: 'official', page: 'paymentCallback' } } as const;

/**
 * The refund callback's event arrives FLAT and already decrypted: WeChat Pay's encrypted
 * `req_info` is opened by CloudBase and its fields sit beside returnCode / appid / mchId. No
 * official page describes it; the shape comes from developers' reports (docs/DECISIONS.md).
 */
export const RefundCallbackEvent = /* @__PURE__ */ z.looseObject({
  returnCode: z.string(),
  outRefundNo: z.string().regex(OUT_REFUND_NO.pattern),
  outTradeNo: z.string().regex(OUT_TRADE_NO.pattern),
  refundFee: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  refundStatus: z.string(),
  refundId: z.string().optional(),
  transactionId: z.string().optional(),
  totalFee: z.number().int().nonnegative().optional(),
  settlementRefundFee: z.number().int().nonnegative().optional(),
  successTime: z.string().optional(),
});
export type RefundCallbackEvent = z.infer<typeof RefundCallbackEvent>;
export const REFUND_CALLBACK_EVENT = {
  schema: RefundCallbackEvent,
  provenance: { kind: 'community', page: 'https://developers.weixin.qq.com/community/personal/oCJUsw3wPZ3uGJE3o8Ima7tweSY8/question', why: 'no official page shows the cloudPay refund callback event; developers report it flat (appid, mchId, nonceStr, outRefundNo, outTradeNo, …)' },
} as const;
