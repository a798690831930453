// The actions of delivery, pickup and after-sales (issue 11): the shopper's and the owner's.
import * as z from 'zod';
import { Id, Order, Text } from './model';
import { FileId } from './media';
import { Address, AfterSale, AfterSaleKind, AfterSaleLine, Parcel, PickupCode } from './fulfilment';

/** A person's address book: at most this many addresses. */
export const ADDRESSES_MAX = 10;

const AfterSaleView = AfterSale.extend({ nickname: z.string().default(''), avatar: z.string().nullable().default(null) });

export const fulfilmentShopActions = {
  /** The shopper's saved addresses (their own document; the first is the default). */
  'address.list': { input: z.object({}).strict(), output: z.object({ addresses: z.array(Address) }) },
  /** Replaces the shopper's address book (chooseAddress on weapp fills one; the form on H5). */
  'address.save': { input: z.object({ addresses: z.array(Address).max(ADDRESSES_MAX) }).strict(), output: z.object({ addresses: z.array(Address) }) },
  /** The pickup code of the buyer's own paid pickup order, with a QR code of it (PNG data URL) for the owner to scan. */
  'order.pickupCode': { input: z.object({ orderId: Id }).strict(), output: z.object({ code: z.string(), qr: z.string() }) },
  /** 确认收货: the buyer's own shipped order. Repeats answer the received order. */
  'order.confirmReceipt': { input: z.object({ orderId: Id }).strict(), output: z.object({ order: Order }) },
  /**
   * 申请售后: 仅退款 (refund, before shipping) or 退货退款 (return), lines with units and money, a
   * reason and up to 6 photos the shopper uploaded. `requestId` makes a retry answer the first request.
   */
  'afterSale.request': {
    input: z.object({
      requestId: Id, orderId: Id, kind: AfterSaleKind, lines: z.array(AfterSaleLine).min(1).max(20), reason: Text(1, 100), photos: z.array(FileId).max(6).default([]),
    }).strict(),
    output: z.object({ afterSale: AfterSale }),
  },
  'afterSale.list': { input: z.object({ orderId: Id.optional() }).strict(), output: z.object({ afterSales: z.array(AfterSale) }) },
  /** The buyer withdraws a request the owner has not decided. */
  'afterSale.cancel': { input: z.object({ afterSaleId: Id }).strict(), output: z.object({ afterSale: AfterSale }) },
} as const;

export const OwnerOrderFilter = z.enum(['toShip', 'toPickUp', 'afterSale']);
export type OwnerOrderFilter = z.infer<typeof OwnerOrderFilter>;

export const fulfilmentAdminActions = {
  /** 发货: 1–15 parcels (split parcels allowed). A repeat with the same parcels answers the shipped order. */
  'order.ship': { input: z.object({ orderId: Id, parcels: z.array(Parcel).min(1).max(15) }).strict(), output: z.object({ order: Order }) },
  /** The pickup order a code names (the owner scanned or typed it), before they hand the goods over. */
  'order.pickupPreview': { input: z.object({ code: PickupCode }).strict(), output: z.object({ order: Order, nickname: z.string().default(''), avatar: z.string().nullable().default(null) }) },
  /** 核销: the owner checks the code and hands the goods over (PAID → PICKED_UP). */
  'order.pickUp': { input: z.object({ code: PickupCode }).strict(), output: z.object({ order: Order }) },
  /** 待发货 / 待自提 / 售后 counts for the order list's filters and the dashboard. */
  'fulfilment.counts': { input: z.object({}).strict(), output: z.object({ toShip: z.number().int(), toPickUp: z.number().int(), afterSale: z.number().int() }) },
  /** open: requests waiting for the owner (待处理, 待退货); else all, newest first. */
  'afterSale.list': {
    input: z.object({ open: z.boolean().default(true), limit: z.number().int().min(1).max(100).default(50) }).strict(),
    output: z.object({ afterSales: z.array(AfterSaleView) }),
  },
  /** Approves: a refund leaves at once; a return needs the address the goods go back to. */
  'afterSale.approve': { input: z.object({ afterSaleId: Id, returnAddress: Text(4, 120).optional() }).strict(), output: z.object({ afterSale: AfterSale }) },
  'afterSale.refuse': { input: z.object({ afterSaleId: Id, reason: Text(1, 80) }).strict(), output: z.object({ afterSale: AfterSale }) },
  /** The returned goods arrived: the refund leaves. */
  'afterSale.receiveReturn': { input: z.object({ afterSaleId: Id }).strict(), output: z.object({ afterSale: AfterSale }) },
} as const;
