// npm run bench: measures and writes bench/results.json. Figures, not pass/fail: the machines
// are shared and noisy, so nothing here is a timed test.
import '../local/runtime/useLocalSdk';
import fs from 'fs';
import path from 'path';
import { buildCloud } from './build-cloud';
import { LocalRuntime, setActiveRuntime } from '../local/runtime/runtime';
import { registerBundles } from '../local/gateway/functions';
import { DEMO_PARTNER, DEMO_PRODUCTS, DEMO_SHOPPER, seedDemoStore } from '../local/seed/demo';
import { measureDemoPictures } from '../local/seed/pictures';
import { runGroupbuyLoad } from '../local/load/groupbuy';
import { runCommissionBench } from '../local/load/commission';
import { rushFigures } from '../local/load/rush';
import { platformFigures } from '../local/attack/figures';
import { figuresAtScale, type ScaleFigures } from '../local/load/analytics';
import { measurePosters } from '../local/load/poster';
import { startLiveStore } from '../test/support/browser';

const ROOT = path.resolve(__dirname, '..');

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    total += e.isDirectory() ? dirBytes(full) : fs.statSync(full).size;
  }
  return total;
}

/** Main package = everything in dist/ outside the subpackage roots named in app.json. */
function weappSizes(): { mainPackageBytes: number; maxSubpackageBytes: number; totalBytes: number; subpackages: Record<string, number> } {
  const dist = path.join(ROOT, 'dist');
  if (!fs.existsSync(path.join(dist, 'app.json'))) throw new Error('dist/ missing: run npm run build:weapp first');
  const app = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8')) as { subPackages?: { root: string }[]; subpackages?: { root: string }[] };
  const roots = (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/\/$/, ''));
  const subpackages: Record<string, number> = {};
  for (const root of roots) subpackages[root] = dirBytes(path.join(dist, root));
  const totalBytes = dirBytes(dist);
  const mainPackageBytes = totalBytes - Object.values(subpackages).reduce((a, b) => a + b, 0);
  // Budgets (issue 10): main ≤ 700 KB, every subpackage ≤ 500 KB.
  return { mainPackageBytes, maxSubpackageBytes: Math.max(0, ...Object.values(subpackages)), totalBytes, subpackages };
}

interface Ops { reads: number; writes: number; dbOps: number }

async function freshStore(): Promise<LocalRuntime> {
  const rt = new LocalRuntime();
  setActiveRuntime(rt);
  registerBundles(rt, path.join(ROOT, 'cloudfunctions', 'deploy'));
  await seedDemoStore(rt);
  return rt;
}

async function call(rt: LocalRuntime, action: string, input: unknown): Promise<any> {
  const res = await rt.call<any>('shop', { action, input }, DEMO_SHOPPER);
  if (!res.ok) throw new Error(`bench: ${action} failed: ${res.error.code}`);
  return res.data;
}

/** A one-line order, and a three-line one: two products, three specs (the tonic, two L and one XL diapers). */
const ONE_LINE = [{ productId: 'p_tonic', qty: 1 }];
const THREE_LINES = [{ productId: 'p_tonic', qty: 1 }, { productId: 'p_diaper', specId: 'l', qty: 2 }, { productId: 'p_diaper', specId: 'xl', qty: 1 }];

/** Database operations of order.create, and of the one invocation that marks the order paid (payNotify). */
async function orderPaidByWxPay(rt: LocalRuntime, lines: unknown[], requestId: string): Promise<Ops & { create: Ops }> {
  const created = await rt.invoke<any>('shop', { action: 'order.create', input: { requestId, lines } }, { openid: DEMO_SHOPPER });
  if (!created.result.ok) throw new Error(`bench: order.create failed: ${created.result.error.code}`);
  const order = created.result.data.order;
  await call(rt, 'order.pay', { orderId: order._id });
  const res = await rt.invoke('payNotify', rt.payEvent(order._id), { source: 'wx_paycallback' });
  if ((res.result as { errcode: number }).errcode !== 0) throw new Error('bench payment failed');
  return { reads: res.reads, writes: res.writes, dbOps: res.reads + res.writes, create: { reads: created.reads, writes: created.writes, dbOps: created.reads + created.writes } };
}

