import { cloud, PAY_SOURCE } from '../../adapters/cloud';
import { nowMs } from '../../adapters/clock';
import { applyRefundNotice, RefundNotifyEvent } from '../../services/refunds';
import type { PayAck } from '../payNotify';

/** The cloudPay refund callback: only the payment system may call it; repeats are no-ops. */
export async function main(event: unknown): Promise<PayAck> {
  if (cloud().getWXContext().SOURCE !== PAY_SOURCE) return { errcode: 403, errmsg: 'forbidden' };
  const raw = (event ?? {}) as Record<string, unknown>;
  // WeChat Pay puts the refund's fields in reqInfo; accept them flat as well.
  const flat = typeof raw.reqInfo === 'object' && raw.reqInfo !== null ? { ...raw, ...(raw.reqInfo as Record<string, unknown>) } : raw;
  const parsed = RefundNotifyEvent.safeParse(flat);
  if (!parsed.success) {
    console.error('refundNotify malformed event', JSON.stringify(event));
    return { errcode: 400, errmsg: 'malformed' };
  }
  try {
    const outcome = await applyRefundNotice(parsed.data, nowMs());
    if (outcome !== 'applied' && outcome !== 'duplicate') console.warn('refundNotify', outcome, parsed.data.outRefundNo);
    return { errcode: 0, errmsg: outcome };
  } catch (e) {
    console.error('refundNotify failed; the payment system will retry', e);
    return { errcode: 500, errmsg: 'retry' };
  }
}
