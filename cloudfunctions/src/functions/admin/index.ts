import { adminActions, coreAdminActions, Order, type paymentAdminActions } from '../../../../src/contracts';
import { makeRouter, type Handlers } from '../router';
import { groupbuyAdminHandlers } from './groupbuy';
import { partnerAdminHandlers } from './partner';
import { assertOwner, listAllOrders, storeSummary } from '../../store/services/admin';
import { completeOrder } from '../../orders/services/complete';
import { anomalyCounts, listAnomalies } from '../../orders/services/anomalies';
import { toPublicOrder } from '../../orders/services/orders';
import { refundOrder } from '../../orders/services/refunds';
import { getCustomer, listCustomers } from '../../members/services/ownerCustomers';
import { listTiers, refundPrincipal, updateProduct, updateTiers } from '../../members/services/ownerMembers';
import { listAllProducts } from '../../catalog/services/catalog';
import { nicknamesOf } from '../../shared/lookups';

const coreHandlers: Handlers<typeof coreAdminActions> = {
  'store.summary': async () => ({ summary: await storeSummary() }),
  'order.list': async ({ limit }) => {
    const orders = await listAllOrders(limit);
    const names = await nicknamesOf(orders.map((o) => o.openid));
    return { orders: orders.map((o) => ({ ...Order.parse(o), openid: o.openid, nickname: names.get(o.openid) ?? '' })) };
  },
  'order.complete': async ({ orderId }, caller) => ({ order: toPublicOrder(await completeOrder(orderId, caller.nowMs)) }),
  'order.refund': async ({ orderId, reason }, caller) => {
    const r = await refundOrder(orderId, reason, caller.nowMs);
    return { refundNo: r._id, status: r.status, amountFen: r.amountFen, method: r.method };
  },
  'customers.list': async ({ stage, beforeMs, limit }) => listCustomers(stage, beforeMs, limit),
  'customer.get': async ({ openid }) => getCustomer(openid),
  'product.list': async () => ({ products: await listAllProducts() }),
  'tiers.list': async () => ({ tiers: await listTiers() }),
  'tiers.update': async ({ tiers }, caller) => ({ tiers: await updateTiers(tiers, caller.nowMs) }),
  'product.update': async (input, caller) => ({ product: await updateProduct(input, caller.nowMs) }),
  'wallet.refundPrincipal': async ({ requestId, openid, reason }, caller) => refundPrincipal(requestId, openid, reason, caller.nowMs),
};

const paymentHandlers: Handlers<typeof paymentAdminActions> = {
  'payments.anomalies': async ({ limit, beforeMs }) => ({ ...(await listAnomalies(limit, beforeMs)), counts: await anomalyCounts() }),
};

const handlers: Handlers<typeof adminActions> = { ...coreHandlers, ...groupbuyAdminHandlers, ...partnerAdminHandlers, ...paymentHandlers };

export const main = makeRouter(adminActions, handlers, { authorize: (caller) => assertOwner(caller.openid) });
