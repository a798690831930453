// npm run bench: measures and writes bench/results.json. Figures, not pass/fail: the machines
// are shared and noisy, so nothing here is a timed test.
import fs from 'fs';
import path from 'path';
import { buildCloud } from './build-cloud';
import { LocalRuntime, setActiveRuntime } from '../local/runtime/runtime';
import { registerBundles } from '../local/gateway/functions';
import { DEMO_SHOPPER, seedDemoStore } from '../local/seed/demo';

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
function weappSizes(): { mainPackageBytes: number; totalBytes: number; subpackages: Record<string, number> } {
  const dist = path.join(ROOT, 'dist');
  if (!fs.existsSync(path.join(dist, 'app.json'))) throw new Error('dist/ missing: run npm run build:weapp first');
  const app = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8')) as { subPackages?: { root: string }[]; subpackages?: { root: string }[] };
  const roots = (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/\/$/, ''));
  const subpackages: Record<string, number> = {};
  for (const root of roots) subpackages[root] = dirBytes(path.join(dist, root));
  const totalBytes = dirBytes(dist);
  const mainPackageBytes = totalBytes - Object.values(subpackages).reduce((a, b) => a + b, 0);
  return { mainPackageBytes, totalBytes, subpackages };
}

async function orderPaidDbOps(): Promise<{ reads: number; writes: number; total: number }> {
  const rt = new LocalRuntime();
  setActiveRuntime(rt);
  registerBundles(rt, path.join(ROOT, 'cloudfunctions', 'deploy'));
  await seedDemoStore(rt);
  const created = (await rt.call<any>('shop', { action: 'order.create', input: { requestId: 'bench-1', lines: [{ productId: 'p_tonic', qty: 1 }] } }, DEMO_SHOPPER));
  const orderId = created.data.order._id as string;
  await rt.call('shop', { action: 'order.pay', input: { orderId } }, DEMO_SHOPPER);
  const res = await rt.invoke('payNotify', rt.payEvent(orderId), { source: 'wx_pay' });
  if ((res.result as { errcode: number }).errcode !== 0) throw new Error('bench payment failed');
  rt.close();
  setActiveRuntime(null);
  return { reads: res.reads, writes: res.writes, total: res.reads + res.writes };
}

async function main(): Promise<void> {
  const bundles = await buildCloud();
  const cloud: Record<string, { bundleBytes: number }> = {};
  for (const [name, bytes] of Object.entries(bundles)) cloud[name] = { bundleBytes: bytes };
  const paid = await orderPaidDbOps();
  const results = {
    measuredAt: new Date().toISOString(),
    machine: { node: process.version, platform: process.platform },
    weapp: weappSizes(),
    cloud,
    order: { paid: { dbOps: paid.total, reads: paid.reads, writes: paid.writes } },
  };
  fs.mkdirSync(path.join(ROOT, 'bench'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
