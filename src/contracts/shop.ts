import * as z from 'zod';
import { Id, Me, Order, Product, WxPayment } from './model';

const Empty = z.object({}).strict();

/** Every shop action: its input and its output. The function and the client both use this map. */
export const shopActions = {
  'session.get': { input: Empty, output: z.object({ me: Me }) },
  'catalog.list': { input: Empty, output: z.object({ products: z.array(Product) }) },
  'product.get': { input: z.object({ productId: Id }).strict(), output: z.object({ product: Product }) },
  'order.create': {
    input: z
      .object({
        /** Client-made key: a retried create returns the same order instead of a second one. */
        requestId: Id,
        lines: z
          .array(z.object({ productId: Id, qty: z.number().int().min(1).max(99) }).strict())
          .min(1)
          .max(20),
      })
      .strict(),
    output: z.object({ order: Order }),
  },
  'order.pay': {
    input: z.object({ orderId: Id }).strict(),
    output: z.object({ orderId: Id, payableFen: z.number().int(), payment: WxPayment }),
  },
  'order.get': { input: z.object({ orderId: Id }).strict(), output: z.object({ order: Order }) },
  'order.list': {
    input: z.object({ status: z.enum(['PENDING', 'PAID', 'COMPLETED', 'CLOSED', 'REFUNDED']).optional() }).strict(),
    output: z.object({ orders: z.array(Order) }),
  },
} as const;

export type ShopActions = typeof shopActions;
export type ShopAction = keyof ShopActions;
