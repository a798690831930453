// Group buying (拼团): the actions of this feature, merged into the shop and admin maps.
import * as z from 'zod';
import { FulfilmentChoice } from './fulfilment';
import { Fen, Id, isCleanText, Order, SpecId } from './model';

const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * What the owner configures. Cross-field rules (group price ≤ list price, leader price ≤ group
 * price, M < N, end after start) are checked by the server with the product in hand
 * (cloudfunctions/src/groupbuy/domain/groupbuy.ts#validateCampaign).
 */
export const CampaignConfig = z
  .object({
    productId: Id,
    /** The spec the campaign sells (e.g. the L size); may be left out for a product with one spec. */
    specId: SpecId.optional(),
    title: z.string().trim().min(1, '请填写活动名称').max(30, '活动名称最多 30 个字').refine(isCleanText, '活动名称不能包含控制字符或不可见字符'),
    /** What a member pays (拼团价). */
    groupPriceFen: Fen.min(1, '拼团价至少 ¥0.01'),
    /** What the one who opens the group pays (团长价); null = the group price. */
    leaderPriceFen: Fen.min(1, '团长价至少 ¥0.01').nullable().default(null),
    /** N: the group succeeds when N members have paid. */
    groupSize: z.number().int().min(2, '成团人数为 2–20 人').max(20, '成团人数为 2–20 人'),
    /** How long a group stays open after it is opened. */
    timeLimitMs: z.number().int().min(10 * MINUTE_MS, '成团时限至少 10 分钟').max(7 * DAY_MS, '成团时限最多 7 天'),
    /** Units this campaign may sell; an open group holds N of them until it closes. */
    stock: z.number().int().min(1, '活动库存至少 1 件').max(1_000_000, '活动库存最多 100 万件'),
    /** Seats one shopper may hold in this campaign (open or successful groups). */
    perUserLimit: z.number().int().min(1, '每人限参至少 1 次').max(99, '每人限参最多 99 次'),
    /** M: at the deadline the group also succeeds when at least M members have paid; null = only a full group succeeds. */
    fillOnExpiryMinPaid: z.number().int().min(1, '凑团人数至少 1 人').nullable().default(null),
    /** Whether the campaign's sales pay referral commission (read by the partners work). */
    commissionEnabled: z.boolean().default(false),
    startAtMs: z.number().int().nonnegative(),
    endAtMs: z.number().int().nonnegative(),
  })
  .strict();
export type CampaignConfig = z.infer<typeof CampaignConfig>;

export const CampaignPhase = z.enum(['upcoming', 'running', 'ended', 'stopped']);

/** A campaign as shoppers see it. */
export const Campaign = z.object({
  _id: Id,
  title: z.string(),
  productId: Id,
  productName: z.string(),
  /** The spec sold ('' for a product's only spec). */
  specName: z.string().default(''),
  coverColor: z.string(),
  /** The product's pictures when the campaign was saved (the first is the cover). */
  pictures: z.array(z.string()).default([]),
  listPriceFen: Fen,
  groupPriceFen: Fen,
  leaderPriceFen: Fen.nullable(),
  groupSize: z.number().int(),
  timeLimitMs: z.number().int(),
  stockLeft: z.number().int().nonnegative(),
  perUserLimit: z.number().int(),
  /**
   * Fill-on-expiry, shown as it is: at the deadline the group also succeeds when at least this
   * many members have paid (the store covers the empty seats). null = only a full group succeeds.
   */
  fillOnExpiryMinPaid: z.number().int().nullable(),
  /** The rules in one Chinese sentence (fill-on-expiry included), so every page says the same. */
  rulesText: z.string(),
  commissionEnabled: z.boolean(),
  startAtMs: z.number().int(),
  endAtMs: z.number().int(),
  phase: CampaignPhase,
});
export type Campaign = z.infer<typeof Campaign>;

/** The owner's view adds the allocation, the switch, the version to update against and counts. */
export const AdminCampaign = Campaign.extend({
  stock: z.number().int(),
  active: z.boolean(),
  version: z.number().int(),
  createdAtMs: z.number().int(),
  stats: z.object({ openGroups: z.number().int(), succeededGroups: z.number().int(), failedGroups: z.number().int() }),
});
export type AdminCampaign = z.infer<typeof AdminCampaign>;

export const GroupStatus = z.enum(['OPEN', 'SUCCEEDED', 'FAILED']);
export type GroupStatus = z.infer<typeof GroupStatus>;

export const GroupMember = z.object({
  nickname: z.string(),
  avatar: z.string().nullable().default(null),
  leader: z.boolean(),
  /** false: the seat is held while its payment window runs. */
  paid: z.boolean(),
  isMe: z.boolean(),
  joinedAtMs: z.number().int(),
});
export type GroupMember = z.infer<typeof GroupMember>;

export const Group = z.object({
  _id: Id,
  campaignId: Id,
  title: z.string(),
  productName: z.string(),
  groupSize: z.number().int(),
  /** Seats held (paid or within their payment window). */
  seatsTaken: z.number().int(),
  seatsLeft: z.number().int(),
  paidCount: z.number().int(),
  priceFen: Fen,
  leaderPriceFen: Fen.nullable(),
  fillOnExpiryMinPaid: z.number().int().nullable(),
  status: GroupStatus,
  /** Succeeded at the deadline through fill-on-expiry rather than with every seat paid. */
  filledOnExpiry: z.boolean(),
  openedAtMs: z.number().int(),
  /** The countdown's end. */
  expiresAtMs: z.number().int(),
  closedAtMs: z.number().int().nullable(),
  members: z.array(GroupMember),
});
export type Group = z.infer<typeof Group>;

export const AdminGroup = Group.extend({
  members: z.array(GroupMember.extend({ openid: z.string(), orderId: Id })),
});
export type AdminGroup = z.infer<typeof AdminGroup>;

/** Shopper / partner actions of this feature (served by the shop function). */
export const groupbuyShopActions = {
  /** Campaigns running now or starting soon. */
  'groupbuy.campaign.list': { input: z.object({}).strict(), output: z.object({ campaigns: z.array(Campaign) }) },
  /** A campaign with its open groups that still have seats (soonest deadline first). */
  'groupbuy.campaign.get': {
    input: z.object({ campaignId: Id }).strict(),
    output: z.object({ campaign: Campaign, openGroups: z.array(Group) }),
  },
  /**
   * A group page: members, seats left, the deadline for the countdown (with the server's clock),
   * the share path (carrying the caller's referral code), and the caller's own order in it.
   */
  'groupbuy.group.get': {
    input: z.object({ groupId: Id }).strict(),
    output: z.object({ group: Group, campaign: Campaign, sharePath: z.string(), myOrder: Order.nullable(), nowMs: z.number().int() }),
  },
  /** Opens a group as its leader: holds N units, the first seat, and a PENDING order to pay with order.pay. */
  /** fulfilment: where the unit goes (an address, or pickup); omitted: not asked (the owner hands it over). No shipping fee for a seat. */
  'groupbuy.group.open': {
    input: z.object({ requestId: Id, campaignId: Id, fulfilment: FulfilmentChoice.optional() }).strict(),
    output: z.object({ group: Group, order: Order }),
  },
  /** Reserves a seat in a group (atomic: never more than N) and a PENDING order to pay with order.pay. */
  'groupbuy.group.join': {
    input: z.object({ requestId: Id, groupId: Id, fulfilment: FulfilmentChoice.optional() }).strict(),
    output: z.object({ group: Group, order: Order }),
  },
  /** The caller's group orders with their groups, newest first. */
  /**
   * A poster for a group: a mini program code whose scene (≤ 32 characters) names a stored
   * (group, sharer's referral code) pair, resolved by groupbuy.scene.resolve when scanned.
   */
  'groupbuy.poster.get': {
    input: z.object({ groupId: Id }).strict(),
    output: z.object({ scene: z.string().max(32), page: z.string(), dataUrl: z.string() }),
  },
  'groupbuy.scene.resolve': {
    input: z.object({ scene: z.string().min(1).max(64) }).strict(),
    output: z.object({ groupId: Id, code: z.string().nullable() }),
  },
  'groupbuy.mine': {
    input: z.object({}).strict(),
    output: z.object({ entries: z.array(z.object({ group: Group, order: Order })) }),
  },
} as const;

/** Owner actions of this feature (served by the admin function). */
export const groupbuyAdminActions = {
  /** A retried create with the same request id returns the same campaign. */
  'groupbuy.campaign.create': {
    input: CampaignConfig.extend({ requestId: Id }).strict(),
    output: z.object({ campaign: AdminCampaign }),
  },
  /**
   * Compare-and-set on `version`. The product and its spec cannot change; size, prices and time limit apply
   * to groups opened afterwards (an open group keeps what it was opened with).
   */
  'groupbuy.campaign.update': {
    input: CampaignConfig.omit({ productId: true, specId: true }).extend({ campaignId: Id, version: z.number().int().nonnegative(), active: z.boolean() }).strict(),
    output: z.object({ campaign: AdminCampaign }),
  },
  'groupbuy.campaign.list': { input: z.object({}).strict(), output: z.object({ campaigns: z.array(AdminCampaign) }) },
  /** The groups of a campaign, newest first, to watch them fill. */
  'groupbuy.campaign.groups': {
    input: z.object({ campaignId: Id, status: GroupStatus.optional() }).strict(),
    output: z.object({ groups: z.array(AdminGroup) }),
  },
} as const;
