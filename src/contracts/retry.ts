// The one retry policy, shared by the mini program's API client (transient answers: CONFLICT,
// network errors, function timeouts) and the functions' transaction runner (transaction
// conflicts). Pure: time and randomness are injected, so the policy is tested without waiting.

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Upper bound of the first retry's delay; doubles with every retry up to capMs. */
  baseMs: number;
  capMs: number;
}

export interface RetryDeps {
  sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1). */
  random: () => number;
  /** Told before each retry: which attempt failed and how long we wait before the next. */
  onRetry?: (failedAttempt: number, delayMs: number, error: unknown) => void;
}

/**
 * "Full jitter": a delay drawn uniformly below min(capMs, baseMs · 2^retry). Callers that
 * collided once spread out instead of colliding again in lockstep.
 */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/**
 * Runs `attempt` until it succeeds, throws something not transient, or the attempts are used
 * up; then the last error is thrown as it was. Every attempt gets the same input: the caller's
 * idempotency key makes a repeated write a no-op.
 */
export async function retrying<T>(attempt: (n: number) => Promise<T>, isTransient: (e: unknown) => boolean, policy: RetryPolicy, deps: RetryDeps): Promise<T> {
  for (let n = 0; ; n += 1) {
    try {
      return await attempt(n);
    } catch (e) {
      if (!isTransient(e) || n + 1 >= policy.attempts) throw e;
      const delayMs = backoffMs(n, policy, deps.random);
      deps.onRetry?.(n, delayMs, e);
      await deps.sleep(delayMs);
    }
  }
}
