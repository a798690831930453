// Owners and partners see people's names, never ids: nicknames for a page of openids.
import { db } from '../adapters/cloud';

/** openid → nickname for up to 100 openids (one query); unknown ones are missing from the map. */
export async function nicknamesOf(openids: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(openids)].slice(0, 100);
  if (ids.length === 0) return new Map();
  const { data } = await db().collection('users').where({ _id: db().command.in(ids) }).field({ _id: true, nickname: true }).limit(100).get();
  return new Map(data.map((u) => [String(u._id), String((u as { nickname?: unknown }).nickname ?? '')]));
}
