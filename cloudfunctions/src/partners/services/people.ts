// People as partners see them: nickname and avatar (the user document's `avatar` fileID and
// `nickname`, kept by the profile work of issue 11); the initial stands in without an avatar.
import { db } from '../../adapters/cloud';

export interface Person {
  nickname: string;
  avatar: string | null;
}

/** openid → nickname and avatar, one query for up to 100 people. */
export async function peopleOf(openids: readonly string[]): Promise<Map<string, Person>> {
  const unique = [...new Set(openids)].slice(0, 100);
  const out = new Map<string, Person>();
  if (unique.length === 0) return out;
  const { data } = await db().collection('users').where({ _id: db().command.in(unique) }).field({ _id: true, nickname: true, avatar: true }).limit(100).get();
  for (const d of data) {
    const r = d as Record<string, unknown>;
    out.set(String(d._id), { nickname: typeof r.nickname === 'string' ? r.nickname : '', avatar: typeof r.avatar === 'string' && r.avatar !== '' ? r.avatar : null });
  }
  return out;
}

/** The first character of a nickname (a whole code point), what a poster or a list shows without an avatar. */
export function initialOf(nickname: string): string {
  const first = Array.from(nickname.trim())[0];
  return first ?? '友';
}
