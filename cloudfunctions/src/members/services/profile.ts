// People, not ids: a shopper's avatar and nickname (WeChat's 头像昵称填写) and, if they choose,
// their phone number (手机号快速验证, exchanged on the server). All on the shopper's own user
// document; the phone exchange is an external call made outside any transaction.
import { AppError, avatarSourceProblem, type Me } from '../../../../src/contracts';
import { cloud, db } from '../../adapters/cloud';
import { PHONE_NUMBER } from '../../platform';
import { hashInput } from '../../shared/ids';
import { getSettings } from '../../store/services/settings';
import { balancesOf, ensureUser, toMe, type UserDoc } from './session';

async function meOf(openid: string, nowMs: number): Promise<Me> {
  return toMe(await ensureUser(openid, nowMs), await getSettings(), await balancesOf(openid));
}

/** profile.update: the nickname typed (trimmed) and an avatar only from the shopper's own uploads. */
export async function updateProfile(openid: string, input: { nickname: string; avatar: string | null }, nowMs: number): Promise<Me> {
  const nickname = input.nickname.trim();
  if (nickname === '') throw new AppError('INVALID_INPUT', '请填写昵称');
  if (input.avatar !== null) {
    const problem = avatarSourceProblem(input.avatar, openid, (await getSettings()).envId);
    if (problem) throw new AppError('INVALID_INPUT', `头像不可用：${problem}`);
  }
  await ensureUser(openid, nowMs);
  await db().collection('users').doc(openid).update({ data: { nickname, avatar: db().command.set(input.avatar), profileSet: true, profileUpdatedAtMs: nowMs } });
  return meOf(openid, nowMs);
}

/** WeChat's answer as a number to keep: mainland numbers as 11 digits, others with their area code. */
function phoneOf(info: { purePhoneNumber?: unknown; countryCode?: unknown }): string | null {
  const pure = String(info.purePhoneNumber ?? '');
  const country = String(info.countryCode ?? '86');
  if (!/^\d{5,15}$/.test(pure) || !/^\d{1,4}$/.test(country)) return null;
  return country === '86' ? pure : `+${country} ${pure}`;
}

function errCodeOf(e: unknown): number | null {
  const code = (e as { errCode?: unknown } | null)?.errCode;
  return typeof code === 'number' ? code : null;
}

/**
 * profile.phone.bind: exchanges the getPhoneNumber button's code (phonenumber.getPhoneNumber,
 * once, within 5 minutes) and keeps the number. A retry of a bind that already went through
 * (same code) answers the same, though WeChat would refuse the used code.
 */
export async function bindPhone(openid: string, code: string, nowMs: number): Promise<Me> {
  const user = (await ensureUser(openid, nowMs)) as UserDoc & { phoneCodeHash?: string | null };
  const codeHash = hashInput(['phone-code', code]).slice(0, 24);
  if (user.phoneCodeHash === codeHash && user.phone) return meOf(openid, nowMs);
  let phone: string | null;
  try {
    const res = await cloud().openapi.phonenumber.getPhoneNumber({ code });
    phone = phoneOf(res.phoneInfo ?? {});
  } catch (e) {
    if (errCodeOf(e) === PHONE_NUMBER.errCode.invalidCode) throw new AppError('INVALID_INPUT', '手机号授权已失效，请重新获取');
    console.error('phonenumber.getPhoneNumber failed', e);
    throw new AppError('CONFLICT', '微信繁忙，请稍后重试');
  }
  if (phone === null) throw new AppError('INVALID_INPUT', '未能获取手机号，请重试');
  await db().collection('users').doc(openid).update({ data: { phone, phoneCodeHash: codeHash, phoneBoundAtMs: nowMs } });
  return meOf(openid, nowMs);
}

/** profile.phone.remove: the store forgets the number. */
export async function removePhone(openid: string, nowMs: number): Promise<Me> {
  await ensureUser(openid, nowMs);
  await db().collection('users').doc(openid).update({ data: { phone: null, phoneCodeHash: null } });
  return meOf(openid, nowMs);
}
