import { cloud } from '../../adapters/cloud';
import { isTimer, type CallbackAck } from '../../platform';
import { nowMs } from '../../adapters/clock';
import { closeExpiredOrders } from '../../orders/services/orders';
import { reconcileWxPayOrders } from '../../orders/services/payments';
import { lapseExpiredCards } from '../../members/services/wallet';
import { retryPendingRefunds } from '../../orders/services/refunds';
import { expirePoints } from '../../members/services/points';
import { getSettings } from '../../store/services/settings';
import { autoReceiveOrders } from '../../orders/services/fulfilment';
import { completeVirtualOrders } from '../../orders/services/complete';
import { retryShippingUploads } from '../../orders/services/shippingInfo';
import { releaseExpiredSeats } from '../../groupbuy/services/seats';
import { closeExpiredGroups, settleClosedGroups } from '../../groupbuy/services/settle';
import { thawCommissions } from '../../partners/services/commission';
import { repairReferralTree } from '../../partners/services/referral';
import { foldPendingCredits } from '../../ledger/journal';
import { foldAnalytics } from '../../analytics/services/fold';
import { storeListsIfStale } from '../../analytics/services/lists';
import type { WalkResult } from '../../shared/walk';
import { migrateLegacyProducts } from '../../catalog/services/migrate';

/** A job returns how many documents it changed, or that and how many items failed (shared/walk.ts). */
type Job = (nowMs: number) => Promise<number | WalkResult>;

/**
 * The timer's jobs, in order. Every job is idempotent (compare-and-set per document), so an
 * overlapping or repeated run changes nothing twice. Features add their job here.
 * `productsMigrated` comes first: a product made before specs has no stock document until it runs,
 * and a late payment the reconcile applies takes its units from that document.
 * `wxPayReconciled` runs before `closedOrders`: an unpaid order past its window whose callback
 * never came is first asked about (queryOrder), then closed.
 */
export const JOBS: Record<string, Job> = {
  productsMigrated: (now) => migrateLegacyProducts(now),
  wxPayReconciled: (now) => reconcileWxPayOrders(now),
  closedOrders: (now) => closeExpiredOrders(now),
  lapsedCards: (now) => lapseExpiredCards(now),
  refundsRetried: (now) => retryPendingRefunds(now),
  pointsExpired: async (now) => {
    const rule = (await getSettings()).pointsExpiry;
    return rule.kind === 'never' ? 0 : expirePoints(now, { kind: rule.kind, utcOffsetMinutes: rule.utcOffsetMinutes });
  },
  groupSeatsReleased: (now) => releaseExpiredSeats(now),
  groupsClosed: (now) => closeExpiredGroups(now),
  groupsSettled: (now) => settleClosedGroups(now),
  ordersAutoReceived: (now) => autoReceiveOrders(now),
  virtualOrdersCompleted: (now) => completeVirtualOrders(now),
  shippingInfoUploaded: (now) => retryShippingUploads(now),
  commissionsThawed: (now) => thawCommissions(now),
  referralTreeRepaired: (now) => repairReferralTree(now),
  creditsFolded: (now) => foldPendingCredits(now),
  // After the jobs above, so their records of this run are folded on the next (records wait a minute anyway).
  analyticsFolded: (now) => foldAnalytics(now),
  analyticsListsStored: (now) => storeListsIfStale(now),
};

/**
 * Runs every job, each on its own: a job that throws is logged and counted (`<job>Failed`), and
 * the jobs after it still run; items inside a job are isolated the same way (shared/walk.ts).
 */
export async function runJobs(jobs: Record<string, Job>, now: number): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const [name, job] of Object.entries(jobs)) {
    try {
      const out = await job(now);
      result[name] = typeof out === 'number' ? out : out.done;
      if (typeof out !== 'number' && out.failed > 0) result[`${name}Failed`] = out.failed;
    } catch (e) {
      console.error(`cron ${name} failed; the other jobs go on`, e);
      result[name] = 0;
      result[`${name}Failed`] = (result[`${name}Failed`] ?? 0) + 1;
    }
  }
  return result;
}

/**
 * Runs the jobs when the timer trigger calls (SOURCE wx_trigger, no OPENID). Anyone else — a
 * user, an HTTP call, another function, WeChat Pay, an empty context — gets errcode 403 and
 * nothing runs.
 */
export async function main(): Promise<Record<string, number> | CallbackAck> {
  const ctx = cloud().getWXContext();
  if (!isTimer(ctx)) {
    console.warn('cron refused: source', String(ctx.SOURCE));
    return { errcode: 403, errmsg: 'forbidden' };
  }
  return runJobs(JOBS, nowMs());
}
