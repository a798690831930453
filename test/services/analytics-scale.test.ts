import { figuresAtScale } from '../../local/load/analytics';
import { closeStore, createStore, expectAudited } from '../support/store';

/*
 * Loading the dashboard costs the same whatever the history: the same number of database reads
 * at about 300 and about 1,500 orders (the bench measures 1,000 and 100,000). The history is real
 * documents that the audit accepts, and folds without a refusal.
 */
test('the dashboard reads as much at 1,500 orders as at 300', async () => {
  const { warn } = console;
  console.warn = () => undefined;
  const at = async (orders: number) => {
    const rt = await createStore();
    try {
      const f = await figuresAtScale(rt, orders);
      expectAudited(rt);
      return f;
    } finally {
      closeStore(rt);
    }
  };
  try {
    const small = await at(300);
    const large = await at(1500);
    expect(large.orders).toBeGreaterThan(4 * small.orders);
    expect([small.rejected, large.rejected]).toEqual([0, 0]);
    expect(large.dashboardReads).toBe(small.dashboardReads);
    expect(large.summaryReads).toBe(small.summaryReads);
    expect(small.dashboardReads).toBeLessThan(25);
  } finally {
    console.warn = warn;
  }
}, 120_000);
