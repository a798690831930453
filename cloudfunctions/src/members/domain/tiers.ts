import type { Stage } from './ladder';

export interface TierConfig {
  _id: Stage;
  rank: number;
  name: string;
  pointsMultiplierPct: number;
  minSpentFen: number | null;
}

/** The ladder order; ranks are fixed by it, owners name and tune the tiers. */
export const STAGE_ORDER: readonly Stage[] = ['fan', 'customer', 'member', 'partner'];

export type TierCheck = { ok: true; tiers: TierConfig[] } | { ok: false; message: string };

/**
 * Owner tier settings. Privilege must grow with rank: a higher tier never earns points at a
 * lower multiplier, and a spend threshold for a higher tier is above the lower one's. Fans and
 * customers are reached by visiting and paying, so they take no threshold.
 */
export function validateTiers(input: Omit<TierConfig, 'rank'>[]): TierCheck {
  const byId = new Map(input.map((t) => [t._id, t]));
  if (byId.size !== STAGE_ORDER.length || STAGE_ORDER.some((s) => !byId.has(s))) return { ok: false, message: '需要且只需要粉丝、顾客、会员、合伙人四个等级' };
  const tiers = STAGE_ORDER.map((s, rank) => ({ ...byId.get(s)!, rank }));
  for (let i = 1; i < tiers.length; i += 1) {
    if (tiers[i].pointsMultiplierPct < tiers[i - 1].pointsMultiplierPct) return { ok: false, message: `${tiers[i].name}的积分倍率不能低于${tiers[i - 1].name}` };
  }
  if (tiers[0].minSpentFen !== null || tiers[1].minSpentFen !== null) return { ok: false, message: '粉丝和顾客等级不设消费门槛' };
  const [member, partner] = [tiers[2], tiers[3]];
  if (member.minSpentFen !== null && partner.minSpentFen !== null && partner.minSpentFen <= member.minSpentFen) {
    return { ok: false, message: `${partner.name}的消费门槛必须高于${member.name}` };
  }
  return { ok: true, tiers };
}

export interface SpendUpgrade {
  stage: 'member' | 'partner';
  minSpentFen: number;
}

/** The spend thresholds above a tier, nearest first: stored on each tier so payment reads one doc. */
export function upgradesAbove(stage: Stage, tiers: TierConfig[]): SpendUpgrade[] {
  const rank = STAGE_ORDER.indexOf(stage);
  return tiers
    .filter((t) => t.rank > rank && t.minSpentFen !== null && (t._id === 'member' || t._id === 'partner'))
    .sort((a, b) => a.rank - b.rank)
    .map((t) => ({ stage: t._id as 'member' | 'partner', minSpentFen: t.minSpentFen! }));
}

/** The highest stage a cumulative spend has earned, if any. */
export function stageBySpend(spentFen: number, upgrades: SpendUpgrade[]): 'member' | 'partner' | null {
  let best: 'member' | 'partner' | null = null;
  for (const u of upgrades) if (spentFen >= u.minSpentFen) best = u.stage;
  return best;
}
