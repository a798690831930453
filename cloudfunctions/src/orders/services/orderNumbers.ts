import { AppError } from '../../../../src/contracts';
import type { Transaction } from '../../adapters/sdk';
import { orderNoFor } from '../../shared/ids';
import { isDuplicate } from '../../members/services/session';

export const ORDER_NUMBERS = 'order_numbers';

/**
 * Human order numbers are unique because each is a document _id in `order_numbers`, claimed in
 * the transaction that writes the order: no shared counter is written on the shopper's path, and
 * a refused or failed order leaves no claim behind. `attempt` picks other digits when a number is
 * taken (a duplicate _id fails the transaction; withOrderNo runs it again with the next attempt).
 */
export async function claimOrderNo(tx: Transaction, orderId: string, nowMs: number, attempt: number): Promise<string> {
  const orderNo = orderNoFor(nowMs, orderId, attempt);
  await tx.collection(ORDER_NUMBERS).add({ data: { _id: orderNo, orderId, createdAtMs: nowMs } });
  return orderNo;
}

const ATTEMPTS = 8;

/**
 * Runs an order-writing transaction until its number is free. The transaction must read the
 * order first: when the duplicate was the order itself (a concurrent retry of the same request),
 * the next run finds it and answers it.
 */
export async function withOrderNo<T>(run: (attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    try {
      return await run(attempt);
    } catch (e) {
      if (!isDuplicate(e)) throw e;
    }
  }
  throw new AppError('CONFLICT', '下单繁忙，请重试');
}
