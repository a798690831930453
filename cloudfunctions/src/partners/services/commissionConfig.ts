import { AppError, CommissionConfig, type BindAt } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import type { Transaction } from '../../adapters/sdk';
import { unitPriceFor } from '../../catalog/domain/pricing';
import { productPayouts, validateCommissionConfig, type CatalogProduct, type ProductPayout } from '../domain/commission';
import type { Stage } from '../../members/domain/ladder';
import { getSettings } from '../../store/services/settings';
import { getOrNull, txGet } from '../../shared/tx';
import { lowestReceivableFen, type ReceivableRule } from '../../orders/domain/receivable';

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

/**
 * The lowest price each product sells at in a group buy that pays commission (group or leader
 * price of an active campaign): a sellable price the payout cap must cover too.
 */
async function commissionedCampaignPrices(): Promise<Map<string, number>> {
  const { data } = await db().collection('groupbuy_campaigns').where({ active: true, commissionEnabled: true }).limit(1000).get();
  const lowest = new Map<string, number>();
  for (const c of data) {
    const price = Math.min(Number(c.groupPriceFen), c.leaderPriceFen === null || c.leaderPriceFen === undefined ? Infinity : Number(c.leaderPriceFen));
    lowest.set(String(c.productId), Math.min(lowest.get(String(c.productId)) ?? Infinity, price));
  }
  return lowest;
}

/** What shapes the least the store receives: the points cap of a checkout and every top-up package's bonus. */
async function receivableRule(): Promise<ReceivableRule> {
  const { data } = await db().collection('topup_packages').limit(100).get();
  const topUps = data.map((t) => ({ payFen: Number(t.payFen), creditFen: Number(t.creditFen) }));
  return { pointsMaxOrderPct: (await getSettings()).pointsRule.maxOrderPct, topUps };
}

/**
 * A product as the payout check sees it: the least the store can receive for a unit — its lowest
 * tier price less the largest points discount, paid with the most bonus-heavy stored value — or
 * a commission-paying campaign's lower price (no points on a seat, stored value still).
 */
export function withLowestPrice(p: CatalogProduct, campaignLowestFen: number | undefined, rule: ReceivableRule): CatalogProduct {
  const bySale = lowestReceivableFen(unitPriceFor(p, 'partner'), rule);
  const byCampaign = campaignLowestFen === undefined ? Infinity : lowestReceivableFen(campaignLowestFen, { ...rule, pointsMaxOrderPct: null });
  return { ...p, lowestReceivableFen: Math.min(bySale, byCampaign) };
}

async function catalog(): Promise<CatalogProduct[]> {
  const { data } = await db().collection('products').orderBy('sort', 'asc').limit(1000).get();
  const campaignLowest = await commissionedCampaignPrices();
  const rule = await receivableRule();
  return data.map((d) => withLowestPrice({
    _id: d._id, name: String(d.name), listPriceFen: Number(d.listPriceFen),
    memberPriceFen: (d.memberPriceFen ?? null) as number | null, partnerPriceFen: (d.partnerPriceFen ?? null) as number | null,
    grantsStage: (d.grantsStage ?? null) as string | null,
  }, campaignLowest.get(d._id), rule));
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
}

export async function commissionSettings(): Promise<CommissionSettingsView> {
  const config = await getCommissionConfig();
  return { config, bindAt: (await getSettings()).referralBindAt, payouts: productPayouts(config, await catalog()) };
}

/** Validates against the whole catalogue and saves; a refused config changes nothing. */
export async function updateCommissionSettings(config: CommissionConfig, bindAt: BindAt, nowMs: number): Promise<CommissionSettingsView> {
  const products = await catalog();
  const check = validateCommissionConfig(config, products, await tierNames());
  if (!check.ok) throw new AppError('INVALID_INPUT', check.message);
  await db().collection('settings').doc(COMMISSION_SETTINGS_ID).set({ data: { ...config, updatedAtMs: nowMs } });
  await db().collection('settings').doc('store').update({ data: { referralBindAt: bindAt } });
  return { config, bindAt, payouts: productPayouts(config, products) };
}

/**
 * For the owner's product editor: what the current commission config says about a product with
 * these prices (null when it fits). A price change must not silently break the payout cap.
 */
export async function commissionIssueForProduct(product: CatalogProduct, extraLowestFen?: number): Promise<string | null> {
  const config = await getCommissionConfig();
  const campaignLowest = (await commissionedCampaignPrices()).get(product._id);
  const lowest = Math.min(campaignLowest ?? Infinity, extraLowestFen ?? Infinity);
  const others = (await catalog()).filter((p) => p._id !== product._id);
  const check = validateCommissionConfig(config, [...others, withLowestPrice(product, Number.isFinite(lowest) ? lowest : undefined, await receivableRule())], await tierNames());
  return check.ok ? null : check.message;
}
