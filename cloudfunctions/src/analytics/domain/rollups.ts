import { zeroCommission, zeroMoney, type CommissionBuckets, type MoneyDay } from './earnings';
import { zeroFlow, zeroCounts, type StageCounts, type StageFlow, type StageMove } from './funnel';
import { zeroNewcomers, type NewcomersByChannel } from './grades';
import { zeroBuckets, type PurchaseBuckets } from './repeat';

/**
 * The rollup documents. The dashboard reads the store document and the day documents of the
 * range it shows, so its cost depends on the range, never on how many orders there are; the
 * customer documents (customer.ts) feed the lists. Every document is plain JSON.
 */

/** A day keeps its latest moves only: a document must stay far below 1 MB however busy the day. */
export const MAX_MOVES_PER_DAY = 50;

/** The store now: one document. */
export interface StoreRollup {
  stageCounts: StageCounts;
  commission: CommissionBuckets;
  storedValue: { principalFen: number; bonusFen: number };
  pointsOutstanding: number;
  /** Newcomers ever arrived. */
  customers: number;
}

/** One UTC+8 day. */
export interface DayRollup {
  day: number;
  /** Cash basis: the money that moved this day (earnings.ts). */
  money: MoneyDay;
  /** Purchases paid this day by purchase number, net of their refunds to date (repeat.ts). */
  purchases: PurchaseBuckets;
  /** Ladder flow of this day's moves (funnel.ts). */
  stages: StageFlow;
  /** The day's latest moves (at most MAX_MOVES_PER_DAY, so a busy day's document stays small). */
  moves: StageMove[];
  /** Moves of the day beyond the kept ones. */
  movesOmitted: number;
  /** Newcomers who arrived this day, by channel, with their current grades (grades.ts). */
  newcomers: NewcomersByChannel;
}

export function emptyStore(): StoreRollup {
  return { stageCounts: zeroCounts(), commission: zeroCommission(), storedValue: { principalFen: 0, bonusFen: 0 }, pointsOutstanding: 0, customers: 0 };
}

export function emptyDay(day: number): DayRollup {
  return { day, money: zeroMoney(), purchases: zeroBuckets(), stages: zeroFlow(), moves: [], movesOmitted: 0, newcomers: zeroNewcomers() };
}

/** Rollups are plain JSON; a draft is a deep copy, so the caller's documents are never changed. */
export function copyDoc<T>(doc: T): T {
  return JSON.parse(JSON.stringify(doc)) as T;
}
