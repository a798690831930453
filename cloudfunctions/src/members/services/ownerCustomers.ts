import { AppError, type CustomerRow } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import type { Doc } from '../../adapters/sdk';
import { listOwnOrders, toPublicOrder } from '../../orders/services/orders';
import { balancesOf, type UserDoc } from './session';
import { getOrNull } from '../../shared/tx';

const STAGES = ['fan', 'customer', 'member', 'partner'] as const;

type StoredUser = UserDoc & { referrerOpenid?: string | null };

/** One read per distinct referrer on the page, not per customer. */
async function referrerNames(users: StoredUser[]): Promise<Map<string, string>> {
  const ids = [...new Set(users.map((u) => u.referrerOpenid).filter((id): id is string => typeof id === 'string'))];
  const names = new Map<string, string>();
  if (ids.length === 0) return names;
  const _ = db().command;
  const { data } = await db().collection('users').where({ _id: _.in(ids) }).field({ nickname: true }).limit(ids.length).get();
  for (const d of data) names.set(d._id, String(d.nickname));
  return names;
}

function toRow(u: StoredUser, names: Map<string, string>): CustomerRow {
  return {
    openid: u._id, nickname: u.nickname, stage: u.stage, stageUntilMs: u.stageUntilMs ?? null, paidOrderCount: u.paidOrderCount,
    spentFen: u.spentFen, createdAtMs: u.createdAtMs, referrerNickname: u.referrerOpenid ? names.get(u.referrerOpenid) ?? null : null,
  };
}

/** The owner's customer list: newest first, one stage or all, with the ladder's head-counts. */
export async function listCustomers(stage: CustomerRow['stage'] | undefined, beforeMs: number | undefined, limit: number) {
  const _ = db().command;
  const cond: Record<string, unknown> = {};
  if (stage) cond.stage = stage;
  if (beforeMs !== undefined) cond.createdAtMs = _.lt(beforeMs);
  const { data } = await db().collection('users').where(cond).orderBy('createdAtMs', 'desc').limit(limit + 1).get();
  const users = data.slice(0, limit) as unknown as StoredUser[];
  const names = await referrerNames(users);
  const counts: Record<string, number> = {};
  for (const s of STAGES) counts[s] = (await db().collection('users').where({ stage: s }).count()).total;
  const nextBeforeMs = data.length > limit ? users[users.length - 1].createdAtMs : null;
  return { customers: users.map((u) => toRow(u, names)), nextBeforeMs, counts };
}

export async function getCustomer(openid: string) {
  const user = await getOrNull<StoredUser & Doc>('users', openid);
  if (!user) throw new AppError('NOT_FOUND', '顾客不存在');
  const names = await referrerNames([user]);
  const orders = (await listOwnOrders(openid)).slice(0, 20).map(toPublicOrder);
  return { customer: toRow(user, names), balances: await balancesOf(openid), orders };
}
