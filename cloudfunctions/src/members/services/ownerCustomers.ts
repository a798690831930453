import { AppError, type CustomerRow } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import type { Doc } from '../../adapters/sdk';
import { listOwnOrders, toPublicOrder } from '../../orders/services/orders';
import { balancesOf, type UserDoc } from './session';
import { getOrNull } from '../../shared/tx';
import { escapeRegExp } from '../../catalog/services/catalog';
import { ORDER_NUMBERS } from '../../orders/services/orderNumbers';

const STAGES = ['fan', 'customer', 'member', 'partner'] as const;

type StoredUser = UserDoc & { referrerOpenid?: string | null };
type Match = 'orderNo' | 'phone' | 'nickname';

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
    openid: u._id, nickname: u.nickname, avatar: u.avatar ?? null, phone: u.phone ?? null, stage: u.stage, stageUntilMs: u.stageUntilMs ?? null, paidOrderCount: u.paidOrderCount,
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

const SEARCH_LIMIT = 20;
/** Order numbers are 18 digits (orderNoFor); mainland mobile numbers 11 starting with 1. */
const ORDER_NO = /^\d{18}$/;
const DIGITS = /^\d{4,11}$/;

async function byOrderNo(orderNo: string): Promise<{ user: StoredUser; orderNo: string }[]> {
  const claim = await getOrNull<{ orderId: string }>(ORDER_NUMBERS, orderNo);
  const order = claim ? await getOrNull<{ openid: string }>('orders', claim.orderId) : null;
  const user = order ? await getOrNull<StoredUser>('users', order.openid) : null;
  return user ? [{ user, orderNo }] : [];
}

async function usersWhere(cond: object): Promise<StoredUser[]> {
  const { data } = await db().collection('users').where(cond).orderBy('createdAtMs', 'desc').limit(SEARCH_LIMIT).get();
  return data as unknown as StoredUser[];
}

/**
 * customers.search: an owner finds a customer the way they know them — an order number (the
 * order's buyer), a phone number or its last digits, or part of a nickname (any case). Reads
 * only; at most 20 rows, phone matches first.
 */
export async function searchCustomers(q: string) {
  const text = q.trim();
  if (text === '') throw new AppError('INVALID_INPUT', '请输入昵称、手机号或订单号');
  const found: { user: StoredUser; match: Match; orderNo: string | null }[] = [];
  if (ORDER_NO.test(text)) for (const hit of await byOrderNo(text)) found.push({ user: hit.user, match: 'orderNo', orderNo: hit.orderNo });
  const re = (pattern: string) => db().RegExp({ regexp: pattern, options: 'i' });
  if (DIGITS.test(text)) for (const user of await usersWhere({ phone: re(`${escapeRegExp(text)}$`) })) found.push({ user, match: 'phone', orderNo: null });
  for (const user of await usersWhere({ nickname: re(escapeRegExp(text)) })) found.push({ user, match: 'nickname', orderNo: null });
  const seen = new Set<string>();
  const unique = found.filter((f) => !seen.has(f.user._id) && seen.add(f.user._id)).slice(0, SEARCH_LIMIT);
  const names = await referrerNames(unique.map((f) => f.user));
  return { customers: unique.map((f) => ({ ...toRow(f.user, names), match: f.match, orderNo: f.orderNo })) };
}
