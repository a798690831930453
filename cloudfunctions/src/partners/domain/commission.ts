import type { CommissionConfig, MemberRewards, ProductCommission, TierRate } from '../../../../src/contracts';
import { unitPriceFor, type TierPrices } from '../../catalog/domain/pricing';
import type { Stage } from '../../members/domain/ladder';

/**
 * Commission (分销) by construction cannot be eroded by a downline's upgrade:
 * - a beneficiary's share depends only on their own tier, their distance (1 or 2) from the buyer
 *   and the line's base — never on the buyer's tier or price;
 * - the base is the list price (or the owner's per-product base) × quantity;
 * - at most two levels, tree distances, nobody skipped or compressed;
 * - rates never fall with rank and every product's worst case fits the payout cap, so nothing
 *   is scaled down at run time (validateCommissionConfig refuses configs that would need it).
 */
export type Level = 1 | 2;
export const MAX_LEVELS = 2;
export const BPS = 10_000;
/** Lowest rank first; the ladder's order. */
export const STAGES: readonly Stage[] = ['fan', 'customer', 'member', 'partner'];

export interface CommissionLineInput {
  productId: string;
  name: string;
  qty: number;
  listPriceFen: number;
  /** The line's own commission base (all units), when the order line carries one (per spec); else list price × qty. */
  commissionBaseFen?: number | null;
}

/** Partners are paid money; members (and lower tiers, if the owner lets them earn) in points (seed 002). */
export type RewardKind = 'cash' | 'points';

export interface Beneficiary {
  openid: string;
  stage: Stage;
}

export interface CommissionLineShare {
  productId: string;
  name: string;
  qty: number;
  baseFen: number;
  amountFen: number;
}

export interface CommissionShare {
  level: Level;
  openid: string;
  stage: Stage;
  baseFen: number;
  /** The share's value in fen; for a points reward exactly `points × fenPerPoint`. */
  amountFen: number;
  lines: CommissionLineShare[];
  /** Absent on shares planned before rewards had kinds: cash. */
  reward?: RewardKind;
  /** Points credited for a points reward (0 for cash). */
  points?: number;
  /** The beneficiary's rate at this level (null when a fixed amount per unit applies to every line). */
  rateBps?: number | null;
}

export type ConfigCheck = { ok: true } | { ok: false; message: string };

/** floor(a × b / d) in BigInt: a fen base times basis points can pass 2^53. */
function mulDivFloor(a: number, b: number, d: number): number {
  return Number((BigInt(a) * BigInt(b)) / BigInt(d));
}

export function tierRate(config: CommissionConfig, stage: Stage): TierRate | null {
  return config.tiers[stage] ?? null;
}

/** How a tier is rewarded; a tier without a kind is paid cash (configs saved before kinds existed). */
export function rewardOf(rate: TierRate): RewardKind {
  return rate.reward ?? 'cash';
}

/** Whole points worth at most `fen`: a points reward never gives more value than its fen share. */
export function pointsFor(fen: number, fenPerPoint: number): number {
  if (!Number.isSafeInteger(fenPerPoint) || fenPerPoint <= 0) throw new RangeError('fenPerPoint must be a positive integer');
  return Math.floor(fen / fenPerPoint);
}

/** Does this tier earn commission, and so may it recruit? */
export function canEarn(config: CommissionConfig, stage: Stage): boolean {
  return tierRate(config, stage) !== null;
}

export function anyTierEarns(config: CommissionConfig): boolean {
  return STAGES.some((s) => canEarn(config, s));
}

function productRule(config: CommissionConfig, productId: string): ProductCommission | undefined {
  return config.products.find((p) => p.productId === productId);
}

/** Base per unit: the owner's base when set, else the list price snapshotted on the order line. */
export function unitBaseFen(config: CommissionConfig, productId: string, listPriceFen: number): number {
  return productRule(config, productId)?.commissionBaseFen ?? listPriceFen;
}

/** A line's base: its own (per spec) when it carries one, else the unit base × quantity. */
export function lineBaseFen(config: CommissionConfig, line: CommissionLineInput): number {
  if (typeof line.commissionBaseFen === 'number') return line.commissionBaseFen;
  return unitBaseFen(config, line.productId, line.listPriceFen) * line.qty;
}

/** One line's commission for a beneficiary of `stage` at `level`. */
export function lineShare(config: CommissionConfig, line: CommissionLineInput, stage: Stage, level: Level): CommissionLineShare {
  const baseFen = lineBaseFen(config, line);
  const rate = tierRate(config, stage);
  const rule = productRule(config, line.productId);
  let amountFen = 0;
  if (rate && baseFen > 0) {
    if (rule?.fixedFen) amountFen = (level === 1 ? rule.fixedFen.level1 : rule.fixedFen.level2) * line.qty;
    else amountFen = mulDivFloor(baseFen, level === 1 ? rate.level1Bps : rate.level2Bps, BPS);
  }
  return { productId: line.productId, name: line.name, qty: line.qty, baseFen, amountFen };
}

