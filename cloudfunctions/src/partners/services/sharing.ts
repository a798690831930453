import { randomBytes } from 'crypto';
import { AppError, Product, type PosterPayload, type PosterTarget, type RateRow, type ShareEarning } from '../../../../src/contracts';
import { db, miniProgramCode } from '../../adapters/cloud';
import type { Doc } from '../../adapters/sdk';
import { orderCommission, rewardOf, STAGES, tierRate } from '../domain/commission';
import { posterScene, signPoster } from '../domain/poster';
import type { Stage } from '../../members/domain/ladder';
import { ensureUser, isDuplicate } from '../../members/services/session';
import { getSettings } from '../../store/services/settings';
import { getOrNull } from '../../shared/tx';
import { getCommissionConfig } from './commissionConfig';
import { initialOf } from '../../shared/lookups';
import { effectiveStage, ensureReferralCode, type ReferralUser } from './referral';
import { findProduct } from '../../catalog/services/catalog';
import { campaignSpecOf } from '../../groupbuy/services/docs';

/** `share_scenes/<token>`: what a product or campaign poster's code names (partners/domain/poster.ts). */
export const SHARE_SCENES = 'share_scenes';
const POSTER_KEY_DOC = 'poster_key';

const DEFAULT_TIER_NAMES: Record<Stage, string> = { fan: '粉丝', customer: '顾客', member: '会员', partner: '合伙人' };

/** The ladder's rewards by tier (those that earn), with the owner's tier names. */
export async function rateRows(): Promise<RateRow[]> {
  const config = await getCommissionConfig();
  const { data } = await db().collection('tiers').limit(20).get();
  const names = { ...DEFAULT_TIER_NAMES };
  for (const t of data) if (t._id in names && typeof t.name === 'string') names[t._id as Stage] = t.name;
  return STAGES.flatMap((stage) => {
    const rate = tierRate(config, stage);
    return rate ? [{ stage, name: names[stage], reward: rewardOf(rate), level1Bps: rate.level1Bps, level2Bps: rate.level2Bps }] : [];
  });
}

interface Target {
  product: Product;
  /** What a buyer pays in the campaign, or null for the product itself. */
  campaign: { _id: string; groupPriceFen: number; groupSize: number; title: string; commissionEnabled: boolean; specId: string | null } | null;
}

async function readTarget(input: { productId: string } | { campaignId: string }): Promise<Target> {
  let campaign: Target['campaign'] = null;
  let productId: string;
  if ('campaignId' in input) {
    const c = await getOrNull<Doc>('groupbuy_campaigns', input.campaignId);
    if (!c) throw new AppError('NOT_FOUND', '活动不存在');
    campaign = {
      _id: String(c._id), groupPriceFen: Number(c.groupPriceFen), groupSize: Number(c.groupSize), title: String(c.title), commissionEnabled: c.commissionEnabled === true,
      specId: typeof c.specId === 'string' ? c.specId : null,
    };
    productId = String(c.productId);
  } else {
    productId = input.productId;
  }
  const product = await findProduct(productId);
  if (!product) throw new AppError('NOT_FOUND', '商品不存在');
  return { product, campaign };
}

/**
 * The unit a share sells: a campaign's spec, or the product's size with the lowest list price (the
 * one its card shows, "起"). Its own commission base goes on the line; without one the commission
 * settings' base, else its list price, applies (partners/domain/commission.ts#lineBaseFen).
 */
function sharedUnit(target: Target): { listPriceFen: number; commissionBaseFen: number | null } {
  const { product, campaign } = target;
  const spec = campaign ? campaignSpecOf(product.specs, campaign.specId) : [...product.specs].sort((a, b) => a.listPriceFen - b.listPriceFen)[0];
  return spec ? { listPriceFen: spec.listPriceFen, commissionBaseFen: spec.commissionBaseFen ?? null } : { listPriceFen: product.listPriceFen, commissionBaseFen: null };
}

/**
 * 分享赚: what one sale of this product (or a seat in this campaign) earns the caller at their own
 * level-1 rate, on the unit's commission base (its own, the owner's for the product, else its list
 * price; never what the friend pays). Null when the caller's tier earns nothing, the product is a
 * card or the campaign pays no commission.
 */
