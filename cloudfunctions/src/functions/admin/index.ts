import { adminActions, coreAdminActions, Order, type paymentAdminActions } from '../../../../src/contracts';
import { makeRouter, type Handlers } from '../router';
import { groupbuyAdminHandlers } from './groupbuy';
import { partnerAdminHandlers } from './partner';
import { analyticsAdminHandlers } from './analytics';
import { settingsAdminHandlers } from './settings';
import { assertOwner, listAllOrders } from '../../store/services/admin';
import { storeSummary } from '../../analytics/services/owner';
import { completeOrder } from '../../orders/services/complete';
import { anomalyCounts, listAnomalies } from '../../orders/services/anomalies';
import { toPublicOrder } from '../../orders/services/orders';
import { refundOrder } from '../../orders/services/refunds';
import { getCustomer, listCustomers, searchCustomers } from '../../members/services/ownerCustomers';
import { listTiers, refundPrincipal, updateTiers } from '../../members/services/ownerMembers';
import { peopleOf } from '../../shared/lookups';
import { catalogAdminHandlers } from './catalog';
import { fulfilmentAdminHandlers } from './fulfilment';
import { listOwnerOrders } from '../../orders/services/fulfilmentCounts';

const coreHandlers: Handlers<typeof coreAdminActions> = {
  'store.summary': async (_input, caller) => ({ summary: await storeSummary(caller.nowMs) }),
  'order.list': async ({ limit, filter }) => {
    const orders = filter ? await listOwnerOrders(filter, limit) : await listAllOrders(limit);
    const people = await peopleOf(orders.map((o) => o.openid));
    return { orders: orders.map((o) => ({ ...Order.parse(o), openid: o.openid, nickname: people.get(o.openid)?.nickname ?? '', avatar: people.get(o.openid)?.avatar ?? null })) };
  },
  'order.complete': async ({ orderId }, caller) => ({ order: toPublicOrder(await completeOrder(orderId, caller.nowMs)) }),
  'order.refund': async ({ orderId, reason }, caller) => {
    const r = await refundOrder(orderId, reason, caller.nowMs);
    return { refundNo: r._id, status: r.status, amountFen: r.amountFen, method: r.method };
  },
  'customers.list': async ({ stage, beforeMs, limit }) => listCustomers(stage, beforeMs, limit),
  'customers.search': async ({ q }) => searchCustomers(q),
  'customer.get': async ({ openid }) => getCustomer(openid),
  'tiers.list': async () => ({ tiers: await listTiers() }),
  'tiers.update': async ({ tiers }, caller) => ({ tiers: await updateTiers(tiers, caller.nowMs) }),
  'wallet.refundPrincipal': async ({ requestId, openid, reason }, caller) => refundPrincipal(requestId, openid, reason, caller.nowMs),
};

const paymentHandlers: Handlers<typeof paymentAdminActions> = {
  'payments.anomalies': async ({ limit, beforeMs }) => ({ ...(await listAnomalies(limit, beforeMs)), counts: await anomalyCounts() }),
};

const handlers: Handlers<typeof adminActions> = {
  ...coreHandlers, ...catalogAdminHandlers, ...groupbuyAdminHandlers, ...partnerAdminHandlers, ...paymentHandlers, ...analyticsAdminHandlers, ...settingsAdminHandlers,
  ...fulfilmentAdminHandlers,
};

export const main = makeRouter(adminActions, handlers, { authorize: (caller) => assertOwner(caller.openid) });
