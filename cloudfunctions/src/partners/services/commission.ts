import type { CommissionEntry, PartnerBalances } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import { runTx } from '../../adapters/transaction';
import type { Transaction } from '../../adapters/sdk';
import { anyTierEarns, orderCommission, type Beneficiary, type CommissionLineShare, type CommissionShare, type Level, type RewardKind } from '../domain/commission';
import type { Stage } from '../../members/domain/ladder';
import { getCommissionConfig, txCommissionConfig } from './commissionConfig';
import { accounts, applyJournal, foldEntries, pendingOf, REFERRAL_POINTS_KIND, reverseIfPending } from '../../ledger/journal';
import { getSettings } from '../../store/services/settings';
import type { OrderDoc } from '../../orders/services/orders';
import { commissionableLines } from '../../orders/services/payTerms';
import { bindAtPayment, effectiveStage, type ReferralUser } from './referral';
import { txGet } from '../../shared/tx';
import { portion } from '../../orders/domain/afterSale';
import { RECEIPT } from '../../orders/domain/lifecycle';
import type { RefundPart } from '../../orders/services/partEffects';
import { walk, type WalkResult } from '../../shared/walk';
import { peopleOf } from '../../shared/lookups';

/**
 * Commission money moves between four journal accounts per partner (see DECISIONS.md):
 *   commission_frozen:<o>       credited at payment (appended pending: a partner's whole team may
 *                               pay at once; folded into the balance later, see journal.ts);
 *                               until the order is completed, then frozen through the refund window
 *   commission:<o>              available: thawed by the cron; withdrawals leave from here; a
 *                               refund after the thaw takes it back here and may make it negative
 *   commission_withdrawing:<o>  requested, waiting for the owner
 *   commission_paid:<o>         paid out (the owner recorded the payout reference)
 * Each credit also has a `commissions/<orderId>-<level>` document (beneficiary, tier, base,
 * lines, status frozen → available | reversed), and the order snapshots its shares at payment.
 *
 * A tier rewarded in points (members, seed 002) gets its share as points instead: credited at
 * payment to `points:<o>` as a pending `referral_points` entry (ledger/journal.ts), the document's
 * status `credited` (spendable once folded; no freeze, like points earned on one's own order),
 * reversed by a refund exactly once like cash — the balance may then go negative.
 */
export const commissionAccounts = {
  frozen: (openid: string) => `commission_frozen:${openid}`,
  available: (openid: string) => `commission:${openid}`,
  withdrawing: (openid: string) => `commission_withdrawing:${openid}`,
  paid: (openid: string) => `commission_paid:${openid}`,
};

const DAY_MS = 24 * 3600 * 1000;

export type CommissionDocStatus = 'frozen' | 'available' | 'credited' | 'reversed';

export interface CommissionDoc {
  _id: string;
  orderId: string;
  buyerOpenid: string;
  buyerNickname: string;
  beneficiaryOpenid: string;
  level: Level;
  stage: Stage;
  baseFen: number;
  amountFen: number;
  lines: CommissionLineShare[];
  status: CommissionDocStatus;
  createdAtMs: number;
  thawedAtMs: number | null;
  reversedAtMs: number | null;
  reversedFrom: 'frozen' | 'available' | 'credited' | null;
  /** Absent on documents made before reward kinds: cash. */
  reward?: RewardKind;
  /** Points credited (points rewards). */
  points?: number;
  /** The beneficiary's rate then (null: a fixed amount per unit). */
  rateBps?: number | null;
  /** Cash: the refund window it thaws after, fixed when it was credited (absent on older documents). */
  refundWindowDays?: number | null;
  /** Taken back so far by after-sales refunds (partial reversals): fen of cash, points of a points reward. */
  reversedFen?: number;
  reversedPoints?: number;
}

/** What the order keeps of its commission: who, at which tier, how much — fixed at payment. */
export interface OrderCommission {
  status: CommissionDocStatus;
  totalFen: number;
  shares: { level: Level; openid: string; stage: Stage; amountFen: number; reward?: RewardKind; points?: number }[];
  snapshotAtMs: number;
  /** The refund window it thaws after, fixed when it is credited (orders/services/complete.ts sets commissionThawAtMs from it). */
  refundWindowDays?: number;
}

export type CommissionOrder = OrderDoc & { commission?: OrderCommission | null; completedAtMs?: number | null; commissionThawAtMs?: number | null };

