import type { Address } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import { getOrNull } from '../../shared/tx';

/**
 * A shopper's address book: one document of their own (`address_books/<openid>`), replaced whole
 * by each save — a retry writes the same thing again. The order keeps its own copy of the address
 * it was sent to, so editing the book never changes an order.
 */
export async function listAddresses(openid: string): Promise<Address[]> {
  return (await getOrNull<{ addresses: Address[] }>('address_books', openid))?.addresses ?? [];
}

export async function saveAddresses(openid: string, addresses: Address[], nowMs: number): Promise<Address[]> {
  await db().collection('address_books').doc(openid).set({ data: { addresses, updatedAtMs: nowMs } });
  return addresses;
}
