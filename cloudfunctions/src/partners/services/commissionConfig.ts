import { AppError, CommissionConfig, type BindAt, type MemberRewards } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import type { Transaction } from '../../adapters/sdk';
import { unitPriceFor } from '../../catalog/domain/pricing';
import { productPayouts, validateCommissionConfig, type CatalogProduct, type ProductPayout } from '../domain/commission';
import type { Stage } from '../../members/domain/ladder';
import { getSettings } from '../../store/services/settings';
import { getOrNull, txGet } from '../../shared/tx';
import { lowestReceivableFen, type ReceivableRule } from '../../orders/domain/receivable';
import type { Doc } from '../../adapters/sdk';
import { specDocsOf } from '../../catalog/services/catalog';
import type { SpecDoc } from '../../catalog/domain/specs';

/**
 * The owner's commission config lives in `settings/commission`; the binding moment
 * (`referralBindAt`) in `settings/store` with the other store settings. Until the owner saves a
 * config no tier earns, so nothing is paid and no first code is used up.
 */
export const COMMISSION_SETTINGS_ID = 'commission';

export const DEFAULT_COMMISSION: CommissionConfig = {
  tiers: { fan: null, customer: null, member: null, partner: null },
  products: [],
  payoutCapBps: 3000,
  refundWindowDays: 7,
  minWithdrawFen: 100,
};

const DEFAULT_TIER_NAMES: Record<Stage, string> = { fan: '粉丝', customer: '顾客', member: '会员', partner: '合伙人' };

function parseConfig(raw: Record<string, unknown> | null): CommissionConfig {
  if (!raw) return DEFAULT_COMMISSION;
  const { _id: _ignored, updatedAtMs: _at, ...rest } = raw;
  const parsed = CommissionConfig.safeParse({ ...DEFAULT_COMMISSION, ...rest });
  if (parsed.success) return parsed.data;
  // A config that no longer parses pays nothing rather than something unchecked.
  console.error('settings/commission does not parse; paying no commission', parsed.error.message);
  return DEFAULT_COMMISSION;
}

export async function getCommissionConfig(): Promise<CommissionConfig> {
  return parseConfig(await getOrNull<Record<string, unknown>>('settings', COMMISSION_SETTINGS_ID));
}

export async function txCommissionConfig(tx: Transaction): Promise<CommissionConfig> {
  return parseConfig(await txGet<Record<string, unknown>>(tx, 'settings', COMMISSION_SETTINGS_ID));
}

/** Campaign prices apply to their spec (`<productId>~<specId>`), or to every spec of the product (`<productId>~*`) for campaigns made before specs. */
const ANY_SPEC = '*';

/**
 * The lowest price each spec sells at in a group buy that pays commission (group or leader
 * price of an active campaign): a sellable price the payout cap must cover too.
 */
async function commissionedCampaignPrices(): Promise<Map<string, number>> {
  const { data } = await db().collection('groupbuy_campaigns').where({ active: true, commissionEnabled: true }).limit(1000).get();
  const lowest = new Map<string, number>();
  for (const c of data) {
    const price = Math.min(Number(c.groupPriceFen), c.leaderPriceFen === null || c.leaderPriceFen === undefined ? Infinity : Number(c.leaderPriceFen));
    const key = `${String(c.productId)}~${typeof c.specId === 'string' ? c.specId : ANY_SPEC}`;
    lowest.set(key, Math.min(lowest.get(key) ?? Infinity, price));
  }
  return lowest;
}

/** What shapes the least the store receives: the points cap of a checkout and every top-up package's bonus. */
async function receivableRule(): Promise<ReceivableRule> {
  const { data } = await db().collection('topup_packages').limit(100).get();
  const topUps = data.map((t) => ({ payFen: Number(t.payFen), creditFen: Number(t.creditFen) }));
  return { pointsMaxOrderPct: (await getSettings()).pointsRule.maxOrderPct, topUps };
}

function lowestFor(lowest: ReadonlyMap<string, number>, productId: string, specId: string): number | undefined {
  const v = Math.min(lowest.get(`${productId}~${specId}`) ?? Infinity, lowest.get(`${productId}~${ANY_SPEC}`) ?? Infinity);
  return Number.isFinite(v) ? v : undefined;
}

/**
 * A spec as the payout check sees it: the least the store can receive for a unit — its lowest
 * tier price less the largest points discount, paid with the most bonus-heavy stored value — or
 * a commission-paying campaign's lower price (no points on a seat, stored value still).
 */
export function withLowestPrice(p: CatalogProduct, campaignLowestFen: number | undefined, rule: ReceivableRule): CatalogProduct {
  const bySale = lowestReceivableFen(unitPriceFor(p, 'partner'), rule);
  const byCampaign = campaignLowestFen === undefined ? Infinity : lowestReceivableFen(campaignLowestFen, { ...rule, pointsMaxOrderPct: null });
  return { ...p, lowestReceivableFen: Math.min(bySale, byCampaign) };
}

