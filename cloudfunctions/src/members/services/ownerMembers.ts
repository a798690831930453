import { AppError, Tier } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import { runTx } from '../../adapters/transaction';
import { hashInput } from '../../shared/ids';
import { upgradesAbove, validateTiers, type TierConfig } from '../domain/tiers';
import { principalRefund } from '../domain/wallet';
import { accounts, applyJournal } from '../../ledger/journal';
import type { OrderDoc } from '../../orders/services/orders';
import { submitRefund, type RefundDoc } from '../../orders/services/refunds';
import { getOrNull, txGet } from '../../shared/tx';

export async function listTiers(): Promise<Tier[]> {
  const { data } = await db().collection('tiers').orderBy('rank', 'asc').limit(20).get();
  return data.map((d) => Tier.parse(d));
}

/** Saves the four tiers; each also stores the spend upgrades above it, read at payment. */
export async function updateTiers(input: Omit<TierConfig, 'rank'>[], nowMs: number): Promise<Tier[]> {
  const check = validateTiers(input);
  if (!check.ok) throw new AppError('INVALID_INPUT', check.message);
  for (const t of check.tiers) {
    const doc = { rank: t.rank, name: t.name, pointsMultiplierPct: t.pointsMultiplierPct, minSpentFen: t.minSpentFen, upgrades: upgradesAbove(t._id, check.tiers), updatedAtMs: nowMs };
    await db().collection('tiers').doc(t._id).set({ data: doc });
  }
  return listTiers();
}

interface Allocation {
  order: OrderDoc & { principalRefundedFen?: number };
  amountFen: number;
}

/** Principal goes back through the top-up payments that brought it, newest first. */
async function allocateToTopUps(openid: string, refundFen: number): Promise<Allocation[]> {
  const { data } = await db().collection('orders').where({ openid, kind: 'topup', status: 'PAID' }).orderBy('paidAtMs', 'desc').limit(100).get();
  const out: Allocation[] = [];
  let left = refundFen;
  for (const raw of data) {
    const order = raw as unknown as Allocation['order'];
    const room = order.payableFen - (order.principalRefundedFen ?? 0);
    if (left <= 0 || room <= 0) continue;
    const amountFen = Math.min(left, room);
    out.push({ order, amountFen });
    left -= amountFen;
  }
  if (left > 0) throw new AppError('NOT_REFUNDABLE', '充值记录不足以原路退回本金，请联系技术支持');
  return out;
}

/**
 * Refunds a member's remaining principal (prepaid-card rules); the bonus is forfeited in the same
 * transaction so it cannot be spent after its principal is gone. The money goes back through the
 * original top-up payments with stable refund numbers, submitted after commit.
 */
export async function refundPrincipal(requestId: string, openid: string, reason: string, nowMs: number) {
  const key = `sv-oref-${hashInput([openid, requestId]).slice(0, 20)}`;
  const principalFen = (await getOrNull<{ balance: number }>('balances', accounts.principal(openid)))?.balance ?? 0;
  const bonusFen = (await getOrNull<{ balance: number }>('balances', accounts.bonus(openid)))?.balance ?? 0;
  const plan = principalRefund({ principalFen, bonusFen });
  const already = await getOrNull<{ amount: number }>('journal', `${key}-p`);
  if (!already && plan.refundFen <= 0) throw new AppError('NOT_REFUNDABLE', '没有可退的储值本金');
  const allocations = already ? [] : await allocateToTopUps(openid, plan.refundFen);
  const refunds = await runTx(async (tx) => {
    const prior = await txGet<{ amount: number }>(tx, 'journal', `${key}-p`);
    if (prior) return [] as RefundDoc[];
    await applyJournal(tx, { key: `${key}-p`, account: accounts.principal(openid), amount: -plan.refundFen, kind: 'owner_refund', ref: key }, nowMs);
    if (plan.forfeitBonusFen > 0) await applyJournal(tx, { key: `${key}-b`, account: accounts.bonus(openid), amount: -plan.forfeitBonusFen, kind: 'bonus_forfeit', ref: key }, nowMs);
    const docs: RefundDoc[] = [];
    for (const [i, a] of allocations.entries()) {
      const order = await txGet<OrderDoc & { principalRefundedFen?: number }>(tx, 'orders', a.order._id);
      await tx.collection('orders').doc(a.order._id).update({ data: { principalRefundedFen: (order?.principalRefundedFen ?? 0) + a.amountFen } });
      const doc: RefundDoc = {
        _id: `V${hashInput([key, i]).slice(0, 24)}`, kind: 'principal', orderId: a.order._id, openid, method: 'wxpay', amountFen: a.amountFen, totalFen: a.order.payableFen,
        status: 'PENDING', reason, attempts: 0, lastError: null, createdAtMs: nowMs, doneAtMs: null,
      };
      await tx.collection('refunds').add({ data: doc as unknown as Record<string, unknown> });
      docs.push(doc);
    }
    return docs;
  });
  for (const r of refunds) await submitRefund(r, nowMs);
  const { data } = await db().collection('refunds').where({ kind: 'principal', openid }).limit(100).get();
  const mine = data.filter((r) => (r as unknown as RefundDoc)._id.startsWith('V'));
  return { refundFen: plan.refundFen || (already ? -already.amount : 0), forfeitBonusFen: plan.forfeitBonusFen, refundNos: (refunds.length ? refunds : mine).map((r) => r._id) };
}
