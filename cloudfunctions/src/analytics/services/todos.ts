import type { Todo } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import { countAfterSales, countToPickUp, countToShip } from '../../orders/services/fulfilmentCounts';
import { ANOMALIES } from '../../orders/services/anomalies';

/**
 * The dashboard's to-do strip: one entry per thing waiting for the owner, each one count query
 * (so loading the strip costs the same however much history there is). A feature adds its to-do
 * by adding one entry here; the page shows whatever the list holds, in this order.
 */
interface TodoSpec {
  key: string;
  label: string;
  url: string | null;
  count: (nowMs: number) => Promise<number>;
}

const HOUR_MS = 3600 * 1000;
/** A group closing within this long is "closing soon". */
export const GROUP_CLOSING_SOON_MS = 2 * HOUR_MS;

const count = async (collection: string, where: Record<string, unknown>): Promise<number> => (await db().collection(collection).where(where).count()).total;

export const TODOS: TodoSpec[] = [
  // Shipping's to-dos (orders/services/fulfilmentCounts.ts), each opening the order list on its filter.
  { key: 'toShip', label: '待发货', url: '/owner/pages/orders/index?filter=toShip', count: () => countToShip() },
  { key: 'toPickUp', label: '待自提', url: '/owner/pages/orders/index?filter=toPickUp', count: () => countToPickUp() },
  { key: 'afterSale', label: '售后', url: '/owner/pages/orders/index?filter=afterSale', count: () => countAfterSales() },
  { key: 'withdrawals', label: '待审核提现', url: '/owner/pages/withdrawals/index', count: () => count('withdrawals', { status: 'requested' }) },
  // Payments the store could not apply and did not refund by itself (orders/services/anomalies.ts: action 'waiting').
  { key: 'anomalies', label: '异常付款', url: '/owner/pages/anomalies/index', count: () => count(ANOMALIES, { action: 'waiting' }) },
  {
    key: 'groupsClosing', label: '拼团即将截止', url: '/owner/pages/groupbuy/index',
    count: (nowMs) => count('groupbuy_groups', { status: 'OPEN', expiresAtMs: db().command.and(db().command.gt(nowMs), db().command.lte(nowMs + GROUP_CLOSING_SOON_MS)) }),
  },
];

export async function todosNow(nowMs: number): Promise<Todo[]> {
  const out: Todo[] = [];
  for (const t of TODOS) out.push({ key: t.key, label: t.label, url: t.url, count: await t.count(nowMs) });
  return out;
}
