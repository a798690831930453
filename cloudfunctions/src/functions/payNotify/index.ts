import { cloud, PAY_SOURCE } from '../../adapters/cloud';
import { nowMs } from '../../adapters/clock';
import { applyPayment, PayNotifyEvent } from '../../services/payments';

export interface PayAck {
  errcode: number;
  errmsg: string;
}

/**
 * The cloudPay callback. Only the payment system may call it. Every delivery of a valid callback
 * is acknowledged with errcode 0 (repeats, mismatches and unknown orders included: they are
 * recorded, and a retry would not change them); only a failure to record asks for a retry.
 */
export async function main(event: unknown): Promise<PayAck> {
  const ctx = cloud().getWXContext();
  if (ctx.SOURCE !== PAY_SOURCE) {
    console.warn('payNotify refused: source', ctx.SOURCE);
    return { errcode: 403, errmsg: 'forbidden' };
  }
  const parsed = PayNotifyEvent.safeParse(event);
  if (!parsed.success) {
    console.error('payNotify malformed event', JSON.stringify(event));
    return { errcode: 400, errmsg: 'malformed' };
  }
  try {
    const outcome = await applyPayment(parsed.data, nowMs());
    if (outcome !== 'apply' && outcome !== 'duplicate') console.warn('payNotify', outcome, parsed.data.outTradeNo);
    return { errcode: 0, errmsg: outcome === 'apply' || outcome === 'duplicate' ? 'OK' : outcome };
  } catch (e) {
    console.error('payNotify failed; the payment system will retry', e);
    return { errcode: 500, errmsg: 'retry' };
  }
}
