/**
 * When the cron asks WeChat Pay again for a refund it has not confirmed (same outRefundNo, so a
 * repeat is a no-op there): 10 minutes after the last attempt, doubling up to 12 hours, and at
 * most REFUND_MAX_ATTEMPTS times; after that the refund is left to the owner, who sees it as stuck.
 */
export const REFUND_MAX_ATTEMPTS = 10;
const FIRST_WAIT_MS = 10 * 60 * 1000;
const LONGEST_WAIT_MS = 12 * 3600 * 1000;

export interface RefundAttempts {
  attempts: number;
  createdAtMs: number;
  lastAttemptAtMs?: number | null;
  gaveUpAtMs?: number | null;
}

export function refundRetryWaitMs(attempts: number): number {
  return Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** Math.max(0, attempts - 1));
}

export type RefundRetry = 'due' | 'wait' | 'give_up' | 'given_up';

export function refundRetry(r: RefundAttempts, nowMs: number): RefundRetry {
  if (r.gaveUpAtMs) return 'given_up';
  if (r.attempts >= REFUND_MAX_ATTEMPTS) return 'give_up';
  const lastMs = r.lastAttemptAtMs ?? r.createdAtMs;
  return nowMs - lastMs >= refundRetryWaitMs(r.attempts) ? 'due' : 'wait';
}