/**
 * Real sales pay commission: goods orders, and group-buy orders whose campaign switched it on
 * (the switch is snapshotted on the order as `group.commission` when the seat is taken; a group
 * order takes its paid effects (orders/services/effects.ts) only once its group has succeeded). Top-ups never do.
 */
function paysCommission(order: OrderDoc): boolean {
  const o = order as { kind: string; group?: { commission?: boolean } | null };
  if (o.kind === 'group') return o.group?.commission === true;
  return o.kind === 'goods';
}

export function commissionIdFor(orderId: string, level: Level): string {
  return `${orderId}-${level}`;
}

/** Level 1 is the buyer's referrer; level 2 is read from the referrer's own document (exact). */
async function beneficiariesOf(tx: Transaction, buyer: ReferralUser, nowMs: number): Promise<(Beneficiary | null)[]> {
  const parent = buyer.referrerOpenid ? await txGet<ReferralUser>(tx, 'users', buyer.referrerOpenid) : null;
  const grand = parent?.referrerOpenid ? await txGet<ReferralUser>(tx, 'users', parent.referrerOpenid) : null;
  return [parent, grand].map((u) => (u ? { openid: u._id, stage: effectiveStage(u, nowMs) } : null));
}

const isPoints = (share: { reward?: RewardKind }) => share.reward === 'points';

async function creditShare(tx: Transaction, order: OrderDoc, buyer: ReferralUser, share: CommissionShare, refundWindowDays: number, nowMs: number): Promise<void> {
  const id = commissionIdFor(order._id, share.level);
  const doc: CommissionDoc = {
    _id: id, orderId: order._id, buyerOpenid: order.openid, buyerNickname: buyer.nickname, beneficiaryOpenid: share.openid, level: share.level, stage: share.stage,
    baseFen: share.baseFen, amountFen: share.amountFen, lines: share.lines, status: isPoints(share) ? 'credited' : 'frozen', createdAtMs: nowMs, thawedAtMs: null, reversedAtMs: null, reversedFrom: null,
    reward: share.reward ?? 'cash', points: share.points ?? 0, rateBps: share.rateBps ?? null, refundWindowDays: isPoints(share) ? null : refundWindowDays,
  };
  // The order's compare-and-set guards both writes: no read before either insert.
  await tx.collection('commissions').add({ data: doc as unknown as Record<string, unknown> });
  // Both kinds are appended pending: a beneficiary's whole team may pay at once.
  const entry = isPoints(share)
    ? { account: accounts.points(share.openid), amount: share.points ?? 0, kind: REFERRAL_POINTS_KIND }
    : { account: commissionAccounts.frozen(share.openid), amount: share.amountFen, kind: 'commission_credit' };
  await applyJournal(tx, { key: `cm-${id}`, ...entry, ref: order._id, keyIsNew: true }, nowMs);
}

/** The shares when the order's planned ones do not apply: read now, in the payment's transaction. */
async function sharesAtPayment(tx: Transaction, order: OrderDoc, buyer: ReferralUser, nowMs: number): Promise<CommissionShare[]> {
  const config = await txCommissionConfig(tx);
  if (!anyTierEarns(config)) return [];
  const { pointsRule } = await getSettings();
  return orderCommission(config, await commissionableLines(order), await beneficiariesOf(tx, buyer, nowMs), pointsRule.fenPerPoint);
}

/** A first code remembered for the first paid order (first_paid_order mode) is decided now, if anyone can earn. */
async function decidePendingCode(tx: Transaction, buyer: ReferralUser, nowMs: number): Promise<ReferralUser> {
  if (!buyer.pendingReferral) return buyer;
  const config = await txCommissionConfig(tx);
  // Before the owner has set up commission nobody can earn: the first code stays unused.
  if (!anyTierEarns(config)) return buyer;
  return bindAtPayment(tx, buyer, config, nowMs);
}

/**
 * Runs inside the transaction that marks a goods order paid (the commission effect, orders/services/effects.ts), so it runs
 * exactly once per order: decides a remembered first code, credits each share — planned when the
 * order was created (orders/services/payTerms.ts), or read now if the buyer's referrer changed since —
 * to the beneficiary's frozen account, and returns the snapshot the caller writes on the order.
 */
