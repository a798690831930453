import { JournalLine, TopUpPackage, Tier, type Product } from '../../../../src/contracts';
import { productsWhere } from '../../catalog/services/catalog';
import { db } from '../../adapters/cloud';
import { lapseStage } from '../domain/ladder';
import type { UserDoc } from './session';
import { walk, type WalkResult } from '../../shared/walk';
import { runTx } from '../../adapters/transaction';
import { txGet } from '../../shared/tx';
import { recordStageMove } from '../../analytics/services/records';

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

/** One holder's card lapses, in a transaction with its stage-move record; compare-and-set on the end date. */
async function lapseCard(openid: string, untilMs: number, nowMs: number): Promise<boolean> {
  return runTx(async (tx) => {
    const user = await txGet<UserDoc>(tx, 'users', openid);
    if (!user || user.stageUntilMs !== untilMs) return false;
    const next = lapseStage({ stage: user.stage, stageUntilMs: user.stageUntilMs ?? null }, nowMs);
    await tx.collection('users').doc(openid).update({ data: { stage: next.stage, stageUntilMs: next.stageUntilMs } });
    await recordStageMove(tx, openid, user.stage, next.stage, nowMs, `lapse-${openid}-${untilMs}`);
    return true;
  });
}

/** cron: a lapsed card drops its holder back to customer. */
export async function lapseExpiredCards(nowMs: number): Promise<WalkResult> {
  const _ = db().command;
  return walk('lapsedCards', (after, limit) => db().collection('users').where({ stageUntilMs: _.lte(nowMs), _id: _.gt(after) }).orderBy('_id', 'asc').limit(limit).get(), async (raw) =>
    lapseCard(raw._id, Number((raw as unknown as UserDoc).stageUntilMs), nowMs));
}
