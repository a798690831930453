import * as z from 'zod';

// Money is integer fen everywhere; the only place fen become yuan is formatFen() in the UI.
export const Fen = z.number().int().nonnegative();
export const Id = z.string().min(1).max(64).regex(/^[0-9A-Za-z_-]+$/, 'id must be [0-9A-Za-z_-]');

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
  coverColor: z.string(),
});
export type Product = z.infer<typeof Product>;

export const OrderStatus = z.enum(['PENDING', 'PAID', 'COMPLETED', 'CLOSED', 'REFUNDED']);
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

export const Order = z.object({
  _id: Id,
  status: OrderStatus,
  lines: z.array(OrderLine),
  totalFen: Fen,
  payableFen: Fen,
  createdAtMs: z.number().int(),
  paidAtMs: z.number().int().nullable(),
  /** When an unpaid order stops being payable. */
  expiresAtMs: z.number().int(),
});
export type Order = z.infer<typeof Order>;

export const Me = z.object({
  openid: z.string(),
  nickname: z.string(),
  /** Ladder stage: fan (opened the store), customer (paid once), member, partner. */
  stage: z.enum(['fan', 'customer', 'member', 'partner']),
  isOwner: z.boolean(),
  paidOrderCount: z.number().int().nonnegative(),
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