export async function applyCommission(tx: Transaction, order: OrderDoc, buyerAtStart: ReferralUser, nowMs: number): Promise<OrderCommission | null> {
  if (order.kind === 'topup') return null;
  // The bond is about the customer: any first paid order binds, even one that pays no commission.
  const buyer = await decidePendingCode(tx, buyerAtStart, nowMs);
  if (!buyer.referrerOpenid || !paysCommission(order) || order.payableFen <= 0) return null;
  const planned = order.payTerms?.commission;
  const usePlanned = planned && planned.referrerOpenid === buyer.referrerOpenid;
  const shares = usePlanned ? planned.shares : await sharesAtPayment(tx, order, buyer, nowMs);
  if (shares.length === 0) return null;
  // The window this commission thaws after is the one in force when it was planned (or credited).
  const refundWindowDays = (usePlanned ? planned.refundWindowDays : undefined) ?? (await txCommissionConfig(tx)).refundWindowDays;
  for (const share of shares) await creditShare(tx, order, buyer, share, refundWindowDays, nowMs);
  return {
    status: 'frozen', totalFen: shares.reduce((s, x) => s + x.amountFen, 0), snapshotAtMs: nowMs, refundWindowDays,
    shares: shares.map((s) => ({ level: s.level, openid: s.openid, stage: s.stage, amountFen: s.amountFen, reward: s.reward ?? 'cash', points: s.points ?? 0 })),
  };
}

/** Where a commission document's credit sits now, and the key of the entry that put it there. */
function creditOf(doc: CommissionDoc): { account: string; key: string; amount: number; kind: string } {
  const id = doc._id;
  if (doc.status === 'credited') return { account: accounts.points(doc.beneficiaryOpenid), key: `cm-${id}`, amount: doc.points ?? 0, kind: 'commission_reverse' };
  if (doc.status === 'frozen') return { account: commissionAccounts.frozen(doc.beneficiaryOpenid), key: `cm-${id}`, amount: doc.amountFen, kind: 'commission_reverse' };
  return { account: commissionAccounts.available(doc.beneficiaryOpenid), key: `cm-thaw-in-${id}`, amount: doc.amountFen, kind: 'commission_reverse' };
}

/**
 * A refund takes the order's commission back, in the refund's transaction (from refundOrder's
 * reversal): from the frozen account before the thaw, from the available account after it —
 * which may go negative if it was withdrawn; later earnings repay it.
 */
export async function reverseCommission(tx: Transaction, order: OrderDoc, nowMs: number): Promise<void> {
  const snap = (order as CommissionOrder).commission;
  if (!snap || snap.status === 'reversed') return;
  for (const share of snap.shares) {
    const id = commissionIdFor(order._id, share.level);
    const doc = await txGet<CommissionDoc>(tx, 'commissions', id);
    if (!doc || doc.status === 'reversed') continue;
    const credit = creditOf(doc);
    const reversal = { key: `cm-rev-${id}`, account: credit.account, amount: -credit.amount, kind: credit.kind, ref: order._id, allowNegative: doc.status !== 'frozen' };
    // A credit still pending is settled against its reversal without touching the beneficiary's
    // balance document (the lock a whole team's payments and refunds would wait for). Otherwise
    // the credit is folded first (if the cron has not yet), so the document never goes below what
    // it holds, and the reversal debits it; only a refund after a withdrawal (or after the points
    // were spent) may go negative.
    if (!(await reverseIfPending(tx, credit.key, reversal, nowMs))) {
      await foldEntries(tx, credit.account, [credit.key], nowMs);
      await applyJournal(tx, reversal, nowMs);
    }
    await tx.collection('commissions').doc(id).update({ data: { status: 'reversed', reversedAtMs: nowMs, reversedFrom: doc.status } });
  }
  await tx.collection('orders').doc(order._id).update({ data: { commission: { status: 'reversed' } } });
}

/**
 * An after-sales refund takes back each share in proportion to the commission base it refunds
 * (orders/domain/afterSale.ts: cumulative floors; the refund that takes the rest of the order
 * takes the rest of each share and marks it reversed). The credit is folded first if the cron
 * has not yet, then debited with a key naming the request, so each request reverses once.
 */
