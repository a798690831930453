import type { OrderLine } from '../../../../src/contracts';
import { anyTierEarns, orderCommission, type CommissionLineInput, type CommissionShare } from '../../partners/domain/commission';
import { stageAt, type StageGrant } from '../../members/domain/ladder';
import type { SpendUpgrade } from '../../members/domain/tiers';
import { getCommissionConfig } from '../../partners/services/commissionConfig';
import { effectiveStage, type ReferralUser } from '../../partners/services/referral';
import { getOrNull } from '../../shared/tx';
import { getSettings } from '../../store/services/settings';

/**
 * What paying an order needs besides the order and the buyer, read when the order is created
 * (plain reads, outside any transaction) and stored on it, so that the payment's transaction
 * reads only the order, the buyer and the buyer's points balance: the buyer's tier (points
 * multiplier and spend upgrades) and the commission shares of the buyer's referrer and that
 * referrer's referrer at their tiers then. An order's terms are fixed when it is created, like
 * its price. The payment recomputes the shares only when the buyer's referrer is no longer the
 * one named here (a first code decided at payment, or an owner's move).
 */
export interface PayTerms {
  pointsMultiplierPct: number;
  upgrades: SpendUpgrade[];
  /** refundWindowDays: the window the commission thaws after, snapshotted with the shares (the owner may change it later). */
  commission: { referrerOpenid: string; shares: CommissionShare[]; refundWindowDays?: number } | null;
}

interface TermsOrder {
  kind: 'goods' | 'topup' | 'group';
  lines: OrderLine[];
  grants: StageGrant[];
}

/** Lines that pay commission: membership cards and the partner package never do (no pay for recruiting). */
export async function commissionableLines(order: TermsOrder): Promise<CommissionLineInput[]> {
  if (!order.grants || order.grants.length === 0) return order.lines;
  const out: CommissionLineInput[] = [];
  for (const line of order.lines) {
    const product = await getOrNull<{ grantsStage?: string | null }>('products', line.productId);
    if (!product?.grantsStage) out.push(line);
  }
  return out;
}

async function plannedCommission(buyer: ReferralUser, order: TermsOrder, nowMs: number): Promise<PayTerms['commission']> {
  if (!buyer.referrerOpenid || order.kind === 'topup') return null;
  const config = await getCommissionConfig();
  if (!anyTierEarns(config)) return null;
  const parent = await getOrNull<ReferralUser>('users', buyer.referrerOpenid);
  const grand = parent?.referrerOpenid ? await getOrNull<ReferralUser>('users', parent.referrerOpenid) : null;
  const uplines = [parent, grand].map((u) => (u ? { openid: u._id, stage: effectiveStage(u, nowMs) } : null));
  const { pointsRule } = await getSettings();
  return { referrerOpenid: buyer.referrerOpenid, shares: orderCommission(config, await commissionableLines(order), uplines, pointsRule.fenPerPoint), refundWindowDays: config.refundWindowDays };
}

export async function payTermsFor(buyer: ReferralUser | null, order: TermsOrder, nowMs: number): Promise<PayTerms> {
  // The tier in force now: a card that lapsed before the cron noticed no longer multiplies points.
  const tier = buyer ? await getOrNull<{ pointsMultiplierPct: number; upgrades?: SpendUpgrade[] }>('tiers', stageAt(buyer, nowMs)) : null;
  return {
    pointsMultiplierPct: tier?.pointsMultiplierPct ?? 100,
    upgrades: tier?.upgrades ?? [],
    commission: buyer ? await plannedCommission(buyer, order, nowMs) : null,
  };
}
