import { AsyncLocalStorage } from 'async_hooks';

/** Who is calling, and what the call has cost so far. One per function invocation. */
export interface Invocation {
  fn: string;
  OPENID: string;
  APPID: string;
  SOURCE: string;
  reads: number;
  writes: number;
}

// Process-wide so that the function bundles (loaded through require) and the test code share
// one store even when they load this file through different module registries.
const KEY = Symbol.for('member-store.localInvocation');
const g = globalThis as Record<symbol, unknown>;
if (!g[KEY]) g[KEY] = new AsyncLocalStorage<Invocation>();

export const invocationStore = g[KEY] as AsyncLocalStorage<Invocation>;

export function currentInvocation(): Invocation | undefined {
  return invocationStore.getStore();
}
