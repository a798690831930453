// What a partner's team brought them: read from the commission documents (never a running total).
import { db } from '../../adapters/cloud';
import type { CommissionDoc } from './commission';

/** What each of these buyers' orders brought a beneficiary (credits not reversed): cash fen, points, orders. */
export async function broughtBy(beneficiaryOpenid: string, buyerOpenids: readonly string[]): Promise<Map<string, { fen: number; points: number; orders: number }>> {
  const out = new Map<string, { fen: number; points: number; orders: number }>();
  if (buyerOpenids.length === 0) return out;
  const _ = db().command;
  const { data } = await db().collection('commissions').where({ beneficiaryOpenid, buyerOpenid: _.in([...buyerOpenids]), status: _.neq('reversed') }).limit(1000).get();
  for (const d of data as unknown as CommissionDoc[]) {
    const sum = out.get(d.buyerOpenid) ?? { fen: 0, points: 0, orders: 0 };
    if ((d.reward ?? 'cash') === 'points') sum.points += d.points ?? 0;
    else sum.fen += d.amountFen;
    sum.orders += 1;
    out.set(d.buyerOpenid, sum);
  }
  return out;
}

/** Referral points a member has received, net of refunds (for the partner centre). */
export async function referralPointsOf(openid: string): Promise<number> {
  const { data } = await db().collection('commissions').where({ beneficiaryOpenid: openid, reward: 'points', status: 'credited' }).limit(1000).get();
  return data.reduce((s, d) => s + Number((d as Record<string, unknown>).points ?? 0), 0);
}
