import type { Stage } from '../../members/domain/ladder';
import { ratio, type Ratio } from './ratio';

/**
 * The ladder as a funnel: 粉丝 → 顾客 → 会员 → 合伙人. Head-counts are people at each stage.
 * Movement over a period is counted in unit steps: a fan who buys the partner package crosses
 * all three steps at once and passes through 顾客 and 会员 on the way, so every crossing of a
 * step leaves from someone who was at its lower stage. Step k's conversion over a period is
 *
 *   crossed[k] / (at its lower stage when the period began + entered it during the period)
 *
 * which is never above 1. A move down (a lapsed card) enters the lower stage again. Arrivals
 * (passer-by → fan) enter 粉丝 and are not listed as moves.
 */
export const STAGES: readonly Stage[] = ['fan', 'customer', 'member', 'partner'];
const RANK: Record<Stage, number> = { fan: 0, customer: 1, member: 2, partner: 3 };

export type StageCounts = Record<Stage, number>;
export type Steps = [number, number, number];

export interface StageFlow {
  net: StageCounts;
  entered: StageCounts;
  crossed: Steps;
}

export function zeroCounts(): StageCounts {
  return { fan: 0, customer: 0, member: 0, partner: 0 };
}

export function zeroFlow(): StageFlow {
  return { net: zeroCounts(), entered: zeroCounts(), crossed: [0, 0, 0] };
}

function addCounts(a: StageCounts, b: StageCounts): StageCounts {
  return { fan: a.fan + b.fan, customer: a.customer + b.customer, member: a.member + b.member, partner: a.partner + b.partner };
}

export function addFlow(a: StageFlow, b: StageFlow): StageFlow {
  return { net: addCounts(a.net, b.net), entered: addCounts(a.entered, b.entered), crossed: [a.crossed[0] + b.crossed[0], a.crossed[1] + b.crossed[1], a.crossed[2] + b.crossed[2]] };
}

/** One move as unit steps; `from` null is an arrival. */
export function flowOfMove(from: Stage | null, to: Stage): StageFlow {
  const f = zeroFlow();
  f.net[to] += 1;
  if (from === null) {
    f.entered[to] += 1;
    return f;
  }
  f.net[from] -= 1;
  if (RANK[to] < RANK[from]) {
    f.entered[to] += 1;
    return f;
  }
  for (let k = RANK[from]; k < RANK[to]; k += 1) {
    f.crossed[k] += 1;
    f.entered[STAGES[k + 1]] += 1;
  }
  return f;
}

export interface StageMove {
  customerId: string;
  from: Stage;
  to: Stage;
  atMs: number;
  eventId: string;
}

/** Moves are kept in time order (then customer, then event id), whatever order they were applied in. */
export function compareMoves(a: StageMove, b: StageMove): number {
  if (a.atMs !== b.atMs) return a.atMs - b.atMs;
  if (a.customerId !== b.customerId) return a.customerId < b.customerId ? -1 : 1;
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}

export interface Funnel {
  /** People at each stage now. */
  headcounts: StageCounts;
  atStart: StageCounts;
  atEnd: StageCounts;
  entered: StageCounts;
  crossed: Steps;
  /** Step k: 粉丝→顾客, 顾客→会员, 会员→合伙人. */
  conversion: [Ratio, Ratio, Ratio];
  /** Who moved during the period, in time order (each day keeps its latest moves, rollups.ts). */
  moves: StageMove[];
  /** Moves of the period the days did not keep. */
  movesOmitted: number;
}

/**
 * `sinceStart` is the flow of every day from the period's first day until now (it takes the
 * period's start counts back from today's head-counts); `inPeriod` the flow of the period's days.
 */
export function funnelOf(headcounts: StageCounts, sinceStart: StageFlow, inPeriod: StageFlow, moves: StageMove[], movesOmitted = 0): Funnel {
  const atStart = zeroCounts();
  const atEnd = zeroCounts();
  for (const s of STAGES) {
    atStart[s] = headcounts[s] - sinceStart.net[s];
    atEnd[s] = atStart[s] + inPeriod.net[s];
  }
  const step = (k: 0 | 1 | 2): Ratio => ratio(inPeriod.crossed[k], atStart[STAGES[k]] + inPeriod.entered[STAGES[k]]);
  return {
    headcounts: { ...headcounts }, atStart, atEnd, entered: { ...inPeriod.entered }, crossed: [...inPeriod.crossed] as Steps,
    conversion: [step(0), step(1), step(2)], moves: [...moves].sort(compareMoves), movesOmitted,
  };
}
