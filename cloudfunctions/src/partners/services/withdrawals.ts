import { AppError, type Withdrawal } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import { runTx } from '../../adapters/transaction';
import type { Transaction } from '../../adapters/sdk';
import { yuan } from '../domain/commission';
import { hashInput } from '../../shared/ids';
import { commissionAccounts } from './commission';
import { getCommissionConfig } from './commissionConfig';
import { applyJournal, foldEntries, pendingEntryIds, pendingOf, txBalance } from '../../ledger/journal';
import { txGet } from '../../shared/tx';

/**
 * A withdrawal moves available commission to `commission_withdrawing` when requested; the owner
 * then pays it out (the money leaves for `commission_paid`, with the payout reference recorded)
 * or rejects it (it returns to available). Every step is one transaction, compare-and-set on
 * the withdrawal's status, with idempotency keys on every journal entry.
 */
export interface WithdrawalDoc extends Withdrawal {
  openid: string;
  requestHash: string;
  decidedBy: string | null;
}

export function withdrawalIdFor(openid: string, requestId: string): string {
  return `W${hashInput([openid, requestId]).slice(0, 23)}`;
}

export async function requestWithdrawal(openid: string, requestId: string, amountFen: number, nowMs: number): Promise<WithdrawalDoc> {
  const { minWithdrawFen } = await getCommissionConfig();
  const id = withdrawalIdFor(openid, requestId);
  const requestHash = hashInput({ amountFen });
  // Credits to the available account may still be pending (journal.ts): the partner's own debit
  // folds them in its own transaction, then checks and writes the balance document it debits, so
  // a refused request (too small, too much) rolls the fold back with it and changes nothing.
  const account = commissionAccounts.available(openid);
  const pendingIds = await pendingEntryIds(account);
  return runTx(async (tx) => {
    const existing = await txGet<WithdrawalDoc>(tx, 'withdrawals', id);
    if (existing) {
      if (existing.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_MISMATCH', '同一请求号的提现金额不一致');
      return existing;
    }
    if (amountFen < minWithdrawFen) throw new AppError('INVALID_INPUT', `单次提现至少 ${yuan(minWithdrawFen)}`);
    await foldEntries(tx, account, pendingIds, nowMs);
    const available = await txBalance(tx, account);
    if (available < amountFen) throw new AppError('INSUFFICIENT_BALANCE', `可提现佣金不足：当前 ${yuan(available)}`);
    await applyJournal(tx, { key: `wd-${id}`, account: commissionAccounts.available(openid), amount: -amountFen, kind: 'withdraw_request', ref: id }, nowMs);
    await applyJournal(tx, { key: `wd-hold-${id}`, account: commissionAccounts.withdrawing(openid), amount: amountFen, kind: 'withdraw_request', ref: id }, nowMs);
    const doc: WithdrawalDoc = { _id: id, openid, amountFen, status: 'requested', requestedAtMs: nowMs, decidedAtMs: null, payoutRef: null, rejectReason: null, requestHash, decidedBy: null };
    await tx.collection('withdrawals').add({ data: doc as unknown as Record<string, unknown> });
    return doc;
  });
}

async function requested(tx: Transaction, withdrawalId: string): Promise<WithdrawalDoc> {
  const doc = await txGet<WithdrawalDoc>(tx, 'withdrawals', withdrawalId);
  if (!doc) throw new AppError('NOT_FOUND', '提现申请不存在');
  return doc;
}

/** The owner has paid the partner outside the store (e.g. a WeChat transfer) and records its reference. */
export async function approveWithdrawal(withdrawalId: string, payoutRef: string, byOpenid: string, nowMs: number): Promise<WithdrawalDoc> {
  return runTx(async (tx) => {
    const doc = await requested(tx, withdrawalId);
    if (doc.status === 'paid') {
      if (doc.payoutRef !== payoutRef) throw new AppError('IDEMPOTENCY_MISMATCH', `该提现已按打款单号 ${doc.payoutRef ?? ''} 确认`);
      return doc;
    }
    if (doc.status === 'rejected') throw new AppError('NOT_PAYABLE', '提现申请已驳回，不能打款');
    const { openid, amountFen } = doc;
    await applyJournal(tx, { key: `wd-paid-${doc._id}`, account: commissionAccounts.withdrawing(openid), amount: -amountFen, kind: 'withdraw_paid', ref: doc._id }, nowMs);
    await applyJournal(tx, { key: `wd-out-${doc._id}`, account: commissionAccounts.paid(openid), amount: amountFen, kind: 'withdraw_paid', ref: doc._id }, nowMs);
    const patch = { status: 'paid' as const, payoutRef, decidedAtMs: nowMs, decidedBy: byOpenid };
    await tx.collection('withdrawals').doc(doc._id).update({ data: patch });
    return { ...doc, ...patch };
  });
}

export async function rejectWithdrawal(withdrawalId: string, reason: string, byOpenid: string, nowMs: number): Promise<WithdrawalDoc> {
  return runTx(async (tx) => {
    const doc = await requested(tx, withdrawalId);
    if (doc.status === 'rejected') return doc;
    if (doc.status === 'paid') throw new AppError('NOT_REFUNDABLE', '该提现已打款，不能驳回');
    const { openid, amountFen } = doc;
    await applyJournal(tx, { key: `wd-ret-${doc._id}`, account: commissionAccounts.withdrawing(openid), amount: -amountFen, kind: 'withdraw_reject', ref: doc._id }, nowMs);
    await applyJournal(tx, { key: `wd-back-${doc._id}`, account: commissionAccounts.available(openid), amount: amountFen, kind: 'withdraw_reject', ref: doc._id }, nowMs);
    const patch = { status: 'rejected' as const, rejectReason: reason, decidedAtMs: nowMs, decidedBy: byOpenid };
    await tx.collection('withdrawals').doc(doc._id).update({ data: patch });
    return { ...doc, ...patch };
  });
}

export async function listOwnWithdrawals(openid: string, limit: number): Promise<WithdrawalDoc[]> {
  const { data } = await db().collection('withdrawals').where({ openid }).orderBy('requestedAtMs', 'desc').limit(limit).get();
  return data as unknown as WithdrawalDoc[];
}

type OwnerView = WithdrawalDoc & { nickname: string; avatar: string | null; availableFen: number };

/** Adds each partner's nickname and current available balance (negative after a refund) for the owner. */
async function withOwnerFields(docs: WithdrawalDoc[]): Promise<OwnerView[]> {
  if (docs.length === 0) return [];
  const _ = db().command;
  const openids = [...new Set(docs.map((d) => d.openid))];
  const users = (await db().collection('users').where({ _id: _.in(openids) }).field({ nickname: true, avatar: true }).limit(openids.length).get()).data;
  const accounts = openids.map((o) => commissionAccounts.available(o));
  const balances = (await db().collection('balances').where({ _id: _.in(accounts) }).limit(accounts.length).get()).data;
  const pending = await pendingOf(accounts);
  const nick = new Map(users.map((u) => [u._id, String(u.nickname ?? '')]));
  const avatars = new Map(users.map((u) => [u._id, typeof u.avatar === 'string' ? u.avatar : null]));
  const avail = new Map(accounts.map((a) => [a, Number(balances.find((b) => b._id === a)?.balance ?? 0) + (pending.get(a) ?? 0)]));
  return docs.map((d) => ({ ...d, nickname: nick.get(d.openid) ?? '', avatar: avatars.get(d.openid) ?? null, availableFen: avail.get(commissionAccounts.available(d.openid)) ?? 0 }));
}

export async function listWithdrawals(status: WithdrawalDoc['status'] | undefined, limit: number): Promise<OwnerView[]> {
  const q = status ? db().collection('withdrawals').where({ status }) : db().collection('withdrawals');
  return withOwnerFields((await q.orderBy('requestedAtMs', 'desc').limit(limit).get()).data as unknown as WithdrawalDoc[]);
}

export async function withdrawalView(doc: WithdrawalDoc): Promise<OwnerView> {
  return (await withOwnerFields([doc]))[0];
}
