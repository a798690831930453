// The owner's figures (issue 12) and the shopper's behaviour records that feed them. Money is fen,
// ratios are {num, den} pairs of integers (the UI turns them into percentages and yuan), days are
// UTC+8 day numbers (days since 1970-01-01 in China time; utils/format.ts shows them).
import * as z from 'zod';
import { Id, Openid } from './model';

const Int = z.number().int();
const Count = z.number().int().nonnegative();
/** A UTC+8 day number. */
export const DayNo = z.number().int().min(0).max(200_000);
export const Ratio = z.object({ num: Int, den: Int });
export type Ratio = z.infer<typeof Ratio>;
export const Stage = z.enum(['fan', 'customer', 'member', 'partner']);
export const Channel = z.enum(['direct', 'code', 'poster', 'groupbuy', 'campaign']);
export type Channel = z.infer<typeof Channel>;
export const Grade = z.enum(['A', 'B', 'C', 'D', 'E']);
export type Grade = z.infer<typeof Grade>;

/** Longest range the owner can ask for: a year. */
export const MAX_RANGE_DAYS = 366;
export const DayRangeInput = z
  .object({ fromDay: DayNo, toDay: DayNo })
  .strict()
  .refine((r) => r.fromDay <= r.toDay, '开始日期不能晚于结束日期')
  .refine((r) => r.toDay - r.fromDay < MAX_RANGE_DAYS, '最多查看一年');

export const MoneyDay = z.object({
  orders: Count, salesWxpayFen: Int, salesPrincipalFen: Int, salesBonusFen: Int, refunds: Count, ordersFullyRefunded: Count,
  refundWxpayFen: Int, refundPrincipalFen: Int, refundBonusFen: Int, commissionAccruedFen: Int, commissionReversedFen: Int,
  commissionPaidOutFen: Int, topUps: Count, topUpWxpayFen: Int, topUpBonusFen: Int, storedValueRefundFen: Int,
});
export const Earnings = MoneyDay.extend({ salesFen: Int, refundsFen: Int, netOrders: Int, averageOrder: Ratio, commissionCostFen: Int, netEarningsFen: Int });
export type Earnings = z.infer<typeof Earnings>;

export const CommissionBuckets = z.object({ frozen: Int, available: Int, withdrawing: Int, paid: Int });
export const Liabilities = z.object({
  storedValuePrincipalFen: Int, storedValueBonusFen: Int, pointsOutstanding: Int, commission: CommissionBuckets, commissionPayableFen: Int,
});
export type Liabilities = z.infer<typeof Liabilities>;

/** A person as the owner's figures show them: `avatar` is their picture's cloud fileID (pages show it with pictureUrl), or null. */
export const Person = z.object({ openid: z.string(), nickname: z.string(), avatar: z.string().nullable(), stage: Stage });
export type Person = z.infer<typeof Person>;

/**
 * One to-do of the dashboard's strip. The server owns the list (analytics/services/todos.ts): a
 * feature adds its count there as one entry, and the page shows whatever comes.
 */
export const Todo = z.object({ key: z.string(), label: z.string(), count: Count, url: z.string().nullable() });
export type Todo = z.infer<typeof Todo>;

export const DashboardDay = z.object({ day: DayNo, salesFen: Int, orders: Count, newcomers: Count, refundsFen: Int });
export type DashboardDay = z.infer<typeof DashboardDay>;

/** When the figures were folded last, and whether more happened since than one read could add (shown as 统计稍有延迟). */
const Freshness = { foldedAtMs: Int, lagging: z.boolean() };

export const Dashboard = z.object({
  todayDay: DayNo,
  today: DashboardDay,
  yesterday: DashboardDay,
  /** The last 30 days, oldest first, today last. */
  series: z.array(DashboardDay),
  liabilities: Liabilities,
  todos: z.array(Todo),
  /** Counts from the stored lists (null until the first lists job). */
  lists: z.object({ dueThisWeek: Count, overdue: Count, topShare: Ratio, computedAtMs: Int }).nullable(),
  ...Freshness,
});
export type Dashboard = z.infer<typeof Dashboard>;

export const PurchaseBucket = z.object({ orders: Int, units: Int, revenueFen: Int });
export const RhythmRow = z.object({
  person: Person, revenueFen: Int, lastDay: DayNo, usualIntervalDays: Count, expectedNextDay: DayNo, steady: z.boolean(), status: z.enum(['upcoming', 'due', 'overdue']),
});
export type RhythmRow = z.infer<typeof RhythmRow>;
export const TopRow = z.object({ person: Person, revenueFen: Int, orders: Count, lastPaidDay: DayNo.nullable() });
export type TopRow = z.infer<typeof TopRow>;

