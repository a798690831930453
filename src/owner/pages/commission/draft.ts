/**
 * The commission form's text and its parsing, kept pure. Percentages become basis points and
 * yuan become fen without floating point; whether rates rise with rank and every product fits
 * its payout cap is the server's call, and its message is shown as it is.
 */
import { CommissionConfig, type BindAt, type CommissionConfigInput, type MemberRewards, type ProductCommission, type RewardKind } from '../../../contracts';
import { formatBpsAsPercent, formatYuanInput, parseYuanToFen } from '../../../utils/format';

export { formatBpsAsPercent };

export const STAGES = ['fan', 'customer', 'member', 'partner'] as const;
export type Stage = (typeof STAGES)[number];

export interface TierDraft {
  earns: boolean;
  level1: string;
  level2: string;
  /** Paid in cash (partners) or points (members, seed 002). */
  reward: RewardKind;
}

/** Empty text = the default: the list price as base, the tier rates instead of fixed amounts. */
export interface RuleDraft {
  base: string;
  fixed1: string;
  fixed2: string;
}

export interface Draft {
  tiers: Record<Stage, TierDraft>;
  rules: Record<string, RuleDraft>;
  cap: string;
  refundDays: string;
  minWithdraw: string;
  bindAt: BindAt;
  /** The store's rule: members (every tier below partner) earn points only, or may earn cash. */
  memberRewards: MemberRewards;
}

export type Parsed = { ok: true; config: CommissionConfigInput; bindAt: BindAt; memberRewards: MemberRewards } | { ok: false; message: string };
type Step<T> = { ok: true; value: T } | { ok: false; message: string };

// Percent with at most two decimals, so basis points stay whole: '12.5' → 1250.
const PERCENT_PATTERN = /^(\d{1,3})(?:\.(\d{1,2}))?$/;

/** '10' → 1000, '12.5' → 1250, '0.05' → 5; malformed or above 100% → null. */
export function parsePercentToBps(text: string): number | null {
  const m = PERCENT_PATTERN.exec(text.trim().replace(/%$/, ''));
  if (m === null) return null;
  const bps = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0') || '0');
  return bps <= 10000 ? bps : null;
}

const MAX_MIN_WITHDRAW_FEN = 100_000_00;

const yuanOrEmpty = (fen: number | null | undefined) => (fen === null || fen === undefined ? '' : formatYuanInput(fen));

/** A new earning tier's default kind: partners cash, everyone below points. */
export const defaultReward = (s: Stage): RewardKind => (s === 'partner' ? 'cash' : 'points');

export function toDraft(config: CommissionConfig, bindAt: BindAt, productIds: readonly string[], memberRewards: MemberRewards = 'points'): Draft {
  const tiers = {} as Record<Stage, TierDraft>;
  for (const s of STAGES) {
    const rate = config.tiers[s];
    tiers[s] = { earns: rate !== null, level1: rate ? formatBpsAsPercent(rate.level1Bps) : '', level2: rate ? formatBpsAsPercent(rate.level2Bps) : '', reward: rate ? rate.reward ?? 'cash' : defaultReward(s) };
  }
  const rules: Record<string, RuleDraft> = {};
  for (const id of productIds) {
    const rule = config.products.find((r) => r.productId === id);
    rules[id] = { base: yuanOrEmpty(rule?.commissionBaseFen), fixed1: yuanOrEmpty(rule?.fixedFen?.level1), fixed2: yuanOrEmpty(rule?.fixedFen?.level2) };
  }
  return {
    tiers, rules, bindAt, memberRewards,
    cap: formatBpsAsPercent(config.payoutCapBps),
    refundDays: `${config.refundWindowDays}`,
    minWithdraw: formatYuanInput(config.minWithdrawFen),
  };
}

const TIER_NAME: Record<Stage, string> = { fan: '粉丝', customer: '顾客', member: '会员', partner: '合伙人' };

