import type { Transaction } from '../adapters/sdk';
import { db } from '../adapters/cloud';

export function isMissing(e: unknown): boolean {
  const msg = e instanceof Error ? e.message : String(e);
  return /does not exist|not exist|DOCUMENT_NOT_FOUND/i.test(msg);
}

/** A document read inside a transaction, or null when it does not exist. */
export async function txGet<T>(tx: Transaction, coll: string, id: string): Promise<T | null> {
  try {
    return (await tx.collection(coll).doc(id).get()).data as unknown as T;
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
}

/** A document read outside a transaction, or null when it does not exist. */
export async function getOrNull<T>(coll: string, id: string): Promise<T | null> {
  try {
    return (await db().collection(coll).doc(id).get()).data as unknown as T;
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
}
