import { JournalLine, TopUpPackage, Tier, type Product } from '../../../../src/contracts';
import { productsWhere } from '../../catalog/services/catalog';
import { db } from '../../adapters/cloud';
import { lapseStage } from '../domain/ladder';
import type { UserDoc } from './session';
import { walk, type WalkResult } from '../../shared/walk';

export async function journalOf(accountNames: string[], limit = 50): Promise<JournalLine[]> {
  const _ = db().command;
  const { data } = await db().collection('journal').where({ account: _.in(accountNames) }).orderBy('createdAtMs', 'desc').limit(limit).get();
  return data.map((d) => JournalLine.parse(d));
}

export async function topUpPackages(): Promise<TopUpPackage[]> {
  const { data } = await db().collection('topup_packages').where({ onSale: true }).orderBy('sort', 'asc').limit(20).get();
  return data.map((d) => TopUpPackage.parse(d));
}

export async function tiersAndCards(): Promise<{ tiers: Tier[]; cards: Product[] }> {
  const _ = db().command;
  const tiers = (await db().collection('tiers').orderBy('rank', 'asc').limit(20).get()).data.map((d) => Tier.parse(d));
  const cards = await productsWhere({ onSale: true, grantsStage: _.in(['member', 'partner']) }, 20);
  return { tiers, cards };
}

/** cron: a lapsed card drops its holder back to customer; compare-and-set on the end date. */
export async function lapseExpiredCards(nowMs: number): Promise<WalkResult> {
  const _ = db().command;
  return walk('lapsedCards', (after, limit) => db().collection('users').where({ stageUntilMs: _.lte(nowMs), _id: _.gt(after) }).orderBy('_id', 'asc').limit(limit).get(), async (raw) => {
    const user = raw as unknown as UserDoc;
    const next = lapseStage({ stage: user.stage, stageUntilMs: user.stageUntilMs ?? null }, nowMs);
    const res = await db().collection('users').where({ _id: user._id, stageUntilMs: user.stageUntilMs }).update({ data: { stage: next.stage, stageUntilMs: next.stageUntilMs } });
    return res.stats.updated === 1;
  });
}