/** The same for an order that spends points and is paid from stored value (order.pay, balance). */
async function orderPaidByPointsAndBalance(rt: LocalRuntime): Promise<Ops> {
  const { order: topUp } = await call(rt, 'wallet.topup', { requestId: 'bench-topup', packageId: 'tp_1000' });
  await call(rt, 'order.pay', { orderId: topUp._id });
  await rt.pay(topUp._id);
  const { order } = await call(rt, 'order.create', { requestId: 'bench-2', lines: [{ productId: 'p_tonic', qty: 1 }], usePoints: true });
  if (order.pointsUsed <= 0) throw new Error('bench: expected points to be spent');
  const res = await rt.invoke<any>('shop', { action: 'order.pay', input: { orderId: order._id, method: 'balance' } }, { openid: DEMO_SHOPPER });
  if (!res.result.ok) throw new Error('bench balance payment failed');
  return { reads: res.reads, writes: res.writes, dbOps: res.reads + res.writes };
}

/** Journal appends (idempotency check, entry, balance; one transaction each) vs raw SQLite inserts. */
async function journalVsRaw(count: number): Promise<{ journalAppendPerSec: number; rawInsertPerSec: number; count: number }> {
  const rt = new LocalRuntime();
  setActiveRuntime(rt);
  const { applyJournal } = require('../cloudfunctions/src/ledger/journal') as typeof import('../cloudfunctions/src/ledger/journal');
  const { runTx } = require('../cloudfunctions/src/adapters/transaction') as typeof import('../cloudfunctions/src/adapters/transaction');
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) {
    await runTx((tx) => applyJournal(tx, { key: `bench-${i}`, account: `points:u${i % 50}`, amount: 10, kind: 'earn', ref: `o${i}` }, i));
  }
  const journalSec = Number(process.hrtime.bigint() - t0) / 1e9;
  const sql = rt.db.raw();
  sql.exec('CREATE TABLE bench_raw (id TEXT PRIMARY KEY, data TEXT NOT NULL)');
  const insert = sql.prepare('INSERT INTO bench_raw (id, data) VALUES (?, ?)');
  const t1 = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) insert.run(`raw-${i}`, JSON.stringify({ account: `points:u${i % 50}`, amount: 10, kind: 'earn', ref: `o${i}` }));
  const rawSec = Number(process.hrtime.bigint() - t1) / 1e9;
  rt.close();
  setActiveRuntime(null);
  return { journalAppendPerSec: Math.round(count / journalSec), rawInsertPerSec: Math.round(count / rawSec), count };
}

/**
 * A bounded concurrent group-buy run on the built bundles (local/load/groupbuy.ts): 40 groups of
 * 5, 200 concurrent joins then 60 more, payments shuffled, late and duplicated, every group to
 * its deadline. overfilled and doubleRefunds must be 0; any broken invariant is printed.
 */
async function groupbuyRun(): Promise<Record<string, number>> {
  const rt = await freshStore();
  const { error, warn } = console;
  console.error = () => undefined; // transaction conflicts are expected and logged by the functions
  console.warn = () => undefined;
  try {
    const r = await runGroupbuyLoad(rt, { groups: 40, groupSize: 5, joinAttempts: 200, lateJoinAttempts: 60, seed: 1 });
    if (r.problems.length > 0) error('bench: group-buy invariants broken:', r.problems);
    return { joinAttempts: r.joinAttempts, seatsFilled: r.seatsFilled, overfilled: r.overfilled, refundsIssued: r.refundsIssued, doubleRefunds: r.doubleRefunds, joinsPerSec: r.joinsPerSec, problems: r.problems.length };
  } finally {
    console.error = error;
    console.warn = warn;
    rt.resetClock();
    rt.close();
    setActiveRuntime(null);
  }
}

/**
 * Issue 12: the same store at 1,000 and at 100,000 orders of history (local/seed/history.ts): the
 * rebuild from scratch (timed) and the database reads of loading the dashboard (equal).
 */
