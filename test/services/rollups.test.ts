import { SOURCE } from '../../cloudfunctions/src/platform';
// Store-wide sales come from the journal through rollups, never from a running total every sale writes.
import type { LocalRuntime } from '../../local/runtime/runtime';
import { DEMO_NEWCOMER, DEMO_OWNER, DEMO_SHOPPER } from '../../local/seed/demo';
import { rollupSales, storeDayKey, storeDayStartMs } from '../../cloudfunctions/src/analytics/services/rollups';
import { all, closeStore, createStore, docOrNull, ok, placeOrder } from '../support/store';

let rt: LocalRuntime;
beforeEach(async () => { rt = await createStore(); });
afterEach(() => closeStore(rt));

const HOUR = 3600 * 1000;
const summary = async () => (await ok(rt, 'admin', 'store.summary', {}, DEMO_OWNER)).summary;
const cron = () => rt.invoke('cron', {}, { source: SOURCE.trigger });

test('store days are UTC+8 days', () => {
  const midnightShanghai = Date.UTC(2026, 0, 1, 16, 0, 0); // 2026-01-02 00:00 in UTC+8
  expect(storeDayStartMs(midnightShanghai)).toBe(midnightShanghai);
  expect(storeDayStartMs(midnightShanghai - 1)).toBe(midnightShanghai - 24 * HOUR);
  expect([storeDayKey(midnightShanghai), storeDayKey(midnightShanghai - 1)]).toEqual(['20260102', '20260101']);
});

test('the dashboard shows a sale at once, the same before and after the cron folds it, and after a rebuild from scratch', async () => {
  await rt.pay(await placeOrder(rt, DEMO_SHOPPER, 'p_tonic'));
  const refunded = await placeOrder(rt, DEMO_NEWCOMER, 'p_trial');
  await rt.pay(refunded);
  await ok(rt, 'admin', 'order.refund', { orderId: refunded, reason: '测试' }, DEMO_OWNER);
  const live = await summary();
  expect(live).toMatchObject({ salesFen: 29800, paidOrderCount: 1 });
  expect(await docOrNull(rt, 'balances', 'store:sales')).toBeNull();

  rt.advanceClock(2 * 60 * 1000); // past the commit margin: the cron's rollup covers these sales
  await cron();
  const total = await docOrNull(rt, 'rollups', 'sales');
  expect(total).toMatchObject({ salesFen: 29800, saleCount: 2, reversalCount: 1 });
  expect(await summary()).toMatchObject({ salesFen: 29800, paidOrderCount: 1 });

  // A sale after the rollup is added from the journal; the next run folds it in.
  await rt.pay(await placeOrder(rt, DEMO_SHOPPER, 'p_trial'));
  expect((await summary()).salesFen).toBe(29800 + 990);

  // Rollups are derived data: deleted, they are rebuilt from the journal.
  await rt.db.collection('rollups').where({ _id: rt.db.command.neq('liabilities') }).remove();
  rt.advanceClock(2 * 60 * 1000);
  await rollupSales(rt.nowMs());
  expect(await docOrNull(rt, 'rollups', 'sales')).toMatchObject({ salesFen: 29800 + 990, saleCount: 3, reversalCount: 1 });
  expect(await summary()).toMatchObject({ salesFen: 29800 + 990, paidOrderCount: 2 });
});

test('one document per store day, recomputed from the day before the last covered one', async () => {
  await rt.pay(await placeOrder(rt, DEMO_SHOPPER, 'p_trial'));
  rt.advanceClock(26 * HOUR);
  await rt.pay(await placeOrder(rt, DEMO_SHOPPER, 'p_trial'));
  rt.advanceClock(2 * 60 * 1000);
  await cron();
  const days = (await all(rt, 'rollups', { kind: 'sales_day' })).filter((d) => d.saleCount > 0);
  expect(days.map((d) => d.salesFen)).toEqual([990, 990]);
  await cron(); // repeated: the same figures, nothing counted twice
  expect(await docOrNull(rt, 'rollups', 'sales')).toMatchObject({ salesFen: 1980, saleCount: 2 });
});
