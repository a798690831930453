/**
 * The store's calendar is China time (UTC+8, no daylight saving): a "day" is a UTC+8 calendar
 * day, numbered as whole days since 1970-01-01 in UTC+8 so that day arithmetic is integer
 * arithmetic. Rollup documents are keyed by these numbers; `dayLabel` is for people and ids.
 */
export const DAY_MS = 24 * 3600 * 1000;
const CHINA_OFFSET_MS = 8 * 3600 * 1000;

export function dayNoOf(ms: number): number {
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
}

/** The instant a UTC+8 day starts. */
export function dayStartMs(dayNo: number): number {
  return dayNo * DAY_MS - CHINA_OFFSET_MS;
}

/** 2026-11-29 for the day that starts at 2026-11-29 00:00 in China. */
export function dayLabel(dayNo: number): string {
  return new Date(dayNo * DAY_MS).toISOString().slice(0, 10);
}

/** Inclusive range of days. */
export interface DayRange {
  fromDay: number;
  toDay: number;
}

export function inRange(dayNo: number, range: DayRange): boolean {
  return dayNo >= range.fromDay && dayNo <= range.toDay;
}

/** Today, the last 7 days, the last 30 days: ranges that end today and include it. */
export function lastDays(todayDay: number, count: number): DayRange {
  return { fromDay: todayDay - count + 1, toDay: todayDay };
}

export function daysOf(range: DayRange): number[] {
  const out: number[] = [];
  for (let d = range.fromDay; d <= range.toDay; d += 1) out.push(d);
  return out;
}
