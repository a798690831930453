import { AppError } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import type { OrderDoc } from '../../orders/services/orders';
import { getSettings } from './settings';

export async function assertOwner(openid: string): Promise<void> {
  const settings = await getSettings();
  if (!settings.ownerOpenids.includes(openid)) throw new AppError('FORBIDDEN', '仅店主可操作');
}

export async function listAllOrders(limit: number): Promise<OrderDoc[]> {
  const { data } = await db().collection('orders').orderBy('createdAtMs', 'desc').limit(limit).get();
  return data as unknown as OrderDoc[];
}
