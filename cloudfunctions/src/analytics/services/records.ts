import { db } from '../../adapters/cloud';
import type { Transaction } from '../../adapters/sdk';
import type { Stage } from '../../members/domain/ladder';
import { dayNoOf } from '../domain/day';
import { isDuplicate } from '../../members/services/session';

/**
 * The records analytics folds that no other document keeps. Both are written where the thing
 * happens, on documents one person owns, and never read back on a shopper's path:
 *
 * - `stage_moves/<ref>`: a ladder move, written in the transaction that changes `users.stage`
 *   (a payment, a refund's revocation, a lapsed card). Immutable; `atMs` orders the fold.
 * - `behaviour/<openid>_<day>_<action>`: what a shopper did on a UTC+8 day (a product viewed, an
 *   add-to-cart, a group joined, a visit, an opt-out). Created at the day's first such action
 *   (`atMs`, which orders the fold and never changes); later ones only count, up to a bound.
 */
export interface StageMoveDoc {
  _id: string;
  openid: string;
  from: Stage;
  to: Stage;
  atMs: number;
}

/** Inside the caller's transaction, whose compare-and-set makes `ref` new: records a move, if the stage changed. */
export async function recordStageMove(tx: Transaction, openid: string, from: Stage, to: Stage, atMs: number, ref: string): Promise<void> {
  if (from === to) return;
  const doc: StageMoveDoc = { _id: `${ref}`.slice(0, 120), openid, from, to, atMs };
  await tx.collection('stage_moves').add({ data: doc as unknown as Record<string, unknown> });
}

export const BEHAVIOURS = ['view', 'cart', 'group_join', 'visit', 'opt_out'] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

export interface BehaviourDoc {
  _id: string;
  openid: string;
  day: number;
  action: Behaviour;
  /** The first such action of the day: what analytics folds. */
  atMs: number;
  /** How many, up to BEHAVIOUR_COUNT_CAP (a busy shopper's document stays one small document). */
  count: number;
  lastAtMs: number;
}

export const BEHAVIOUR_COUNT_CAP = 9999;

/**
 * One shopper's own document per day and action: one conditional update, or an insert for the
 * day's first. Never a shared counter, never a transaction.
 */
export async function recordBehaviour(openid: string, action: Behaviour, nowMs: number): Promise<void> {
  const day = dayNoOf(nowMs);
  const _id = `${openid}_${day}_${action}`;
  const _ = db().command;
  const bump = () => db().collection('behaviour').where({ _id, count: _.lt(BEHAVIOUR_COUNT_CAP) }).update({ data: { count: _.inc(1), lastAtMs: nowMs } });
  if ((await bump()).stats.updated === 1) return;
  const doc: BehaviourDoc = { _id, openid, day, action, atMs: nowMs, count: 1, lastAtMs: nowMs };
  try {
    await db().collection('behaviour').add({ data: doc as unknown as Record<string, unknown> });
  } catch (e) {
    // Already there: at the cap, or created by a concurrent call a moment ago (count it once more).
    if (!isDuplicate(e)) throw e;
    await bump();
  }
}
