import { db } from '../adapters/cloud';
import type { Doc } from '../adapters/sdk';

/** What a cron job did: items it changed, and items that failed (logged, left for the next run). */
export interface WalkResult {
  done: number;
  failed: number;
}

export const CURSORS = 'cron_cursors';

/** One page of the job's documents after `after` (by _id, ascending), at most `limit`. */
export type Page = (after: string, limit: number) => Promise<{ data: Doc[] }>;

export interface WalkOptions {
  /** Documents per query. */
  batch?: number;
  /** Documents looked at per run, at most. */
  budget?: number;
}

async function readCursor(job: string): Promise<string> {
  try {
    const { data } = await db().collection(CURSORS).doc(job).get();
    return typeof data.after === 'string' ? data.after : '';
  } catch {
    return '';
  }
}

async function saveCursor(job: string, after: string, was: string): Promise<void> {
  if (after === was) return;
  await db().collection(CURSORS).doc(job).set({ data: { after } });
}

/**
 * A cron job's walk over the documents it must look at, in _id order, from where its last run
 * stopped (`cron_cursors/<job>`), at most `budget` documents a run; when the walk reaches the end
 * the cursor goes back to the start. Every document is handled on its own: a failure is logged
 * and counted and the walk goes on. So a document that keeps failing never starves the ones after
 * it, and a set larger than one run's budget is covered over the next runs. `handle` answers
 * whether it changed something (true, or a count).
 */
export async function walk(job: string, page: Page, handle: (doc: Doc) => Promise<boolean | number>, opts: WalkOptions = {}): Promise<WalkResult> {
  const batch = opts.batch ?? 100;
  const budget = opts.budget ?? 500;
  const start = await readCursor(job);
  const result: WalkResult = { done: 0, failed: 0 };
  let after = start;
  let seen = 0;
  for (;;) {
    const limit = Math.min(batch, budget - seen);
    const { data } = await page(after, limit);
    for (const doc of data) {
      try {
        const r = await handle(doc);
        result.done += typeof r === 'number' ? r : r ? 1 : 0;
      } catch (e) {
        result.failed += 1;
        console.error(`cron ${job}: ${doc._id} failed, left for the next run`, e);
      }
      after = doc._id;
    }
    seen += data.length;
    if (data.length < limit) {
      after = ''; // the end: the next run starts from the beginning
      break;
    }
    if (seen >= budget) break;
  }
  await saveCursor(job, after, start);
  return result;
}
