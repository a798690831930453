import * as z from 'zod';
import { ProductPictures } from './media';

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

export const Product = z.object({
  _id: Id,
  name: z.string(),
  subtitle: z.string(),
  kind: ProductKind,
  listPriceFen: Fen,
  /** Price for members (会员价) when the product has one; shown, applied by the members issue. */
  memberPriceFen: Fen.nullable(),
  /** Price for partners (合伙人价) when the product has one. */
  partnerPriceFen: Fen.nullable(),
  stock: z.number().int().nonnegative(),
  onSale: z.boolean(),
  sort: z.number().int(),
  /** The colour pages showed before pictures; kept while pages move to `pictures`. */
  coverColor: z.string(),
  /** Cloud fileIDs, the first is the cover (contracts/media.ts). Show one with pictureUrl(). */
  pictures: ProductPictures.default([]),
  /** Buying this product moves the buyer up to this stage (a membership card, the partner package). */
  grantsStage: z.enum(['member', 'partner']).nullable().default(null),
  /** How long the granted stage lasts; null = for good. */
  grantsDays: z.number().int().positive().nullable().default(null),
  /** Points that redeem one unit in the points exchange; null = not exchangeable. */
  pointsPrice: z.number().int().positive().nullable().default(null),
});
export type Product = z.infer<typeof Product>;

// GROUPING: a group-buy seat is paid and its group is still forming (待成团); it becomes PAID when
// the group succeeds, or is refunded when it fails.
export const OrderStatus = z.enum(['PENDING', 'PAID', 'COMPLETED', 'CLOSED', 'REFUNDING', 'REFUNDED', 'GROUPING']);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const OrderLine = z.object({
  productId: Id,
  name: z.string(),
  qty: z.number().int().positive(),
  listPriceFen: Fen,
  unitPriceFen: Fen,
  amountFen: Fen,
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
  lines: z.array(OrderLine),
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
});
export type Order = z.infer<typeof Order>;

export const Me = z.object({
  openid: z.string(),
  nickname: z.string(),
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
