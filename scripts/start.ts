// npm start: build what is missing or stale, seed the demo store (idempotent), serve the H5
// build and the functions on 127.0.0.1. Data persists in .data/store.db across restarts.
import { spawnSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { buildCloud } from './build-cloud';
import { LocalRuntime, setActiveRuntime } from '../local/runtime/runtime';
import { registerBundles } from '../local/gateway/functions';
import { startGateway } from '../local/gateway/server';
import { DEMO_IDENTITIES, seedDemoStore } from '../local/seed/demo';
import { writeHistory } from '../local/seed/history';

const ROOT = path.resolve(__dirname, '..');
const H5_DIR = path.join(ROOT, 'dist-h5');
export const DATA_DIR = path.join(ROOT, '.data');

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function ensureH5Build(): void {
  const index = path.join(H5_DIR, 'index.html');
  const sources = Math.max(newestMtimeMs(path.join(ROOT, 'src')), newestMtimeMs(path.join(ROOT, 'config')));
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) return;
  console.log('building the H5 app (about 30 s)…');
  const res = spawnSync('npx', ['taro', 'build', '--type', 'h5'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (res.status !== 0) throw new Error('H5 build failed');
}

async function main(): Promise<void> {
  ensureH5Build();
  await buildCloud();
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const rt = new LocalRuntime({ filename: path.join(DATA_DIR, 'store.db') });
  setActiveRuntime(rt);
  registerBundles(rt, path.join(ROOT, 'cloudfunctions', 'deploy'));
  // As in the cloud, WeChat Pay confirms an accepted refund shortly after.
  rt.autoDeliverRefunds = true;
  const { created } = await seedDemoStore(rt);
  // A year of history for the owner's figures, written once into .data (docs/DECISIONS.md).
  const t0 = Date.now();
  const history = writeHistory(rt);
  if (history) console.log(`wrote a year of demo history: ${history.customers} paying customers, ${history.orders} orders (${history.docs} documents)`);
  // The timer trigger, as CloudBase fires it (build-cloud.ts: every five minutes); once now, so the figures are folded.
  const cron = () => rt.runCron().catch((e) => console.error('cron failed', e));
  await cron();
  if (history) console.log(`folded the history into the owner's figures in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const timer = setInterval(() => void cron(), 5 * 60 * 1000);
  const port = Number(process.env.PORT ?? 8787);
  const gw = await startGateway({ runtime: rt, staticDir: H5_DIR, identities: DEMO_IDENTITIES, port });
  console.log(`seeded demo store (${created} new documents)`);
  console.log(`store running at ${gw.url}/  (Ctrl+C to stop)`);
  const stop = async () => {
    clearInterval(timer);
    await gw.close();
    rt.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
