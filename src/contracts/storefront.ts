// The storefront: what the shop says about itself (name, logo), what each shopper pays and what
// the next stage would pay, and the order list's tabs. Pure schemas and tables, shared by the
// mini program and the shop function.
import * as z from 'zod';
import { Fen, type OrderStatus } from './model';
import { SubscribeTemplateIds } from './messages';

/** The store as shoppers see it (settings/store). */
export const StoreInfo = z.object({
  name: z.string(),
  /** settings/store's logo, a stored picture (cloud fileID); null = the UI draws the name's first character. */
  logo: z.string().nullable(),
  /** The store's subscribe-message templates, for wx.requestSubscribeMessage (null: that message is not sent). */
  subscribe: SubscribeTemplateIds.default({ orderPaid: null, groupResult: null, withdrawalResult: null, orderShipped: null }),
  /** 到店自提: the store's address and hours (settings.pickup); null when the store offers none. */
  pickup: z.object({ address: z.string(), hours: z.string() }).nullable().default(null),
});
export type StoreInfo = z.infer<typeof StoreInfo>;

/**
 * What one unit of a product costs the caller, and the incentive to climb: `payLabel` names the
 * caller's price when it is below list (会员价 / 合伙人价); `next` is the next stage that pays less,
 * with its price and saving — both null for the partner stage, whose buying price is shown only
 * to partners (docs/DECISIONS.md, prices that sell).
 */
export const PriceOffer = z.object({
  payFen: Fen,
  /** The list price of what `payFen` buys (struck through when higher). */
  listFen: Fen.default(0),
  /** A product offer whose specs cost this shopper different amounts: payFen is the lowest ("起"). */
  multiPrice: z.boolean().default(false),
  payLabel: z.enum(['member', 'partner']).nullable(),
  next: z
    .object({ stage: z.enum(['member', 'partner']), priceFen: Fen.nullable(), saveFen: Fen.nullable() })
    .nullable(),
});
export type PriceOffer = z.infer<typeof PriceOffer>;

/** A product whose member price is below list: the card's first benefit (member centre). */
export const MemberPrivilege = z.object({ productId: z.string(), name: z.string(), listPriceFen: Fen, memberPriceFen: Fen });
export type MemberPrivilege = z.infer<typeof MemberPrivilege>;

// ------------------------------------------------------------------ order list tabs

export const OrderTab = z.enum(['all', 'unpaid', 'toShip', 'toReceive', 'afterSale']);
export type OrderTab = z.infer<typeof OrderTab>;

export const ORDER_TABS: readonly { tab: OrderTab; label: string }[] = [
  { tab: 'all', label: '全部' },
  { tab: 'unpaid', label: '待付款' },
  { tab: 'toShip', label: '待发货' },
  { tab: 'toReceive', label: '待收货' },
  { tab: 'afterSale', label: '售后' },
];

/**
 * The one status → tab table (null = every status). GROUPING (拼团中), COMPLETED, RECEIVED,
 * PICKED_UP and CLOSED show only under 全部. 售后 also lists orders with an after-sales request
 * (order.list reads `afterSaleOpen` / `refundedFen` for that tab).
 */
export const ORDER_TAB_STATUSES: Record<OrderTab, readonly OrderStatus[] | null> = {
  all: null,
  unpaid: ['PENDING'],
  toShip: ['PAID'],
  toReceive: ['SHIPPED'],
  afterSale: ['REFUNDING', 'REFUNDED'],
};

/** The tab an order of this status is counted under besides 全部, if any. */
export function orderTabOf(status: OrderStatus): OrderTab | null {
  const hit = ORDER_TABS.find(({ tab }) => tab !== 'all' && (ORDER_TAB_STATUSES[tab] ?? []).includes(status));
  return hit?.tab ?? null;
}
