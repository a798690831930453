/**
 * The one data-loading hook: every page reads the server through it (on top of shop()/admin()),
 * so loading, errors, retries, stale answers and going offline behave the same everywhere.
 *
 * - Loads on mount, again whenever `key` changes, and again each time the page is shown again.
 * - An answer to an older request (a tab the shopper has left) is dropped.
 * - A failed reload keeps the last data on screen with the error beside it (offline still shows
 *   what it can); `cacheKey` also keeps the last data on the device for the next launch.
 */
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, isApiClientError } from '../api/client';
import type { ErrorCode } from '../contracts';

export interface Query<T> {
  /** The last data the server confirmed (or the device's copy while `stale`); null until then. */
  data: T | null;
  /** The last load's failure, in words for the shopper; null after a success. */
  error: string | null;
  /** Its code (FORBIDDEN: not for this person, e.g. the owner console), for pages that say more. */
  errorCode: ErrorCode | null;
  /** A request is in flight. */
  loading: boolean;
  /** `data` came from the device's cache and the server has not confirmed it in this run. */
  stale: boolean;
  /** Loads again (重试, pull to refresh, after a write). Never rejects. */
  reload: () => Promise<void>;
  /** Replaces the data with what a write's answer confirmed, without a round trip. */
  set: (data: T) => void;
}

export interface QueryOptions {
  /** Re-runs the load when it changes (e.g. the selected tab); compared with JSON. */
  key?: unknown;
  /** false: do not load (yet), e.g. until a route parameter is known. */
  enabled?: boolean;
  /** Keeps the last data in device storage under this key and shows it before the server answers. */
  cacheKey?: string;
  /** false: load only on mount and key changes, not each time the page is shown again. */
  reloadOnShow?: boolean;
}

/** A show within this of the mount's load is the same visit (the first show follows the mount). */
const SAME_VISIT_MS = 800;

function readCache<T>(cacheKey: string | undefined): T | null {
  if (cacheKey === undefined) return null;
  try {
    const raw: unknown = Taro.getStorageSync(`query:${cacheKey}`);
    return raw === '' || raw === undefined || raw === null ? null : (raw as T);
  } catch {
    return null;
  }
}

function writeCache<T>(cacheKey: string | undefined, data: T): void {
  if (cacheKey === undefined) return;
  try {
    Taro.setStorageSync(`query:${cacheKey}`, data);
  } catch {
    // Storage full or unavailable: the page still has the data in memory.
  }
}

export function useQuery<T>(load: () => Promise<T>, options: QueryOptions = {}): Query<T> {
  const { enabled = true, cacheKey, reloadOnShow = true } = options;
  const keyText = JSON.stringify(options.key ?? null);
  const [state, setState] = useState(() => {
    const cached = readCache<T>(cacheKey);
    return { data: cached, error: null as string | null, errorCode: null as ErrorCode | null, loading: enabled, stale: cached !== null };
  });
  const loadRef = useRef(load);
  loadRef.current = load;
  const seq = useRef(0);
  const startedAtMs = useRef(0);

  const run = useCallback(async () => {
    const mine = ++seq.current;
    startedAtMs.current = Date.now();
    setState((s) => ({ ...s, loading: true }));
    try {
      const data = await loadRef.current();
      if (mine !== seq.current) return;
      writeCache(cacheKey, data);
      setState({ data, error: null, errorCode: null, loading: false, stale: false });
    } catch (e) {
      if (mine !== seq.current) return;
      setState((s) => ({ ...s, error: errorMessage(e), errorCode: isApiClientError(e) ? e.code : 'INTERNAL', loading: false }));
    }
  }, [cacheKey]);

  const lastKey = useRef<string | null>(null);
  useEffect(() => {
    if (!enabled) return;
    const keyChanged = lastKey.current !== null && lastKey.current !== keyText;
    lastKey.current = keyText;
    // A new key is a different list: do not show the previous one under it.
    if (keyChanged) setState((s) => ({ ...s, data: null, error: null, errorCode: null, stale: false }));
    // The page's first show may have started this very load a moment ago (the order varies by platform).
    if (keyChanged || Date.now() - startedAtMs.current >= SAME_VISIT_MS) void run();
  }, [enabled, keyText, run]);

  useDidShow(() => {
    if (!enabled || !reloadOnShow || Date.now() - startedAtMs.current < SAME_VISIT_MS) return;
    void run();
  });

  const set = useCallback((data: T) => {
    seq.current += 1;
    writeCache(cacheKey, data);
    setState({ data, error: null, errorCode: null, loading: false, stale: false });
  }, [cacheKey]);

  return { ...state, reload: run, set };
}
