// Poster composition in Chromium (H5), shared by the browser test and the bench: the partner
// opens a product's poster page; the page composes it on its <Canvas type="2d"> and records
// how long that took (pictures and code loaded, drawn) and the PNG's size in
// window.__posterFigures (src/partner/pages/share/PosterCard.tsx).
import type { Browser, Page } from 'playwright-core';

export interface PosterFigures {
  composeMs: number;
  bytes: number;
}

/** Waits for the poster page at `url` (already signed in) to compose; answers its figures. */
export async function posterFiguresOf(page: Page, timeoutMs = 20_000): Promise<PosterFigures> {
  const handle = await page.waitForFunction(() => (window as unknown as { __posterFigures?: unknown }).__posterFigures ?? null, null, { timeout: timeoutMs });
  return (await handle.jsonValue()) as PosterFigures;
}

/**
 * `runs` fresh page loads of a product poster as `openid` (a bounded count); each run composes
 * once. Answers the figures of every run.
 */
export async function measurePosters(browser: Browser, baseUrl: string, openid: string, productId: string, runs: number): Promise<PosterFigures[]> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const out: PosterFigures[] = [];
  try {
    await page.goto(`${baseUrl}/`);
    await page.locator(`#identity-${openid}`).click();
    await page.locator('#product-p_tonic').waitFor();
    for (let i = 0; i < runs; i += 1) {
      await page.goto(`${baseUrl}/#/partner/pages/share/index?kind=product&id=${productId}&run=${i}`);
      await page.reload();
      out.push(await posterFiguresOf(page));
    }
  } finally {
    await context.close();
  }
  return out;
}
