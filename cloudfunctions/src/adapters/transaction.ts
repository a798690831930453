import { retrying, type RetryPolicy } from '../../../src/contracts/retry';
import { db } from './cloud';
import type { Transaction } from './sdk';

/**
 * The one caller of `db().runTransaction`. CloudBase's SDK re-runs a transaction only when the
 * error's `code` is DATABASE_TRANSACTION_CONFLICT; a conflict raised by a read or write inside the
 * callback surfaces as `-501001 … [ResourceUnavailable.TransactionConflict]` with no such code and
 * is NOT re-run (PLATFORM.md, Database; @cloudbase/database 1.4.3 src/transaction/index.ts). So
 * this runner asks the SDK for a single attempt (`times` = 0) and re-runs the whole callback itself
 * on either kind, and on TransactionBusy, with jittered backoff, a bounded number of times.
 * Whatever is left reaches the router as CONFLICT.
 */
export const TX_RETRY: RetryPolicy = { attempts: 8, baseMs: 10, capMs: 250 };

const CONFLICT_TEXT = /DATABASE_TRANSACTION_CONFLICT|TransactionConflict|TransactionBusy/;

export function isTransactionConflict(e: unknown): boolean {
  if (e === null || typeof e !== 'object') return false;
  const o = e as { code?: unknown; message?: unknown; errMsg?: unknown };
  if (o.code === 'DATABASE_TRANSACTION_CONFLICT') return true;
  return CONFLICT_TEXT.test(`${String(o.message ?? '')} ${String(o.errMsg ?? '')}`);
}

type Effect = () => Promise<unknown> | unknown;
const afterCommitOf = new WeakMap<Transaction, Effect[]>();
const beforeCommitOf = new WeakMap<Transaction, Effect[]>();

/**
 * Registers a last write of this attempt, run when the callback has returned, just before the
 * commit. A write takes its document's lock until the commit; the journal writes balance
 * documents (shared by many writers) here, so it holds their locks for one round trip.
 */
export function beforeCommit(tx: Transaction, effect: Effect): void {
  const hooks = beforeCommitOf.get(tx);
  if (!hooks) throw new Error('beforeCommit: not inside runTx');
  hooks.push(effect);
}

/**
 * Registers work to run once this attempt has committed (stock given back, a refund submitted):
 * never inside the callback, which may run several times. An attempt that does not commit drops
 * its effects. An effect that fails is logged; effects are chosen so that losing one is safe
 * (stock undersold, a refund the cron resubmits), never a double effect.
 */
export function afterCommit(tx: Transaction, effect: Effect): void {
  const effects = afterCommitOf.get(tx);
  if (!effects) throw new Error('afterCommit: not inside runTx');
  effects.push(effect);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runTx<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
  let committed: Effect[] = [];
  const result = await retrying(async () => {
    let effects: Effect[] = [];
    const value = await db().runTransaction(async (tx) => {
      effects = [];
      afterCommitOf.set(tx, effects);
      const hooks: Effect[] = [];
      beforeCommitOf.set(tx, hooks);
      const out = await fn(tx);
      for (const hook of hooks) await hook();
      return out;
    }, 0);
    committed = effects;
    return value;
  }, isTransactionConflict, TX_RETRY, { sleep, random: Math.random });
  for (const effect of committed) {
    try {
      await effect();
    } catch (e) {
      console.error('after-commit effect failed (left undone, safe side)', e);
    }
  }
  return result;
}
