import * as z from 'zod';
import { Id, JournalLine, OrderLine, OrderStatus, Me, Order, PayMethod, Product, SpecId, Text, Tier, TopUpPackage, WxPayment } from './model';
import { Category } from './catalog';
import { FileId } from './media';
import { groupbuyShopActions } from './groupbuy';
import { partnerShopActions } from './partner';
import { analyticsShopActions } from './analytics';
import { fulfilmentShopActions } from './fulfilmentActions';
import { FulfilmentChoice, ShippingRule } from './fulfilment';
import { MemberPrivilege, OrderTab, PriceOffer, StoreInfo } from './storefront';

const Empty = z.object({}).strict();

/** A line to buy: a product's spec (optional only for a product with one spec) and how many. */
const LineRequest = z.object({ productId: Id, specId: SpecId.optional(), qty: z.number().int().min(1).max(99) }).strict();

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
    /** categoryId: one category; q: a search of names and subtitles (on the server). */
    input: z.object({ categoryId: Id.optional(), q: Text(1, 30).optional() }).strict(),
    output: z.object({
      products: z.array(Product),
      myPrices: z.record(z.string(), z.number().int()).default({}),
      offers: z.record(z.string(), PriceOffer).default({}),
      /** Each product's specs' offers (product id → spec id → offer), for the cart's lines. */
      specOffers: z.record(z.string(), z.record(z.string(), PriceOffer)).default({}),
      /** The owner's categories in their order (home's icons, 分类's sidebar). */
      categories: z.array(Category).default([]),
    }),
  },
  /** offer: the product's lowest price for the caller ("起" when specs differ); specOffers: each spec's. */
  'product.get': {
    input: z.object({ productId: Id }).strict(),
    output: z.object({
      product: Product,
      myPriceFen: z.number().int().default(0),
      offer: PriceOffer.nullable().default(null),
      specOffers: z.record(z.string(), PriceOffer).default({}),
    }),
  },
  'order.create': {
    input: z
      .object({
        /** Client-made key: a retried create returns the same order instead of a second one. */
        requestId: Id,
        lines: z.array(LineRequest).min(1).max(20),
        /** Spend points as a discount (capped per order by the store's rule). */
        usePoints: z.boolean().default(false),
        /** Delivery to an address or pickup at the store (omitted: neither asked, as before issue 11). */
        fulfilment: FulfilmentChoice.optional(),
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
        lines: z.array(LineRequest).min(1).max(20),
        usePoints: z.boolean().default(false),
        /** Only the mode counts for the fee (an address may not be chosen yet). */
        fulfilment: z.object({ mode: z.enum(['delivery', 'pickup']) }).optional(),
      })
      .strict(),
    output: z.object({
      /** The delivery fee for the chosen fulfilment (0 for pickup or none), in payableFen. */
      shippingFen: z.number().int().default(0),
      /** The store's fee rule, and its pickup place (null: no pickup). */
      shipping: ShippingRule.default({ flatFeeFen: 0, freeFromFen: null }),
      pickup: z.object({ address: z.string(), hours: z.string() }).nullable().default(null),
      /** Only membership cards: nothing to deliver, so checkout asks for no address and charges no fee. */
      virtual: z.boolean().default(false),
      /** The lines as the server prices them for the caller (same lines merged). */
      lines: z.array(OrderLine).default([]),
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
  /**
   * wxTransactionId: the WeChat Pay transaction of the buyer's own paid order (the 确认收货
   * component, wx.openBusinessView weappOrderConfirm, names the order by it); null otherwise.
   */
  'order.get': { input: z.object({ orderId: Id }).strict(), output: z.object({ order: Order, wxTransactionId: z.string().nullable().default(null) }) },
  /** `tab`: the order list's tabs (contracts/storefront.ts ORDER_TAB_STATUSES); `status`: one status. */
  'order.list': {
    input: z.object({ status: OrderStatus.optional(), tab: OrderTab.optional() }).strict(),
    output: z.object({ orders: z.array(Order) }),
  },
  /**
   * The shopper's avatar and nickname, from WeChat's 头像昵称填写 (a chooseAvatar button and a
   * nickname input). The avatar must be a picture the shopper uploaded themselves (null = none).
   */
  'profile.update': {
    input: z.object({ nickname: Text(1, 20), avatar: FileId.nullable() }).strict(),
    output: z.object({ me: Me }),
  },
  /** Shares a phone number: the code from a getPhoneNumber button, exchanged on the server (phonenumber.getPhoneNumber). */
  'profile.phone.bind': {
    input: z.object({ code: z.string().min(1).max(128).regex(/^[0-9A-Za-z_-]+$/, '手机号凭证格式不正确') }).strict(),
    output: z.object({ me: Me }),
  },
  /** Forgets the shared phone number. */
  'profile.phone.remove': { input: Empty, output: z.object({ me: Me }) },
} as const;

/** Every shop action: its input and its output. The function and the client both use this map. */
export const shopActions = { ...coreShopActions, ...groupbuyShopActions, ...partnerShopActions, ...analyticsShopActions, ...fulfilmentShopActions };

export type ShopActions = typeof shopActions;
export type ShopAction = keyof ShopActions;
