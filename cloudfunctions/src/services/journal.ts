import { AppError } from '../../../src/contracts';
import { hashInput } from '../domain/ids';
import type { Transaction } from '../adapters/sdk';
import { isMissing, txGet } from './tx';

/**
 * The one writer of balances. Every entry is append-only, keyed by an idempotency key, and
 * carries a hash of its input: the same key with the same input returns the first entry; the
 * same key with a different input is IDEMPOTENCY_MISMATCH. A balance document caches the sum of
 * its account's entries and is only ever changed here, in the same transaction as the entry.
 */
export interface JournalInput {
  key: string;
  account: string;
  amount: number;
  kind: string;
  ref: string;
  /** May this entry take the balance below zero? Only reversals may (see PRODUCT.md). */
  allowNegative?: boolean;
}

export interface JournalEntry {
  _id: string;
  account: string;
  amount: number;
  kind: string;
  ref: string;
  inputHash: string;
  balanceAfter: number;
  createdAtMs: number;
}

export type JournalOutcome = { status: 'created' | 'exists'; entry: JournalEntry };

export { isMissing };

export async function applyJournal(tx: Transaction, input: JournalInput, nowMs: number): Promise<JournalOutcome> {
  if (!Number.isSafeInteger(input.amount)) throw new AppError('INVALID_INPUT', 'journal amount must be an integer');
  const inputHash = hashInput({ account: input.account, amount: input.amount, kind: input.kind, ref: input.ref });
  const existing = await txGet<JournalEntry>(tx, 'journal', input.key);
  if (existing) {
    if (existing.inputHash !== inputHash) throw new AppError('IDEMPOTENCY_MISMATCH', `journal key ${input.key} reused with different input`);
    return { status: 'exists', entry: existing };
  }
  const balance = await txGet<{ balance: number; entryCount: number }>(tx, 'balances', input.account);
  const before = balance?.balance ?? 0;
  const after = before + input.amount;
  if (after < 0 && input.amount < 0 && !input.allowNegative) {
    throw new AppError('INSUFFICIENT_BALANCE', '余额不足');
  }
  const entry: JournalEntry = { _id: input.key, account: input.account, amount: input.amount, kind: input.kind, ref: input.ref, inputHash, balanceAfter: after, createdAtMs: nowMs };
  await tx.collection('journal').add({ data: entry as unknown as Record<string, unknown> });
  const entryCount = (balance?.entryCount ?? 0) + 1;
  // accountKind lets jobs find, say, every points balance without a prefix query.
  const accountKind = input.account.split(':')[0];
  await tx.collection('balances').doc(input.account).set({ data: { balance: after, entryCount, accountKind, updatedAtMs: nowMs } });
  return { status: 'created', entry };
}

/** Account names: one per balance kind and owner. */
export const accounts = {
  points: (openid: string) => `points:${openid}`,
  principal: (openid: string) => `sv_principal:${openid}`,
  bonus: (openid: string) => `sv_bonus:${openid}`,
  sales: 'store:sales',
};
