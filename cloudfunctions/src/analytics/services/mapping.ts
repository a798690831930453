import type { Stage } from '../../members/domain/ladder';
import { splitRefund } from '../../members/domain/wallet';
import type { AnalyticsEvent, Channel, CommissionStatus, EventLine, MoneySplit } from '../domain/events';
import type { BehaviourDoc, StageMoveDoc } from './records';

/**
 * From the store's documents to analytics events (docs/DECISIONS.md, "Analytics"): pure, so the
 * fold and the rebuild map alike and tests can check each rule on its own. Every event carries
 * its source record's id; its time is the record's own, immutable time.
 *
 *   users (createdAtMs)        → arrived (+ a legacy user's stage before its records began)
 *   journal (createdAtMs)      → order_paid / order_refunded (store:sales), topped_up,
 *                                stored_value_refunded, points_posted, commission_moved
 *   stage_moves (atMs)         → stage_moved
 *   behaviour (atMs)           → engaged / opted_out
 *   grade_overrides (atMs)     → grade_overridden
 */
export type SourceName = 'users' | 'journal' | 'stage_moves' | 'behaviour' | 'grade_overrides';
/** Within one millisecond: arrivals first, then money, moves, behaviour, the owner's overrides. */
export const SOURCE_RANK: Record<SourceName, number> = { users: 0, journal: 1, stage_moves: 2, behaviour: 3, grade_overrides: 4 };

/** A newcomer's code counts as how they arrived if it was seen this soon after their first visit. */
export const ARRIVAL_WINDOW_MS = 30_000;

export interface UserSource {
  _id: string;
  createdAtMs: number;
  stage: Stage;
  arrivedVia?: { channel: Channel; referrerOpenid: string; atMs: number } | null;
  bindChannel?: Channel | null;
  referrerOpenid?: string | null;
  boundAtMs?: number | null;
}

export interface JournalSource {
  _id: string;
  account: string;
  amount: number;
  kind: string;
  ref: string;
  createdAtMs: number;
}

export interface OrderSource {
  _id: string;
  openid: string;
  kind: 'goods' | 'group' | 'topup';
  lines: { productId: string; qty: number }[];
  payableFen: number;
  payMethod: 'wxpay' | 'balance' | 'points' | null;
  balanceSplit: { principalFen: number; bonusFen: number } | null;
  topUp?: { principalFen: number; bonusFen: number } | null;
}

export interface OverrideSource {
  _id: string;
  openid: string;
  grade: 'A' | 'B' | 'C' | 'D' | 'E' | null;
  atMs: number;
}

/** How the user arrived: the first code seen within the arrival window, else direct. */
export function arrivalOf(u: UserSource): { channel: Channel; partnerId: string | null } {
  const within = (atMs: number | null | undefined) => typeof atMs === 'number' && atMs <= u.createdAtMs + ARRIVAL_WINDOW_MS;
  if (u.arrivedVia && within(u.arrivedVia.atMs)) return { channel: u.arrivedVia.channel, partnerId: u.arrivedVia.referrerOpenid };
  // Users bound before arrivedVia was recorded.
  if (!u.arrivedVia && u.bindChannel && u.referrerOpenid && within(u.boundAtMs)) return { channel: u.bindChannel, partnerId: u.referrerOpenid };
  return { channel: 'direct', partnerId: null };
}

/**
 * A user's arrival. `firstMoveFrom` is the `from` of their earliest stage-move record (null: none);
 * a user who was not a fan before their records began (a store older than the records, a seeded
 * demo user) is moved from fan to that stage at arrival, so head-counts match the users.
 */
export function eventsOfUser(u: UserSource, staff: boolean, firstMoveFrom: Stage | null): AnalyticsEvent[] {
  const { channel, partnerId } = arrivalOf(u);
  const arrived: AnalyticsEvent = { kind: 'arrived', id: `arr-${u._id}`, atMs: u.createdAtMs, customerId: u._id, channel, partnerId, ...(staff ? { staff: true } : {}) };
  const baseline = firstMoveFrom ?? u.stage;
  if (baseline === 'fan') return [arrived];
  return [arrived, { kind: 'stage_moved', id: `base-${u._id}`, atMs: u.createdAtMs, customerId: u._id, from: 'fan', to: baseline }];
}

export function eventOfStageMove(m: StageMoveDoc): AnalyticsEvent {
  return { kind: 'stage_moved', id: `sm-${m._id}`, atMs: m.atMs, customerId: m.openid, from: m.from, to: m.to };
}

export function eventOfBehaviour(b: BehaviourDoc): AnalyticsEvent {
  const id = `bh-${b._id}`;
  if (b.action === 'opt_out') return { kind: 'opted_out', id, atMs: b.atMs, customerId: b.openid };
  return { kind: 'engaged', id, atMs: b.atMs, customerId: b.openid, action: b.action };
}

export function eventOfOverride(o: OverrideSource): AnalyticsEvent {
  return { kind: 'grade_overridden', id: `go-${o._id}`, atMs: o.atMs, customerId: o.openid, grade: o.grade };
}

const ownerOf = (account: string): string => account.slice(account.indexOf(':') + 1);
const linesOf = (o: OrderSource): EventLine[] => o.lines.map((l) => ({ productId: l.productId, qty: l.qty }));

