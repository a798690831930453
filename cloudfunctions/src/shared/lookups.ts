// What lists show instead of ids: people's nicknames and orders' human numbers, one query per page.
import { db } from '../adapters/cloud';

/** A field of up to 100 documents by _id (one query); missing documents are missing from the map. */
async function fieldById(collection: string, ids: readonly string[], field: string): Promise<Map<string, string>> {
  const unique = [...new Set(ids)].slice(0, 100);
  if (unique.length === 0) return new Map();
  const { data } = await db().collection(collection).where({ _id: db().command.in(unique) }).field({ _id: true, [field]: true }).limit(100).get();
  const out = new Map<string, string>();
  for (const d of data) {
    const value = (d as Record<string, unknown>)[field];
    if (typeof value === 'string') out.set(String(d._id), value);
  }
  return out;
}

/** order id → order number (date + sequence); orders made before numbers existed have none. */
export function orderNosOf(orderIds: readonly string[]): Promise<Map<string, string>> {
  return fieldById('orders', orderIds, 'orderNo');
}

export interface Person {
  nickname: string;
  avatar: string | null;
}

/** openid → nickname and avatar, one query for up to 100 people (owners and partners see people, never ids). */
export async function peopleOf(openids: readonly string[]): Promise<Map<string, Person>> {
  const unique = [...new Set(openids)].slice(0, 100);
  if (unique.length === 0) return new Map();
  const { data } = await db().collection('users').where({ _id: db().command.in(unique) }).field({ _id: true, nickname: true, avatar: true }).limit(100).get();
  const out = new Map<string, Person>();
  for (const d of data) out.set(String(d._id), { nickname: typeof d.nickname === 'string' ? d.nickname : '', avatar: typeof d.avatar === 'string' && d.avatar !== '' ? d.avatar : null });
  return out;
}

/** The first character of a nickname (a whole code point), what a poster or a list shows without an avatar. */
export function initialOf(nickname: string): string {
  const first = Array.from(nickname.trim())[0];
  return first ?? '友';
}
