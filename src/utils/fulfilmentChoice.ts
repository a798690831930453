import { shop } from '../api/client';
import type { FulfilmentChoice } from '../contracts';

/**
 * Where a group-buy seat's unit goes, without a checkout page: the shopper's first saved address,
 * else pickup at the store when it offers one, else not asked (the owner hands it over). The
 * order page shows the choice; DECISIONS.md, "Delivery, shipping information and after-sales".
 */
export async function defaultFulfilment(): Promise<FulfilmentChoice | undefined> {
  try {
    const [{ addresses }, { store }] = await Promise.all([shop('address.list', {}), shop('store.get', {})]);
    if (addresses[0]) return { mode: 'delivery', address: addresses[0] };
    return store.pickup ? { mode: 'pickup' } : undefined;
  } catch {
    return undefined;
  }
}
