import { AppError } from '../../../src/contracts';
import { hashInput } from '../shared/ids';
import { db } from '../adapters/cloud';
import { beforeCommit, runTx } from '../adapters/transaction';
import type { Transaction } from '../adapters/sdk';
import { isMissing, txGet } from '../shared/tx';

/**
 * The one writer of balances. Every entry is append-only, keyed by an idempotency key, and
 * carries a hash of its input: the same key with the same input returns the first entry; the
 * same key with a different input is IDEMPOTENCY_MISMATCH. Three kinds of account, so that no
 * document many shoppers share is written on their path (docs/ARCHITECTURE.md, "Under a rush"):
 *
 * - personal (points:, sv_principal:, sv_bonus:, commission_withdrawing:, commission_paid:):
 *   one writer at a time, the person. The `balances/<account>` document is written in the same
 *   transaction as the entry, so a checked debit can never overdraw.
 * - shared (commission_frozen:, commission:), credited by many orders at once: a credit is
 *   appended `pending` (no balance write) and folded into the balance document later (cron, or
 *   the account's own debit path first). Every debit writes the balance document it checked.
 *   So the document is always ≤ the true balance: a checked debit against it cannot overdraw;
 *   readers show balance + pending at once.
 * - store (store:sales): entries only, no balance document at all; totals come from rollups.
 * - referral points (kind `referral_points` on points:<member>): a member's points account is
 *   personal, but a member's whole team may pay at once and each payment credits it, so these
 *   credits wait `pending` like a shared account's and are folded the same way (cron, or the
 *   member's own debit first: checkout with points, an exchange, expiry); a refund settles one
 *   still pending against its reversal (reverseIfPending), or folds it and then reverses it.
 *
 * Invariant (local/audit.ts): balance document + pending entries = sum of all entries.
 */
export interface JournalInput {
  key: string;
  account: string;
  amount: number;
  kind: string;
  ref: string;
  /** May this entry take the balance below zero? Only reversals may (see PRODUCT.md). */
  allowNegative?: boolean;
  /**
   * The caller's compare-and-set (e.g. the order's PENDING → PAID) makes this the key's only
   * write: no read before the insert. Should the key exist after all, the duplicate _id fails
   * the whole transaction instead of being answered as a repeat.
   */
  keyIsNew?: boolean;
}

export interface JournalEntry {
  _id: string;
  account: string;
  amount: number;
  kind: string;
  ref: string;
  inputHash: string;
  /** The balance document after this entry; null for pending and store entries. */
  balanceAfter: number | null;
  /** A shared account's credit not yet in the balance document. */
  pending: boolean;
  createdAtMs: number;
  foldedAtMs?: number;
  /** A pending credit settled against its reversal without entering the balance document (reverseIfPending). */
  cancelledBy?: string;
  /** The reversal that settled a pending credit (reverseIfPending): it never entered the balance document either. */
  cancels?: string;
}

export type JournalOutcome = { status: 'created' | 'exists'; entry: JournalEntry };

export type AccountKind = 'personal' | 'shared' | 'store';

export function accountKindOf(account: string): AccountKind {
  if (account.startsWith('store:')) return 'store';
  if (account.startsWith('commission_frozen:') || account.startsWith('commission:')) return 'shared';
  return 'personal';
}

/** The entry kind of a referral reward in points (see above: appended pending, folded later). */
export const REFERRAL_POINTS_KIND = 'referral_points';

/** A credit that many payers may append at once: appended pending, no balance write. */
function waitsToFold(kind: AccountKind, input: JournalInput): boolean {
  if (input.amount < 0) return false;
  return kind === 'shared' || (input.kind === REFERRAL_POINTS_KIND && input.account.startsWith('points:'));
}

export { isMissing };

interface BalanceDoc {
  balance: number;
  entryCount: number;
}

interface SeenBalance extends BalanceDoc {
  /** Set when this transaction changed it: the time it is written with. */
  changedAtMs: number | null;
}

// What this transaction has read or written of each balance document, so that two entries on
// one account in one transaction (or a check before a debit) read the document once, and the
// document is written once, last (beforeCommit): a balance document is the one thing several
// writers share, and a transaction holds a document's lock from its write to its commit.
const balancesSeen = new WeakMap<Transaction, Map<string, SeenBalance>>();

