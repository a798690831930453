import type { Me } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import type { Stage } from '../domain/ladder';
import { accounts, pendingOf } from '../../ledger/journal';
import { getOrNull, isMissing } from '../../shared/tx';
import type { StoreSettings } from '../../store/services/settings';

export interface UserDoc {
  _id: string;
  nickname: string;
  /** The avatar the user chose (a cloud fileID under their own uploads). */
  avatar?: string | null;
  /** Set once the user chose their own nickname (a newcomer's is a placeholder). */
  profileSet?: boolean;
  /** The phone number they shared (手机号快速验证), mainland numbers without +86. */
  phone?: string | null;
  stage: Stage;
  paidOrderCount: number;
  spentFen: number;
  createdAtMs: number;
  stageUntilMs?: number | null;
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

export interface Balances {
  points: number;
  principalFen: number;
  bonusFen: number;
}

export async function balancesOf(openid: string): Promise<Balances> {
  const read = async (account: string) => (await getOrNull<{ balance: number }>('balances', account))?.balance ?? 0;
  // Referral points wait pending until folded (ledger/journal.ts); the member sees them at once.
  const pointsAccount = accounts.points(openid);
  const pendingPoints = (await pendingOf([pointsAccount])).get(pointsAccount) ?? 0;
  return { points: (await read(pointsAccount)) + pendingPoints, principalFen: await read(accounts.principal(openid)), bonusFen: await read(accounts.bonus(openid)) };
}

export function toMe(user: UserDoc, settings: StoreSettings, balances: Balances): Me {
  return {
    openid: user._id,
    nickname: user.nickname,
    avatar: user.avatar ?? null,
    profileSet: user.profileSet === true,
    phone: user.phone ?? null,
    stage: user.stage,
    isOwner: settings.ownerOpenids.includes(user._id),
    paidOrderCount: user.paidOrderCount,
    stageUntilMs: user.stageUntilMs ?? null,
    pointsBalance: balances.points,
    wallet: { principalFen: balances.principalFen, bonusFen: balances.bonusFen },
  };
}

export { isDuplicate };
