import { cloud } from '../../adapters/cloud';
import { nowMs } from '../../adapters/clock';
import { applyPayment } from '../../orders/services/payments';
import { CALLBACK_ACK, isPayCallback, PayCallbackEvent, type CallbackAck } from '../../platform';

/** What a callback function answers WeChat Pay (platform/cloudPay.ts). */
export type PayAck = CallbackAck;

/**
 * The cloudPay payment callback. Only WeChat Pay may call it (SOURCE wx_paycallback). Every
 * delivery of a valid callback is acknowledged with errcode 0 (repeats, mismatches and unknown
 * orders included: they are recorded, and a retry would not change them); only a failure to
 * record asks for a retry, which WeChat Pay makes for up to two days.
 */
export async function main(event: unknown): Promise<PayAck> {
  const ctx = cloud().getWXContext();
  if (!isPayCallback(ctx)) {
    console.warn('payNotify refused: source', String(ctx.SOURCE));
    return { errcode: 403, errmsg: 'forbidden' };
  }
  const parsed = PayCallbackEvent.safeParse(event);
  if (!parsed.success) {
    console.error('payNotify malformed event', JSON.stringify(event));
    return { errcode: 400, errmsg: 'malformed' };
  }
  try {
    const outcome = await applyPayment(parsed.data, nowMs());
    if (outcome !== 'apply' && outcome !== 'duplicate') console.warn('payNotify', outcome, parsed.data.outTradeNo);
    // Anomalies (late, second payment, wrong amount, unknown order) are recorded and acknowledged: a retry would not change them.
    return { errcode: CALLBACK_ACK.ok, errmsg: outcome === 'apply' || outcome === 'duplicate' ? 'OK' : outcome };
  } catch (e) {
    console.error('payNotify failed; the payment system will retry', e);
    return { errcode: 500, errmsg: 'retry' };
  }
}
