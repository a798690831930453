export type Stage = 'fan' | 'customer' | 'member' | 'partner';

const RANK: Record<Stage, number> = { fan: 0, customer: 1, member: 2, partner: 3 };

/** A paid order makes a fan a customer; it never moves anyone down the ladder. */
export function stageAfterPaidOrder(stage: Stage): Stage {
  return RANK[stage] < RANK.customer ? 'customer' : stage;
}

export interface StageState {
  stage: Stage;
  /** When a card-granted stage lapses; null = does not lapse. */
  stageUntilMs: number | null;
}

export interface StageGrant {
  stage: 'member' | 'partner';
  /** Validity per unit bought; null = for good. */
  days: number | null;
  qty: number;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * A purchase that grants a stage: a higher stage replaces the current one; the same stage
 * extends its validity (from now, or from its current end if later); a lower grant changes
 * nothing (a partner who buys a card stays a partner).
 */
export function applyGrant(current: StageState, grant: StageGrant, nowMs: number): StageState {
  if (RANK[grant.stage] < RANK[current.stage]) return current;
  const extendMs = grant.days === null ? null : grant.days * grant.qty * DAY_MS;
  if (RANK[grant.stage] > RANK[current.stage]) {
    return { stage: grant.stage, stageUntilMs: extendMs === null ? null : nowMs + extendMs };
  }
  if (current.stageUntilMs === null || extendMs === null) return { stage: current.stage, stageUntilMs: null };
  return { stage: current.stage, stageUntilMs: Math.max(current.stageUntilMs, nowMs) + extendMs };
}

/** A lapsed card drops the holder back to customer (they paid at least once for it). */
export function lapseStage(current: StageState, nowMs: number): StageState {
  if (current.stageUntilMs === null || current.stageUntilMs > nowMs) return current;
  return { stage: 'customer', stageUntilMs: null };
}

/** The stage in force at `nowMs`: a lapsed card counts as lapsed before the cron writes it (null user: a fan). */
export function stageAt(user: { stage: Stage; stageUntilMs?: number | null } | null | undefined, nowMs: number): Stage {
  if (!user) return 'fan';
  return lapseStage({ stage: user.stage, stageUntilMs: user.stageUntilMs ?? null }, nowMs).stage;
}

/**
 * Undoes a refunded grant. A card's days come off its end date (lapsing if that is now past);
 * a permanent grant goes back to the stage held before it. A stage reached later by other means
 * (a partner who once bought a card) is left alone.
 */
export function revokeGrant(current: StageState, grant: StageGrant, before: StageState, nowMs: number): StageState {
  if (current.stage !== grant.stage) return current;
  if (grant.days !== null && current.stageUntilMs !== null) {
    const untilMs = current.stageUntilMs - grant.days * grant.qty * DAY_MS;
    if (untilMs > nowMs) return { stage: current.stage, stageUntilMs: untilMs };
  }
  const fallback = before.stage === grant.stage ? 'customer' : before.stage;
  const beforeStillValid = before.stageUntilMs === null || before.stageUntilMs > nowMs;
  return { stage: fallback, stageUntilMs: beforeStillValid && fallback === before.stage ? before.stageUntilMs : null };
}
