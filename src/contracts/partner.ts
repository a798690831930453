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

/** What a beneficiary of this tier earns at distance 1 and 2 from the buyer; null = the tier earns nothing. */
export const TierRate = z.object({ level1Bps: Bps, level2Bps: Bps }).strict();
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

/** pending: order paid, not completed; frozen: completed, in the refund window; then available. */
export const CommissionStatus = z.enum(['pending', 'frozen', 'available', 'reversed']);
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
  /** When it becomes withdrawable (null until the order is completed). */
  thawAtMs: z.number().int().nullable(),
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
  /** Their avatar (cloud fileID) or null. */
  avatar: z.string().nullable().default(null),
  stage: StageId,
  level: z.union([z.literal(1), z.literal(2)]),
  joinedAtMs: z.number().int(),
});

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
    }),
  },
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

const SettingsView = z.object({ config: CommissionConfig, bindAt: BindAt, payouts: z.array(ProductPayout) });
const OwnerWithdrawal = Withdrawal.extend({ openid: z.string(), nickname: z.string(), avatar: z.string().nullable().default(null), availableFen: z.number().int() });

/** Owner actions of this feature (served by the admin function). */
export const partnerAdminActions = {
  'partner.settings.get': { input: Empty, output: SettingsView },
  /** Rejected (INVALID_INPUT, in Chinese) when rates fall with rank or a product's worst case passes the cap. */
  'partner.settings.update': { input: z.object({ config: CommissionConfig, bindAt: BindAt }).strict(), output: SettingsView },
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