/** The rate a beneficiary of `stage` has at `level` when no fixed amount applies; null if the tier earns nothing. */
export function levelRateBps(config: CommissionConfig, stage: Stage, level: Level): number | null {
  const rate = tierRate(config, stage);
  if (!rate) return null;
  return level === 1 ? rate.level1Bps : rate.level2Bps;
}

/** Same rate on every line (no fixed amount among them): the rate to show; else null. */
function shareRateBps(config: CommissionConfig, lines: readonly CommissionLineInput[], stage: Stage, level: Level): number | null {
  if (lines.some((l) => productRule(config, l.productId)?.fixedFen)) return null;
  return levelRateBps(config, stage, level);
}

/**
 * The commission of an order: `uplines[0]` is the buyer's referrer (level 1), `uplines[1]` the
 * referrer's referrer (level 2); null where there is nobody. Shares of zero are left out. A tier
 * rewarded in points gets whole points worth at most its fen share (`fenPerPoint`, the value of a
 * point at checkout), and `amountFen` is then the value it received: points × fenPerPoint.
 */
export function orderCommission(config: CommissionConfig, lines: readonly CommissionLineInput[], uplines: readonly (Beneficiary | null)[], fenPerPoint = 1): CommissionShare[] {
  const shares: CommissionShare[] = [];
  uplines.slice(0, MAX_LEVELS).forEach((b, i) => {
    if (!b) return;
    const level = (i + 1) as Level;
    const byLine = lines.map((l) => lineShare(config, l, b.stage, level));
    const fen = byLine.reduce((s, l) => s + l.amountFen, 0);
    const rate = tierRate(config, b.stage);
    const reward = rate ? rewardOf(rate) : 'cash';
    const points = reward === 'points' ? pointsFor(fen, fenPerPoint) : 0;
    const amountFen = reward === 'points' ? points * fenPerPoint : fen;
    if (amountFen <= 0) return;
    shares.push({
      level, openid: b.openid, stage: b.stage, baseFen: byLine.reduce((s, l) => s + l.baseFen, 0), amountFen, lines: byLine.filter((l) => l.amountFen > 0),
      reward, points, rateBps: shareRateBps(config, lines, b.stage, level),
    });
  });
  return shares;
}

// ---------------------------------------------------------------- validation

/** One sellable spec of a product, as the payout check sees it (`_id` is the product's). */
export interface CatalogProduct extends TierPrices {
  _id: string;
  name: string;
  grantsStage: string | null;
  /** The spec's own commission base per unit, if the owner set one (it comes before the settings' base). */
  commissionBaseFen?: number | null;
  /** The least the store can receive for one unit (orders/domain/receivable.ts); absent: the lowest tier price. */
  lowestReceivableFen?: number;
}

/** What the payout cap is measured against: the least the store receives for a unit. */
function capBaseFen(p: CatalogProduct): number {
  return p.lowestReceivableFen ?? unitPriceFor(p, 'partner');
}

export interface ProductPayout {
  productId: string;
  name: string;
  excluded: boolean;
  lowestPriceFen: number;
  capFen: number;
  worstCaseFen: number;
}

/** Yuan for owner-facing messages only; money stays in fen everywhere else. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function pct(bps: number): string {
  return `${bps / 100}%`;
}

/** The highest rate any earning tier has at each level (the top earning tier's, rates being monotone). */
function topRates(config: CommissionConfig): TierRate | null {
  const rates = STAGES.map((s) => tierRate(config, s)).filter((r): r is TierRate => r !== null);
  if (rates.length === 0) return null;
  return { level1Bps: Math.max(...rates.map((r) => r.level1Bps)), level2Bps: Math.max(...rates.map((r) => r.level2Bps)) };
}

/**
 * Worst case per unit — the fen value, whether paid as cash or as points (a points reward is
 * whole points worth at most its fen share, see orderCommission) — as the exact rational `numerator / BPS` fen, so the cap is compared
 * without rounding: every paid amount is a floor of its exact value, hence never above it.
 */
function worstCaseNumerator(config: CommissionConfig, p: CatalogProduct): number {
  const top = topRates(config);
  if (!top) return 0;
  const rule = productRule(config, p._id);
  const base = p.commissionBaseFen ?? rule?.commissionBaseFen ?? p.listPriceFen;
  if (base === 0) return 0;
  if (rule?.fixedFen) return (rule.fixedFen.level1 + rule.fixedFen.level2) * BPS;
  return base * (top.level1Bps + top.level2Bps);
}

