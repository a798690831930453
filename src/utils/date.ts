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
