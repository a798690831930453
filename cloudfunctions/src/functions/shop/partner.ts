import { AppError, SHARE_PAGE, sceneFor, shareQueryFor, sharePathFor, type partnerShopActions, type Withdrawal } from '../../../../src/contracts';
import type { Handlers } from '../router';
import { miniProgramCode } from '../../adapters/cloud';
import { getSettings } from '../../store/services/settings';
import { canEarn } from '../../partners/domain/commission';
import { listEarnings, partnerBalances } from '../../partners/services/commission';
import { getCommissionConfig } from '../../partners/services/commissionConfig';
import { orderNosOf, peopleOf } from '../../shared/lookups';
import { bindByCode, effectiveStage, ensureReferralCode, listTeam, type ReferralUser } from '../../partners/services/referral';
import { ensureUser } from '../../members/services/session';
import { getOrNull } from '../../shared/tx';
import { listOwnWithdrawals, requestWithdrawal, type WithdrawalDoc } from '../../partners/services/withdrawals';
import { posterPayload, rateRows, resolvePosterScene, shareEarning } from '../../partners/services/sharing';
import { referralPointsOf } from '../../partners/services/contributions';

function publicWithdrawal(d: WithdrawalDoc): Withdrawal {
  return { _id: d._id, amountFen: d.amountFen, status: d.status, requestedAtMs: d.requestedAtMs, decidedAtMs: d.decidedAtMs, payoutRef: d.payoutRef, rejectReason: d.rejectReason };
}

async function personOf(openid: string | null): Promise<{ nickname: string; avatar: string | null } | null> {
  if (!openid) return null;
  const u = await getOrNull<{ nickname: string; avatar?: string | null }>('users', openid);
  return u ? { nickname: u.nickname, avatar: u.avatar ?? null } : null;
}

async function nicknameOf(openid: string | null): Promise<string | null> {
  return (await personOf(openid))?.nickname ?? null;
}

/** Handlers of the partner shop actions. */
export const partnerHandlers: Handlers<typeof partnerShopActions> = {
  'partner.center': async (_input, caller) => {
    const user = (await ensureUser(caller.openid, caller.nowMs)) as ReferralUser & { avatar?: unknown };
    const config = await getCommissionConfig();
    const referrer = await personOf(user.referrerOpenid ?? null);
    const stage = effectiveStage(user, caller.nowMs);
    const rates = await rateRows();
    return {
      me: { nickname: user.nickname, avatar: typeof user.avatar === 'string' && user.avatar !== '' ? user.avatar : null, stage },
      myRates: rates.find((r) => r.stage === stage) ?? null,
      rates,
      referralPoints: await referralPointsOf(caller.openid),
      fenPerPoint: (await getSettings()).pointsRule.fenPerPoint,
      eligible: canEarn(config, stage),
      code: user.referralCode ?? null,
      referrer,
      team: { direct: user.teamDirect ?? 0, second: user.teamSecond ?? 0 },
      balances: await partnerBalances(caller.openid),
      minWithdrawFen: config.minWithdrawFen,
      refundWindowDays: config.refundWindowDays,
    };
  },
  'partner.shareCode.get': async (_input, caller) => {
    const user = await ensureUser(caller.openid, caller.nowMs);
    if (!canEarn(await getCommissionConfig(), effectiveStage(user, caller.nowMs))) return { code: null };
    return { code: await ensureReferralCode(caller.openid, caller.nowMs) };
  },
  'partner.code.get': async (_input, caller) => {
    const user = await ensureUser(caller.openid, caller.nowMs);
    const code = await ensureReferralCode(caller.openid, caller.nowMs);
    const eligible = canEarn(await getCommissionConfig(), effectiveStage(user, caller.nowMs));
    return { code, eligible, sharePath: sharePathFor(code), shareQuery: shareQueryFor(code), scene: sceneFor(code), page: SHARE_PAGE };
  },
  'partner.poster.get': async ({ campaign }, caller) => {
    await ensureUser(caller.openid, caller.nowMs);
    const code = await ensureReferralCode(caller.openid, caller.nowMs);
    const scene = sceneFor(code, campaign);
    let png: { contentType: string; buffer: Buffer };
    try {
      png = await miniProgramCode({ scene, page: SHARE_PAGE, envVersion: (await getSettings()).miniProgramEnvVersion });
    } catch (e) {
      console.error('wxacode.getUnlimited failed', e);
      throw new AppError('INTERNAL', '小程序码生成失败，请稍后再试');
    }
    return { code, scene, page: SHARE_PAGE, dataUrl: `data:${png.contentType};base64,${Buffer.from(png.buffer).toString('base64')}` };
  },
  'partner.bind': async ({ code, channel, campaign }, caller) => {
    await ensureUser(caller.openid, caller.nowMs);
    const res = await bindByCode(caller.openid, { code, channel, campaign: campaign ?? null }, caller.nowMs);
    return { status: res.status, referrerNickname: await nicknameOf(res.referrerOpenid) };
  },
  'partner.shareEarn.get': async (input, caller) => shareEarning(caller.openid, input, caller.nowMs),
  'partner.poster.payload': async ({ target }, caller) => posterPayload(caller.openid, target, caller.nowMs),
  'poster.scene.resolve': async ({ token }) => resolvePosterScene(token),
  'partner.team.list': async ({ level, beforeMs, limit }, caller) => listTeam(caller.openid, level, beforeMs, limit, caller.nowMs),
  'partner.earnings.list': async ({ status, limit }, caller) => {
    const entries = await listEarnings(caller.openid, status, limit);
    const orderNos = await orderNosOf(entries.map((e) => e.orderId));
    const buyers = await peopleOf(entries.map((e) => e.buyerOpenid));
    return {
      balances: await partnerBalances(caller.openid),
      entries: entries.map(({ buyerOpenid, ...e }) => ({ ...e, orderNo: orderNos.get(e.orderId) ?? null, buyerAvatar: buyers.get(buyerOpenid)?.avatar ?? null })),
      withdrawals: (await listOwnWithdrawals(caller.openid, 20)).map(publicWithdrawal),
    };
  },
  'partner.withdraw': async ({ requestId, amountFen }, caller) => {
    const doc = await requestWithdrawal(caller.openid, requestId, amountFen, caller.nowMs);
    return { withdrawal: publicWithdrawal(doc), balances: await partnerBalances(caller.openid) };
  },
};
