import type { Stage } from '../../members/domain/ladder';

/**
 * The facts analytics is built from: abstract events, independent of today's document shapes.
 * Each carries the id of its source record (a journal entry, an order's status change, a visit
 * record), so a fold that repeats an event changes nothing. The mapping we expect from documents
 * is in docs/DECISIONS.md ("Analytics").
 */

/** How a newcomer first arrived: a partner's code or poster, a group-buy share, a campaign, or none. */
export type Channel = 'direct' | 'code' | 'poster' | 'groupbuy' | 'campaign';
export const CHANNELS: readonly Channel[] = ['direct', 'code', 'poster', 'groupbuy', 'campaign'];

/** Seed 003's newcomer grades (see grades.ts for the rules). */
export type Grade = 'A' | 'B' | 'C' | 'D' | 'E';
export const GRADES: readonly Grade[] = ['A', 'B', 'C', 'D', 'E'];

/** A shopper's behaviour records: a product page viewed, an add-to-cart, a group joined, a visit. */
export type EngagementAction = 'view' | 'cart' | 'group_join' | 'visit';

/** Commission as the partner center shows it: frozen, available, being withdrawn, paid out. */
export type CommissionStatus = 'frozen' | 'available' | 'withdrawing' | 'paid';
export const COMMISSION_STATUSES: readonly CommissionStatus[] = ['frozen', 'available', 'withdrawing', 'paid'];

/** How an amount was paid (or goes back): WeChat Pay, and stored value's principal and bonus. */
export interface MoneySplit {
  wxpayFen: number;
  principalFen: number;
  bonusFen: number;
}

export interface EventLine {
  productId: string;
  qty: number;
}

interface Base {
  /** The source record's idempotency key: the same id is applied once. */
  id: string;
  atMs: number;
}

export type AnalyticsEvent =
  /** `staff`: the store's own people (the owner): their money counts, they are never counted as customers. */
  | (Base & { kind: 'arrived'; customerId: string; channel: Channel; partnerId: string | null; staff?: boolean })
  | (Base & { kind: 'engaged'; customerId: string; action: EngagementAction })
  | (Base & { kind: 'opted_out'; customerId: string })
  | (Base & { kind: 'order_paid'; customerId: string; orderId: string; orderKind: 'goods' | 'group'; lines: EventLine[]; paid: MoneySplit })
  | (Base & { kind: 'order_refunded'; customerId: string; orderId: string; lines: EventLine[]; refunded: MoneySplit })
  | (Base & { kind: 'topped_up'; customerId: string; wxpayFen: number; principalFen: number; bonusFen: number })
  | (Base & { kind: 'stored_value_refunded'; customerId: string; principalFen: number; bonusForfeitedFen: number })
  /** `referralOf`: the order whose buyer this member brought (a referral reward in points, or its reversal); the fold reads only the points. */
  | (Base & { kind: 'points_posted'; customerId: string; points: number; referralOf?: string })
  | (Base & { kind: 'commission_moved'; ref: string; partnerId: string; amountFen: number; from: CommissionStatus | null; to: CommissionStatus | null })
  | (Base & { kind: 'stage_moved'; customerId: string; from: Stage; to: Stage })
  | (Base & { kind: 'grade_overridden'; customerId: string; grade: Grade | null });

export type EventKind = AnalyticsEvent['kind'];

/** Why an event was refused. A refused event changes nothing and is not marked as applied. */
export type RejectCode =
  | 'INVALID_EVENT'
  | 'UNKNOWN_CUSTOMER'
  | 'ALREADY_ARRIVED'
  | 'DUPLICATE_ORDER'
  | 'UNKNOWN_ORDER'
  | 'OVER_REFUND'
  | 'STAGE_MISMATCH';

export interface Rejection {
  code: RejectCode;
  message: string;
}

export function moneyTotal(m: MoneySplit): number {
  return m.wxpayFen + m.principalFen + m.bonusFen;
}

export function unitsOf(lines: readonly EventLine[]): number {
  return lines.reduce((s, l) => s + l.qty, 0);
}

const STAGE_SET = new Set<string>(['fan', 'customer', 'member', 'partner']);
const ACTIONS = new Set<string>(['view', 'cart', 'group_join', 'visit']);
const STATUS_SET = new Set<string>(COMMISSION_STATUSES);

const isFen = (n: unknown): boolean => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const isId = (s: unknown): boolean => typeof s === 'string' && s.length > 0 && s.length <= 128;
const isMoney = (m: MoneySplit): boolean => isFen(m.wxpayFen) && isFen(m.principalFen) && isFen(m.bonusFen);
const isLines = (lines: EventLine[]): boolean =>
  Array.isArray(lines) && lines.every((l) => isId(l.productId) && Number.isSafeInteger(l.qty) && l.qty > 0);

/** What is wrong with the event's own fields, or null. Checks against the rollups come later. */
function fieldProblem(e: AnalyticsEvent): string | null {
  switch (e.kind) {
    case 'arrived':
      return CHANNELS.includes(e.channel) && (e.partnerId === null || isId(e.partnerId)) && (e.staff === undefined || typeof e.staff === 'boolean') ? null : 'channel, partner or staff';
    case 'engaged':
      return ACTIONS.has(e.action) ? null : 'action';
    case 'opted_out':
      return null;
    case 'order_paid':
      return isId(e.orderId) && isLines(e.lines) && e.lines.length > 0 && isMoney(e.paid) && (e.orderKind === 'goods' || e.orderKind === 'group') ? null : 'order';
    case 'order_refunded':
      return isId(e.orderId) && isLines(e.lines) && isMoney(e.refunded) && (e.lines.length > 0 || moneyTotal(e.refunded) > 0) ? null : 'refund';
    case 'topped_up':
      return isFen(e.wxpayFen) && isFen(e.principalFen) && isFen(e.bonusFen) && e.principalFen > 0 ? null : 'top-up amounts';
    case 'stored_value_refunded':
      return isFen(e.principalFen) && isFen(e.bonusForfeitedFen) ? null : 'stored value refund amounts';
    case 'points_posted':
      return Number.isSafeInteger(e.points) && e.points !== 0 ? null : 'points';
    case 'commission_moved':
      return isId(e.ref) && isId(e.partnerId) && isFen(e.amountFen) && e.amountFen > 0 && e.from !== e.to && (e.from === null || STATUS_SET.has(e.from)) && (e.to === null || STATUS_SET.has(e.to)) ? null : 'commission move';
    case 'stage_moved':
      return STAGE_SET.has(e.from) && STAGE_SET.has(e.to) && e.from !== e.to ? null : 'stage move';
    case 'grade_overridden':
      return e.grade === null || GRADES.includes(e.grade) ? null : 'grade';
    default:
      return 'kind';
  }
}

export function validateEvent(e: AnalyticsEvent): Rejection | null {
  if (!e || typeof e !== 'object') return { code: 'INVALID_EVENT', message: 'not an event' };
  if (!isId(e.id) || !Number.isSafeInteger(e.atMs) || e.atMs < 0) return { code: 'INVALID_EVENT', message: 'id or atMs' };
  if (e.kind !== 'commission_moved' && !isId(e.customerId)) return { code: 'INVALID_EVENT', message: 'customerId' };
  const problem = fieldProblem(e);
  return problem === null ? null : { code: 'INVALID_EVENT', message: `${e.kind}: bad ${problem}` };
}