async function analyticsRun(): Promise<{ dashboard: Record<string, unknown>; analytics: Record<string, unknown> }> {
  const at = async (orders: number): Promise<ScaleFigures> => {
    const rt = await freshStore();
    const { warn } = console;
    console.warn = () => undefined;
    try {
      return await figuresAtScale(rt, orders);
    } finally {
      console.warn = warn;
      rt.close();
      setActiveRuntime(null);
    }
  };
  const small = await at(1000);
  const large = await at(100_000);
  return {
    dashboard: { dbReads: { '1k': small.dashboardReads, '100k': large.dashboardReads }, summaryDbReads: { '1k': small.summaryReads, '100k': large.summaryReads } },
    analytics: { rebuildSeconds: { '1k': small.rebuildSeconds, '100k': large.rebuildSeconds }, detail: { '1k': small, '100k': large } },
  };
}

/**
 * Issue 13: a product poster composed in Chromium (H5 build, built bundles, seeded store), 5 page
 * loads: the time from the signed data's arrival to the drawn canvas (picture, avatar and code
 * loaded, drawn) and the PNG's size. The first run warms the page's code; the figures keep all runs.
 */
async function posterFigures(): Promise<Record<string, unknown>> {
  const store = await startLiveStore();
  try {
    const runs = await measurePosters(store.browser, store.gw.url, DEMO_PARTNER, 'p_tonic', 5);
    const ms = runs.map((r) => r.composeMs).sort((a, b) => a - b);
    return { composeMs: ms[Math.floor(ms.length / 2)], composeMsRuns: runs.map((r) => r.composeMs), bytes: runs[runs.length - 1].bytes, size: '600x960', where: 'H5 in Chromium (headless), local gateway' };
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const bundles = await buildCloud();
  const cloud: Record<string, { bundleBytes: number }> = {};
  for (const [name, bytes] of Object.entries(bundles)) cloud[name] = { bundleBytes: bytes };
  const rt = await freshStore();
  const wxpay = await orderPaidByWxPay(rt, ONE_LINE, 'bench-1');
  const threeLines = await orderPaidByWxPay(rt, THREE_LINES, 'bench-3');
  const pointsAndBalance = await orderPaidByPointsAndBalance(rt);
  rt.close();
  setActiveRuntime(null);
  const journal = await journalVsRaw(2000);
  const results = {
    measuredAt: new Date().toISOString(),
    machine: { node: process.version, platform: process.platform },
    weapp: weappSizes(),
    cloud,
    // Issue 11: a three-line order (two products, three specs) is paid in as many operations as a
    // one-line order; creating it costs one stock update per extra line.
    order: {
      paid: { dbOps: wxpay.dbOps, threeLines: { dbOps: threeLines.dbOps, reads: threeLines.reads, writes: threeLines.writes }, wxpay: { reads: wxpay.reads, writes: wxpay.writes, dbOps: wxpay.dbOps }, pointsAndBalance },
      created: { oneLine: wxpay.create, threeLines: threeLines.create },
    },
    journal: { appendPerSec: journal.journalAppendPerSec, appends: journal.count },
    sqlite: { rawInsertPerSec: journal.rawInsertPerSec, inserts: journal.count, storage: 'memory' },
    groupbuy: await groupbuyRun(),
    // 1,000 members at depth 3 vs 100,000 with a chain of 1,000: the cost of a paid order must not move.
    commission: await runCommissionBench(freshStore),
    // Issue 8: 500 shoppers through one partner at once, callbacks delivered twice, refunds mid-rush.
    rush: await rushFigures(freshStore),
    // fuzz.* (10,000 generated calls) and identity.* (the caller matrix), on the built bundles.
    ...(await platformFigures(freshStore)),
    // The demo store's drawn pictures (products' covers and details, the logo): each at most 30 KB.
    media: measureDemoPictures(DEMO_PRODUCTS),
    poster: await posterFigures(),
    // Issue 12: dashboard.dbReads.1k = .100k; analytics.rebuildSeconds.100k.
    ...(await analyticsRun()),
  };
  fs.mkdirSync(path.join(ROOT, 'bench'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
