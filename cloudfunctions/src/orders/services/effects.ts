import { db } from '../../adapters/cloud';
import type { Transaction } from '../../adapters/sdk';
import { applyGrant, stageAfterPaidOrder, type StageState } from '../../members/domain/ladder';
import { pointsEarned } from '../../members/domain/points';
import { stageBySpend, type SpendUpgrade } from '../../members/domain/tiers';
import { applyCommission, type OrderCommission } from '../../partners/services/commission';
import { accounts, applyJournal } from '../../ledger/journal';
import type { OrderDoc } from './orders';
import type { PayTerms } from './payTerms';
import type { ReferralUser } from '../../partners/services/referral';
import { txGet } from '../../shared/tx';
import { recordStageMove } from '../../analytics/services/records';

/**
 * What a paid order does, however it was paid, inside the transaction that marked it paid (so
 * it happens exactly once): a top-up credits stored value; goods post the sale, earn points at
 * the buyer's tier multiplier, pay commission and move the buyer up the ladder. It writes only
 * per-order and per-person documents (the sale is an entry of the store account, which has no
 * balance document; commission credits are pending entries), reads only the buyer and the
 * buyer's points balance besides the order, and every entry's key is new under the caller's
 * compare-and-set. The caller writes the order's own status change with `paidFields`, so the
 * order document is written once.
 */
export interface PaidPatch {
  pointsEarned: number;
  /** The buyer's stage before this order's grants, so a refund can take them back. */
  stageBefore: StageState | null;
  commission: OrderCommission | null;
}

/** The order's fields a payment sets besides its status (an object value replaces the field whole). */
export function paidFields(patch: PaidPatch): Record<string, unknown> {
  const _ = db().command;
  const fields: Record<string, unknown> = { pointsEarned: patch.pointsEarned, stageBefore: _.set(patch.stageBefore) };
  if (patch.commission) fields.commission = _.set(patch.commission);
  return fields;
}

/** Orders created before pay terms existed read the buyer's tier now. */
async function termsOf(tx: Transaction, order: OrderDoc, user: ReferralUser): Promise<Pick<PayTerms, 'pointsMultiplierPct' | 'upgrades'>> {
  if (order.payTerms) return order.payTerms;
  const tier = await txGet<{ pointsMultiplierPct: number; upgrades?: SpendUpgrade[] }>(tx, 'tiers', user.stage);
  return { pointsMultiplierPct: tier?.pointsMultiplierPct ?? 100, upgrades: tier?.upgrades ?? [] };
}

async function creditTopUp(tx: Transaction, order: OrderDoc, nowMs: number): Promise<PaidPatch> {
  const topUp = order.topUp!;
  await applyJournal(tx, { key: `sv-topup-p-${order._id}`, account: accounts.principal(order.openid), amount: topUp.principalFen, kind: 'topup_principal', ref: order._id, keyIsNew: true }, nowMs);
  if (topUp.bonusFen > 0) {
    await applyJournal(tx, { key: `sv-topup-b-${order._id}`, account: accounts.bonus(order.openid), amount: topUp.bonusFen, kind: 'topup_bonus', ref: order._id, keyIsNew: true }, nowMs);
  }
  return { pointsEarned: 0, stageBefore: null, commission: null };
}

export async function applyPaidEffects(tx: Transaction, order: OrderDoc, nowMs: number): Promise<PaidPatch> {
  if (order.kind === 'topup' && order.topUp) return creditTopUp(tx, order, nowMs);
  await applyJournal(tx, { key: `sale-${order._id}`, account: accounts.sales, amount: order.payableFen, kind: 'sale', ref: order._id, keyIsNew: true }, nowMs);
  const user = await txGet<ReferralUser>(tx, 'users', order.openid);
  if (!user) return { pointsEarned: 0, stageBefore: null, commission: null };
  const commission = await applyCommission(tx, order, user, nowMs);
  const terms = await termsOf(tx, order, user);
  const points = pointsEarned(order.payableFen, terms.pointsMultiplierPct);
  if (points > 0) {
    await applyJournal(tx, { key: `pts-earn-${order._id}`, account: accounts.points(order.openid), amount: points, kind: 'earn', ref: order._id, keyIsNew: true }, nowMs);
  }
  const stageBefore: StageState = { stage: user.stage, stageUntilMs: user.stageUntilMs ?? null };
  let next: StageState = { stage: stageAfterPaidOrder(user.stage), stageUntilMs: stageBefore.stageUntilMs };
  for (const grant of order.grants ?? []) next = applyGrant(next, grant, nowMs);
  // Entry by cumulative spend (owner's tier setting): a permanent move up, never down.
  const bySpend = stageBySpend(user.spentFen + order.payableFen, terms.upgrades);
  if (bySpend) next = applyGrant(next, { stage: bySpend, days: null, qty: 1 }, nowMs);
  await tx.collection('users').doc(order.openid).update({
    data: { paidOrderCount: user.paidOrderCount + 1, spentFen: user.spentFen + order.payableFen, stage: next.stage, stageUntilMs: next.stageUntilMs, lastPaidAtMs: nowMs },
  });
  await recordStageMove(tx, order.openid, user.stage, next.stage, nowMs, `pay-${order._id}`);
  return { pointsEarned: points, stageBefore, commission };
}
