/**
 * H5 only (the local gateway's build): pages are chunks the browser loads when first opened, so a
 * tab never opened before would fail offline with an uncaught ChunkLoadError. Two guards:
 * the tab pages are fetched soon after launch (the router's own loaders, so the same chunks), and
 * a chunk that still fails says so in a toast instead of an uncaught error. weapp ships every
 * main-package page with the app; WeChat itself loads subpackages.
 */
import Taro from '@tarojs/taro';

interface Route {
  path: string;
  load: (context?: unknown, params?: unknown) => [Promise<unknown>, unknown, unknown];
}

interface AppConfig {
  routes?: Route[];
  tabBar?: { list: { pagePath: string }[] };
}

const PREFETCH_AFTER_MS = 1500;

export function isChunkLoadError(reason: unknown): boolean {
  const e = reason as { name?: unknown; message?: unknown } | null;
  return typeof e === 'object' && e !== null && (e.name === 'ChunkLoadError' || /Loading (CSS )?chunk .* failed/i.test(String(e.message)));
}

function prefetchTabPages(): void {
  const config = (window as unknown as { __taroAppConfig?: AppConfig }).__taroAppConfig;
  const tabs = new Set((config?.tabBar?.list ?? []).map((t) => t.pagePath.replace(/^\//, '')));
  for (const route of config?.routes ?? []) {
    if (!tabs.has(route.path.replace(/^\//, ''))) continue;
    // A failure here is harmless: the tap retries the same loader.
    Promise.resolve(route.load()[0]).catch(() => undefined);
  }
}

/**
 * The router moved the address to the page it could not load; the page on screen is still the
 * one before. Going back to it makes the next tap a real navigation again (same address = no-op).
 */
function restoreLocation(): void {
  const pages = Taro.getCurrentPages();
  const shown = pages[pages.length - 1]?.route?.replace(/^\//, '').split('?')[0];
  const addressed = window.location.hash.replace(/^#\/?/, '').split('?')[0];
  if (shown !== undefined && shown !== addressed) window.history.back();
}

export function guardChunkLoading(): void {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return;
  window.addEventListener('unhandledrejection', (event) => {
    if (!isChunkLoadError(event.reason)) return;
    event.preventDefault();
    void Taro.showToast({ title: '网络异常，页面没能打开，请稍后重试', icon: 'none' });
    restoreLocation();
  });
  setTimeout(prefetchTabPages, PREFETCH_AFTER_MS);
}