/** What an order's payment took each way. */
export function paidSplit(o: OrderSource): MoneySplit {
  if (o.payMethod === 'balance' && o.balanceSplit) return { wxpayFen: 0, principalFen: o.balanceSplit.principalFen, bonusFen: o.balanceSplit.bonusFen };
  return { wxpayFen: o.payableFen, principalFen: 0, bonusFen: 0 };
}

/** A refund of `amountFen` goes back the way the order was paid (stored value in proportion, members/domain/wallet). */
export function refundSplit(o: OrderSource, amountFen: number): MoneySplit {
  const paid = paidSplit(o);
  if (paid.wxpayFen > 0 || amountFen >= paid.principalFen + paid.bonusFen) {
    return paid.wxpayFen > 0 ? { wxpayFen: amountFen, principalFen: 0, bonusFen: 0 } : paid;
  }
  const back = splitRefund({ principalFen: paid.principalFen, bonusFen: paid.bonusFen }, amountFen);
  return back.ok ? { wxpayFen: 0, principalFen: back.principalFen, bonusFen: back.bonusFen } : { wxpayFen: 0, principalFen: amountFen, bonusFen: 0 };
}

export interface JournalContext {
  order(id: string): OrderSource | undefined;
  entry(id: string): JournalSource | undefined;
}

type Move = [CommissionStatus | null, CommissionStatus | null];

/** Each commission movement is two entries (out of one account, into another): one of them names it. */
function commissionMove(e: JournalSource): Move | null {
  const frozen = e.account.startsWith('commission_frozen:');
  const available = e.account.startsWith('commission:');
  if (e.kind === 'commission_credit' && frozen) return [null, 'frozen'];
  if (e.kind === 'commission_thaw' && available) return ['frozen', 'available'];
  if (e.kind === 'commission_reverse') return frozen ? ['frozen', null] : available ? ['available', null] : null;
  if (e.kind === 'withdraw_request' && e.account.startsWith('commission_withdrawing:')) return ['available', 'withdrawing'];
  if (e.kind === 'withdraw_paid' && e.account.startsWith('commission_paid:')) return ['withdrawing', 'paid'];
  if (e.kind === 'withdraw_reject' && available) return ['withdrawing', 'available'];
  return null;
}

function salesEvent(e: JournalSource, o: OrderSource): AnalyticsEvent | null {
  if (o.kind === 'topup') return null;
  if (e.kind === 'sale') {
    return { kind: 'order_paid', id: e._id, atMs: e.createdAtMs, customerId: o.openid, orderId: o._id, orderKind: o.kind, lines: linesOf(o), paid: paidSplit(o) };
  }
  const amountFen = -e.amount;
  if (e.kind !== 'sale_reversal' || amountFen <= 0) return null;
  // A whole refund returns every unit; a part refund (money only) returns none the journal can name.
  const lines = amountFen >= o.payableFen ? linesOf(o) : [];
  return { kind: 'order_refunded', id: e._id, atMs: e.createdAtMs, customerId: o.openid, orderId: o._id, lines, refunded: refundSplit(o, amountFen) };
}

/** The events one journal entry stands for: none for the second half of a pair (its sibling names it). */
export function eventsOfJournal(e: JournalSource, ctx: JournalContext): AnalyticsEvent[] {
  const base = { id: e._id, atMs: e.createdAtMs };
  if (e.account === 'store:sales') {
    const o = ctx.order(e.ref);
    const ev = o ? salesEvent(e, o) : null;
    return ev ? [ev] : [];
  }
  if (e.account.startsWith('points:')) return e.amount === 0 ? [] : [{ ...base, kind: 'points_posted', customerId: ownerOf(e.account), points: e.amount }];
  if (e.account.startsWith('sv_principal:') && e.kind === 'topup_principal') {
    const o = ctx.order(e.ref);
    return [{ ...base, kind: 'topped_up', customerId: ownerOf(e.account), wxpayFen: o?.payableFen ?? e.amount, principalFen: e.amount, bonusFen: o?.topUp?.bonusFen ?? 0 }];
  }
  if (e.account.startsWith('sv_principal:') && e.kind === 'owner_refund') {
    const bonus = ctx.entry(e._id.replace(/-p$/, '-b'));
    return [{ ...base, kind: 'stored_value_refunded', customerId: ownerOf(e.account), principalFen: -e.amount, bonusForfeitedFen: bonus ? -bonus.amount : 0 }];
  }
  const move = commissionMove(e);
  if (move && e.amount !== 0) return [{ ...base, kind: 'commission_moved', ref: e.ref, partnerId: ownerOf(e.account), amountFen: Math.abs(e.amount), from: move[0], to: move[1] }];
  return [];
}

/** Journal entries whose mapping reads an order (sales and top-ups). */
export function orderRefOf(e: JournalSource): string | null {
  if (e.account === 'store:sales' || (e.account.startsWith('sv_principal:') && e.kind === 'topup_principal')) return e.ref;
  return null;
}

/** Journal entries whose mapping reads a sibling entry (the bonus forfeited with a principal refund). */
export function siblingOf(e: JournalSource): string | null {
  return e.account.startsWith('sv_principal:') && e.kind === 'owner_refund' ? e._id.replace(/-p$/, '-b') : null;
}
