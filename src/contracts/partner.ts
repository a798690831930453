// Partners: referral codes, the referral tree, commission and withdrawals: the actions of this
// feature, merged into the shop and admin maps. The sharing helpers at the top are pure so the
// mini program, the H5 build and the cloud functions build and read links the same way.
import * as z from 'zod';
import { Fen, Id, Openid, Text } from './model';

// ---------------------------------------------------------------- sharing

/** 31 characters: digits and capitals without the look-alikes 0/O, 1/I/L. */
export const REFERRAL_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const REFERRAL_CODE_LENGTH = 8;
export const ReferralCode = z.string().regex(/^[2-9A-HJKMNP-Z]{8}$/, '推荐码格式不正确');
/** A campaign tag fits in a wxacode scene next to the code: `r=<8>&c=<≤19>` ≤ 32 characters. */
export const CampaignId = z.string().regex(/^[0-9A-Za-z_-]{1,19}$/, '活动标识格式不正确');
/** Where a newcomer came from: a shared link, a poster's mini program code, a campaign, a group buy. */
export const BindChannel = z.enum(['code', 'poster', 'campaign', 'groupbuy']);
export type BindChannel = z.infer<typeof BindChannel>;

/** The page every share lands on (wxacode wants it without the leading slash). */
export const SHARE_PAGE = 'pages/index/index';

/** Query of a shared link (also onShareTimeline's `query`). */
export function shareQueryFor(code: string, campaign?: string): string {
  return campaign ? `ref=${code}&cp=${campaign}` : `ref=${code}`;
}

/** onShareAppMessage path: a full path with the leading slash. */
export function sharePathFor(code: string, campaign?: string): string {
  return `/${SHARE_PAGE}?${shareQueryFor(code, campaign)}`;
}

/** The wxacode scene: at most 32 characters, no `%`. */
export function sceneFor(code: string, campaign?: string): string {
  return campaign ? `r=${code}&c=${campaign}` : `r=${code}`;
}

/** Shopper-facing pages that share (issue 13): each opens itself with the sharer's code. */
export const SHARE_PAGES = {
  home: 'pages/index/index',
  category: 'pages/category/index',
  product: 'pages/product/index',
  group: 'groupbuy/pages/group/index',
  campaign: 'groupbuy/pages/campaign/index',
} as const;
export type SharePageName = keyof typeof SHARE_PAGES;

/**
 * A page's share: `query` for onShareTimeline (which reopens the same page) and `path` for
 * onShareAppMessage. Empty or missing parameters are left out (never `&ref=`), and `ref` is added
 * only for a well-formed code.
 */
export function pageShare(page: SharePageName, params: Record<string, string | null | undefined>, code: string | null | undefined): { path: string; query: string } {
  const pairs = Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '' && e[0] !== 'ref');
  if (code && ReferralCode.safeParse(code).success) pairs.push(['ref', code]);
  const query = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  return { path: `/${SHARE_PAGES[page]}${query === '' ? '' : `?${query}`}`, query };
}

export interface ReferralEntry {
  code: string;
  channel: BindChannel;
  campaign?: string;
}

function pairs(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split('&')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i), part.slice(i + 1));
  }
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Reads a referral from a page's launch query: a poster's mini program code puts `r=<code>` in
 * `query.scene` (URL-encoded by WeChat); a shared link carries `ref` (and `cp` for a campaign).
 * Anything malformed is no referral at all.
 */
export function parseReferralQuery(query: Record<string, unknown> | undefined): ReferralEntry | null {
  if (!query) return null;
  let raw: { code?: string; campaign?: string; base: BindChannel };
  if (typeof query.scene === 'string' && query.scene) {
    const scene = pairs(safeDecode(query.scene));
    raw = { code: scene.get('r'), campaign: scene.get('c'), base: 'poster' };
  } else if (typeof query.ref === 'string') {
    raw = { code: safeDecode(query.ref), campaign: typeof query.cp === 'string' ? safeDecode(query.cp) : undefined, base: 'code' };
  } else {
    return null;
  }
  const code = ReferralCode.safeParse(raw.code?.toUpperCase());
  if (!code.success) return null;
  // A malformed campaign tag loses the tag, not the referral.
  const campaign = raw.campaign === undefined ? null : CampaignId.safeParse(raw.campaign);
  if (!campaign || !campaign.success) return { code: code.data, channel: raw.base };
  return { code: code.data, channel: 'campaign', campaign: campaign.data };
}

