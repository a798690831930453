import { Order, type fulfilmentAdminActions } from '../../../../src/contracts';
import type { Handlers } from '../router';
import { toPublicOrder } from '../../orders/services/orders';
import { pickUpOrder, pickupPreview, shipOrder } from '../../orders/services/fulfilment';
import { fulfilmentCounts } from '../../orders/services/fulfilmentCounts';
import { approveAfterSale, listAfterSales, receiveReturn, refuseAfterSale, toPublicAfterSale } from '../../orders/services/afterSales';
import { peopleOf } from '../../shared/lookups';

export const fulfilmentAdminHandlers: Handlers<typeof fulfilmentAdminActions> = {
  'order.ship': async ({ orderId, parcels }, caller) => ({ order: toPublicOrder(await shipOrder(orderId, parcels, caller.nowMs)) }),
  'order.pickupPreview': async ({ code }) => {
    const order = await pickupPreview(code);
    const person = (await peopleOf([order.openid])).get(order.openid);
    return { order: Order.parse(order), nickname: person?.nickname ?? '', avatar: person?.avatar ?? null };
  },
  'order.pickUp': async ({ code }, caller) => ({ order: toPublicOrder(await pickUpOrder(code, caller.nowMs)) }),
  'fulfilment.counts': async () => fulfilmentCounts(),
  'afterSale.list': async ({ open, limit }) => {
    const docs = await listAfterSales(open, limit);
    const people = await peopleOf(docs.map((d) => d.openid));
    return { afterSales: docs.map((d) => ({ ...toPublicAfterSale(d), nickname: people.get(d.openid)?.nickname ?? '', avatar: people.get(d.openid)?.avatar ?? null })) };
  },
  'afterSale.approve': async ({ afterSaleId, returnAddress }, caller) => ({ afterSale: toPublicAfterSale(await approveAfterSale(afterSaleId, returnAddress ?? null, caller.nowMs)) }),
  'afterSale.refuse': async ({ afterSaleId, reason }, caller) => ({ afterSale: toPublicAfterSale(await refuseAfterSale(afterSaleId, reason, caller.nowMs)) }),
  'afterSale.receiveReturn': async ({ afterSaleId }, caller) => ({ afterSale: toPublicAfterSale(await receiveReturn(afterSaleId, caller.nowMs)) }),
};
