import type { fulfilmentShopActions } from '../../../../src/contracts';
import type { Handlers } from '../router';
import { toPublicOrder } from '../../orders/services/orders';
import { pickupCodeOf } from '../../orders/services/pickupCode';
import { confirmReceipt } from '../../orders/services/fulfilment';
import { cancelAfterSale, listOwnAfterSales, requestAfterSale, toPublicAfterSale } from '../../orders/services/afterSales';
import { listAddresses, saveAddresses } from '../../members/services/addresses';

export const fulfilmentHandlers: Handlers<typeof fulfilmentShopActions> = {
  'address.list': async (_input, caller) => ({ addresses: await listAddresses(caller.openid) }),
  'address.save': async ({ addresses }, caller) => ({ addresses: await saveAddresses(caller.openid, addresses, caller.nowMs) }),
  'order.pickupCode': async ({ orderId }, caller) => pickupCodeOf(caller.openid, orderId),
  'order.confirmReceipt': async ({ orderId }, caller) => ({ order: toPublicOrder(await confirmReceipt(caller.openid, orderId, caller.nowMs)) }),
  'afterSale.request': async (input, caller) => ({ afterSale: toPublicAfterSale(await requestAfterSale(caller.openid, input, caller.nowMs)) }),
  'afterSale.list': async ({ orderId }, caller) => ({ afterSales: (await listOwnAfterSales(caller.openid, orderId)).map(toPublicAfterSale) }),
  'afterSale.cancel': async ({ afterSaleId }, caller) => ({ afterSale: toPublicAfterSale(await cancelAfterSale(caller.openid, afterSaleId, caller.nowMs)) }),
};
