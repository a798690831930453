import { AppError, type StoreSummary } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import { salesNow } from '../../analytics/services/rollups';
import { getOrNull } from '../../shared/tx';
import type { OrderDoc } from '../../orders/services/orders';
import { getSettings } from './settings';

export async function assertOwner(openid: string): Promise<void> {
  const settings = await getSettings();
  if (!settings.ownerOpenids.includes(openid)) throw new AppError('FORBIDDEN', '仅店主可操作');
}

/** Reads rollups (plus the sales since the last one) and a count, never the orders: cost does not grow with sales. */
export async function storeSummary(): Promise<StoreSummary> {
  const sales = await salesNow();
  const salesFen = sales.salesFen;
  // Paid orders that stand: each refund's reversal entry takes its sale back out.
  const paidOrderCount = Math.max(0, sales.saleCount - sales.reversalCount);
  const _ = db().command;
  const { total } = await db().collection('users').where({ stage: _.neq('fan') }).count();
  const rollup = await getOrNull<{ sv_principal: number; sv_bonus: number; points: number; rolledUpAtMs: number }>('rollups', 'liabilities');
  return {
    salesFen, paidOrderCount, customerCount: total,
    storedValuePrincipalFen: rollup?.sv_principal ?? 0, storedValueBonusFen: rollup?.sv_bonus ?? 0, pointsOutstanding: rollup?.points ?? 0, rolledUpAtMs: rollup?.rolledUpAtMs ?? null,
  };
}

export async function listAllOrders(limit: number): Promise<OrderDoc[]> {
  const { data } = await db().collection('orders').orderBy('createdAtMs', 'desc').limit(limit).get();
  return data as unknown as OrderDoc[];
}