async function readBalance(tx: Transaction, account: string): Promise<SeenBalance> {
  let seen = balancesSeen.get(tx);
  if (!seen) {
    const all = (seen = new Map());
    balancesSeen.set(tx, all);
    beforeCommit(tx, () => writeBalances(tx, all));
  }
  let doc = seen.get(account);
  if (!doc) {
    const raw = await txGet<BalanceDoc>(tx, 'balances', account);
    doc = { balance: raw?.balance ?? 0, entryCount: raw?.entryCount ?? 0, changedAtMs: null };
    seen.set(account, doc);
  }
  return doc;
}

function setBalance(tx: Transaction, account: string, doc: BalanceDoc, nowMs: number): void {
  balancesSeen.get(tx)!.set(account, { balance: doc.balance, entryCount: doc.entryCount, changedAtMs: nowMs });
}

async function writeBalances(tx: Transaction, seen: Map<string, SeenBalance>): Promise<void> {
  // Shared accounts last: their locks are the ones other writers wait for.
  const order = [...seen].sort(([a], [b]) => Number(accountKindOf(a) === 'shared') - Number(accountKindOf(b) === 'shared'));
  for (const [account, doc] of order) {
    if (doc.changedAtMs === null) continue;
    // accountKind lets jobs find, say, every points balance without a prefix query.
    const data = { balance: doc.balance, entryCount: doc.entryCount, accountKind: account.split(':')[0], updatedAtMs: doc.changedAtMs };
    await tx.collection('balances').doc(account).set({ data });
  }
}

/** The balance document inside a transaction: what a checked debit may take (pending credits excluded). */
export async function txBalance(tx: Transaction, account: string): Promise<number> {
  return (await readBalance(tx, account)).balance;
}

export async function applyJournal(tx: Transaction, input: JournalInput, nowMs: number): Promise<JournalOutcome> {
  if (!Number.isSafeInteger(input.amount)) throw new AppError('INVALID_INPUT', 'journal amount must be an integer');
  const inputHash = hashInput({ account: input.account, amount: input.amount, kind: input.kind, ref: input.ref });
  if (!input.keyIsNew) {
    const existing = await txGet<JournalEntry>(tx, 'journal', input.key);
    if (existing) {
      if (existing.inputHash !== inputHash) throw new AppError('IDEMPOTENCY_MISMATCH', `journal key ${input.key} reused with different input`);
      return { status: 'exists', entry: existing };
    }
  }
  const kind = accountKindOf(input.account);
  const base = { _id: input.key, account: input.account, amount: input.amount, kind: input.kind, ref: input.ref, inputHash, createdAtMs: nowMs };
  if (kind === 'store' || waitsToFold(kind, input)) {
    const entry: JournalEntry = { ...base, balanceAfter: null, pending: kind !== 'store' };
    await tx.collection('journal').add({ data: entry as unknown as Record<string, unknown> });
    return { status: 'created', entry };
  }
  const balance = await readBalance(tx, input.account);
  const after = balance.balance + input.amount;
  if (after < 0 && input.amount < 0 && !input.allowNegative) throw new AppError('INSUFFICIENT_BALANCE', '余额不足');
  const entry: JournalEntry = { ...base, balanceAfter: after, pending: false };
  await tx.collection('journal').add({ data: entry as unknown as Record<string, unknown> });
  setBalance(tx, input.account, { balance: after, entryCount: balance.entryCount + 1 }, nowMs);
  return { status: 'created', entry };
}

/**
 * Folds pending credits of one shared account into its balance document, inside the caller's
 * transaction: each entry is read in the transaction's snapshot and marked folded, so two folds
 * of one entry conflict instead of counting it twice. Returns how many were folded.
 */
export async function foldEntries(tx: Transaction, account: string, entryIds: string[], nowMs: number): Promise<number> {
  const balance = await readBalance(tx, account);
  let next: BalanceDoc = { balance: balance.balance, entryCount: balance.entryCount };
  let folded = 0;
  for (const id of entryIds) {
    const entry = await txGet<JournalEntry>(tx, 'journal', id);
    if (!entry || entry.account !== account || entry.pending !== true) continue;
    await tx.collection('journal').doc(id).update({ data: { pending: false, foldedAtMs: nowMs } });
    next = { balance: next.balance + entry.amount, entryCount: next.entryCount + 1 };
    folded += 1;
  }
  if (folded > 0) setBalance(tx, account, next, nowMs);
  return folded;
}