export async function shareEarning(openid: string, input: { productId: string } | { campaignId: string }, nowMs: number): Promise<{ earning: ShareEarning | null; code: string | null }> {
  const target = await readTarget(input);
  const user = (await ensureUser(openid, nowMs)) as ReferralUser;
  const config = await getCommissionConfig();
  const stage = effectiveStage(user, nowMs);
  if (!tierRate(config, stage) || target.product.grantsStage !== null || (target.campaign && !target.campaign.commissionEnabled)) return { earning: null, code: null };
  const { product } = target;
  const unit = sharedUnit(target);
  const line = { productId: product._id, name: product.name, qty: 1, listPriceFen: unit.listPriceFen, commissionBaseFen: unit.commissionBaseFen };
  const [share] = orderCommission(config, [line], [{ openid, stage }], (await getSettings()).pointsRule.fenPerPoint);
  if (!share) return { earning: null, code: null };
  const earning: ShareEarning = {
    reward: share.reward ?? 'cash', amountFen: share.amountFen, points: share.points ?? 0, rateBps: share.rateBps ?? null, baseFen: share.baseFen,
    listPriceFen: unit.listPriceFen, buyerPaysFen: target.campaign ? target.campaign.groupPriceFen : unit.listPriceFen,
  };
  return { earning, code: await ensureReferralCode(openid, nowMs) };
}

/** The store's poster key, made once (a duplicate insert means another call made it first). */
async function posterKey(): Promise<string> {
  const existing = await getOrNull<{ key: string }>('settings', POSTER_KEY_DOC);
  if (existing?.key) return existing.key;
  try {
    await db().collection('settings').add({ data: { _id: POSTER_KEY_DOC, key: randomBytes(32).toString('hex') } });
  } catch (e) {
    if (!isDuplicate(e)) throw e;
  }
  return (await getOrNull<{ key: string }>('settings', POSTER_KEY_DOC))!.key;
}

async function rememberScene(token: string, code: string, openid: string, target: PosterTarget, nowMs: number): Promise<void> {
  try {
    await db().collection(SHARE_SCENES).add({ data: { _id: token, code, sharerOpenid: openid, target, createdAtMs: nowMs } });
  } catch (e) {
    if (!isDuplicate(e)) throw e;
  }
}

function shownFor(target: PosterTarget, t: Target | null, storeName: string, logo: string | null) {
  if (!t) return { title: storeName, picture: logo, priceFen: null, listPriceFen: null, groupSize: null };
  const picture = t.product.pictures?.[0] ?? null;
  if (target.kind === 'campaign' && t.campaign) {
    return { title: t.product.name, picture, priceFen: t.campaign.groupPriceFen, listPriceFen: t.product.listPriceFen, groupSize: t.campaign.groupSize };
  }
  return { title: t.product.name, picture, priceFen: t.product.listPriceFen, listPriceFen: null, groupSize: null };
}

/**
 * A poster's data: what it shows (picture, name, price or group price and seats, the sharer's
 * nickname and avatar), the mini program code of its scene, signed with the store's key.
 */
export async function posterPayload(openid: string, target: PosterTarget, nowMs: number): Promise<{ payload: PosterPayload; qrDataUrl: string }> {
  const t = target.kind === 'store' ? null : await readTarget(target.kind === 'product' ? { productId: target.productId } : { campaignId: target.campaignId });
  const user = await ensureUser(openid, nowMs);
  const code = await ensureReferralCode(openid, nowMs);
  const settings = await getSettings();
  const { scene, page, token } = posterScene(code, target);
  let png: { contentType: string; buffer: Buffer };
  try {
    png = await miniProgramCode({ scene, page, envVersion: settings.miniProgramEnvVersion });
  } catch (e) {
    console.error('wxacode.getUnlimited failed', e);
    throw new AppError('INTERNAL', '小程序码生成失败，请稍后再试');
  }
  if (token) await rememberScene(token, code, openid, target, nowMs);
  const avatar = (user as { avatar?: unknown }).avatar;
  const unsigned = {
    kind: target.kind, storeName: settings.name, ...shownFor(target, t, settings.name, settings.logo),
    sharer: { nickname: user.nickname, avatar: typeof avatar === 'string' && avatar !== '' ? avatar : null, initial: initialOf(user.nickname) },
    code, scene, page, issuedAtMs: nowMs,
  };
  const payload: PosterPayload = { ...unsigned, sig: signPoster(unsigned, await posterKey()) };
  return { payload, qrDataUrl: `data:${png.contentType};base64,${Buffer.from(png.buffer).toString('base64')}` };
}

/** A scanned poster's token: the sharer's code and the target it shows. */
export async function resolvePosterScene(token: string): Promise<{ code: string; target: PosterTarget }> {
  const doc = await getOrNull<{ code: string; target: PosterTarget }>(SHARE_SCENES, token);
  if (!doc) throw new AppError('NOT_FOUND', '二维码已失效');
  return { code: doc.code, target: doc.target };
}
