import { AppError, type OrderStatus, type PayMethod } from '../../../../src/contracts';
import { afterCommit } from '../../adapters/transaction';
import type { Transaction } from '../../adapters/sdk';
import { applyGrant, lapseStage, revokeGrant, stageAfterPaidOrder, type StageState } from '../../members/domain/ladder';
import { pointsEarned } from '../../members/domain/points';
import { stageBySpend, type SpendUpgrade } from '../../members/domain/tiers';
import { splitSpend } from '../../members/domain/wallet';
import { applyCommission, reverseCommission } from '../../partners/services/commission';
import { accounts, applyJournal, txBalance } from '../../ledger/journal';
import { EFFECTIVE, type EffectName, type TransitionName } from '../domain/lifecycle';
import type { OrderDoc } from './orders';
import type { PayTerms } from './payTerms';
import type { ReferralUser } from '../../partners/services/referral';
import { giveBackStock } from './stock';
import { closeWxPayOrder } from './wxpay';
import { txGet } from '../../shared/tx';
import { recordStageMove } from '../../analytics/services/records';
import type { RefundPart } from './partEffects';

/**
 * How each effect of orders/domain/lifecycle.ts is applied and undone, side by side, inside the
 * transaction that changes the order's status (orders/services/lifecycle.ts runs them in the
 * table's order). They write only per-order and per-person documents: the sale is an entry of the
 * store account (no balance document), commission credits are pending entries, stock goes back
 * after the commit. Every journal key names the order and the transition, and is new under the
 * order's compare-and-set. Fields an effect sets on the order go into `patch`; the status change
 * writes the order once, with them.
 */
export interface EffectContext {
  tx: Transaction;
  order: OrderDoc;
  transition: TransitionName;
  /** The status the order lands in (an effect may depend on it, e.g. stock of a sold group seat). */
  to: OrderStatus;
  nowMs: number;
  /** How the payment came, for `pay` and `seatPaid`. */
  method: PayMethod | null;
  /** Fields to write on the order with its status (an object replaces the field whole). */
  patch: Record<string, unknown>;
  /** The buyer, read once per transaction when an effect needs them (undefined: not read yet). */
  buyer?: ReferralUser | null;
  /** An after-sales refund (`refundPart`): effects are undone in proportion (partEffects.ts). */
  part?: RefundPart;
}

interface EffectImpl {
  apply(c: EffectContext): Promise<void>;
  undo(c: EffectContext): Promise<void>;
}

async function buyerOf(c: EffectContext): Promise<ReferralUser | null> {
  if (c.buyer === undefined) c.buyer = await txGet<ReferralUser>(c.tx, 'users', c.order.openid);
  return c.buyer;
}

const isTopUp = (o: OrderDoc) => o.kind === 'topup';
/** Paid effects of goods and group orders need the buyer's document; a top-up has none of them. */
const sells = (o: OrderDoc) => !isTopUp(o) && o.payMethod !== 'points';

/** Units an order holds of a product: goods always; a group seat only once sold (its group holds them before). */
function holdsStock(o: OrderDoc, status: OrderStatus): boolean {
  if (o.kind === 'goods') return true;
  return o.kind === 'group' && EFFECTIVE.includes(status);
}

/** Orders created before pay terms existed read the buyer's tier now (its effective stage). */
async function termsOf(c: EffectContext, user: ReferralUser): Promise<Pick<PayTerms, 'pointsMultiplierPct' | 'upgrades'>> {
  if (c.order.payTerms) return c.order.payTerms;
  const stage = lapseStage({ stage: user.stage, stageUntilMs: user.stageUntilMs ?? null }, c.nowMs).stage;
  const tier = await txGet<{ pointsMultiplierPct: number; upgrades?: SpendUpgrade[] }>(c.tx, 'tiers', stage);
  return { pointsMultiplierPct: tier?.pointsMultiplierPct ?? 100, upgrades: tier?.upgrades ?? [] };
}

const POINTS_SPENT_KEY: Partial<Record<TransitionName, [prefix: string, kind: string]>> = {
  create: ['pts-use', 'use'],
  redeem: ['pts-redeem', 'redeem'],
  payLate: ['pts-retake', 'use'],
  close: ['pts-unuse', 'return'],
  refund: ['pts-refund-use', 'return'],
};

function pointsKey(c: EffectContext): [string, string] {
  const k = POINTS_SPENT_KEY[c.transition];
  if (!k) throw new Error(`pointsSpent has no key for ${c.transition}`);
  return [`${k[0]}-${c.order._id}`, k[1]];
}

