// The owner's figures in the H5 build, on a year of demo history (local/seed/history.ts) folded
// the way the cron folds it: the dashboard, the range switched on 收益, the funnel, the top 20 %
// and the due-this-week list — each figure on screen equal to what the admin function answers.
import type { Page } from 'playwright-core';
import { DEMO_OWNER } from '../../local/seed/demo';
import { writeHistory } from '../../local/seed/history';
import { foldAnalytics, REBUILD_FOLD } from '../../cloudfunctions/src/analytics/services/fold';
import { computeLists } from '../../cloudfunctions/src/analytics/services/lists';
import type { ApiResult } from '../../src/contracts';
import { formatFen, formatRatioPct, storeDayNo } from '../../src/utils/format';
import { expectText, openPage, signInAs, snapshot, startLiveStore, type LiveStore } from '../support/browser';

jest.setTimeout(240_000);

let store: LiveStore;
beforeAll(async () => {
  store = await startLiveStore();
  const { warn } = console;
  console.warn = () => undefined;
  try {
    expect(writeHistory(store.rt)).toMatchObject({ orders: expect.any(Number) });
    await foldAnalytics(store.rt.nowMs(), REBUILD_FOLD);
    await computeLists(store.rt.nowMs());
  } finally {
    console.warn = warn;
  }
});
afterAll(async () => { await store?.close(); });

async function asOwner<T>(action: string, input: unknown): Promise<T> {
  const res = await store.rt.call<ApiResult<T>>('admin', { action, input }, DEMO_OWNER);
  if (!res.ok) throw new Error(`${action}: ${res.error.code} ${res.error.message}`);
  return res.data;
}

const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`).first();
const snap = (page: Page, name: string, selector: string) => snapshot(page, `last-analytics-${name}`, selector);

test('the owner reads a year of business: dashboard, earnings by range, funnel, top 20 %, due this week', async () => {
  const errors: string[] = [];
  const context = await store.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await signInAs(store, page, DEMO_OWNER);

  const { dashboard } = await asOwner<{ dashboard: any }>('analytics.dashboard', {});
  expect(dashboard.series.reduce((n: number, d: any) => n + d.orders, 0)).toBeGreaterThan(100);
  await openPage(store, page, 'pages/me/index');
  await visible(page, '#go-owner').click();
  await expectText(page, '#owner-sales', formatFen(dashboard.today.salesFen));
  await expectText(page, '#owner-paid-orders', `${dashboard.today.orders}`);
  await visible(page, '#dash-chart').waitFor();
  await expectText(page, '#todo-toShip .an-todos__count', `${dashboard.todos.find((t: any) => t.key === 'toShip').count}`);
  await snap(page, 'dashboard', '#owner-sales');

  // 收益: seven days first, then the owner switches to thirty.
  const today = storeDayNo(store.rt.nowMs());
  const week = await asOwner<any>('analytics.earnings', { fromDay: today - 6, toDay: today });
  const month = await asOwner<any>('analytics.earnings', { fromDay: today - 29, toDay: today });
  expect(month.total.salesFen).toBeGreaterThan(week.total.salesFen);
  await visible(page, '#go-earnings').click();
  await expectText(page, '#earn-sales', formatFen(week.total.salesFen));
  await visible(page, '#range-d30').click();
  await expectText(page, '#earn-sales', formatFen(month.total.salesFen));
  await expectText(page, '#earn-net', formatFen(month.total.netEarningsFen));
  await visible(page, '#earn-chart').waitFor();
  await snap(page, 'earnings', '#earn-net');
  await page.goBack();

  // The ladder as a funnel: head-counts now, conversion over thirty days, who moved.
  const { funnel } = await asOwner<any>('analytics.funnel', { fromDay: today - 29, toDay: today });
  await visible(page, '#go-funnel').click();
  await expectText(page, '#funnel-fan .an-funnel__count', `${funnel.headcounts.fan} 人`);
  await expectText(page, '#funnel-partner .an-funnel__count', `${funnel.headcounts.partner} 人`);
  await visible(page, '#funnel-moves .an-person__name').waitFor();
  expect(await visible(page, '#funnel-moves .an-person__name').innerText()).toBe(funnel.moves[0].person.nickname);
  await snap(page, 'funnel', '#funnel');
  await page.goBack();

  // The top 20 %: the share and the people, by name.
  const top = await asOwner<any>('analytics.lists', { list: 'top', period: 30 });
  expect(top.top.topCount).toBeGreaterThan(10);
  await visible(page, '#go-top').click();
  await visible(page, '#top-share').filter({ hasText: formatRatioPct(top.top.share) }).waitFor();
  await expectText(page, '#top-row-0 .an-person__name', top.topRows[0].person.nickname);
  await snap(page, 'top', '#top-share');

  // Due this week.
  const due = await asOwner<any>('analytics.lists', { list: 'due' });
  expect(due.count).toBeGreaterThan(0);
  await visible(page, '#list-due').click();
  await visible(page, '#list-count').filter({ hasText: `共 ${due.count} 人` }).waitFor();
  await expectText(page, '#due-row-0 .an-person__name', due.rhythmRows[0].person.nickname);
  await snap(page, 'due', '#list-count');

  expect(errors).toEqual([]);
  await context.close();
});
