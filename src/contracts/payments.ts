// What the owner sees of payments the store received but could not simply apply (issue 9):
// late payments, second payments, wrong amounts and unknown orders, with what the store did.
import * as z from 'zod';
import { Fen } from './model';

export const PaymentAnomaly = z.object({
  _id: z.string(),
  /** late: paid after the order closed; second_payment: the order was already paid; amount_mismatch; unknown_order. */
  kind: z.enum(['late', 'second_payment', 'amount_mismatch', 'unknown_order']),
  /** applied_late: the order was honoured; refunded: the payment goes back in full; waiting: the owner decides. */
  action: z.enum(['applied_late', 'refunded', 'waiting']),
  amountFen: Fen,
  /** The order's human number, when the payment names one of ours. */
  orderNo: z.string().nullable(),
  /** The buyer's nickname and avatar (people by name and face, never ids). */
  nickname: z.string().nullable(),
  avatar: z.string().nullable().default(null),
  /** The refund's stable number, when the store refunds the payment. */
  refundNo: z.string().nullable(),
  /** pending: asked of WeChat Pay; done: WeChat Pay confirmed; stuck: retries gave up, the owner must look. */
  refundStatus: z.enum(['pending', 'done', 'stuck']).nullable(),
  createdAtMs: z.number().int(),
});
export type PaymentAnomaly = z.infer<typeof PaymentAnomaly>;

export const paymentAdminActions = {
  /** Payment anomalies, newest first; `beforeMs` pages back. `counts` for the dashboard's entry. */
  'payments.anomalies': {
    input: z.object({ limit: z.number().int().min(1).max(50).default(20), beforeMs: z.number().int().optional() }).strict(),
    output: z.object({ anomalies: z.array(PaymentAnomaly), nextBeforeMs: z.number().int().nullable(), counts: z.object({ total: z.number().int(), waiting: z.number().int() }) }),
  },
} as const;
