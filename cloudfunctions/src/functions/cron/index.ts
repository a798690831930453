import { cloud } from '../../adapters/cloud';
import { nowMs } from '../../adapters/clock';
import { closeExpiredOrders } from '../../services/orders';
import { lapseExpiredCards } from '../../services/wallet';
import { retryPendingRefunds } from '../../services/refunds';
import { expirePoints } from '../../services/points';
import { getSettings } from '../../services/settings';

/**
 * Timer trigger (config.json). Each job is idempotent: compare-and-set per document, so an
 * overlapping or repeated run changes nothing twice.
 */
export async function main(): Promise<{ closedOrders: number; lapsedCards: number; refundsRetried: number; pointsExpired: number }> {
  const ctx = cloud().getWXContext();
  // Timer invocations carry no OPENID; a user calling cron directly gets nothing done.
  if (ctx.OPENID) return { closedOrders: 0, lapsedCards: 0, refundsRetried: 0, pointsExpired: 0 };
  const now = nowMs();
  const closedOrders = await closeExpiredOrders(now);
  const lapsedCards = await lapseExpiredCards(now);
  const refundsRetried = await retryPendingRefunds(now);
  const pointsExpired = await expirePoints(now, (await getSettings()).pointsExpiry);
  return { closedOrders, lapsedCards, refundsRetried, pointsExpired };
}
