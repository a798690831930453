import { AppError, type AdminCampaign, type AdminGroup, type CampaignConfig, type GroupStatus, type Product, type Spec } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import { validateCampaign } from '../domain/groupbuy';
import { hashInput } from '../../shared/ids';
import { isDuplicate } from '../../members/services/session';
import { getOrNull } from '../../shared/tx';
import { CAMPAIGNS, GROUPS, campaignIdFor, campaignSpecOf, type CampaignDoc, type GroupDoc } from './docs';
import { toAdminCampaign, toAdminGroup } from './views';
import { commissionIssueForProduct } from '../../partners/services/commissionConfig';
import { findProduct } from '../../catalog/services/catalog';

type CampaignUpdate = Omit<CampaignConfig, 'productId' | 'specId'> & { campaignId: string; version: number; active: boolean };

async function productFor(productId: string): Promise<Product> {
  const product = await findProduct(productId);
  if (!product) throw new AppError('NOT_FOUND', '活动商品不存在');
  return product;
}

/**
 * The spec a campaign sells: the one it names. A new campaign on a product with several specs
 * must name one; a campaign made before specs sells the first.
 */
function specFor(product: Product, specId: string | undefined, madeBeforeSpecs = false): Spec {
  if (specId === undefined && product.specs.length > 1 && !madeBeforeSpecs) throw new AppError('INVALID_INPUT', '请选择拼团的规格');
  const spec = campaignSpecOf(product.specs, specId);
  if (!spec) throw new AppError('INVALID_INPUT', specId === undefined ? '请选择拼团的规格' : '拼团规格不存在');
  return spec;
}

async function assertValid(config: Omit<CampaignConfig, 'productId' | 'specId'>, product: Product, spec: Spec): Promise<void> {
  const check = validateCampaign(config, spec.listPriceFen);
  if (!check.ok) throw new AppError('INVALID_INPUT', check.message);
  if (!config.commissionEnabled) return;
  // With commission on, the group (or leader) price is a sellable price the payout cap must cover.
  const lowestFen = Math.min(config.groupPriceFen, config.leaderPriceFen ?? Infinity);
  const issue = await commissionIssueForProduct({ _id: product._id, name: product.name, grantsStage: product.grantsStage }, product.specs, lowestFen, spec._id);
  if (issue) throw new AppError('INVALID_INPUT', `开启佣金的拼团价过低：${issue}`);
}

/** What a campaign copies of its product and spec (name, pictures, the spec's list price). */
function productFields(product: Product, spec: Spec) {
  return { productName: product.name, specId: spec._id, specName: product.specs.length > 1 ? spec.name : '', coverColor: product.coverColor, pictures: product.pictures, listPriceFen: spec.listPriceFen };
}

async function statsOf(campaignId: string): Promise<AdminCampaign['stats']> {
  const count = async (status: GroupStatus) => (await db().collection(GROUPS).where({ campaignId, status }).count()).total;
  return { openGroups: await count('OPEN'), succeededGroups: await count('SUCCEEDED'), failedGroups: await count('FAILED') };
}

async function adminView(c: CampaignDoc, nowMs: number): Promise<AdminCampaign> {
  return toAdminCampaign(c, nowMs, await statsOf(c._id));
}

/** groupbuy.campaign.create: the id comes from the owner's request id, so a retry returns the first campaign. */
export async function createCampaign(ownerOpenid: string, input: CampaignConfig & { requestId: string }, nowMs: number): Promise<AdminCampaign> {
  const { requestId, ...config } = input;
  const campaignId = campaignIdFor(ownerOpenid, requestId);
  const requestHash = hashInput(config);
  const existing = await getOrNull<CampaignDoc>(CAMPAIGNS, campaignId);
  if (existing) return adminView(sameCreate(existing, requestHash), nowMs);
  const product = await productFor(config.productId);
  const spec = specFor(product, config.specId);
  const { specId: _chosen, ...rules } = config;
  await assertValid(rules, product, spec);
  if (config.endAtMs <= nowMs) throw new AppError('INVALID_INPUT', '活动结束时间已过');
  const doc: CampaignDoc = {
    ...rules, _id: campaignId, requestHash, ...productFields(product, spec),
    stockLeft: config.stock, active: true, version: 1, createdAtMs: nowMs, updatedAtMs: nowMs,
  };
  try {
    await db().collection(CAMPAIGNS).add({ data: doc as unknown as Record<string, unknown> });
    return adminView(doc, nowMs);
  } catch (e) {
    if (!isDuplicate(e)) throw e;
    return adminView(sameCreate((await getOrNull<CampaignDoc>(CAMPAIGNS, campaignId))!, requestHash), nowMs);
  }
}

function sameCreate(existing: CampaignDoc, requestHash: string): CampaignDoc {
  if (existing.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_MISMATCH', '同一请求号的活动内容不一致');
  return existing;
}

/**
 * groupbuy.campaign.update, compare-and-set on the version. The stock is the campaign's whole
 * allocation: it may not drop below the units open groups hold and groups sold, checked in the
 * same conditional update that moves stockLeft, so a group opening meanwhile cannot be overdrawn.
 */
export async function updateCampaign(input: CampaignUpdate, nowMs: number): Promise<AdminCampaign> {
  const { campaignId, version, active, ...config } = input;
  const current = await getOrNull<CampaignDoc>(CAMPAIGNS, campaignId);
  if (!current) throw new AppError('NOT_FOUND', '活动不存在');
  if (current.version !== version) throw new AppError('CONFLICT', '活动已被修改，请刷新后再试');
  const product = await productFor(current.productId);
  const spec = specFor(product, current.specId ?? undefined, true);
  await assertValid(config, product, spec);
  const deltaUnits = config.stock - current.stock;
  const held = current.stock - current.stockLeft;
  if (deltaUnits < 0 && current.stockLeft + deltaUnits < 0) throw new AppError('INVALID_INPUT', `活动库存不能少于已占用的 ${held} 件`);
  const _ = db().command;
  const cond: Record<string, unknown> = { _id: campaignId, version };
  if (deltaUnits < 0) cond.stockLeft = _.gte(-deltaUnits);
  const res = await db().collection(CAMPAIGNS).where(cond).update({
    data: { ...config, active, stockLeft: _.inc(deltaUnits), version: version + 1, updatedAtMs: nowMs, ...productFields(product, spec), pictures: _.set(product.pictures) },
  });
  const after = (await getOrNull<CampaignDoc>(CAMPAIGNS, campaignId))!;
  if (res.stats.updated === 0) {
    if (after.version !== version) throw new AppError('CONFLICT', '活动已被修改，请刷新后再试');
    throw new AppError('INVALID_INPUT', `活动库存不能少于已占用的 ${after.stock - after.stockLeft} 件`);
  }
  return adminView(after, nowMs);
}

export async function listCampaignsForOwner(nowMs: number): Promise<AdminCampaign[]> {
  const { data } = await db().collection(CAMPAIGNS).orderBy('createdAtMs', 'desc').limit(100).get();
  const out: AdminCampaign[] = [];
  for (const c of data) out.push(await adminView(c as unknown as CampaignDoc, nowMs));
  return out;
}

export async function listGroupsForOwner(campaignId: string, status: GroupStatus | undefined): Promise<AdminGroup[]> {
  const cond: Record<string, unknown> = { campaignId };
  if (status) cond.status = status;
  const { data } = await db().collection(GROUPS).where(cond).orderBy('openedAtMs', 'desc').limit(100).get();
  return data.map((g) => toAdminGroup(g as unknown as GroupDoc));
}
