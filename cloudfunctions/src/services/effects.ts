import type { Transaction } from '../adapters/sdk';
import { applyGrant, stageAfterPaidOrder, type StageState } from '../domain/ladder';
import { pointsEarned } from '../domain/points';
import { stageBySpend, type SpendUpgrade } from '../domain/tiers';
import { applyCommission } from './commission';
import { accounts, applyJournal } from './journal';
import type { OrderDoc } from './orders';
import type { UserDoc } from './session';
import { txGet } from './tx';

/**
 * What a paid order does, however it was paid, inside the transaction that marked it paid (so
 * it happens exactly once): a top-up credits stored value; goods post the sale, earn points at
 * the buyer's tier multiplier, and move the buyer up the ladder. The caller writes the order's
 * own status change (with the points earned) so the order document is written once.
 */
export interface PaidPatch {
  pointsEarned: number;
  /** The buyer's stage before this order's grants, so a refund can take them back. */
  stageBefore: StageState | null;
}

export async function applyPaidEffects(tx: Transaction, order: OrderDoc, nowMs: number): Promise<PaidPatch> {
  if (order.kind === 'topup' && order.topUp) {
    await applyJournal(tx, { key: `sv-topup-p-${order._id}`, account: accounts.principal(order.openid), amount: order.topUp.principalFen, kind: 'topup_principal', ref: order._id }, nowMs);
    if (order.topUp.bonusFen > 0) {
      await applyJournal(tx, { key: `sv-topup-b-${order._id}`, account: accounts.bonus(order.openid), amount: order.topUp.bonusFen, kind: 'topup_bonus', ref: order._id }, nowMs);
    }
    return { pointsEarned: 0, stageBefore: null };
  }
  await applyJournal(tx, { key: `sale-${order._id}`, account: accounts.sales, amount: order.payableFen, kind: 'sale', ref: order._id }, nowMs);
  await applyCommission(tx, order, nowMs);
  const user = await txGet<UserDoc>(tx, 'users', order.openid);
  if (!user) return { pointsEarned: 0, stageBefore: null };
  const tier = await txGet<{ pointsMultiplierPct: number; upgrades?: SpendUpgrade[] }>(tx, 'tiers', user.stage);
  const points = pointsEarned(order.payableFen, tier?.pointsMultiplierPct ?? 100);
  if (points > 0) {
    await applyJournal(tx, { key: `pts-earn-${order._id}`, account: accounts.points(order.openid), amount: points, kind: 'earn', ref: order._id }, nowMs);
  }
  const stageBefore: StageState = { stage: user.stage, stageUntilMs: user.stageUntilMs ?? null };
  let next: StageState = { stage: stageAfterPaidOrder(user.stage), stageUntilMs: stageBefore.stageUntilMs };
  for (const grant of order.grants ?? []) next = applyGrant(next, grant, nowMs);
  // Entry by cumulative spend (owner's tier setting): a permanent move up, never down.
  const bySpend = stageBySpend(user.spentFen + order.payableFen, tier?.upgrades ?? []);
  if (bySpend) next = applyGrant(next, { stage: bySpend, days: null, qty: 1 }, nowMs);
  await tx.collection('users').doc(order.openid).update({
    data: { paidOrderCount: user.paidOrderCount + 1, spentFen: user.spentFen + order.payableFen, stage: next.stage, stageUntilMs: next.stageUntilMs, lastPaidAtMs: nowMs },
  });
  return { pointsEarned: points, stageBefore };
}
