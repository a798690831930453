import { shopActions } from '../../../../src/contracts';
import { makeRouter, type Handlers } from '../router';
import { getProduct, listProducts } from '../../services/catalog';
import { createOrder, getOwnOrder, listOwnOrders, startPayment, toPublicOrder } from '../../services/orders';
import { ensureUser, toMe } from '../../services/session';
import { getSettings } from '../../services/settings';

const handlers: Handlers<typeof shopActions> = {
  'session.get': async (_input, caller) => ({ me: toMe(await ensureUser(caller.openid, caller.nowMs), await getSettings()) }),
  'catalog.list': async () => ({ products: await listProducts() }),
  'product.get': async ({ productId }) => ({ product: await getProduct(productId) }),
  'order.create': async ({ requestId, lines }, caller) => {
    await ensureUser(caller.openid, caller.nowMs);
    const order = await createOrder(caller.openid, requestId, lines, await getSettings(), caller.nowMs);
    return { order: toPublicOrder(order) };
  },
  'order.pay': async ({ orderId }, caller) => {
    const { order, payment } = await startPayment(caller.openid, orderId, await getSettings(), caller.nowMs);
    return { orderId: order._id, payableFen: order.payableFen, payment };
  },
  'order.get': async ({ orderId }, caller) => ({ order: toPublicOrder(await getOwnOrder(caller.openid, orderId)) }),
  'order.list': async ({ status }, caller) => ({ orders: (await listOwnOrders(caller.openid, status)).map(toPublicOrder) }),
};

export const main = makeRouter(shopActions, handlers);