export function productPayouts(config: CommissionConfig, products: readonly CatalogProduct[]): ProductPayout[] {
  return products.map((p) => {
    const lowestPriceFen = capBaseFen(p);
    const excluded = p.grantsStage !== null;
    const worst = excluded ? 0 : worstCaseNumerator(config, p);
    return { productId: p._id, name: p.name, excluded, lowestPriceFen, capFen: mulDivFloor(lowestPriceFen, config.payoutCapBps, BPS), worstCaseFen: Math.ceil(worst / BPS) };
  });
}

/**
 * Reward kinds: with `memberRewards` = points (seed 002; the default) only the partner stage may
 * earn cash, and a tier never earns points above a tier that earns cash (an upgrade would turn
 * money into points).
 */
function checkRewardKinds(config: CommissionConfig, tierNames: Record<Stage, string>, memberRewards: MemberRewards): ConfigCheck {
  let cashBelow: Stage | null = null;
  for (const stage of STAGES) {
    const rate = tierRate(config, stage);
    if (!rate) continue;
    const reward = rewardOf(rate);
    if (reward === 'cash' && stage !== 'partner' && memberRewards === 'points') {
      return { ok: false, message: `店铺设置为会员推荐奖励积分：「${tierNames[stage]}」不能获得现金佣金，请改为积分奖励（现金佣金仅限「${tierNames.partner}」）` };
    }
    if (reward === 'points' && cashBelow) return { ok: false, message: `「${tierNames[stage]}」奖励积分，低一级的「${tierNames[cashBelow]}」却获得现金：更高等级不能从现金变为积分` };
    if (reward === 'cash') cashBelow = stage;
  }
  return { ok: true };
}

function checkTiers(config: CommissionConfig, tierNames: Record<Stage, string>): ConfigCheck {
  let lower: { stage: Stage; rate: TierRate } | null = null;
  for (const stage of STAGES) {
    const rate = tierRate(config, stage);
    if (!rate) {
      if (lower) return { ok: false, message: `「${tierNames[lower.stage]}」可获得佣金，更高等级的「${tierNames[stage]}」也必须可获得佣金` };
      continue;
    }
    if (lower) {
      for (const [key, label] of [['level1Bps', '一级'], ['level2Bps', '二级']] as const) {
        if (rate[key] < lower.rate[key]) {
          return { ok: false, message: `「${tierNames[stage]}」的${label}佣金比例（${pct(rate[key])}）低于较低等级「${tierNames[lower.stage]}」（${pct(lower.rate[key])}）：佣金比例不能随等级升高而降低` };
        }
      }
    }
    lower = { stage, rate };
  }
  return { ok: true };
}

function checkProductRules(config: CommissionConfig, products: readonly CatalogProduct[]): ConfigCheck {
  const known = new Set(products.map((p) => p._id));
  const seen = new Set<string>();
  for (const rule of config.products) {
    if (!known.has(rule.productId)) return { ok: false, message: `商品不存在：${rule.productId}` };
    if (seen.has(rule.productId)) return { ok: false, message: `商品重复设置：${rule.productId}` };
    seen.add(rule.productId);
  }
  return { ok: true };
}

/**
 * Refuses a config that would ever need scaling down: tiers whose rates fall with rank (or an
 * earning tier below a non-earning one), and any product whose worst-case payout over both
 * levels passes the cap of its lowest sellable price. Messages name the tier or product.
 */
export function validateCommissionConfig(config: CommissionConfig, products: readonly CatalogProduct[], tierNames: Record<Stage, string>, memberRewards: MemberRewards = 'cash'): ConfigCheck {
  const tiers = checkTiers(config, tierNames);
  if (!tiers.ok) return tiers;
  const kinds = checkRewardKinds(config, tierNames, memberRewards);
  if (!kinds.ok) return kinds;
  const rules = checkProductRules(config, products);
  if (!rules.ok) return rules;
  for (const p of products) {
    if (p.grantsStage !== null) continue;
    const lowestPriceFen = capBaseFen(p);
    const over = worstCaseNumerator(config, p) - lowestPriceFen * config.payoutCapBps;
    if (over > 0) {
      const worst = Math.ceil(worstCaseNumerator(config, p) / BPS);
      const cap = mulDivFloor(lowestPriceFen, config.payoutCapBps, BPS);
      return {
        ok: false,
        message: `「${p.name}」最高佣金 ${yuan(worst)} 超过上限 ${yuan(cap)}（最低实收 ${yuan(lowestPriceFen)} 的 ${pct(config.payoutCapBps)}），超出 ${yuan(Math.ceil(over / BPS))}`,
      };
    }
  }
  return { ok: true };
}
