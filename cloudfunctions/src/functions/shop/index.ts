import { coreShopActions, shopActions } from '../../../../src/contracts';
import { makeRouter, type Handlers } from '../router';
import { groupbuyHandlers } from './groupbuy';
import { partnerHandlers } from './partner';
import { analyticsShopHandlers } from './analytics';
import { fulfilmentHandlers } from './fulfilment';
import { cancelOwnOrder, createOrder, createTopUp, getOwnOrder, listAfterSaleOrders, listOwnOrders, quote, toPublicOrder } from '../../orders/services/orders';
import { startPayment } from '../../orders/services/wxpay';
import { payWithBalance } from '../../orders/services/payments';
import { balancesOf, ensureUser, toMe } from '../../members/services/session';
import { cardPrivileges, catalogFor, productViewFor, storeInfo } from '../../catalog/services/storefront';
import { ORDER_TAB_STATUSES } from '../../../../src/contracts';
import { getSettings } from '../../store/services/settings';
import { accounts } from '../../ledger/journal';
import { redeem, redeemables } from '../../members/services/points';
import { journalOf, tiersAndCards, topUpPackages } from '../../members/services/wallet';
import { bindPhone, removePhone, updateProfile } from '../../members/services/profile';

async function me(openid: string, nowMs: number) {
  return toMe(await ensureUser(openid, nowMs), await getSettings(), await balancesOf(openid));
}

const coreHandlers: Handlers<typeof coreShopActions> = {
  'session.get': async (_input, caller) => ({ me: await me(caller.openid, caller.nowMs) }),
  'store.get': async () => ({ store: await storeInfo() }),
  'catalog.list': async ({ categoryId, q }, caller) => catalogFor(caller.openid, { categoryId, q }),
  'product.get': async ({ productId }, caller) => productViewFor(caller.openid, productId),
  'checkout.quote': async ({ lines, usePoints, fulfilment }, caller) => quote(caller.openid, lines, usePoints, await getSettings(), caller.nowMs, fulfilment?.mode ?? null),
  'order.create': async ({ requestId, lines, usePoints, fulfilment }, caller) => {
    await ensureUser(caller.openid, caller.nowMs);
    const order = await createOrder(caller.openid, requestId, lines, usePoints, await getSettings(), caller.nowMs, fulfilment ?? null);
    return { order: toPublicOrder(order) };
  },
  'order.pay': async ({ orderId, method }, caller) => {
    if (method === 'balance') {
      const order = await payWithBalance(caller.openid, orderId, caller.nowMs);
      return { orderId, payableFen: order.payableFen, payment: null, order: toPublicOrder(order) };
    }
    const { order, payment } = await startPayment(caller.openid, orderId, await getSettings(), caller.nowMs);
    return { orderId: order._id, payableFen: order.payableFen, payment, order: null };
  },
  'order.cancel': async ({ orderId }, caller) => ({ order: toPublicOrder(await cancelOwnOrder(caller.openid, orderId, caller.nowMs)) }),
  'order.get': async ({ orderId }, caller) => {
    const order = await getOwnOrder(caller.openid, orderId);
    return { order: toPublicOrder(order), wxTransactionId: order.payMethod === 'wxpay' ? order.transactionId ?? null : null };
  },
  'order.list': async ({ status, tab }, caller) => {
    const statuses = tab === undefined ? (status === undefined ? null : [status]) : ORDER_TAB_STATUSES[tab];
    if (tab === 'afterSale') return { orders: (await listAfterSaleOrders(caller.openid)).map(toPublicOrder) };
    return { orders: statuses?.length === 0 ? [] : (await listOwnOrders(caller.openid, statuses)).map(toPublicOrder) };
  },
  'member.get': async (_input, caller) => ({ me: await me(caller.openid, caller.nowMs), ...(await tiersAndCards()), privileges: await cardPrivileges() }),
  'wallet.get': async (_input, caller) => {
    const b = await balancesOf(caller.openid);
    const history = await journalOf([accounts.principal(caller.openid), accounts.bonus(caller.openid)]);
    return { principalFen: b.principalFen, bonusFen: b.bonusFen, packages: await topUpPackages(), history };
  },
  'wallet.topup': async ({ requestId, packageId }, caller) => {
    await ensureUser(caller.openid, caller.nowMs);
    return { order: toPublicOrder(await createTopUp(caller.openid, requestId, packageId, await getSettings(), caller.nowMs)) };
  },
  'points.get': async (_input, caller) => ({
    balance: (await balancesOf(caller.openid)).points,
    history: await journalOf([accounts.points(caller.openid)]),
    redeemables: await redeemables(),
  }),
  'points.redeem': async ({ requestId, productId }, caller) => {
    await ensureUser(caller.openid, caller.nowMs);
    return { order: toPublicOrder(await redeem(caller.openid, requestId, productId, await getSettings(), caller.nowMs)) };
  },
  'profile.update': async ({ nickname, avatar }, caller) => ({ me: await updateProfile(caller.openid, { nickname, avatar }, caller.nowMs) }),
  'profile.phone.bind': async ({ code }, caller) => ({ me: await bindPhone(caller.openid, code, caller.nowMs) }),
  'profile.phone.remove': async (_input, caller) => ({ me: await removePhone(caller.openid, caller.nowMs) }),
};

const handlers: Handlers<typeof shopActions> = { ...coreHandlers, ...groupbuyHandlers, ...partnerHandlers, ...analyticsShopHandlers, ...fulfilmentHandlers };

export const main = makeRouter(shopActions, handlers);
