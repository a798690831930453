import * as z from 'zod';
import { Id, JournalLine, OrderStatus, Me, Order, PayMethod, Product, Tier, TopUpPackage, WxPayment } from './model';
import { groupbuyShopActions } from './groupbuy';
import { partnerShopActions } from './partner';
import { analyticsShopActions } from './analytics';
import { MemberPrivilege, OrderTab, PriceOffer, StoreInfo } from './storefront';

const Empty = z.object({}).strict();

/** Core shop actions (catalogue, orders, members); feature modules add theirs below. */
export const coreShopActions = {
  'session.get': { input: Empty, output: z.object({ me: Me }) },
  /** The store's name and logo (settings), for the header and the title bar. */
  'store.get': { input: Empty, output: z.object({ store: StoreInfo }) },
  /**
   * myPrices: what the caller pays per unit at their stage; offers: that price with its name and
   * the next stage's incentive. partnerPriceFen is null unless the caller is a partner.
   */
  'catalog.list': {
    input: Empty,
    output: z.object({ products: z.array(Product), myPrices: z.record(z.string(), z.number().int()).default({}), offers: z.record(z.string(), PriceOffer).default({}) }),
  },
  'product.get': {
    input: z.object({ productId: Id }).strict(),
    output: z.object({ product: Product, myPriceFen: z.number().int().default(0), offer: PriceOffer.nullable().default(null) }),
  },
  'order.create': {
    input: z
      .object({
        /** Client-made key: a retried create returns the same order instead of a second one. */
        requestId: Id,
        lines: z
          .array(z.object({ productId: Id, qty: z.number().int().min(1).max(99) }).strict())
          .min(1)
          .max(20),
        /** Spend points as a discount (capped per order by the store's rule). */
        usePoints: z.boolean().default(false),
      })
      .strict(),
    output: z.object({ order: Order }),
  },
  'order.pay': {
    input: z.object({ orderId: Id, method: PayMethod.default('wxpay') }).strict(),
    /** WeChat Pay returns payment parameters; balance pays at once and returns the paid order. */
    output: z.object({ orderId: Id, payableFen: z.number().int(), payment: WxPayment.nullable(), order: Order.nullable() }),
  },
  'checkout.quote': {
    input: z
      .object({
        lines: z.array(z.object({ productId: Id, qty: z.number().int().min(1).max(99) }).strict()).min(1).max(20),
        usePoints: z.boolean().default(false),
      })
      .strict(),
    output: z.object({
      totalFen: z.number().int(),
      listTotalFen: z.number().int(),
      pointsUsable: z.number().int(),
      pointsDiscountFen: z.number().int(),
      payableFen: z.number().int(),
      walletFen: z.number().int(),
    }),
  },
  'member.get': {
    input: Empty,
    /** privileges: products a member pays less for (the card's first benefit), biggest saving first. */
    output: z.object({ me: Me, tiers: z.array(Tier), cards: z.array(Product), privileges: z.array(MemberPrivilege).default([]) }),
  },
  'wallet.get': {
    input: Empty,
    output: z.object({ principalFen: z.number().int(), bonusFen: z.number().int(), packages: z.array(TopUpPackage), history: z.array(JournalLine) }),
  },
  'wallet.topup': {
    input: z.object({ requestId: Id, packageId: Id }).strict(),
    output: z.object({ order: Order }),
  },
  'points.get': {
    input: Empty,
    output: z.object({ balance: z.number().int(), history: z.array(JournalLine), redeemables: z.array(Product) }),
  },
  /** Points exchange: one product for its points price; paid at once from the points balance. */
  'points.redeem': {
    input: z.object({ requestId: Id, productId: Id }).strict(),
    output: z.object({ order: Order }),
  },
  /** The buyer closes their own unpaid order: stock, points and a group seat go back. Repeats answer the closed order. */
  'order.cancel': { input: z.object({ orderId: Id }).strict(), output: z.object({ order: Order }) },
  'order.get': { input: z.object({ orderId: Id }).strict(), output: z.object({ order: Order }) },
  /** `tab`: the order list's tabs (contracts/storefront.ts ORDER_TAB_STATUSES); `status`: one status. */
  'order.list': {
    input: z.object({ status: OrderStatus.optional(), tab: OrderTab.optional() }).strict(),
    output: z.object({ orders: z.array(Order) }),
  },
} as const;

/** Every shop action: its input and its output. The function and the client both use this map. */
export const shopActions = { ...coreShopActions, ...groupbuyShopActions, ...partnerShopActions, ...analyticsShopActions };

export type ShopActions = typeof shopActions;
export type ShopAction = keyof ShopActions;
