import fs from 'fs';
import path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { LocalRuntime, setActiveRuntime } from '../../local/runtime/runtime';
import { registerBundles } from '../../local/gateway/functions';
import { startGateway, type Gateway } from '../../local/gateway/server';
import { DEMO_IDENTITIES, seedDemoStore } from '../../local/seed/demo';

const ROOT = path.resolve(__dirname, '..', '..');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// The flags keep Debian's Chromium off the network this machine does not have.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface LiveStore {
  rt: LocalRuntime;
  gw: Gateway;
  browser: Browser;
  close(): Promise<void>;
}

/** The built H5 app and the built function bundles on a fresh in-memory store, plus Chromium. */
export async function startLiveStore(): Promise<LiveStore> {
  const h5 = path.join(ROOT, 'dist-h5');
  if (!fs.existsSync(path.join(h5, 'index.html'))) throw new Error('dist-h5 missing: npm test builds it (npm run build:h5)');
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  const rt = new LocalRuntime();
  rt.resetClock();
  setActiveRuntime(rt);
  registerBundles(rt, path.join(ROOT, 'cloudfunctions', 'deploy'));
  rt.autoDeliverRefunds = true;
  await seedDemoStore(rt);
  const gw = await startGateway({ runtime: rt, staticDir: h5, identities: DEMO_IDENTITIES, port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  return {
    rt, gw, browser,
    async close() {
      await browser.close();
      await gw.close();
      setActiveRuntime(null);
      rt.close();
    },
  };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Waits until a visible element's whole text is `text` (the UI shows what the server confirmed).
 * Taro's H5 router keeps earlier pages in the DOM, hidden, so the same id may exist twice: only
 * the page on top counts.
 */
export async function expectText(page: Page, selector: string, text: string, timeout = 10_000): Promise<void> {
  await page.locator(`${selector}:visible`).filter({ hasText: new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`) }).first().waitFor({ timeout });
}

/** Opens a page of the H5 app by its path (hash router). */
export async function openPage(store: LiveStore, page: Page, pagePath: string): Promise<void> {
  await page.goto(`${store.gw.url}/#/${pagePath}`);
}

/** Signs in on the home page's dev identity picker and waits for the catalogue. */
export async function signInAs(store: LiveStore, page: Page, openid: string): Promise<void> {
  await page.goto(`${store.gw.url}/`);
  await page.locator(`#identity-${openid}`).click();
  await page.locator('#product-p_tonic').waitFor();
}

/** A screenshot for a human to look at (git-ignored), once the page has slid in and modals faded. */
export async function snapshot(page: Page, file: string, selector: string): Promise<void> {
  await page.waitForFunction((sel) => {
    const box = document.querySelector(sel)?.getBoundingClientRect();
    return box !== undefined && box.left >= 0 && box.right <= window.innerWidth;
  }, selector);
  await page.locator('.taro__modal').first().waitFor({ state: 'hidden' });
  await page.screenshot({ path: `test/browser/${file}.png`, animations: 'disabled' });
}