// ---------------------------------------------------------------- commission config

export const StageId = z.enum(['fan', 'customer', 'member', 'partner']);
/** Basis points: 10000 = 100%. */
export const Bps = z.number().int().min(0).max(10000);

/** How a tier's referral reward is paid: money (partners) or points (members; seed 002: 收益不要是金钱). */
export const RewardKind = z.enum(['cash', 'points']);
export type RewardKind = z.infer<typeof RewardKind>;
/** Whether tiers below the partner stage may be paid cash; 'points' (the default) forbids it. */
export const MemberRewards = z.enum(['points', 'cash']);
export type MemberRewards = z.infer<typeof MemberRewards>;

/**
 * What a beneficiary of this tier earns at distance 1 and 2 from the buyer; null = the tier earns
 * nothing. `reward` absent = cash (configs saved before reward kinds).
 */
export const TierRate = z.object({ level1Bps: Bps, level2Bps: Bps, reward: RewardKind.optional() }).strict();
export type TierRate = z.infer<typeof TierRate>;

export const ProductCommission = z
  .object({
    productId: Id,
    /** Base per unit instead of the list price (null = list price); 0 = no commission on it. */
    commissionBaseFen: Fen.nullable().default(null),
    /** Fixed fen per unit at level 1 and 2 for every earning tier, instead of the rates. */
    fixedFen: z.object({ level1: Fen, level2: Fen }).strict().nullable().default(null),
  })
  .strict();
export type ProductCommission = z.infer<typeof ProductCommission>;

export const CommissionConfig = z
  .object({
    tiers: z.object({ fan: TierRate.nullable(), customer: TierRate.nullable(), member: TierRate.nullable(), partner: TierRate.nullable() }).strict(),
    products: z.array(ProductCommission).max(200).default([]),
    /** The most that all levels together may pay on a product, as a share of its lowest sellable price. */
    payoutCapBps: Bps,
    /** Days after completion before commission thaws (the refund window). */
    refundWindowDays: z.number().int().min(0).max(90),
    minWithdrawFen: Fen.min(1).max(100_000_00),
  })
  .strict();
export type CommissionConfig = z.infer<typeof CommissionConfig>;
export type CommissionConfigInput = z.input<typeof CommissionConfig>;

/** Bind a newcomer at their first visit with a code, or at their first paid order. */
export const BindAt = z.enum(['visit', 'first_paid_order']);
export type BindAt = z.infer<typeof BindAt>;

export const ProductPayout = z.object({
  productId: Id,
  name: z.string(),
  /** Membership cards and the partner package never pay commission (no pay for recruiting). */
  excluded: z.boolean(),
  lowestPriceFen: Fen,
  capFen: Fen,
  worstCaseFen: Fen,
});

// ---------------------------------------------------------------- partner views

/**
 * pending: order paid, not completed (待确认收货); frozen: completed, in the refund window; then
 * available. credited: a points reward, in the member's points at once. reversed: refunded.
 */
export const CommissionStatus = z.enum(['pending', 'frozen', 'available', 'credited', 'reversed']);
export type CommissionStatus = z.infer<typeof CommissionStatus>;

