import Taro from '@tarojs/taro';

/**
 * "Still working": while any call is between retries (a busy server answered CONFLICT, the
 * network dropped, the function timed out), listeners hear `true`; when the last such call ends,
 * `false`. By default the mini program shows WeChat's loading toast 排队中… meanwhile; a page that
 * shows its own state can subscribe, and turn the default off.
 */
export type RetryListener = (retrying: boolean) => void;

const listeners = new Set<RetryListener>();
let retryingCalls = 0;

export function subscribeRetrying(listener: RetryListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function isRetrying(): boolean {
  return retryingCalls > 0;
}

/** The client's side: a call starts (+1) or stops (-1) retrying. */
export function markRetrying(delta: 1 | -1): void {
  const before = retryingCalls > 0;
  retryingCalls = Math.max(0, retryingCalls + delta);
  const after = retryingCalls > 0;
  if (before !== after) for (const listener of [...listeners]) listener(after);
}

const loadingToast: RetryListener = (retrying) => {
  // Taro's loading API may be missing in a host without UI (tests): the state is still told to listeners.
  if (retrying) void Promise.resolve(Taro.showLoading?.({ title: '排队中…', mask: true })).catch(() => undefined);
  else void Promise.resolve(Taro.hideLoading?.()).catch(() => undefined);
};

let unsubscribeDefault: (() => void) | null = subscribeRetrying(loadingToast);

/** Turns the default 排队中… loading toast on or off. */
export function showRetryToast(enabled: boolean): void {
  if (enabled && !unsubscribeDefault) unsubscribeDefault = subscribeRetrying(loadingToast);
  if (!enabled && unsubscribeDefault) {
    unsubscribeDefault();
    unsubscribeDefault = null;
  }
}
