import * as z from 'zod';
import { Id, Order } from './model';
import { groupbuyAdminActions } from './groupbuy';
import { partnerAdminActions } from './partner';

export const StoreSummary = z.object({
  paidOrderCount: z.number().int().nonnegative(),
  salesFen: z.number().int().nonnegative(),
  customerCount: z.number().int().nonnegative(),
});
export type StoreSummary = z.infer<typeof StoreSummary>;

/** Core owner actions; feature modules add theirs below. */
export const coreAdminActions = {
  'store.summary': { input: z.object({}).strict(), output: z.object({ summary: StoreSummary }) },
  'order.list': {
    input: z.object({ limit: z.number().int().min(1).max(100).default(50) }).strict(),
    output: z.object({ orders: z.array(Order.extend({ openid: z.string() })) }),
  },
  'order.complete': { input: z.object({ orderId: Id }).strict(), output: z.object({ order: Order }) },
  /** Refunds a paid order in full, the way it was paid; reverses its points, grants and sale. */
  'order.refund': {
    input: z.object({ orderId: Id, reason: z.string().min(1).max(80) }).strict(),
    output: z.object({ refundNo: z.string(), status: z.enum(['PENDING', 'SUCCESS']), amountFen: z.number().int(), method: z.enum(['wxpay', 'balance']) }),
  },
} as const;

/** Owner-only actions; the function checks the owner allow-list before any of them. */
export const adminActions = { ...coreAdminActions, ...groupbuyAdminActions, ...partnerAdminActions };

export type AdminActions = typeof adminActions;