export async function reverseCommissionPart(tx: Transaction, order: OrderDoc, part: RefundPart, nowMs: number): Promise<void> {
  const snap = (order as CommissionOrder).commission;
  if (!snap || snap.status === 'reversed') return;
  const after = part.final ? part.base.wholeFen : part.base.afterFen;
  for (const share of snap.shares) {
    const id = commissionIdFor(order._id, share.level);
    const doc = await txGet<CommissionDoc>(tx, 'commissions', id);
    if (!doc || doc.status === 'reversed') continue;
    const credit = creditOf(doc);
    const whole = doc.status === 'credited' ? doc.points ?? 0 : doc.amountFen;
    const amount = portion(whole, part.base.beforeFen, after, part.base.wholeFen);
    if (amount > 0) {
      await foldEntries(tx, credit.account, [credit.key], nowMs);
      await applyJournal(tx, { key: `cm-prev-${id}-${part.id}`, account: credit.account, amount: -amount, kind: credit.kind, ref: order._id, allowNegative: doc.status !== 'frozen' }, nowMs);
    }
    const data: Record<string, unknown> = doc.status === 'credited' ? { reversedPoints: (doc.reversedPoints ?? 0) + amount } : { reversedFen: (doc.reversedFen ?? 0) + amount };
    if (part.final) Object.assign(data, { status: 'reversed', reversedAtMs: nowMs, reversedFrom: doc.status });
    await tx.collection('commissions').doc(id).update({ data });
  }
  if (part.final) await tx.collection('orders').doc(order._id).update({ data: { commission: { status: 'reversed' } } });
}

/** When a received order's commission may thaw: the time its receipt fixed, else (older orders) completion + today's window. */
function thawAtMsOf(order: CommissionOrder, windowDaysNow: number): number {
  return order.commissionThawAtMs ?? (order.receivedAtMs ?? order.completedAtMs ?? Infinity) + windowDaysNow * DAY_MS;
}

/** Moves one completed order's commission from frozen to available once its refund window has passed. */
async function thawOrder(orderId: string, windowDaysNow: number, nowMs: number): Promise<number> {
  return runTx(async (tx) => {
    const order = await txGet<CommissionOrder>(tx, 'orders', orderId);
    if (!order || !RECEIPT.includes(order.status) || order.commission?.status !== 'frozen' || thawAtMsOf(order, windowDaysNow) > nowMs) return 0;
    // An after-sales request still waiting for the owner keeps it frozen until it is decided.
    if (order.afterSaleOpen) return 0;
    let thawed = 0;
    for (const share of order.commission.shares) {
      const id = commissionIdFor(orderId, share.level);
      const doc = await txGet<CommissionDoc>(tx, 'commissions', id);
      if (!doc || doc.status !== 'frozen') continue;
      await foldEntries(tx, commissionAccounts.frozen(doc.beneficiaryOpenid), [`cm-${id}`], nowMs);
      // What after-sales refunds left of it (orders/domain/afterSale.ts).
      const leftFen = doc.amountFen - (doc.reversedFen ?? 0);
      await applyJournal(tx, { key: `cm-thaw-out-${id}`, account: commissionAccounts.frozen(doc.beneficiaryOpenid), amount: -leftFen, kind: 'commission_thaw', ref: orderId }, nowMs);
      await applyJournal(tx, { key: `cm-thaw-in-${id}`, account: commissionAccounts.available(doc.beneficiaryOpenid), amount: leftFen, kind: 'commission_thaw', ref: orderId }, nowMs);
      await tx.collection('commissions').doc(id).update({ data: { status: 'available', thawedAtMs: nowMs } });
      thawed += 1;
    }
    await tx.collection('orders').doc(orderId).update({ data: { commission: { status: 'available' } } });
    return thawed;
  });
}

/**
 * cron: thaws the commission of completed orders whose refund window — the one snapshotted when
 * the commission was credited — has passed. Compare-and-set per order; walks with a cursor, each
 * order on its own (shared/walk.ts). Orders completed before the snapshot existed use today's window.
 */
export async function thawCommissions(nowMs: number): Promise<WalkResult> {
  const windowDaysNow = (await getCommissionConfig()).refundWindowDays;
  const _ = db().command;
  const due = await walk('commissionsThawed', (after, limit) => db().collection('orders')
    .where({ 'commission.status': 'frozen', status: _.in([...RECEIPT]), commissionThawAtMs: _.lte(nowMs), _id: _.gt(after) }).orderBy('_id', 'asc').limit(limit).get(),
    (o) => thawOrder(o._id, windowDaysNow, nowMs));
  const legacy = await walk('commissionsThawedLegacy', (after, limit) => db().collection('orders')
    .where({ 'commission.status': 'frozen', status: 'COMPLETED', commissionThawAtMs: _.exists(false), completedAtMs: _.lte(nowMs - windowDaysNow * DAY_MS), _id: _.gt(after) }).orderBy('_id', 'asc').limit(limit).get(),
    (o) => thawOrder(o._id, windowDaysNow, nowMs));
  return { done: due.done + legacy.done, failed: due.failed + legacy.failed };
}

// ---------------------------------------------------------------- reads

