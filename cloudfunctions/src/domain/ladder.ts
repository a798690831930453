export type Stage = 'fan' | 'customer' | 'member' | 'partner';

const RANK: Record<Stage, number> = { fan: 0, customer: 1, member: 2, partner: 3 };

/** A paid order makes a fan a customer; it never moves anyone down the ladder. */
export function stageAfterPaidOrder(stage: Stage): Stage {
  return RANK[stage] < RANK.customer ? 'customer' : stage;
}
