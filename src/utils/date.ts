/**
 * Dates as the store sees them: the store keeps China time (UTC+8) whatever the phone's time zone,
 * the same offset the server uses for points expiry, so a date shown never disagrees with it.
 */
const STORE_OFFSET_MS = 8 * 3600 * 1000;

function storeIso(ms: number): string {
  return new Date(ms + STORE_OFFSET_MS).toISOString();
}

/** 1767196800000 → '2026-01-01'. */
export function formatDate(ms: number): string {
  return storeIso(ms).slice(0, 10);
}

/** 1767196800000 → '2026-01-01 00:00'. */
export function formatDateTime(ms: number): string {
  const iso = storeIso(ms);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

const DATE_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$/;

/**
 * A date and time typed in store time (UTC+8), the inverse of formatDateTime:
 * '2026-01-01 00:00' → 1767196800000; '2026-01-01' is midnight; anything else (or a day that
 * does not exist, such as '2026-02-30') is null.
 */
export function parseDateTime(text: string): number | null {
  const m = DATE_TIME_PATTERN.exec(text.trim());
  if (m === null) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0'].map(Number);
  if (hour > 23 || minute > 59) return null;
  const utcMs = Date.UTC(year, month - 1, day, hour, minute);
  const back = new Date(utcMs);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return utcMs - STORE_OFFSET_MS;
}
