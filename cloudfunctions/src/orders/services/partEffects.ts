import type { AfterSaleLine } from '../../../../src/contracts';
import { afterCommit } from '../../adapters/transaction';
import { revokeGrant, type StageState } from '../../members/domain/ladder';
import { reverseCommissionPart } from '../../partners/services/commission';
import { accounts, applyJournal } from '../../ledger/journal';
import type { ReferralUser } from '../../partners/services/referral';
import { txGet } from '../../shared/tx';
import type { EffectName } from '../domain/lifecycle';
import { portion } from '../domain/afterSale';
import type { EffectContext } from './effects';
import { giveBackStock } from './stock';

/**
 * An after-sales refund (the lifecycle's `refundPart`) undoes each paid effect in proportion to
 * the money it sends back (orders/domain/afterSale.ts#portion: cumulative floors, the last refund
 * takes the rest). Every journal key names the after-sales request, so each runs exactly once.
 */
export interface RefundPart {
  /** The after-sales request (keys and refs). */
  id: string;
  amountFen: number;
  /** Money of the order refunded before and after this one (of payableFen). */
  beforeFen: number;
  afterFen: number;
  /** This refund takes the rest of the order's money: every effect ends fully undone. */
  final: boolean;
  lines: AfterSaleLine[];
  /** Commission base refunded before and after (of wholeBaseFen), from the lines (afterSale.ts#commissionBasis). */
  base: { beforeFen: number; afterFen: number; wholeFen: number };
}

const moneyPortion = (c: EffectContext & { part: RefundPart }, total: number) =>
  portion(total, c.part.beforeFen, c.part.final ? c.order.payableFen : c.part.afterFen, c.order.payableFen);

type PartUndo = (c: EffectContext & { part: RefundPart }) => Promise<void>;

export const PART_UNDO: Partial<Record<EffectName, PartUndo>> = {
  sale: async (c) => {
    await applyJournal(c.tx, { key: `sale-part-${c.part.id}`, account: accounts.sales, amount: -c.part.amountFen, kind: 'sale_reversal', ref: c.order._id, allowNegative: true }, c.nowMs);
  },
  commission: async (c) => reverseCommissionPart(c.tx, c.order, c.part, c.nowMs),
  pointsEarned: async (c) => {
    const points = moneyPortion(c, c.order.pointsEarned);
    if (points > 0) await applyJournal(c.tx, { key: `pts-rev-${c.part.id}`, account: accounts.points(c.order.openid), amount: -points, kind: 'reverse', ref: c.order._id, allowNegative: true }, c.nowMs);
  },
  pointsSpent: async (c) => {
    const points = moneyPortion(c, c.order.pointsUsed);
    if (points > 0) await applyJournal(c.tx, { key: `pts-refund-use-${c.part.id}`, account: accounts.points(c.order.openid), amount: points, kind: 'return', ref: c.order._id }, c.nowMs);
  },
  storedValue: async (c) => {
    const split = c.order.balanceSplit;
    if (!split || c.order.payMethod !== 'balance') return;
    // Principal in proportion, bonus the rest of this refund: the same split as the payment.
    const principalFen = moneyPortion(c, split.principalFen);
    const bonusFen = c.part.amountFen - principalFen;
    const { openid, _id: ref } = c.order;
    if (principalFen > 0) await applyJournal(c.tx, { key: `sv-ref-p-${c.part.id}`, account: accounts.principal(openid), amount: principalFen, kind: 'refund_principal', ref }, c.nowMs);
    if (bonusFen > 0) await applyJournal(c.tx, { key: `sv-ref-b-${c.part.id}`, account: accounts.bonus(openid), amount: bonusFen, kind: 'refund_bonus', ref }, c.nowMs);
  },
  stock: async (c) => {
    const back = c.part.lines.filter((l) => l.qty > 0).map((l) => {
      const line = c.order.lines.find((x) => x.lineId === l.lineId)!;
      return { productId: line.productId, specId: line.specId, qty: l.qty };
    });
    if (back.length > 0) afterCommit(c.tx, () => giveBackStock(back));
  },
  ladder: async (c) => {
    const user = await txGet<ReferralUser>(c.tx, 'users', c.order.openid);
    if (!user || c.order.kind === 'topup') return;
    const data: Record<string, unknown> = { spentFen: Math.max(0, user.spentFen - c.part.amountFen) };
    if (c.part.final) {
      // Grants are not divisible: the refund that takes the rest of the order revokes them.
      let state: StageState = { stage: user.stage, stageUntilMs: user.stageUntilMs ?? null };
      const before = c.order.stageBefore ?? state;
      for (const grant of c.order.grants ?? []) state = revokeGrant(state, grant, before, c.nowMs);
      Object.assign(data, { paidOrderCount: Math.max(0, user.paidOrderCount - 1), stage: state.stage, stageUntilMs: state.stageUntilMs });
    }
    await c.tx.collection('users').doc(c.order.openid).update({ data });
  },
};
