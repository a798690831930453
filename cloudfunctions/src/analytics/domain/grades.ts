import { dayNoOf, DAY_MS } from './day';
import { CHANNELS, GRADES, type Channel, type EngagementAction, type Grade } from './events';
import { ratio, type Ratio } from './ratio';

/**
 * Seed 003's ABCDE grades of newcomers, from their behaviour in a grading window of 14 days from
 * their arrival (their first visit). Checked in this order, the first that holds wins:
 *
 *   A  bought at once: first paid order within 24 hours of arrival.
 *   E  opted out within the window (no further messages; seed 003: 把我们删除的).
 *   B  engaged and considering: an add-to-cart or a group joined, or engagement on at least 2
 *      different days, or a first purchase later in the window.
 *   C  engaged briefly, then quiet: engagement on exactly 1 day, nothing deeper.
 *   D  never engaged.
 *
 * Engagement = a product view, an add-to-cart, a group joined, or a visit on a later day than
 * the arrival (the arrival is itself a visit). Days are UTC+8 days. Behaviour outside the window
 * does not change the grade, so a grade is final 14 days after arrival; before that it is the
 * grade so far. The owner's override, when set, wins over the computed grade.
 */
export const GRADE_RULES = {
  boughtAtOnceMs: 24 * 3600 * 1000,
  windowMs: 14 * DAY_MS,
  considerDays: 2,
} as const;

export interface GradeInputs {
  firstPaidAtMs: number | null;
  /** Distinct days with engagement inside the window, ascending. */
  engagedDays: number[];
  /** An add-to-cart or a group joined inside the window. */
  deep: boolean;
  optedOutAtMs: number | null;
}

export function noGradeInputs(): GradeInputs {
  return { firstPaidAtMs: null, engagedDays: [], deep: false, optedOutAtMs: null };
}

const inWindow = (atMs: number, arrivedAtMs: number): boolean => atMs >= arrivedAtMs && atMs < arrivedAtMs + GRADE_RULES.windowMs;
const earlier = (a: number | null, b: number): number => (a === null ? b : Math.min(a, b));

export function withEngagement(inputs: GradeInputs, arrivedAtMs: number, action: EngagementAction, atMs: number): GradeInputs {
  if (!inWindow(atMs, arrivedAtMs)) return inputs;
  const day = dayNoOf(atMs);
  if (action === 'visit' && day === dayNoOf(arrivedAtMs)) return inputs;
  const deep = inputs.deep || action === 'cart' || action === 'group_join';
  const engagedDays = inputs.engagedDays.includes(day) ? inputs.engagedDays : [...inputs.engagedDays, day].sort((a, b) => a - b);
  return { ...inputs, engagedDays, deep };
}

export function withPayment(inputs: GradeInputs, atMs: number): GradeInputs {
  return { ...inputs, firstPaidAtMs: earlier(inputs.firstPaidAtMs, atMs) };
}

export function withOptOut(inputs: GradeInputs, atMs: number): GradeInputs {
  return { ...inputs, optedOutAtMs: earlier(inputs.optedOutAtMs, atMs) };
}

export function gradeOf(inputs: GradeInputs, arrivedAtMs: number): Grade {
  const paid = inputs.firstPaidAtMs;
  if (paid !== null && paid < arrivedAtMs + GRADE_RULES.boughtAtOnceMs) return 'A';
  if (inputs.optedOutAtMs !== null && inWindow(inputs.optedOutAtMs, arrivedAtMs)) return 'E';
  if (inputs.deep || inputs.engagedDays.length >= GRADE_RULES.considerDays || (paid !== null && inWindow(paid, arrivedAtMs))) return 'B';
  return inputs.engagedDays.length === 1 ? 'C' : 'D';
}

export interface GradeOverride {
  grade: Grade | null;
  atMs: number;
  eventId: string;
}

/** The latest override (by time, then event id) is the one that counts; null clears it. */
export function laterOverride(current: GradeOverride | null, next: GradeOverride): GradeOverride {
  if (current === null) return next;
  if (next.atMs !== current.atMs) return next.atMs > current.atMs ? next : current;
  return next.eventId > current.eventId ? next : current;
}

export function effectiveGrade(computed: Grade, override: GradeOverride | null): Grade {
  return override?.grade ?? computed;
}

export type GradeCounts = Record<Grade, number>;
export interface ChannelNewcomers {
  arrived: number;
  grades: GradeCounts;
}
export type NewcomersByChannel = Record<Channel, ChannelNewcomers>;

export function zeroNewcomers(): NewcomersByChannel {
  const out = {} as NewcomersByChannel;
  for (const c of CHANNELS) out[c] = { arrived: 0, grades: { A: 0, B: 0, C: 0, D: 0, E: 0 } };
  return out;
}

export function addNewcomers(a: NewcomersByChannel, b: NewcomersByChannel): NewcomersByChannel {
  const out = zeroNewcomers();
  for (const c of CHANNELS) {
    out[c].arrived = a[c].arrived + b[c].arrived;
    for (const g of GRADES) out[c].grades[g] = a[c].grades[g] + b[c].grades[g];
  }
  return out;
}

export interface ChannelGrades extends ChannelNewcomers {
  channel: Channel;
  /** Each grade's share of the channel's newcomers. */
  shares: Record<Grade, Ratio>;
}

/** One row per channel, in CHANNELS order, plus the store's total. */
export function gradeTable(newcomers: NewcomersByChannel): { channels: ChannelGrades[]; total: ChannelNewcomers } {
  const total: ChannelNewcomers = { arrived: 0, grades: { A: 0, B: 0, C: 0, D: 0, E: 0 } };
  const channels = CHANNELS.map((channel) => {
    const n = newcomers[channel];
    total.arrived += n.arrived;
    const shares = {} as Record<Grade, Ratio>;
    for (const g of GRADES) {
      total.grades[g] += n.grades[g];
      shares[g] = ratio(n.grades[g], n.arrived);
    }
    return { channel, arrived: n.arrived, grades: { ...n.grades }, shares };
  });
  return { channels, total };
}
