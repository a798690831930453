// Delivery, pickup, parcels and after-sales (issue 11, deliverables 3–5). Imports nothing from
// model.ts (model.ts imports this), so its few primitives are spelled here.
import * as z from 'zod';

const Fen = z.number().int().nonnegative();
const UNCLEAN = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;
const Words = (label: string, min: number, max: number) =>
  z.string().trim().min(min, `请填写${label}`).max(max, `${label}最多 ${max} 个字`).refine((s) => !UNCLEAN.test(s), `${label}不能包含控制字符`);

/** A mainland mobile number or a landline with area code (chooseAddress gives telNumber as typed). */
export const PhoneText = z.string().trim().regex(/^[0-9+\- ]{7,20}$/, '请填写正确的手机号');

/** A delivery address, as chooseAddress returns it (userName, telNumber, province/city/county, detailInfo) or the H5 form. */
export const Address = z
  .object({
    name: Words('收货人', 1, 20),
    phone: PhoneText,
    province: Words('省份', 1, 20),
    city: Words('城市', 1, 20),
    district: Words('区县', 0, 20).default(''),
    detail: Words('详细地址', 1, 80),
  })
  .strict();
export type Address = z.infer<typeof Address>;

/** How the shopper gets the goods. A pickup order carries its code (shown only to its buyer and the owner). */
export const Fulfilment = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('delivery'), address: Address }),
  z.object({ mode: z.literal('pickup'), pickupCode: z.string().default('') }),
]);
export type Fulfilment = z.infer<typeof Fulfilment>;

/** What order.create takes: an address, or pickup (the server makes the code). */
export const FulfilmentChoice = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('delivery'), address: Address }).strict(),
  z.object({ mode: z.literal('pickup') }).strict(),
]);
export type FulfilmentChoice = z.infer<typeof FulfilmentChoice>;

/** Carriers the ship form offers (delivery_id values of WeChat's get_delivery_list) and 其他. */
export const CARRIERS: readonly { id: string; name: string }[] = [
  { id: 'SF', name: '顺丰速运' },
  { id: 'ZTO', name: '中通快递' },
  { id: 'YTO', name: '圆通速递' },
  { id: 'STO', name: '申通快递' },
  { id: 'YUNDA', name: '韵达速递' },
  { id: 'JD', name: '京东物流' },
  { id: 'EMS', name: 'EMS' },
];
export const CarrierId = z.string().regex(/^[A-Z0-9_]{2,16}$/, '请选择快递公司');
export const TrackingNo = z.string().trim().regex(/^[0-9A-Za-z-]{4,32}$/, '快递单号只能包含字母、数字和 -');

export const Parcel = z.object({ carrier: CarrierId, trackingNo: TrackingNo }).strict();
export type Parcel = z.infer<typeof Parcel>;

/** A parcel as the order keeps it. */
export const Shipment = z.object({ carrier: z.string(), trackingNo: z.string(), shippedAtMs: z.number().int() });
export type Shipment = z.infer<typeof Shipment>;

export const carrierName = (id: string): string => CARRIERS.find((c) => c.id === id)?.name ?? id;

/** The store's shipping fee rule: a flat fee, free from an amount of goods (null = never free). */
export const ShippingRule = z.object({ flatFeeFen: Fen, freeFromFen: Fen.nullable() }).strict();
export type ShippingRule = z.infer<typeof ShippingRule>;

/** The fee a delivery pays for goods worth `goodsFen` (after the points discount); pickup pays none. */
export function shippingFeeFen(rule: ShippingRule, mode: 'delivery' | 'pickup', goodsFen: number): number {
  if (mode === 'pickup') return 0;
  if (rule.freeFromFen !== null && goodsFen >= rule.freeFromFen) return 0;
  return rule.flatFeeFen;
}

/** 8 digits: what the owner types or scans to check a pickup. */
export const PickupCode = z.string().regex(/^\d{8}$/, '提货码为 8 位数字');

// ------------------------------------------------------------------ after-sales (售后)

/** refund: 仅退款 (not shipped); return: 退货退款 (shipped, received or picked up). */
export const AfterSaleKind = z.enum(['refund', 'return']);
export type AfterSaleKind = z.infer<typeof AfterSaleKind>;

/**
 * REQUESTED → (owner) REFUSED | APPROVED (refund: the money leaves at once) | RETURNING (return:
 * the buyer sends the goods to the return address) → (owner: goods back) REFUNDING → REFUNDED.
 * The buyer may withdraw a request the owner has not decided (CANCELLED).
 */
export const AfterSaleStatus = z.enum(['REQUESTED', 'RETURNING', 'REFUNDING', 'REFUNDED', 'REFUSED', 'CANCELLED']);
export type AfterSaleStatus = z.infer<typeof AfterSaleStatus>;
export const OPEN_AFTER_SALE: readonly AfterSaleStatus[] = ['REQUESTED', 'RETURNING'];

export const AfterSaleLine = z.object({ lineId: z.string().min(1).max(8), qty: z.number().int().min(0).max(99), amountFen: Fen }).strict();
export type AfterSaleLine = z.infer<typeof AfterSaleLine>;

export const AfterSale = z.object({
  _id: z.string(),
  orderId: z.string(),
  orderNo: z.string().nullable().default(null),
  kind: AfterSaleKind,
  status: AfterSaleStatus,
  lines: z.array(AfterSaleLine),
  amountFen: Fen,
  reason: z.string(),
  photos: z.array(z.string()).default([]),
  returnAddress: z.string().nullable().default(null),
  refuseReason: z.string().nullable().default(null),
  refundNo: z.string().nullable().default(null),
  createdAtMs: z.number().int(),
  decidedAtMs: z.number().int().nullable().default(null),
  refundedAtMs: z.number().int().nullable().default(null),
});
export type AfterSale = z.infer<typeof AfterSale>;

export const AFTER_SALE_LABEL: Record<AfterSaleStatus, string> = {
  REQUESTED: '待商家处理',
  RETURNING: '待退货',
  REFUNDING: '退款中',
  REFUNDED: '已退款',
  REFUSED: '商家已拒绝',
  CANCELLED: '已撤销',
};