export const CommissionEntry = z.object({
  _id: z.string(),
  orderId: Id,
  level: z.union([z.literal(1), z.literal(2)]),
  buyerNickname: z.string(),
  lines: z.array(z.object({ productId: Id, name: z.string(), qty: z.number().int().positive(), baseFen: Fen, amountFen: Fen })),
  baseFen: Fen,
  amountFen: Fen,
  status: CommissionStatus,
  createdAtMs: z.number().int(),
  /** When it becomes withdrawable: receipt + the refund window (null until the order is completed: 待确认收货). */
  thawAtMs: z.number().int().nullable(),
  reward: RewardKind.default('cash'),
  /** Points credited, for a points reward. */
  points: z.number().int().nonnegative().default(0),
  /** The rate applied (null: a fixed amount per unit, or a document made before rates were kept). */
  rateBps: Bps.nullable().default(null),
  /** The refund window that applies to it, in days. */
  refundWindowDays: z.number().int().nonnegative().nullable().default(null),
  /** The buyer's avatar (a cloud fileID), null: show the initial. */
  buyerAvatar: z.string().nullable().default(null),
});
export type CommissionEntry = z.infer<typeof CommissionEntry>;

/** An entry as the partner center lists it: with its order's human number (null for orders made before numbers). */
export const EarningEntry = CommissionEntry.extend({ orderNo: z.string().nullable().default(null), buyerAvatar: z.string().nullable().default(null) });
export type EarningEntry = z.infer<typeof EarningEntry>;

/** The partner's money by status. Available may be negative: a refund after withdrawal. */
export const PartnerBalances = z.object({
  frozenFen: Fen,
  availableFen: z.number().int(),
  withdrawingFen: Fen,
  paidOutFen: Fen,
});
export type PartnerBalances = z.infer<typeof PartnerBalances>;

export const WithdrawalStatus = z.enum(['requested', 'paid', 'rejected']);
export const Withdrawal = z.object({
  _id: z.string(),
  amountFen: Fen,
  status: WithdrawalStatus,
  requestedAtMs: z.number().int(),
  decidedAtMs: z.number().int().nullable(),
  payoutRef: z.string().nullable(),
  rejectReason: z.string().nullable(),
});
export type Withdrawal = z.infer<typeof Withdrawal>;

export const TeamMember = z.object({
  nickname: z.string(),
  /** A cloud fileID, or null: show the nickname's first character. */
  avatar: z.string().nullable().default(null),
  stage: StageId,
  level: z.union([z.literal(1), z.literal(2)]),
  joinedAtMs: z.number().int(),
  /** What this member's orders brought me (cash commission and points, refunds taken back). */
  broughtFen: Fen.default(0),
  broughtPoints: z.number().int().nonnegative().default(0),
  orders: z.number().int().nonnegative().default(0),
});

/** A tier's referral reward as the partner centre explains it. */
export const RateRow = z.object({ stage: StageId, name: z.string(), reward: RewardKind, level1Bps: Bps, level2Bps: Bps });
export type RateRow = z.infer<typeof RateRow>;

/** What sharing one product (or campaign) earns me per sale, computed by the server at my own rate. */
export const ShareEarning = z.object({
  reward: RewardKind,
  /** The share's value in fen (for points: points × the value of a point). */
  amountFen: Fen,
  points: z.number().int().nonnegative(),
  rateBps: Bps.nullable(),
  /** The base the rate applies to: the list price (or the owner's base), never what the buyer pays. */
  baseFen: Fen,
  /** The unit's list price (原价): the base unless the owner set a commission base. */
  listPriceFen: Fen,
  /** What a buyer pays (the group price in a campaign; the list price otherwise). */
  buyerPaysFen: Fen,
});
export type ShareEarning = z.infer<typeof ShareEarning>;

/** Days within which the owner reviews and pays a withdrawal (the promise the partner centre shows). */
export const WITHDRAWAL_PAYOUT_DAYS = 3;

/** Poster targets: the store, a product, a group-buy campaign. */
export const PosterTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('store') }).strict(),
  z.object({ kind: z.literal('product'), productId: Id }).strict(),
  z.object({ kind: z.literal('campaign'), campaignId: Id }).strict(),
]);
export type PosterTarget = z.infer<typeof PosterTarget>;

