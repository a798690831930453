import { cloud } from '../../adapters/cloud';
import { nowMs } from '../../adapters/clock';
import { closeExpiredOrders } from '../../services/orders';

/**
 * Timer trigger (config.json). Each job is idempotent: compare-and-set per document, so an
 * overlapping or repeated run changes nothing twice.
 */
export async function main(): Promise<{ closedOrders: number }> {
  const ctx = cloud().getWXContext();
  // Timer invocations carry no OPENID; a user calling cron directly gets nothing done.
  if (ctx.OPENID) return { closedOrders: 0 };
  const closedOrders = await closeExpiredOrders(nowMs());
  return { closedOrders };
}
