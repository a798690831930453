import { AppError } from '../../../src/contracts';
import { db } from '../adapters/cloud';
import { orderNoFor } from '../domain/ids';
import { isDuplicate } from './session';
import { getOrNull } from './tx';

export const ORDER_NUMBERS = 'order_numbers';

/**
 * Claims a unique human order number for an order that does not exist yet. Uniqueness comes
 * from the number being a document _id (a duplicate insert fails), so no shared counter is
 * written on the shopper's path. Deterministic per order id and second: a retried claim for the
 * same order finds its own number. A number claimed by an order that was then never written is
 * a harmless gap.
 */
export async function claimOrderNo(orderId: string, nowMs: number): Promise<string> {
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const orderNo = orderNoFor(nowMs, orderId, attempt);
    try {
      await db().collection(ORDER_NUMBERS).add({ data: { _id: orderNo, orderId, createdAtMs: nowMs } });
      return orderNo;
    } catch (e) {
      if (!isDuplicate(e)) throw e;
      const held = await getOrNull<{ orderId: string }>(ORDER_NUMBERS, orderNo);
      if (held?.orderId === orderId) return orderNo;
    }
  }
  throw new AppError('CONFLICT', '下单繁忙，请重试');
}