/**
 * A credit that is still pending (a shared account's, or referral points) is taken back by
 * settling it against its reversal, inside the caller's transaction, without writing the balance
 * document: the credit is marked settled (no longer pending) and the reversal is appended settled
 * beside it, so neither enters the document and balance document + pending = entries still holds
 * (they sum to zero). The credit entry is the only document written — one order's — so a refund
 * does not take the lock every other writer of a popular partner's (or member's) balance waits for. Reading the credit in the
 * transaction's snapshot and writing it makes a concurrent fold of the same credit conflict
 * instead of counting it twice. False when the credit is no longer pending (folded, or not this
 * amount): the caller folds it and debits as usual.
 */
export async function reverseIfPending(tx: Transaction, creditKey: string, reversal: JournalInput, nowMs: number): Promise<boolean> {
  if (accountKindOf(reversal.account) === 'store' || reversal.amount >= 0) return false;
  const credit = await txGet<JournalEntry>(tx, 'journal', creditKey);
  // Only credits that wait to fold are ever pending (waitsToFold), so this is a shared credit or referral points.
  if (!credit || credit.pending !== true || credit.account !== reversal.account || credit.amount !== -reversal.amount) return false;
  if (await txGet<JournalEntry>(tx, 'journal', reversal.key)) return false;
  const inputHash = hashInput({ account: reversal.account, amount: reversal.amount, kind: reversal.kind, ref: reversal.ref });
  await tx.collection('journal').doc(creditKey).update({ data: { pending: false, foldedAtMs: nowMs, cancelledBy: reversal.key } });
  const entry: JournalEntry = {
    _id: reversal.key, account: reversal.account, amount: reversal.amount, kind: reversal.kind, ref: reversal.ref, inputHash, balanceAfter: null, pending: false, createdAtMs: nowMs, cancels: creditKey,
  };
  await tx.collection('journal').add({ data: entry as unknown as Record<string, unknown> });
  return true;
}

const FOLD_BATCH = 50;

/** Ids of an account's pending credits, oldest first, at most `limit` (a debit folds these in its own transaction). */
export async function pendingEntryIds(account: string, limit = FOLD_BATCH): Promise<string[]> {
  const { data } = await db().collection('journal').where({ account, pending: true }).orderBy('createdAtMs', 'asc').limit(limit).get();
  return data.map((d) => d._id);
}

/** Folds an account's pending credits, a batch per transaction (the account's owner does this before a debit). */
export async function foldAccount(account: string, nowMs: number, maxEntries = 500): Promise<number> {
  let folded = 0;
  while (folded < maxEntries) {
    const ids = await pendingEntryIds(account);
    if (ids.length === 0) break;
    const n = await runTx((tx) => foldEntries(tx, account, ids, nowMs));
    folded += n;
    if (n === 0 || ids.length < FOLD_BATCH) break;
  }
  return folded;
}

/** cron: folds every shared account with pending credits, oldest entries first, within a budget. */
export async function foldPendingCredits(nowMs: number, budget = 2000): Promise<number> {
  const { data } = await db().collection('journal').where({ pending: true }).orderBy('createdAtMs', 'asc').limit(1000).get();
  const accounts = [...new Set(data.map((d) => String(d.account)))];
  let folded = 0;
  for (const account of accounts) {
    if (folded >= budget) break;
    try {
      folded += await foldAccount(account, nowMs, budget - folded);
    } catch (e) {
      console.error('journal: fold left to the next run', account, e);
    }
  }
  return folded;
}

/**
 * Inside a debit's transaction: folds the pending credits `ids` (read before the transaction with
 * `pendingEntryIds`) so the debit checks the whole balance, and a refused debit folds nothing.
 */
export async function foldBeforeDebit(tx: Transaction, account: string, ids: string[], nowMs: number): Promise<void> {
  if (ids.length > 0) await foldEntries(tx, account, ids, nowMs);
}

/** Sum of an account's pending credits (what readers add to the balance document). */
export async function pendingOf(accountNames: string[]): Promise<Map<string, number>> {
  const _ = db().command;
  const sums = new Map<string, number>(accountNames.map((a) => [a, 0]));
  if (accountNames.length === 0) return sums;
  const { data } = await db().collection('journal').where({ account: _.in(accountNames), pending: true }).limit(1000).get();
  for (const d of data) sums.set(String(d.account), (sums.get(String(d.account)) ?? 0) + Number(d.amount));
  return sums;
}

/** Account names: one per balance kind and owner. */
export const accounts = {
  points: (openid: string) => `points:${openid}`,
  principal: (openid: string) => `sv_principal:${openid}`,
  bonus: (openid: string) => `sv_bonus:${openid}`,
  sales: 'store:sales',
};
