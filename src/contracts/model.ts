import * as z from 'zod';
import { ProductPictures } from './media';
import { Fulfilment, Shipment } from './fulfilment';

// Money is integer fen everywhere; the only place fen become yuan is formatFen() in the UI.
export const Fen = z.number().int().nonnegative();
export const Id = z.string().min(1).max(64).regex(/^[0-9A-Za-z_-]+$/, 'id must be [0-9A-Za-z_-]');
/**
 * A WeChat OPENID in an input (the owner naming a customer): checked by format like any id, so
 * U+0000 and friends are INVALID_INPUT, never a database error. The same alphabet as the
 * identity the functions accept (cloudfunctions/src/platform/context.ts OPENID_PATTERN).
 */
export const Openid = z.string().min(1).max(64).regex(/^[0-9A-Za-z_-]+$/, 'openid 格式不正确');

/** Control characters (C0, C1), bidi overrides and marks, BOM, and lone surrogates. */
const UNCLEAN_TEXT = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export const isCleanText = (s: string): boolean => !UNCLEAN_TEXT.test(s);
/** Free text a person types (a reason, a title, a payout reference): one line, no invisible or control characters. */
export const Text = (min: number, max: number) => z.string().min(min).max(max).refine(isCleanText, '不能包含控制字符或不可见字符');

export const ProductKind = z.enum(['trial', 'card', 'standard', 'package']);
export type ProductKind = z.infer<typeof ProductKind>;

/**
 * A spec (规格) of a product: a size, a pack, a flavour — what a shopper picks and a line sells.
 * Each spec has its own price ladder, commission base and stock (docs/DECISIONS.md, "Specs").
 * Ids are made by the server: lowercase letters and digits, so `<productId>~<specId>` (the stock
 * document) is unambiguous. A product sold before specs existed has one spec, `default`.
 */
export const SpecId = z.string().regex(/^[0-9a-z]{1,16}$/, '规格编号格式不正确');
export const DEFAULT_SPEC_ID = 'default';

export const Spec = z.object({
  _id: SpecId,
  name: z.string(),
  listPriceFen: Fen,
  /** 会员价; null = members pay list. */
  memberPriceFen: Fen.nullable(),
  /** 合伙人价; null = partners pay the member price (or list). Blanked for anyone who is not a partner. */
  partnerPriceFen: Fen.nullable(),
  /** Commission base per unit (the owner's own base); null = the list price. */
  commissionBaseFen: Fen.nullable().default(null),
  /** Units left (product_stock/<productId>~<specId>); negative only after a late payment was honoured. */
  stock: z.number().int().default(0),
});
export type Spec = z.infer<typeof Spec>;

/** The product detail (图文详情): paragraphs and pictures in the owner's order. */
export const DetailBlock = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('picture'), fileId: z.string() }),
]);
export type DetailBlock = z.infer<typeof DetailBlock>;

export const Product = z.object({
  _id: Id,
  name: z.string(),
  subtitle: z.string(),
  kind: ProductKind,
  /** The owner's category (categories/<id>); null = 未分类. */
  categoryId: z.string().nullable().default(null),
  /**
   * The product's price ladder as cards show it: the ladder of the spec with the lowest list
   * price (written by the server with the specs; every sale prices a spec).
   */
  listPriceFen: Fen,
  memberPriceFen: Fen.nullable(),
  partnerPriceFen: Fen.nullable(),
  /** Every spec's units left, summed. */
  stock: z.number().int().default(0),
  onSale: z.boolean(),
  sort: z.number().int(),
  /** The colour pages showed before pictures; kept while pages move to `pictures`. */
  coverColor: z.string().default(''),
  /** Cloud fileIDs, the first is the cover (contracts/media.ts). Show one with pictureUrl(). */
  pictures: ProductPictures.default([]),
  /** 图文详情. */
  detail: z.array(DetailBlock).default([]),
  /** At least one; the product page's spec sheet lists them in this order. */
  specs: z.array(Spec).min(1),
  /** Compare-and-set guard of the owner's edits. */
  version: z.number().int().default(1),
  /** Buying this product moves the buyer up to this stage (a membership card, the partner package). */
  grantsStage: z.enum(['member', 'partner']).nullable().default(null),
  /** How long the granted stage lasts; null = for good. */
  grantsDays: z.number().int().positive().nullable().default(null),
  /** Points that redeem one unit (of the first spec) in the points exchange; null = not exchangeable. */
  pointsPrice: z.number().int().positive().nullable().default(null),
});
export type Product = z.infer<typeof Product>;

// GROUPING: a group-buy seat is paid and its group is still forming (待成团); it becomes PAID when
// the group succeeds, or is refunded when it fails. Fulfilment (issue 11): PAID is 待发货 (or 待自提),
// SHIPPED 已发货 (待收货), RECEIVED 已收货, PICKED_UP 已自提.
export const OrderStatus = z.enum(['PENDING', 'PAID', 'COMPLETED', 'CLOSED', 'REFUNDING', 'REFUNDED', 'GROUPING', 'SHIPPED', 'RECEIVED', 'PICKED_UP']);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const OrderLine = z.object({
  /** The line's id in its order ('1', '2', …); after-sales refunds by line. Old orders: their position. */
  lineId: z.string().default(''),
  productId: Id,
  /** The spec sold; lines made before specs sold the product's `default` spec. */
  specId: z.string().default(DEFAULT_SPEC_ID),
  /** The spec's name when ordered ('' for a product's only spec). */
  specName: z.string().default(''),
  name: z.string(),
  /** The product's cover when ordered (a cloud fileID), for order pages. */
  picture: z.string().nullable().default(null),
  qty: z.number().int().positive(),
  listPriceFen: Fen,
  unitPriceFen: Fen,
  amountFen: Fen,
  /**
   * The line's commission base (unit base × qty), fixed when ordered: the spec's own base, else
   * the owner's per-product base in the commission settings, else the list price. Absent on lines
   * made before specs (their base is read from the settings as before).
   */
  commissionBaseFen: Fen.optional(),
});
export type OrderLine = z.infer<typeof OrderLine>;

