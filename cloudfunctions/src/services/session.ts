import type { Me } from '../../../src/contracts';
import { db } from '../adapters/cloud';
import type { Stage } from '../domain/ladder';
import { isMissing } from './journal';
import type { StoreSettings } from './settings';

export interface UserDoc {
  _id: string;
  nickname: string;
  stage: Stage;
  paidOrderCount: number;
  spentFen: number;
  createdAtMs: number;
}

function isDuplicate(e: unknown): boolean {
  return /DUPLICATE/i.test(e instanceof Error ? e.message : String(e));
}

/** First visit makes a fan (粉丝). Safe under concurrent first visits: the _id is the openid. */
export async function ensureUser(openid: string, nowMs: number): Promise<UserDoc> {
  const users = db().collection('users');
  try {
    return (await users.doc(openid).get()).data as unknown as UserDoc;
  } catch (e) {
    if (!isMissing(e)) throw e;
  }
  const user: UserDoc = { _id: openid, nickname: `微信用户${openid.slice(-4)}`, stage: 'fan', paidOrderCount: 0, spentFen: 0, createdAtMs: nowMs };
  try {
    await users.add({ data: user as unknown as Record<string, unknown> });
    return user;
  } catch (e) {
    if (!isDuplicate(e)) throw e;
    return (await users.doc(openid).get()).data as unknown as UserDoc;
  }
}

export function toMe(user: UserDoc, settings: StoreSettings): Me {
  return {
    openid: user._id,
    nickname: user.nickname,
    stage: user.stage,
    isOwner: settings.ownerOpenids.includes(user._id),
    paidOrderCount: user.paidOrderCount,
  };
}

export { isDuplicate };