/** Balances as the partner sees them: the balance documents plus credits not yet folded (incoming at once). */
export async function partnerBalances(openid: string): Promise<PartnerBalances> {
  const _ = db().command;
  const ids = [commissionAccounts.frozen(openid), commissionAccounts.available(openid), commissionAccounts.withdrawing(openid), commissionAccounts.paid(openid)];
  const { data } = await db().collection('balances').where({ _id: _.in(ids) }).limit(4).get();
  const pending = await pendingOf(ids.slice(0, 2));
  const of = (id: string) => Number(data.find((d) => d._id === id)?.balance ?? 0) + (pending.get(id) ?? 0);
  return { frozenFen: of(ids[0]), availableFen: of(ids[1]), withdrawingFen: of(ids[2]), paidOutFen: of(ids[3]) };
}

interface EntryOrder {
  status?: string;
  completedAtMs?: number | null;
  receivedAtMs?: number | null;
  /** When the commission may thaw, fixed at completion from the window snapshotted at crediting (orders/services/complete.ts). */
  commissionThawAtMs?: number | null;
  commission?: { refundWindowDays?: number } | null;
}

/** The refund window that applies to a commission: its own snapshot, its order's, else today's setting. */
function windowDaysOf(doc: CommissionDoc, order: EntryOrder | undefined, configDays: number): number {
  return doc.refundWindowDays ?? order?.commission?.refundWindowDays ?? configDays;
}

/** Old documents kept no rate. */
function rateOf(doc: CommissionDoc): number | null {
  if (doc.rateBps !== undefined) return doc.rateBps;
  return null;
}

function toEntry(doc: CommissionDoc, order: EntryOrder | undefined, configDays: number, avatar: string | null): CommissionEntry & { buyerOpenid: string } {
  const refundWindowDays = windowDaysOf(doc, order, configDays);
  // Receipt (收货 or 自提, or the owner's 完成) starts the refund window; before it, 待确认收货.
  const completedAtMs = order?.status !== undefined && RECEIPT.includes(order.status as never) ? order.receivedAtMs ?? order.completedAtMs ?? null : null;
  const frozenStatus = completedAtMs === null ? 'pending' : 'frozen';
  const thawAtMs = doc.status === 'available' ? doc.thawedAtMs : completedAtMs === null ? null : order?.commissionThawAtMs ?? completedAtMs + refundWindowDays * DAY_MS;
  const cash = (doc.reward ?? 'cash') === 'cash';
  return {
    _id: doc._id, orderId: doc.orderId, level: doc.level, buyerOpenid: doc.buyerOpenid, buyerNickname: doc.buyerNickname, lines: doc.lines, baseFen: doc.baseFen, amountFen: doc.amountFen,
    status: doc.status === 'frozen' ? frozenStatus : doc.status, createdAtMs: doc.createdAtMs, thawAtMs: doc.status === 'reversed' || !cash ? null : thawAtMs,
    reward: doc.reward ?? 'cash', points: doc.points ?? 0, rateBps: rateOf(doc), refundWindowDays: cash ? refundWindowDays : null, buyerAvatar: avatar,
  };
}

/** A partner's commission entries, newest first; frozen ones say whether the order is completed yet. */
export async function listEarnings(openid: string, status: CommissionDocStatus | undefined, limit: number): Promise<(CommissionEntry & { buyerOpenid: string })[]> {
  const cond: Record<string, unknown> = { beneficiaryOpenid: openid };
  if (status) cond.status = status;
  const docs = (await db().collection('commissions').where(cond).orderBy('createdAtMs', 'desc').limit(limit).get()).data as unknown as CommissionDoc[];
  const frozenOrderIds = [...new Set(docs.filter((d) => d.status === 'frozen').map((d) => d.orderId))];
  const orders = new Map<string, EntryOrder>();
  if (frozenOrderIds.length > 0) {
    const _ = db().command;
    const { data } = await db().collection('orders').where({ _id: _.in(frozenOrderIds) }).field({ status: true, completedAtMs: true, receivedAtMs: true, commissionThawAtMs: true, commission: true }).limit(frozenOrderIds.length).get();
    for (const o of data) orders.set(o._id, o as EntryOrder);
  }
  const { refundWindowDays } = await getCommissionConfig();
  const people = await peopleOf(docs.map((d) => d.buyerOpenid));
  return docs.map((d) => toEntry(d, orders.get(d.orderId), refundWindowDays, people.get(d.buyerOpenid)?.avatar ?? null));
}
