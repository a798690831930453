import type { RetryPolicy } from '../contracts/retry';

/**
 * The client's bound: at most 5 calls, waiting below 0.25 s, 0.5 s, 1 s, 2 s between them
 * (jittered, so a crowd that collided once spreads out). A CloudBase function times out after
 * 3 s by default. No Taro here: the local load runs use the same policy in node.
 */
export const CLIENT_RETRY: RetryPolicy = { attempts: 5, baseMs: 250, capMs: 2000 };
