import { OPEN_AFTER_SALE, type OwnerOrderFilter } from '../../../../src/contracts';
import type { OrderDoc } from './orders';
import { db } from '../../adapters/cloud';

/**
 * The owner's fulfilment to-dos, counted on demand (read-only; for the dashboard's to-do table,
 * issue 12's analytics/services/todos.ts, and the order list's filters): 待发货 (paid delivery
 * orders, and paid orders made before delivery existed, not yet shipped), 待自提 (paid pickup
 * orders) and 售后 (requests waiting for the owner: to decide, or a return to receive).
 */
export const FULFILMENT_FILTERS = {
  toShip: () => ({ status: 'PAID', kind: db().command.in(['goods', 'group']), 'fulfilment.mode': db().command.neq('pickup'), virtual: db().command.neq(true) }),
  toPickUp: () => ({ status: 'PAID', 'fulfilment.mode': 'pickup' }),
} as const;

export async function countToShip(): Promise<number> {
  return (await db().collection('orders').where(FULFILMENT_FILTERS.toShip()).count()).total;
}

export async function countToPickUp(): Promise<number> {
  return (await db().collection('orders').where(FULFILMENT_FILTERS.toPickUp()).count()).total;
}

export async function countAfterSales(): Promise<number> {
  return (await db().collection('after_sales').where({ status: db().command.in([...OPEN_AFTER_SALE]) }).count()).total;
}

export async function fulfilmentCounts(): Promise<{ toShip: number; toPickUp: number; afterSale: number }> {
  return { toShip: await countToShip(), toPickUp: await countToPickUp(), afterSale: await countAfterSales() };
}

/** The owner's order list under a filter, newest first (售后: orders with a request waiting). */
export async function listOwnerOrders(filter: OwnerOrderFilter, limit: number): Promise<OrderDoc[]> {
  const where = filter === 'afterSale' ? { afterSaleOpen: db().command.gt('') } : FULFILMENT_FILTERS[filter]();
  const { data } = await db().collection('orders').where(where).orderBy('createdAtMs', 'desc').limit(limit).get();
  return data as unknown as OrderDoc[];
}
