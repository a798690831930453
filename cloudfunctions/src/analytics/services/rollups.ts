import { db } from '../../adapters/cloud';
import { accounts } from '../../ledger/journal';
import { getOrNull } from '../../shared/tx';

/**
 * Store-wide sales figures are never a running total written by each sale (every paid order would
 * write the same document). The journal's `store:sales` entries are the truth; the cron folds them
 * into one document per store day (`rollups/sales-<YYYYMMDD>`, UTC+8) and a total
 * (`rollups/sales`), both recomputed from the entries, so deleting them and running the job
 * rebuilds them. A rollup covers the entries created before its `coveredUntilMs` (a minute before
 * the run: a transaction lasts at most ~30 s, so every such entry has committed); the dashboard
 * adds the few entries after it, so a sale shows at once and the dashboard reads at most the
 * cron period's worth of entries, whatever the store's history.
 */
export interface SalesFigures {
  salesFen: number;
  saleCount: number;
  reversalCount: number;
}

interface SalesTotal extends SalesFigures {
  coveredUntilMs: number;
  rolledUpAtMs: number;
}

const DAY_MS = 24 * 3600 * 1000;
const STORE_OFFSET_MS = 8 * 3600 * 1000;
const COMMIT_MARGIN_MS = 60 * 1000;
const PAGE = 1000;

/** Start of the store day (UTC+8) that contains `ms`. */
export function storeDayStartMs(ms: number): number {
  return Math.floor((ms + STORE_OFFSET_MS) / DAY_MS) * DAY_MS - STORE_OFFSET_MS;
}

export function storeDayKey(ms: number): string {
  return new Date(storeDayStartMs(ms) + STORE_OFFSET_MS).toISOString().slice(0, 10).replace(/-/g, '');
}

const zero = (): SalesFigures => ({ salesFen: 0, saleCount: 0, reversalCount: 0 });

/** Sums the sales entries created in [fromMs, toMs), page by page. */
async function sumSales(fromMs: number, toMs: number): Promise<SalesFigures> {
  const _ = db().command;
  const sum = zero();
  let lastId = '';
  for (;;) {
    const { data } = await db().collection('journal')
      .where({ account: accounts.sales, createdAtMs: _.and(_.gte(fromMs), _.lt(toMs)), _id: _.gt(lastId) })
      .orderBy('_id', 'asc').limit(PAGE).get();
    for (const e of data) {
      sum.salesFen += Number(e.amount);
      if (e.kind === 'sale') sum.saleCount += 1;
      else sum.reversalCount += 1;
    }
    if (data.length < PAGE) return sum;
    lastId = data[data.length - 1]._id;
  }
}

async function firstSaleAtMs(): Promise<number | null> {
  const { data } = await db().collection('journal').where({ account: accounts.sales }).orderBy('createdAtMs', 'asc').limit(1).get();
  return data.length ? Number(data[0].createdAtMs) : null;
}

async function sumDayDocs(): Promise<SalesFigures> {
  const _ = db().command;
  const sum = zero();
  let lastId = 'sales-';
  for (;;) {
    const { data } = await db().collection('rollups').where({ kind: 'sales_day', _id: _.gt(lastId) }).orderBy('_id', 'asc').limit(PAGE).get();
    for (const d of data) {
      sum.salesFen += Number(d.salesFen);
      sum.saleCount += Number(d.saleCount);
      sum.reversalCount += Number(d.reversalCount);
    }
    if (data.length < PAGE) return sum;
    lastId = data[data.length - 1]._id;
  }
}

/**
 * cron: recomputes the store days from the day before the last covered one up to now (so a day
 * is final once a run after its end has seen it), then the total from the day documents.
 */
export async function rollupSales(nowMs: number): Promise<number> {
  const coveredUntilMs = nowMs - COMMIT_MARGIN_MS;
  const previous = await getOrNull<SalesTotal>('rollups', 'sales');
  const startMs = previous ? previous.coveredUntilMs - DAY_MS : await firstSaleAtMs();
  let days = 0;
  for (let day = storeDayStartMs(startMs ?? coveredUntilMs); day < coveredUntilMs; day += DAY_MS) {
    const figures = await sumSales(day, Math.min(day + DAY_MS, coveredUntilMs));
    await db().collection('rollups').doc(`sales-${storeDayKey(day)}`).set({ data: { kind: 'sales_day', dayStartMs: day, ...figures, rolledUpAtMs: nowMs } });
    days += 1;
  }
  const total: SalesTotal = { ...(await sumDayDocs()), coveredUntilMs, rolledUpAtMs: nowMs };
  await db().collection('rollups').doc('sales').set({ data: { ...total } });
  return days;
}

/** What the dashboard shows: the rolled-up total plus the entries created after it. */
export async function salesNow(): Promise<SalesFigures> {
  const total = await getOrNull<SalesTotal>('rollups', 'sales');
  const tail = await sumSales(total?.coveredUntilMs ?? 0, Number.MAX_SAFE_INTEGER);
  return {
    salesFen: (total?.salesFen ?? 0) + tail.salesFen,
    saleCount: (total?.saleCount ?? 0) + tail.saleCount,
    reversalCount: (total?.reversalCount ?? 0) + tail.reversalCount,
  };
}
