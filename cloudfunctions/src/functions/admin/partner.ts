import { AppError, type partnerAdminActions } from '../../../../src/contracts';
import type { Handlers } from '../router';
import { commissionSettings, updateCommissionSettings } from '../../partners/services/commissionConfig';
import { moveMember, type ReferralUser } from '../../partners/services/referral';
import { getOrNull } from '../../shared/tx';
import { approveWithdrawal, listWithdrawals, rejectWithdrawal, withdrawalView, type WithdrawalDoc } from '../../partners/services/withdrawals';
import { notifyWithdrawalResult } from '../../shared/notify';

/** 提现结果 to the partner, once: only the call that decided it (a repeat answers the first decision). */
async function tellPartner(doc: WithdrawalDoc, nowMs: number): Promise<WithdrawalDoc> {
  if (doc.decidedAtMs !== nowMs) return doc;
  const paid = doc.status === 'paid';
  await notifyWithdrawalResult({ openid: doc.openid, amountFen: doc.amountFen, paid, note: paid ? `打款单号 ${doc.payoutRef ?? ''}` : doc.rejectReason ?? '' });
  return doc;
}

/** Handlers of the partner owner actions. */
export const partnerAdminHandlers: Handlers<typeof partnerAdminActions> = {
  'partner.settings.get': async () => commissionSettings(),
  'partner.settings.update': async ({ config, bindAt, memberRewards }, caller) => updateCommissionSettings(config, bindAt, memberRewards, caller.nowMs),
  'partner.withdrawals.list': async ({ status, limit }) => ({ withdrawals: await listWithdrawals(status, limit) }),
  'partner.withdrawal.approve': async ({ withdrawalId, payoutRef }, caller) => ({
    withdrawal: await withdrawalView(await tellPartner(await approveWithdrawal(withdrawalId, payoutRef, caller.openid, caller.nowMs), caller.nowMs)),
  }),
  'partner.withdrawal.reject': async ({ withdrawalId, reason }, caller) => ({
    withdrawal: await withdrawalView(await tellPartner(await rejectWithdrawal(withdrawalId, reason, caller.openid, caller.nowMs), caller.nowMs)),
  }),
  'partner.member.get': async ({ openid }) => {
    const u = await getOrNull<ReferralUser>('users', openid);
    if (!u) throw new AppError('NOT_FOUND', '会员不存在');
    return {
      member: {
        openid: u._id, nickname: u.nickname, stage: u.stage, code: u.referralCode ?? null, referrerOpenid: u.referrerOpenid ?? null, uplines: u.uplines ?? [],
        depth: u.depth ?? 0, teamDirect: u.teamDirect ?? 0, teamSecond: u.teamSecond ?? 0, boundAtMs: u.boundAtMs ?? null, bindChannel: u.bindChannel ?? null,
      },
    };
  },
  'partner.member.move': async ({ requestId, openid, toReferrerOpenid, reason }, caller) => {
    const m = await moveMember(caller.openid, requestId, openid, toReferrerOpenid, reason, caller.nowMs);
    return { move: { _id: m._id, openid: m.openid, fromOpenid: m.fromOpenid, toOpenid: m.toOpenid, atMs: m.atMs } };
  },
};
