import { AppError, JournalLine, TopUpPackage, Tier, type Product } from '../../../../src/contracts';
import { productsWhere } from '../../catalog/services/catalog';
import { db } from '../../adapters/cloud';
import { runTx } from '../../adapters/transaction';
import { checkPayable } from '../../orders/domain/order';
import { splitSpend } from '../domain/wallet';
import { lapseStage } from '../domain/ladder';
import { accounts, applyJournal, txBalance } from '../../ledger/journal';
import { applyPaidEffects, paidFields } from '../../orders/services/effects';
import { afterSeatPayment, applySeatPaymentByBalance } from '../../groupbuy/services/settle';
import type { OrderDoc } from '../../orders/services/orders';
import type { UserDoc } from './session';
import { getOrNull, txGet } from '../../shared/tx';

/**
 * Pays an order from stored value in one transaction: the order moves PENDING -> PAID, principal
 * and bonus are debited in proportion (the journal refuses to go below zero), and the paid
 * effects follow. Concurrent payments against one balance serialise on its balance documents.
 */
export async function payWithBalance(openid: string, orderId: string, nowMs: number): Promise<OrderDoc> {
  const { paidOrder, seat } = await runTx(async (tx) => {
    const order = await txGet<OrderDoc>(tx, 'orders', orderId);
    if (!order || order.openid !== openid) throw new AppError('NOT_FOUND', '订单不存在');
    if (order.kind === 'topup') throw new AppError('NOT_PAYABLE', '充值订单只能用微信支付');
    const check = checkPayable(order, nowMs);
    if (!check.ok) throw new AppError('NOT_PAYABLE', check.message);
    const principalFen = await txBalance(tx, accounts.principal(openid));
    const bonusFen = await txBalance(tx, accounts.bonus(openid));
    const split = splitSpend(order.payableFen, { principalFen, bonusFen });
    if (!split.ok) throw new AppError('INSUFFICIENT_BALANCE', '余额不足');
    // The order's PENDING -> PAID below is the guard of every key: no read before the inserts.
    if (split.principalFen > 0) await applyJournal(tx, { key: `sv-spend-p-${orderId}`, account: accounts.principal(openid), amount: -split.principalFen, kind: 'spend_principal', ref: orderId, keyIsNew: true }, nowMs);
    if (split.bonusFen > 0) await applyJournal(tx, { key: `sv-spend-b-${orderId}`, account: accounts.bonus(openid), amount: -split.bonusFen, kind: 'spend_bonus', ref: orderId, keyIsNew: true }, nowMs);
    const balanceSplit = { principalFen: split.principalFen, bonusFen: split.bonusFen };
    // A group-buy seat is paid, not sold: its effects wait for its group (groupbuy/services/settle.ts).
    const isSeat = order.kind === 'group';
    const patch = isSeat ? { pointsEarned: 0, stageBefore: null, commission: null } : await applyPaidEffects(tx, order, nowMs);
    const paid = { status: isSeat ? ('GROUPING' as const) : ('PAID' as const), paidAtMs: nowMs, payMethod: 'balance' as const, balanceSplit, pointsEarned: patch.pointsEarned, stageBefore: patch.stageBefore };
    // An object in update data sets fields by path; _.set replaces the (null) field whole.
    await tx.collection('orders').doc(orderId).update({ data: { ...paid, balanceSplit: db().command.set(balanceSplit), ...paidFields(patch) } });
    // The group document (shared by its members) last; a seat that is gone refuses the payment and aborts it all.
    const seat = isSeat ? await applySeatPaymentByBalance(tx, order, nowMs) : null;
    return { paidOrder: { ...order, ...paid, ...(patch.commission ? { commission: patch.commission } : {}) }, seat };
  });
  if (!seat) return paidOrder;
  // The last seat's payment settles the group: answer with the order as it now stands (PAID).
  await afterSeatPayment(seat, nowMs);
  return (await getOrNull<OrderDoc>('orders', orderId)) ?? paidOrder;
}

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
export async function lapseExpiredCards(nowMs: number, batch = 100): Promise<number> {
  const _ = db().command;
  const { data } = await db().collection('users').where({ stageUntilMs: _.lte(nowMs) }).limit(batch).get();
  let lapsed = 0;
  for (const raw of data) {
    const user = raw as unknown as UserDoc;
    const next = lapseStage({ stage: user.stage, stageUntilMs: user.stageUntilMs ?? null }, nowMs);
    const res = await db().collection('users').where({ _id: user._id, stageUntilMs: user.stageUntilMs }).update({ data: { stage: next.stage, stageUntilMs: next.stageUntilMs } });
    lapsed += res.stats.updated;
  }
  return lapsed;
}