function readTiers(d: Draft): Step<CommissionConfig['tiers']> {
  const tiers = {} as CommissionConfig['tiers'];
  for (const s of STAGES) {
    const t = d.tiers[s];
    if (!t.earns) {
      tiers[s] = null;
      continue;
    }
    const level1Bps = parsePercentToBps(t.level1);
    const level2Bps = parsePercentToBps(t.level2);
    if (level1Bps === null || level2Bps === null) return { ok: false, message: `「${TIER_NAME[s]}」的佣金比例须为 0 到 100 之间的百分数，最多两位小数` };
    tiers[s] = { level1Bps, level2Bps, reward: t.reward };
  }
  return { ok: true, value: tiers };
}

function readRule(productId: string, name: string, r: RuleDraft): Step<ProductCommission | null> {
  const hasBase = r.base.trim() !== '';
  const hasFixed = r.fixed1.trim() !== '' || r.fixed2.trim() !== '';
  if (!hasBase && !hasFixed) return { ok: true, value: null };
  const commissionBaseFen = hasBase ? parseYuanToFen(r.base) : null;
  if (hasBase && commissionBaseFen === null) return { ok: false, message: `「${name}」的佣金基数格式不正确，如 200 或 199.50` };
  if (!hasFixed) return { ok: true, value: { productId, commissionBaseFen, fixedFen: null } };
  const level1 = parseYuanToFen(r.fixed1);
  const level2 = parseYuanToFen(r.fixed2);
  if (level1 === null || level2 === null) return { ok: false, message: `「${name}」的固定佣金须同时填写一级和二级金额，如 10 和 5` };
  return { ok: true, value: { productId, commissionBaseFen, fixedFen: { level1, level2 } } };
}

function readNumbers(d: Draft): Step<Pick<CommissionConfig, 'payoutCapBps' | 'refundWindowDays' | 'minWithdrawFen'>> {
  const payoutCapBps = parsePercentToBps(d.cap);
  if (payoutCapBps === null) return { ok: false, message: '佣金上限须为 0 到 100 之间的百分数' };
  const days = d.refundDays.trim();
  if (!/^\d{1,2}$/.test(days) || Number(days) > 90) return { ok: false, message: '退款期须为 0 到 90 的整数天数' };
  const minWithdrawFen = parseYuanToFen(d.minWithdraw);
  if (minWithdrawFen === null || minWithdrawFen < 1 || minWithdrawFen > MAX_MIN_WITHDRAW_FEN) {
    return { ok: false, message: '最低提现金额须在 0.01 到 100000 元之间' };
  }
  return { ok: true, value: { payoutCapBps, refundWindowDays: Number(days), minWithdrawFen } };
}

/** Pure: the form as the update's config, or the first thing to fix. `names` labels the products. */
export function parseDraft(d: Draft, names: Record<string, string>): Parsed {
  const tiers = readTiers(d);
  if (!tiers.ok) return tiers;
  const products: ProductCommission[] = [];
  for (const [productId, rule] of Object.entries(d.rules)) {
    const read = readRule(productId, names[productId] ?? productId, rule);
    if (!read.ok) return read;
    if (read.value !== null) products.push(read.value);
  }
  const numbers = readNumbers(d);
  if (!numbers.ok) return numbers;
  const config: CommissionConfigInput = { tiers: tiers.value, products, ...numbers.value };
  // The contract's field rules (ranges), checked before the round trip.
  const checked = CommissionConfig.safeParse(config);
  if (!checked.success) return { ok: false, message: checked.error.issues[0]?.message ?? '佣金设置不正确' };
  return { ok: true, config, bindAt: d.bindAt, memberRewards: d.memberRewards };
}

/** The split in one line per earning tier, as the owner reads it: '会员：积分 10% / 5%'. */
export function splitLines(d: Draft, names: Record<Stage, string>): string[] {
  return STAGES.filter((s) => d.tiers[s].earns).map((s) => {
    const t = d.tiers[s];
    return `${names[s]}：${t.reward === 'points' ? '积分' : '现金'} ${t.level1 || '0'}% / ${t.level2 || '0'}%`;
  });
}
