// uploadShippingInfo's parameters as a zod schema, for the fulfilment work that will call it.
// Kept apart from openapi.ts so that functions which do not ship do not bundle it.
import * as z from 'zod';
import { SHIPPING, SHIPPING_ITEM_DESC } from './openapi';

const Bytes = (min: number, max: number) => z.string().refine((s) => {
  const n = Buffer.byteLength(s, 'utf8');
  return n >= min && n <= max;
}, `${min}–${max} bytes of UTF-8`);

/** uploadShippingInfo parameters, camelCase as the cloud call takes them. */
export const UploadShippingInfoParams = /* @__PURE__ */ z.object({
  orderKey: z.union([
    z.object({ orderNumberType: z.literal(SHIPPING.orderNumberType.byOutTradeNo), mchid: z.string().min(1), outTradeNo: z.string().min(1).max(32) }),
    z.object({ orderNumberType: z.literal(SHIPPING.orderNumberType.byTransactionId), transactionId: z.string().min(1).max(32) }),
  ]),
  logisticsType: z.union(Object.values(SHIPPING.logisticsType).map((v) => z.literal(v))),
  deliveryMode: z.union([z.literal(SHIPPING.deliveryMode.unified), z.literal(SHIPPING.deliveryMode.split)]),
  /** Required in split mode: whether this upload completes the shipment. */
  isAllDelivered: z.boolean().optional(),
  shippingList: z.array(z.object({
    trackingNo: Bytes(SHIPPING.trackingNoBytes.min, SHIPPING.trackingNoBytes.max).optional(),
    expressCompany: z.string().min(1).optional(),
    itemDesc: z.string().min(1).max(SHIPPING_ITEM_DESC.maxChars),
    contact: z.object({ consignorContact: z.string().optional(), receiverContact: z.string().optional() }).optional(),
  })).min(1).max(SHIPPING.maxPackages),
  /** RFC 3339 with offset, e.g. 2022-12-15T13:29:35.120+08:00; a later upload must carry a later time. */
  uploadTime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/),
  payer: z.object({ openid: z.string().min(1) }),
}).refine((p) => p.deliveryMode !== SHIPPING.deliveryMode.split || p.isAllDelivered !== undefined, 'split delivery needs isAllDelivered')
  .refine((p) => p.deliveryMode !== SHIPPING.deliveryMode.unified || p.shippingList.length === 1, 'unified delivery has one package');
export type UploadShippingInfoParams = z.infer<typeof UploadShippingInfoParams>;

/** get_order: by transactionId, or by merchant id + outTradeNo (camelCase as the cloud call takes it). */
export type ShippingOrderQuery = { transactionId: string } | { merchantId: string; merchantTradeNo: string };

/** get_order's answer, as much as the store reads: the order's shipping state (SHIPPING.orderState). */
export interface ShippingOrderAnswer {
  errCode: number;
  errMsg: string;
  order: { orderState: number; shipping?: { shippingList?: { trackingNo?: string; expressCompany?: string }[] } };
}
