import { cloud } from '../../adapters/cloud';
import { isTimer, type CallbackAck } from '../../platform';
import { nowMs } from '../../adapters/clock';
import { closeExpiredOrders } from '../../orders/services/orders';
import { lapseExpiredCards } from '../../members/services/wallet';
import { retryPendingRefunds } from '../../orders/services/refunds';
import { expirePoints } from '../../members/services/points';
import { getSettings } from '../../store/services/settings';
import { autoCompleteOrders } from '../../store/services/admin';
import { rollupLiabilities } from '../../members/services/ownerMembers';
import { releaseExpiredSeats } from '../../groupbuy/services/seats';
import { closeExpiredGroups, settleClosedGroups } from '../../groupbuy/services/settle';
import { thawCommissions } from '../../partners/services/commission';
import { repairReferralTree } from '../../partners/services/referral';
import { foldPendingCredits } from '../../ledger/journal';
import { rollupSales } from '../../analytics/services/rollups';
import { migrateLegacyProducts } from '../../catalog/services/migrate';

type Job = (nowMs: number) => Promise<number>;

/**
 * The timer's jobs, in order; each returns how many documents it changed. Every job is
 * idempotent (compare-and-set per document), so an overlapping or repeated run changes nothing
 * twice. Features add their job here.
 */
export const JOBS: Record<string, Job> = {
  productsMigrated: (now) => migrateLegacyProducts(now),
  closedOrders: (now) => closeExpiredOrders(now),
  lapsedCards: (now) => lapseExpiredCards(now),
  refundsRetried: (now) => retryPendingRefunds(now),
  pointsExpired: async (now) => expirePoints(now, (await getSettings()).pointsExpiry),
  groupSeatsReleased: (now) => releaseExpiredSeats(now),
  groupsClosed: (now) => closeExpiredGroups(now),
  groupsSettled: (now) => settleClosedGroups(now),
  liabilitiesRolledUp: (now) => rollupLiabilities(now),
  ordersAutoCompleted: async (now) => autoCompleteOrders(now, (await getSettings()).autoCompleteMs),
  commissionsThawed: (now) => thawCommissions(now),
  referralTreeRepaired: (now) => repairReferralTree(now),
  creditsFolded: (now) => foldPendingCredits(now),
  salesRolledUp: (now) => rollupSales(now),
};

/**
 * Runs every job, in order, when the timer trigger calls (SOURCE wx_trigger, no OPENID). Anyone
 * else — a user, an HTTP call, another function, WeChat Pay, an empty context — gets errcode 403
 * and nothing runs.
 */
export async function main(): Promise<Record<string, number> | CallbackAck> {
  const ctx = cloud().getWXContext();
  if (!isTimer(ctx)) {
    console.warn('cron refused: source', String(ctx.SOURCE));
    return { errcode: 403, errmsg: 'forbidden' };
  }
  const result: Record<string, number> = {};
  const now = nowMs();
  for (const [name, job] of Object.entries(JOBS)) result[name] = await job(now);
  return result;
}