export const TopPeriod = z.union([z.literal(30), z.literal(90), z.literal(365)]);
export const ListName = z.enum(['top', 'due', 'overdue', 'steady']);
export type ListName = z.infer<typeof ListName>;

export const StageMoveRow = z.object({ person: Person, from: Stage, to: Stage, atMs: Int });
export const Funnel = z.object({
  headcounts: z.record(Stage, Int), atStart: z.record(Stage, Int), atEnd: z.record(Stage, Int), entered: z.record(Stage, Int),
  crossed: z.array(Int).length(3), conversion: z.array(Ratio).length(3), moves: z.array(StageMoveRow), movesOmitted: Count,
});

export const ChannelGrades = z.object({ channel: Channel, arrived: Count, grades: z.record(Grade, Count), shares: z.record(Grade, Ratio) });
export const Newcomer = z.object({ person: Person, channel: Channel, partner: z.string().nullable(), grade: Grade, overridden: z.boolean(), arrivedAtMs: Int });
export type Newcomer = z.infer<typeof Newcomer>;

export const analyticsAdminActions = {
  /** The console's home: today against yesterday, 30 days, liabilities now, to-dos. */
  'analytics.dashboard': { input: z.object({}).strict(), output: z.object({ dashboard: Dashboard }) },
  /** 收益 over a range: totals and by day. */
  'analytics.earnings': {
    input: DayRangeInput,
    output: z.object({ fromDay: DayNo, toDay: DayNo, total: Earnings, byDay: z.array(z.object({ day: DayNo, earnings: Earnings })), liabilities: Liabilities, ...Freshness }),
  },
  /** The ladder as a funnel over a range, with who moved. */
  'analytics.funnel': { input: DayRangeInput, output: z.object({ fromDay: DayNo, toDay: DayNo, funnel: Funnel, ...Freshness }) },
  /** Seed 001: purchases by number, items per order, repurchase share; customers overdue. */
  'analytics.repeat': {
    input: DayRangeInput,
    output: z.object({
      fromDay: DayNo, toDay: DayNo, buckets: z.array(PurchaseBucket).length(4), itemsPerOrder: z.array(Ratio).length(4), repurchaseShare: Ratio, repeatOrderShare: Ratio, ...Freshness,
    }),
  },
  /** Seed 003: newcomers' ABCDE grades by channel over a range, and the newcomers themselves (newest first). */
  'analytics.grades': {
    input: z.object({ fromDay: DayNo, toDay: DayNo, beforeMs: Int.optional() }).strict().refine((r) => r.fromDay <= r.toDay && r.toDay - r.fromDay < MAX_RANGE_DAYS, '日期范围不正确'),
    output: z.object({
      fromDay: DayNo, toDay: DayNo, channels: z.array(ChannelGrades), total: z.object({ arrived: Count, grades: z.record(Grade, Count) }),
      newcomers: z.array(Newcomer), nextBeforeMs: Int.nullable(), ...Freshness,
    }),
  },
  /** The stored lists: the top 20 % of a period, due this week, overdue, steady. */
  'analytics.lists': {
    input: z.object({ list: ListName, period: TopPeriod.default(30) }).strict(),
    output: z.object({
      computedAtMs: Int.nullable(), todayDay: DayNo, count: Count,
      top: z.object({ period: TopPeriod, fromDay: DayNo, toDay: DayNo, customers: Count, topCount: Count, topRevenueFen: Int, totalRevenueFen: Int, share: Ratio }).nullable(),
      topRows: z.array(TopRow), rhythmRows: z.array(RhythmRow),
    }),
  },
  /** The owner's judgement on a newcomer's grade (null: back to the computed grade). */
  'analytics.grade.set': {
    input: z.object({ requestId: Id, openid: Openid, grade: Grade.nullable() }).strict(),
    output: z.object({ openid: z.string(), grade: Grade.nullable(), atMs: Int }),
  },
} as const;

/** What a shopper did, recorded on their own document (never a shared counter): fire-and-forget from the pages. */
export const Behaviour = z.enum(['view', 'cart', 'group_join', 'visit', 'opt_out']);
export type Behaviour = z.infer<typeof Behaviour>;

export const analyticsShopActions = {
  track: { input: z.object({ action: Behaviour, productId: Id.optional() }).strict(), output: z.object({ recorded: z.boolean() }) },
} as const;
