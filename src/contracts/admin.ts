import * as z from 'zod';
import { Id, Openid, Order, Text, Tier } from './model';
import { catalogAdminActions } from './catalog';
import { groupbuyAdminActions } from './groupbuy';
import { partnerAdminActions } from './partner';
import { analyticsAdminActions } from './analytics';
import { settingsAdminActions } from './settings';
import { paymentAdminActions } from './payments';
import { fulfilmentAdminActions, OwnerOrderFilter } from './fulfilmentActions';

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
  /** Their avatar (cloud fileID) or null. */
  avatar: z.string().nullable().default(null),
  /** The phone number they shared, or null. */
  phone: z.string().nullable().default(null),
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
    /** filter: 待发货 / 待自提 / 售后 (orders with a request waiting for the owner). */
    input: z.object({ limit: z.number().int().min(1).max(100).default(50), filter: OwnerOrderFilter.optional() }).strict(),
    output: z.object({ orders: z.array(Order.extend({ openid: z.string(), nickname: z.string().default(''), avatar: z.string().nullable().default(null) })) }),
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
  /**
   * Finds customers the way an owner knows them: an order number (18 digits), a phone number
   * (11 digits) or part of a nickname. `match` says how each was found.
   */
  'customers.search': {
    input: z.object({ q: Text(1, 32) }).strict(),
    output: z.object({
      customers: z.array(CustomerRow.extend({ match: z.enum(['orderNo', 'phone', 'nickname']), orderNo: z.string().nullable().default(null) })),
    }),
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
  'tiers.list': { input: z.object({}).strict(), output: z.object({ tiers: z.array(Tier) }) },
  /** Names, points multipliers and spend thresholds of the four ladder tiers. */
  'tiers.update': {
    input: z.object({ tiers: z.array(Tier.pick({ _id: true, name: true, pointsMultiplierPct: true, minSpentFen: true })).length(4) }).strict(),
    output: z.object({ tiers: z.array(Tier) }),
  },
  /** Refunds a member's remaining principal to WeChat Pay (prepaid-card rules); the bonus is forfeited. */
  'wallet.refundPrincipal': {
    input: z.object({ requestId: Id, openid: Openid, reason: Text(1, 80) }).strict(),
    output: z.object({ refundFen: z.number().int(), forfeitBonusFen: z.number().int(), refundNos: z.array(z.string()) }),
  },
} as const;

/** Owner-only actions; the function checks the owner allow-list before any of them. */
export const adminActions = {
  ...coreAdminActions, ...catalogAdminActions, ...groupbuyAdminActions, ...partnerAdminActions, ...paymentAdminActions, ...analyticsAdminActions, ...settingsAdminActions,
  ...fulfilmentAdminActions,
};

export type AdminActions = typeof adminActions;
