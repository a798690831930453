import * as z from 'zod';
import { Fen, Id, Openid, Order, Product, Text, Tier } from './model';
import { groupbuyAdminActions } from './groupbuy';
import { partnerAdminActions } from './partner';
import { paymentAdminActions } from './payments';

export const StoreSummary = z.object({
  paidOrderCount: z.number().int().nonnegative(),
  salesFen: z.number().int().nonnegative(),
  customerCount: z.number().int().nonnegative(),
  /** Liabilities: stored value members can still spend (principal is refundable), points outstanding. */
  storedValuePrincipalFen: z.number().int(),
  storedValueBonusFen: z.number().int(),
  pointsOutstanding: z.number().int(),
  /** When the liabilities were last rolled up by the cron (null: never). */
  rolledUpAtMs: z.number().int().nullable(),
});
export type StoreSummary = z.infer<typeof StoreSummary>;

export const CustomerRow = z.object({
  openid: z.string(),
  nickname: z.string(),
  stage: z.enum(['fan', 'customer', 'member', 'partner']),
  stageUntilMs: z.number().int().nullable(),
  paidOrderCount: z.number().int(),
  spentFen: z.number().int(),
  createdAtMs: z.number().int(),
  referrerNickname: z.string().nullable(),
});
export type CustomerRow = z.infer<typeof CustomerRow>;

/** Core owner actions; feature modules add theirs below. */
export const coreAdminActions = {
  'store.summary': { input: z.object({}).strict(), output: z.object({ summary: StoreSummary }) },
  'order.list': {
    input: z.object({ limit: z.number().int().min(1).max(100).default(50) }).strict(),
    output: z.object({ orders: z.array(Order.extend({ openid: z.string(), nickname: z.string().default('') })) }),
  },
  'order.complete': { input: z.object({ orderId: Id }).strict(), output: z.object({ order: Order }) },
  /** Refunds a paid order in full, the way it was paid; reverses its points, grants and sale. */
  'order.refund': {
    input: z.object({ orderId: Id, reason: Text(1, 80) }).strict(),
    output: z.object({ refundNo: z.string(), status: z.enum(['PENDING', 'SUCCESS']), amountFen: z.number().int(), method: z.enum(['wxpay', 'balance']) }),
  },
  /** Customers newest first, optionally one ladder stage; `beforeMs` pages by join time. */
  'customers.list': {
    input: z.object({ stage: z.enum(['fan', 'customer', 'member', 'partner']).optional(), beforeMs: z.number().int().optional(), limit: z.number().int().min(1).max(50).default(20) }).strict(),
    output: z.object({ customers: z.array(CustomerRow), nextBeforeMs: z.number().int().nullable(), counts: z.record(z.string(), z.number().int()) }),
  },
  /** One customer: ladder, balances and latest orders. */
  'customer.get': {
    input: z.object({ openid: Openid }).strict(),
    output: z.object({
      customer: CustomerRow,
      balances: z.object({ points: z.number().int(), principalFen: z.number().int(), bonusFen: z.number().int() }),
      orders: z.array(Order),
    }),
  },
  /** Every product, on sale or not, with all its prices (the catalogue shows shoppers only what is on sale). */
  'product.list': { input: z.object({}).strict(), output: z.object({ products: z.array(Product) }) },
  'tiers.list': { input: z.object({}).strict(), output: z.object({ tiers: z.array(Tier) }) },
  /** Names, points multipliers and spend thresholds of the four ladder tiers. */
  'tiers.update': {
    input: z.object({ tiers: z.array(Tier.pick({ _id: true, name: true, pointsMultiplierPct: true, minSpentFen: true })).length(4) }).strict(),
    output: z.object({ tiers: z.array(Tier) }),
  },
  'product.update': {
    input: z
      .object({
        productId: Id,
        listPriceFen: Fen,
        memberPriceFen: Fen.nullable(),
        partnerPriceFen: Fen.nullable(),
        grantsStage: z.enum(['member', 'partner']).nullable(),
        grantsDays: z.number().int().positive().max(3650).nullable(),
        pointsPrice: z.number().int().positive().nullable(),
        stock: z.number().int().nonnegative(),
        onSale: z.boolean(),
      })
      .strict(),
    output: z.object({ product: Product }),
  },
  /** Refunds a member's remaining principal to WeChat Pay (prepaid-card rules); the bonus is forfeited. */
  'wallet.refundPrincipal': {
    input: z.object({ requestId: Id, openid: Openid, reason: Text(1, 80) }).strict(),
    output: z.object({ refundFen: z.number().int(), forfeitBonusFen: z.number().int(), refundNos: z.array(z.string()) }),
  },
} as const;

/** Owner-only actions; the function checks the owner allow-list before any of them. */
export const adminActions = { ...coreAdminActions, ...groupbuyAdminActions, ...partnerAdminActions, ...paymentAdminActions };

export type AdminActions = typeof adminActions;