/** Everything a poster draws, decided by the server; `sig` signs it (partners/domain/poster.ts). */
export const PosterPayload = z.object({
  kind: z.enum(['store', 'product', 'campaign']),
  storeName: z.string(),
  title: z.string(),
  /** A cloud fileID (product picture or the store's logo), null: none. */
  picture: z.string().nullable(),
  priceFen: Fen.nullable(),
  listPriceFen: Fen.nullable(),
  groupSize: z.number().int().nullable(),
  sharer: z.object({ nickname: z.string(), avatar: z.string().nullable(), initial: z.string() }),
  code: ReferralCode,
  scene: z.string().max(32),
  page: z.string(),
  issuedAtMs: z.number().int(),
  sig: z.string(),
});
export type PosterPayload = z.infer<typeof PosterPayload>;

/** A poster scene token: 12 hex characters (partners/domain/poster.ts). */
export const SceneToken = z.string().regex(/^[0-9a-f]{12}$/, '海报码格式不正确');

const Empty = z.object({}).strict();
const Limit = z.number().int().min(1).max(50).default(20);

/** Shopper / partner actions of this feature (served by the shop function). */
export const partnerShopActions = {
  /** The partner center at a glance (creates nothing). */
  'partner.center': {
    input: Empty,
    output: z.object({
      eligible: z.boolean(),
      code: ReferralCode.nullable(),
      referrer: z.object({ nickname: z.string(), avatar: z.string().nullable().default(null) }).nullable(),
      team: z.object({ direct: z.number().int().nonnegative(), second: z.number().int().nonnegative() }),
      balances: PartnerBalances,
      minWithdrawFen: Fen,
      refundWindowDays: z.number().int(),
      me: z.object({ nickname: z.string(), avatar: z.string().nullable().default(null), stage: StageId }).optional(),
      /** My reward per level at my tier (null: my tier earns nothing), and the ladder's. */
      myRates: RateRow.nullable().default(null),
      rates: z.array(RateRow).default([]),
      /** Referral points I have received (net of refunds) and what a point is worth at checkout. */
      referralPoints: z.number().int().default(0),
      fenPerPoint: z.number().int().positive().default(1),
    }),
  },
  /** 分享赚: what I earn per sale of this product or campaign at my own rate (null: I earn nothing); my code when I earn. */
  'partner.shareEarn.get': {
    input: z.union([z.object({ productId: Id }).strict(), z.object({ campaignId: Id }).strict()]),
    output: z.object({ earning: ShareEarning.nullable(), code: ReferralCode.nullable() }),
  },
  /** The data of a poster, signed by the server; the client composes it on a canvas. */
  'partner.poster.payload': {
    input: z.object({ target: PosterTarget }).strict(),
    output: z.object({ payload: PosterPayload, qrDataUrl: z.string() }),
  },
  /** A scanned poster's scene token: who shared it and what it shows. */
  'poster.scene.resolve': {
    input: z.object({ token: SceneToken }).strict(),
    output: z.object({ code: ReferralCode, target: PosterTarget }),
  },
  /**
   * The code my shares carry: only when my tier earns (a newcomer's first code decides once, so a
   * code that cannot earn would use it up); made on first ask then. Creates nothing otherwise.
   */
  'partner.shareCode.get': { input: Empty, output: z.object({ code: ReferralCode.nullable() }) },
  /** My referral code (made on first ask) and what to share. `eligible`: whether shares earn now. */
  'partner.code.get': {
    input: Empty,
    output: z.object({ code: ReferralCode, eligible: z.boolean(), sharePath: z.string(), shareQuery: z.string(), scene: z.string().max(32), page: z.string() }),
  },
  /** A mini program code (wxacode.getUnlimited) for the poster, as a PNG data URL. */
  'partner.poster.get': {
    input: z.object({ campaign: CampaignId.optional() }).strict(),
    output: z.object({ code: ReferralCode, scene: z.string().max(32), page: z.string(), dataUrl: z.string() }),
  },
  /**
   * Arriving with a code. bound: bound now; pending: bound at the first paid order (owner's
   * setting); unchanged: already bound or decided, or not a newcomer; refused: the referrer does
   * not earn commission (a newcomer's first code decides, once).
   */
  'partner.bind': {
    input: z.object({ code: ReferralCode, channel: BindChannel.default('code'), campaign: CampaignId.optional() }).strict(),
    output: z.object({ status: z.enum(['bound', 'pending', 'unchanged', 'refused']), referrerNickname: z.string().nullable() }),
  },
  /** My team, newest first: level 1 = my direct referrals, level 2 = theirs. */
  'partner.team.list': {
    input: z.object({ level: z.union([z.literal(1), z.literal(2)]).default(1), beforeMs: z.number().int().optional(), limit: Limit }).strict(),
    output: z.object({ direct: z.number().int(), second: z.number().int(), members: z.array(TeamMember), nextBeforeMs: z.number().int().nullable() }),
  },
  /** Earnings by status, newest first, each entry naming its order; and my withdrawals. */
  'partner.earnings.list': {
    input: z.object({ status: z.enum(['frozen', 'available', 'reversed']).optional(), limit: Limit }).strict(),
    output: z.object({ balances: PartnerBalances, entries: z.array(EarningEntry), withdrawals: z.array(Withdrawal) }),
  },
  'partner.withdraw': {
    input: z.object({ requestId: Id, amountFen: z.number().int().positive() }).strict(),
    output: z.object({ withdrawal: Withdrawal, balances: PartnerBalances }),
  },
} as const;

