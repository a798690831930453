import type { Person } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';

type Stage = Person['stage'];

/**
 * People as the owner's figures show them: nickname, avatar (the cloud fileID users.avatar holds,
 * as shared/lookups.ts peopleOf reads it) and stage, one `_id in` query per hundred (never one
 * read per row); lists longer than a hundred people are read in chunks.
 */
export async function peopleWithStageOf(openids: readonly string[]): Promise<Map<string, Person>> {
  const unique = [...new Set(openids)];
  const out = new Map<string, Person>();
  for (let i = 0; i < unique.length; i += 100) {
    const chunk = unique.slice(i, i + 100);
    const { data } = await db().collection('users').where({ _id: db().command.in(chunk) }).field({ nickname: true, avatar: true, stage: true }).limit(100).get();
    for (const d of data) {
      out.set(d._id, { openid: d._id, nickname: String(d.nickname ?? ''), avatar: typeof d.avatar === 'string' && d.avatar !== '' ? d.avatar : null, stage: (d.stage as Stage) ?? 'fan' });
    }
  }
  return out;
}

/** The person, or a placeholder for someone whose user document is gone. */
export function personOr(people: Map<string, Person>, openid: string): Person {
  return people.get(openid) ?? { openid, nickname: '已注销用户', avatar: null, stage: 'fan' };
}
