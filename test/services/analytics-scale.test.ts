import { figuresAtScale } from '../../local/load/analytics';
import { closeStore, createStore, expectAudited, ok } from '../support/store';
import { DEMO_OWNER } from '../../local/seed/demo';

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

test('the seeded history is what the functions write: spec lines, cash commission documents, and every cron job walks it without a failure', async () => {
  const { warn } = console;
  console.warn = () => undefined;
  const rt = await createStore();
  try {
    await figuresAtScale(rt, 300);
    const result = await rt.runCron<Record<string, number>>();
    expect(Object.keys(result).filter((k) => k.endsWith('Failed'))).toEqual([]);
    expectAudited(rt);
    // The owner's order list parses every history order against the contract (lines with lineId and spec).
    const { orders } = await ok(rt, 'admin', 'order.list', { limit: 100 }, DEMO_OWNER);
    const history = orders.filter((o: { _id: string }) => o._id.startsWith('H') && o._id.length === 24);
    expect(history.length).toBeGreaterThan(10);
    for (const o of history) for (const [i, l] of o.lines.entries()) expect(l).toMatchObject({ lineId: `${i + 1}`, specId: expect.any(String), commissionBaseFen: expect.any(Number) });
    const diapers = history.flatMap((o: { lines: { productId: string; specId: string; specName: string }[] }) => o.lines).filter((l: { productId: string }) => l.productId === 'p_diaper');
    expect(diapers.length).toBeGreaterThan(0);
    for (const l of diapers) expect(['s', 'm', 'l', 'xl']).toContain(l.specId);
    const commissions = rt.db.raw().prepare("SELECT data FROM docs WHERE coll = 'commissions' AND id LIKE 'H%'").all() as { data: string }[];
    expect(commissions.length).toBeGreaterThan(0);
    const docs = commissions.map((c) => JSON.parse(c.data));
    // Partners earn cash (with the refund window it thaws after); members earn points (seed 002), credited at once.
    for (const d of docs.filter((x) => x.stage === 'partner')) expect(d).toMatchObject({ reward: 'cash', rateBps: 1000, refundWindowDays: 7 });
    const points = docs.filter((x) => x.stage === 'member');
    expect(points.length).toBeGreaterThan(0);
    for (const d of points) {
      expect(d).toMatchObject({ reward: 'points', points: d.amountFen, refundWindowDays: null });
      expect(['credited', 'reversed']).toContain(d.status);
    }
    const credited = rt.db.raw().prepare("SELECT COUNT(*) AS n FROM docs WHERE coll = 'journal' AND json_extract(data, '$.kind') = 'referral_points' AND json_extract(data, '$.account') LIKE 'points:h_%'").get() as { n: number };
    expect(credited.n).toBe(points.length);
  } finally {
    console.warn = warn;
    closeStore(rt);
  }
}, 120_000);