export const PayMethod = z.enum(['wxpay', 'balance']);
export type PayMethod = z.infer<typeof PayMethod>;

export const Order = z.object({
  _id: Id,
  /** What people read and type: store date + time + 4 digits (e.g. 202611292340127316); null on old orders. */
  orderNo: z.string().nullable().default(null),
  /** goods: products; topup: a stored-value package; group: a seat in a group buy (拼团). */
  kind: z.enum(['goods', 'topup', 'group']).default('goods'),
  status: OrderStatus,
  lines: z.array(OrderLine).transform((lines) => lines.map((l, i) => (l.lineId === '' ? { ...l, lineId: String(i + 1) } : l))),
  totalFen: Fen,
  /** Points spent as a discount on this order, and what they took off. */
  pointsUsed: z.number().int().nonnegative().default(0),
  pointsDiscountFen: Fen.default(0),
  payableFen: Fen,
  /** How it was paid: points only for a points exchange (积分兑换). */
  payMethod: z.enum(['wxpay', 'balance', 'points']).nullable().default(null),
  /** What paying by balance took from principal and bonus (returned the same way on refund). */
  balanceSplit: z.object({ principalFen: Fen, bonusFen: Fen }).nullable().default(null),
  pointsEarned: z.number().int().nonnegative().default(0),
  createdAtMs: z.number().int(),
  paidAtMs: z.number().int().nullable(),
  /** When an unpaid order stops being payable. */
  expiresAtMs: z.number().int(),
  /** Group-buy orders: the group, its campaign, whether this seat opened it, whether the campaign pays commission. */
  group: z.object({ groupId: Id, campaignId: Id, leader: z.boolean(), commission: z.boolean() }).nullable().default(null),
  /** Delivery to an address or pickup at the store (contracts/fulfilment.ts); null on orders made before it. */
  fulfilment: Fulfilment.nullable().default(null),
  /** The shipping fee in payableFen (never commissioned, never earns points). */
  shippingFen: Fen.default(0),
  /** Parcels the owner shipped (split parcels: several). */
  shipments: z.array(Shipment).default([]),
  shippedAtMs: z.number().int().nullable().default(null),
  /** Receipt: the buyer confirmed, the cron confirmed after the store's days, or the owner checked the pickup code. */
  receivedAtMs: z.number().int().nullable().default(null),
  /** Money refunded by after-sales so far (partial refunds). */
  refundedFen: Fen.default(0),
  /** The after-sales request still waiting for the owner (one at a time), or null. */
  afterSaleOpen: z.string().nullable().default(null),
});
export type Order = z.infer<typeof Order>;

export const Me = z.object({
  openid: z.string(),
  nickname: z.string(),
  /** The avatar the shopper chose (a cloud fileID under their own uploads), or null. */
  avatar: z.string().nullable().default(null),
  /** Whether the shopper set their own nickname (a new visitor's is a placeholder). */
  profileSet: z.boolean().default(false),
  /** The phone number they shared (WeChat's 手机号快速验证), or null. Only ever sent to its owner and the store's owner. */
  phone: z.string().nullable().default(null),
  /** Ladder stage: fan (opened the store), customer (paid once), member, partner. */
  stage: z.enum(['fan', 'customer', 'member', 'partner']),
  isOwner: z.boolean(),
  paidOrderCount: z.number().int().nonnegative(),
  /** When a card-granted stage lapses; null when it does not. */
  stageUntilMs: z.number().int().nullable().default(null),
  pointsBalance: z.number().int().default(0),
  wallet: z.object({ principalFen: z.number().int(), bonusFen: z.number().int() }).default({ principalFen: 0, bonusFen: 0 }),
});
export type Me = z.infer<typeof Me>;

/** What wx.requestPayment needs; on the local runtime the simulated cashier reads `package`. */
export const WxPayment = z.object({
  timeStamp: z.string(),
  nonceStr: z.string(),
  package: z.string(),
  signType: z.string(),
  paySign: z.string(),
});
export type WxPayment = z.infer<typeof WxPayment>;

export const TopUpPackage = z.object({
  _id: Id,
  name: z.string(),
  payFen: Fen,
  creditFen: Fen,
  onSale: z.boolean(),
  sort: z.number().int(),
});
export type TopUpPackage = z.infer<typeof TopUpPackage>;

export const JournalLine = z.object({
  _id: z.string(),
  account: z.string(),
  amount: z.number().int(),
  kind: z.string(),
  ref: z.string(),
  /** null for a credit still pending (referral points, ledger/journal.ts). */
  balanceAfter: z.number().int().nullable(),
  createdAtMs: z.number().int(),
});
export type JournalLine = z.infer<typeof JournalLine>;

export const Tier = z.object({
  _id: z.enum(['fan', 'customer', 'member', 'partner']),
  rank: z.number().int().nonnegative(),
  name: Text(1, 10),
  pointsMultiplierPct: z.number().int().min(0).max(1000),
  /** Entry by cumulative spend: reaching it moves a buyer up to this tier for good; null = no such rule. */
  minSpentFen: z.number().int().positive().nullable().default(null),
});
export type Tier = z.infer<typeof Tier>;
