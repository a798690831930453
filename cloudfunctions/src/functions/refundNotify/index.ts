import { cloud } from '../../adapters/cloud';
import { nowMs } from '../../adapters/clock';
import { applyRefundNotice } from '../../orders/services/refunds';
import { CALLBACK_ACK, isPayCallback, RefundCallbackEvent } from '../../platform';
import type { PayAck } from '../payNotify';

/**
 * The cloudPay refund callback: only WeChat Pay may call it (SOURCE wx_paycallback); repeats
 * are no-ops. CloudBase delivers the refund's fields flat and already decrypted (platform/
 * cloudPay.ts): an event without them is malformed (400) and logged, never guessed at.
 */
export async function main(event: unknown): Promise<PayAck> {
  const ctx = cloud().getWXContext();
  if (!isPayCallback(ctx)) {
    console.warn('refundNotify refused: source', String(ctx.SOURCE));
    return { errcode: 403, errmsg: 'forbidden' };
  }
  const parsed = RefundCallbackEvent.safeParse(event);
  if (!parsed.success) {
    console.error('refundNotify malformed event', JSON.stringify(event));
    return { errcode: 400, errmsg: 'malformed' };
  }
  try {
    const outcome = await applyRefundNotice(parsed.data, nowMs());
    if (outcome !== 'applied' && outcome !== 'duplicate') console.warn('refundNotify', outcome, parsed.data.outRefundNo);
    return { errcode: CALLBACK_ACK.ok, errmsg: outcome };
  } catch (e) {
    console.error('refundNotify failed; the payment system will retry', e);
    return { errcode: 500, errmsg: 'retry' };
  }
}