export const EFFECT_IMPL: Record<EffectName, EffectImpl> = {
  stock: {
    // Taken before the transaction by a conditional update (orders/services/stock.ts#takeStock; a
    // late payment by retakeStock, orders/services/payments.ts): a product's stock is shared.
    apply: async () => undefined,
    undo: async (c) => {
      if (holdsStock(c.order, c.order.status)) afterCommit(c.tx, () => giveBackStock(c.order.lines));
    },
  },
  pointsSpent: {
    // A late payment takes the points back even if they were spent since: the balance may go negative (DECISIONS.md).
    apply: async (c) => {
      if (c.order.pointsUsed <= 0) return;
      const [key, kind] = pointsKey(c);
      await applyJournal(c.tx, { key, account: accounts.points(c.order.openid), amount: -c.order.pointsUsed, kind, ref: c.order._id, keyIsNew: true, allowNegative: c.transition === 'payLate' }, c.nowMs);
    },
    undo: async (c) => {
      if (c.order.pointsUsed <= 0) return;
      const [key, kind] = pointsKey(c);
      await applyJournal(c.tx, { key, account: accounts.points(c.order.openid), amount: c.order.pointsUsed, kind, ref: c.order._id }, c.nowMs);
    },
  },
  storedValue: {
    // Principal and bonus in proportion; the journal refuses to go below zero, so concurrent payments can only fail.
    apply: async (c) => {
      if (c.method !== 'balance') return;
      const { openid, _id: ref, payableFen } = c.order;
      const split = splitSpend(payableFen, { principalFen: await txBalance(c.tx, accounts.principal(openid)), bonusFen: await txBalance(c.tx, accounts.bonus(openid)) });
      if (!split.ok) throw new AppError('INSUFFICIENT_BALANCE', '余额不足');
      if (split.principalFen > 0) await applyJournal(c.tx, { key: `sv-spend-p-${ref}`, account: accounts.principal(openid), amount: -split.principalFen, kind: 'spend_principal', ref, keyIsNew: true }, c.nowMs);
      if (split.bonusFen > 0) await applyJournal(c.tx, { key: `sv-spend-b-${ref}`, account: accounts.bonus(openid), amount: -split.bonusFen, kind: 'spend_bonus', ref, keyIsNew: true }, c.nowMs);
      c.patch.balanceSplit = { principalFen: split.principalFen, bonusFen: split.bonusFen };
    },
    undo: async (c) => {
      const split = c.order.balanceSplit;
      if (!split || c.order.payMethod !== 'balance') return;
      const { openid, _id: ref } = c.order;
      if (split.principalFen > 0) await applyJournal(c.tx, { key: `sv-ref-p-${ref}`, account: accounts.principal(openid), amount: split.principalFen, kind: 'refund_principal', ref }, c.nowMs);
      if (split.bonusFen > 0) await applyJournal(c.tx, { key: `sv-ref-b-${ref}`, account: accounts.bonus(openid), amount: split.bonusFen, kind: 'refund_bonus', ref }, c.nowMs);
    },
  },
  topUpCredit: {
    apply: async (c) => {
      const topUp = c.order.topUp;
      if (!isTopUp(c.order) || !topUp) return;
      const { openid, _id: ref } = c.order;
      await applyJournal(c.tx, { key: `sv-topup-p-${ref}`, account: accounts.principal(openid), amount: topUp.principalFen, kind: 'topup_principal', ref, keyIsNew: true }, c.nowMs);
      if (topUp.bonusFen > 0) await applyJournal(c.tx, { key: `sv-topup-b-${ref}`, account: accounts.bonus(openid), amount: topUp.bonusFen, kind: 'topup_bonus', ref, keyIsNew: true }, c.nowMs);
    },
    // Not undone by the order: the owner refunds principal through its top-ups (ownerMembers.ts); refunds refuse top-ups.
    undo: async () => undefined,
  },
  sale: {
    apply: async (c) => {
      if (!sells(c.order)) return;
      await applyJournal(c.tx, { key: `sale-${c.order._id}`, account: accounts.sales, amount: c.order.payableFen, kind: 'sale', ref: c.order._id, keyIsNew: true }, c.nowMs);
    },
    undo: async (c) => {
      if (c.order.payableFen <= 0 || isTopUp(c.order)) return;
      await applyJournal(c.tx, { key: `sale-rev-${c.order._id}`, account: accounts.sales, amount: -c.order.payableFen, kind: 'sale_reversal', ref: c.order._id, allowNegative: true }, c.nowMs);
    },
  },
  commission: {
    // partners/services/commission.ts decides who earns what; the order keeps the snapshot.
    apply: async (c) => {
      const buyer = sells(c.order) ? await buyerOf(c) : null;
      if (!buyer) return;
      const snapshot = await applyCommission(c.tx, c.order, buyer, c.nowMs);
      if (snapshot) c.patch.commission = snapshot;
    },
    undo: async (c) => reverseCommission(c.tx, c.order, c.nowMs),
  },
  pointsEarned: {
    apply: async (c) => {
      const buyer = sells(c.order) ? await buyerOf(c) : null;
      if (!buyer) return;
      // The shipping fee earns no points (DECISIONS.md, "Delivery and pickup").
      const points = pointsEarned(c.order.payableFen - (c.order.shippingFen ?? 0), (await termsOf(c, buyer)).pointsMultiplierPct);
      c.patch.pointsEarned = points;
      if (points > 0) await applyJournal(c.tx, { key: `pts-earn-${c.order._id}`, account: accounts.points(c.order.openid), amount: points, kind: 'earn', ref: c.order._id, keyIsNew: true }, c.nowMs);
    },
    // Even if spent: the balance may go negative and blocks spending until earned back.
    undo: async (c) => {
      if (c.order.pointsEarned <= 0) return;
      await applyJournal(c.tx, { key: `pts-rev-${c.order._id}`, account: accounts.points(c.order.openid), amount: -c.order.pointsEarned, kind: 'reverse', ref: c.order._id, allowNegative: true }, c.nowMs);
    },
  },
  ladder: {
    apply: async (c) => applyLadder(c),
    undo: async (c) => undoLadder(c),
  },
  wxPayOrder: {
    // Asked for by order.pay (orders/services/wxpay.ts), which writes no status.
    apply: async () => undefined,
    undo: async (c) => {
      if (c.order.wxPay?.requestedAtMs && !c.order.wxPay.closedAtMs) afterCommit(c.tx, () => closeWxPayOrder(c.order._id, c.nowMs));
    },
  },
};