const SettingsView = z.object({
  config: CommissionConfig, bindAt: BindAt, payouts: z.array(ProductPayout),
  /** The store's setting: members (every tier below partner) are rewarded in points, or may be paid cash. */
  memberRewards: MemberRewards.default('points'),
  /** What a point is worth at checkout (settings/store pointsRule.fenPerPoint). */
  fenPerPoint: z.number().int().positive().default(1),
});
const OwnerWithdrawal = Withdrawal.extend({ openid: z.string(), nickname: z.string(), avatar: z.string().nullable().default(null), availableFen: z.number().int() });

/** Owner actions of this feature (served by the admin function). */
export const partnerAdminActions = {
  'partner.settings.get': { input: Empty, output: SettingsView },
  /** Rejected (INVALID_INPUT, in Chinese) when rates fall with rank or a product's worst case passes the cap. */
  'partner.settings.update': { input: z.object({ config: CommissionConfig, bindAt: BindAt, memberRewards: MemberRewards.optional() }).strict(), output: SettingsView },
  'partner.withdrawals.list': {
    input: z.object({ status: WithdrawalStatus.optional(), limit: z.number().int().min(1).max(100).default(50) }).strict(),
    output: z.object({ withdrawals: z.array(OwnerWithdrawal) }),
  },
  /** The owner has paid the partner (e.g. a WeChat transfer) and records its reference. */
  'partner.withdrawal.approve': {
    input: z.object({ withdrawalId: Id, payoutRef: Text(1, 64) }).strict(),
    output: z.object({ withdrawal: OwnerWithdrawal }),
  },
  'partner.withdrawal.reject': {
    input: z.object({ withdrawalId: Id, reason: Text(1, 80) }).strict(),
    output: z.object({ withdrawal: OwnerWithdrawal }),
  },
  'partner.member.get': {
    input: z.object({ openid: Openid }).strict(),
    output: z.object({
      member: z.object({
        openid: z.string(), nickname: z.string(), stage: StageId, code: z.string().nullable(), referrerOpenid: z.string().nullable(),
        uplines: z.array(z.string()), depth: z.number().int(), teamDirect: z.number().int(), teamSecond: z.number().int(), boundAtMs: z.number().int().nullable(),
        bindChannel: z.string().nullable(),
      }),
    }),
  },
  /** Moves a member (and their team) under another referrer, or to none; audited; future orders only. */
  'partner.member.move': {
    input: z.object({ requestId: Id, openid: Openid, toReferrerOpenid: Openid.nullable(), reason: Text(1, 80) }).strict(),
    output: z.object({ move: z.object({ _id: z.string(), openid: z.string(), fromOpenid: z.string().nullable(), toOpenid: z.string().nullable(), atMs: z.number().int() }) }),
  },
} as const;