interface CatalogSubject {
  _id: string;
  name: string;
  grantsStage: string | null;
}

/** A campaign price being checked before it is saved: for one spec, or every spec when `specId` is absent. */
interface ExtraPrice {
  fen: number | undefined;
  specId?: string;
}

/** One row per sellable spec: the payout cap is checked per spec, each with its own prices, base and campaign prices. */
function specRows(product: CatalogSubject, specs: readonly SpecDoc[], lowest: ReadonlyMap<string, number>, rule: ReceivableRule, extra?: ExtraPrice): CatalogProduct[] {
  const many = specs.length > 1;
  return specs.map((s) => {
    const extraFen = extra && (extra.specId === undefined || extra.specId === s._id) ? extra.fen : undefined;
    const campaignFen = Math.min(lowestFor(lowest, product._id, s._id) ?? Infinity, extraFen ?? Infinity);
    return withLowestPrice({
      _id: product._id, name: many ? `${product.name} ${s.name}` : product.name, grantsStage: product.grantsStage,
      listPriceFen: s.listPriceFen, memberPriceFen: s.memberPriceFen, partnerPriceFen: s.partnerPriceFen, commissionBaseFen: s.commissionBaseFen,
    }, Number.isFinite(campaignFen) ? campaignFen : undefined, rule);
  });
}

function subjectOf(d: Doc): CatalogSubject {
  return { _id: d._id, name: String(d.name), grantsStage: (d.grantsStage ?? null) as string | null };
}

async function catalog(exceptProductId: string | null = null): Promise<CatalogProduct[]> {
  const { data } = await db().collection('products').orderBy('sort', 'asc').limit(1000).get();
  const campaignLowest = await commissionedCampaignPrices();
  const rule = await receivableRule();
  return data.filter((d) => d._id !== exceptProductId).flatMap((d) => specRows(subjectOf(d), specDocsOf(d), campaignLowest, rule));
}

async function tierNames(): Promise<Record<Stage, string>> {
  const { data } = await db().collection('tiers').limit(20).get();
  const names = { ...DEFAULT_TIER_NAMES };
  for (const t of data) if (t._id in names && typeof t.name === 'string') names[t._id as Stage] = t.name;
  return names;
}

export interface CommissionSettingsView {
  config: CommissionConfig;
  bindAt: BindAt;
  payouts: ProductPayout[];
  memberRewards: MemberRewards;
  fenPerPoint: number;
}

export async function commissionSettings(): Promise<CommissionSettingsView> {
  const config = await getCommissionConfig();
  const settings = await getSettings();
  return { config, bindAt: settings.referralBindAt, payouts: productPayouts(config, await catalog()), memberRewards: settings.memberRewards, fenPerPoint: settings.pointsRule.fenPerPoint };
}

/**
 * Validates against the whole catalogue and the store's member-reward setting (when members earn
 * points, only partners may be paid cash), then saves; a refused config changes nothing.
 */
export async function updateCommissionSettings(config: CommissionConfig, bindAt: BindAt, memberRewardsIn: MemberRewards | undefined, nowMs: number): Promise<CommissionSettingsView> {
  const products = await catalog();
  const settings = await getSettings();
  const memberRewards = memberRewardsIn ?? settings.memberRewards;
  const check = validateCommissionConfig(config, products, await tierNames(), memberRewards);
  if (!check.ok) throw new AppError('INVALID_INPUT', check.message);
  await db().collection('settings').doc(COMMISSION_SETTINGS_ID).set({ data: { ...config, updatedAtMs: nowMs } });
  await db().collection('settings').doc('store').update({ data: { referralBindAt: bindAt, memberRewards } });
  return { config, bindAt, payouts: productPayouts(config, products), memberRewards, fenPerPoint: settings.pointsRule.fenPerPoint };
}

/**
 * For the owner's product editor and campaigns: what the current commission config says about a
 * product with these specs (null when every spec fits). A price change must not silently break
 * the payout cap. `only`: check just this spec, at a campaign's price `extraLowestFen`.
 */
export async function commissionIssueForProduct(product: CatalogSubject, specs: readonly SpecDoc[], extraLowestFen?: number, only?: string): Promise<string | null> {
  const config = await getCommissionConfig();
  const campaignLowest = await commissionedCampaignPrices();
  const mine = specRows(product, specs, campaignLowest, await receivableRule(), { fen: extraLowestFen, specId: only });
  const check = validateCommissionConfig(config, [...(await catalog(product._id)), ...mine], await tierNames());
  return check.ok ? null : check.message;
}