/** A paid order moves its buyer: counters, customer stage, grants (cards, the partner package), spend upgrades. */
async function applyLadder(c: EffectContext): Promise<void> {
  const user = sells(c.order) ? await buyerOf(c) : null;
  c.patch.stageBefore = null;
  if (!user) return;
  const order = c.order;
  // The stage in force now: a card that lapsed before the cron noticed grants nothing any more.
  const stageBefore: StageState = lapseStage({ stage: user.stage, stageUntilMs: user.stageUntilMs ?? null }, c.nowMs);
  let next: StageState = { stage: stageAfterPaidOrder(stageBefore.stage), stageUntilMs: stageBefore.stageUntilMs };
  for (const grant of order.grants ?? []) next = applyGrant(next, grant, c.nowMs);
  // Entry by cumulative spend (owner's tier setting): a permanent move up, never down.
  const bySpend = stageBySpend(user.spentFen + order.payableFen, (await termsOf(c, user)).upgrades);
  if (bySpend) next = applyGrant(next, { stage: bySpend, days: null, qty: 1 }, c.nowMs);
  c.patch.stageBefore = stageBefore;
  await c.tx.collection('users').doc(order.openid).update({
    data: { paidOrderCount: user.paidOrderCount + 1, spentFen: user.spentFen + order.payableFen, stage: next.stage, stageUntilMs: next.stageUntilMs, lastPaidAtMs: c.nowMs },
  });
  await recordStageMove(c.tx, order.openid, user.stage, next.stage, c.nowMs, `pay-${order._id}`);
}

async function undoLadder(c: EffectContext): Promise<void> {
  const order = c.order;
  const user = sells(order) ? await buyerOf(c) : null;
  if (!user) return;
  let state: StageState = { stage: user.stage, stageUntilMs: user.stageUntilMs ?? null };
  const before = order.stageBefore ?? state;
  for (const grant of order.grants ?? []) state = revokeGrant(state, grant, before, c.nowMs);
  await c.tx.collection('users').doc(order.openid).update({
    data: { paidOrderCount: Math.max(0, user.paidOrderCount - 1), spentFen: Math.max(0, user.spentFen - order.payableFen), stage: state.stage, stageUntilMs: state.stageUntilMs },
  });
  await recordStageMove(c.tx, order.openid, user.stage, state.stage, c.nowMs, `rev-${order._id}`);
}
