// npm run analytics:rebuild: forgets the owner's figures in .data/store.db and recomputes them
// from the source records (journal, users, stage moves, behaviour, overrides) with the same fold
// the cron runs, then the lists. In CloudBase the same happens by deleting the analytics
// collections' documents: the cron's fold starts again from the first record, a budget per run.
import '../local/runtime/useLocalSdk';
import fs from 'fs';
import path from 'path';
import { LocalRuntime, setActiveRuntime } from '../local/runtime/runtime';
import { foldAnalytics, readHead, resetAnalytics, REBUILD_FOLD } from '../cloudfunctions/src/analytics/services/fold';
import { computeLists } from '../cloudfunctions/src/analytics/services/lists';

export async function rebuildAnalytics(rt: LocalRuntime): Promise<{ events: number; seconds: number; rejected: number }> {
  const t0 = process.hrtime.bigint();
  await resetAnalytics();
  const events = await foldAnalytics(rt.nowMs(), REBUILD_FOLD);
  await computeLists(rt.nowMs());
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { events, seconds, rejected: (await readHead()).rejectedCount };
}

if (require.main === module) {
  const file = path.resolve(__dirname, '..', '.data', 'store.db');
  if (!fs.existsSync(file)) {
    console.error('no .data/store.db yet: run npm start first');
    process.exit(1);
  }
  const rt = new LocalRuntime({ filename: file });
  setActiveRuntime(rt);
  rebuildAnalytics(rt).then((r) => {
    console.log(`rebuilt the owner's figures from ${r.events} events in ${r.seconds.toFixed(1)} s (${r.rejected} refused)`);
    rt.close();
  }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
