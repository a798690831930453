import { bucketShare, newCustomer, purchaseOf, refundProblem, summarize, withRefund, type CustomerRollup, type PurchaseRecord } from './customer';
import { dayNoOf } from './day';
import { validateEvent, type AnalyticsEvent, type Grade, type RejectCode, type Rejection } from './events';
import { addFlow, compareMoves, flowOfMove } from './funnel';
import { laterOverride, withEngagement, withOptOut, withPayment } from './grades';
import { bucketIndex, type PurchaseBucket } from './repeat';
import { copyDoc, emptyDay, MAX_MOVES_PER_DAY, type DayRollup, type StoreRollup } from './rollups';

/**
 * Folding one event into the rollups it touches. The caller (the fold, or the in-memory set in
 * rollupSet.ts) reads the documents named by `customerIdOf` and `daysNeeded`, plus whether the
 * event id was already applied, calls `applyEvent`, and on `applied` writes back the returned
 * documents together with the event id's marker, in one transaction. A repeated event id is a
 * `duplicate` that changes nothing; a refused event changes nothing and is not marked.
 */
export interface RollupSlice {
  applied: boolean;
  store: StoreRollup;
  /** The event's customer's document, or null when there is none (yet). */
  customer: CustomerRollup | null;
  /** Every day in daysNeeded(): its document, or null if it does not exist yet. */
  days: ReadonlyMap<number, DayRollup | null>;
}

export type ApplyResult =
  | { status: 'applied'; store: StoreRollup; customer: CustomerRollup | null; days: DayRollup[] }
  | { status: 'duplicate' }
  | { status: 'rejected'; code: RejectCode; message: string };

type Of<K extends AnalyticsEvent['kind']> = Extract<AnalyticsEvent, { kind: K }>;

const STORE_ONLY = new Set<AnalyticsEvent['kind']>(['topped_up', 'stored_value_refunded', 'points_posted', 'commission_moved']);

/** The customer document an event changes (top-ups, points and commission change store figures only). */
export function customerIdOf(e: AnalyticsEvent): string | null {
  if (e.kind === 'commission_moved' || STORE_ONLY.has(e.kind)) return null;
  return e.customerId;
}

/** The day documents an event changes: its own day, the customer's arrival day (grades), a refunded purchase's day. */
export function daysNeeded(e: AnalyticsEvent, customer: CustomerRollup | null): number[] {
  const own = dayNoOf(e.atMs);
  const days: number[] = [];
  switch (e.kind) {
    case 'points_posted':
      break;
    case 'engaged': case 'opted_out': case 'grade_overridden':
      if (customer) days.push(customer.arrivalDay);
      break;
    case 'order_paid':
      days.push(own);
      if (customer) days.push(customer.arrivalDay);
      break;
    case 'order_refunded': {
      days.push(own);
      const p = customer?.purchases.find((x) => x.orderId === e.orderId);
      if (p) days.push(p.day);
      break;
    }
    default:
      days.push(own);
  }
  return [...new Set(days)];
}

interface Draft {
  store: StoreRollup;
  customer: CustomerRollup | null;
  days: Map<number, DayRollup>;
  slice: RollupSlice;
}

function dayOf(d: Draft, dayNo: number): DayRollup {
  let doc = d.days.get(dayNo);
  if (doc) return doc;
  if (!d.slice.days.has(dayNo)) throw new Error(`analytics: day ${dayNo} was not read for this event`);
  doc = copyDoc(d.slice.days.get(dayNo) ?? emptyDay(dayNo));
  d.days.set(dayNo, doc);
  return doc;
}

type Outcome = Rejection | null;

function needCustomer(d: Draft, customerId: string): CustomerRollup | Rejection {
  return d.customer ?? { code: 'UNKNOWN_CUSTOMER', message: `customer ${customerId} has not arrived` };
}

function arrived(d: Draft, e: Of<'arrived'>): Outcome {
  if (d.customer) return { code: 'ALREADY_ARRIVED', message: `customer ${e.customerId} arrived before` };
  d.customer = newCustomer(e);
  if (d.customer.staff) return null;
  d.store.customers += 1;
  d.store.stageCounts.fan += 1;
  const day = dayOf(d, dayNoOf(e.atMs));
  day.stages = addFlow(day.stages, flowOfMove(null, 'fan'));
  day.newcomers[e.channel].arrived += 1;
  return null;
}

function behaved(d: Draft, e: Of<'engaged'> | Of<'opted_out'> | Of<'grade_overridden'>): Outcome {
  const c = needCustomer(d, e.customerId);
  if ('code' in c) return c;
  if (e.kind === 'engaged') {
    c.gradeInputs = withEngagement(c.gradeInputs, c.arrivedAtMs, e.action, e.atMs);
    c.lastSeenAtMs = Math.max(c.lastSeenAtMs, e.atMs);
  } else if (e.kind === 'opted_out') {
    c.gradeInputs = withOptOut(c.gradeInputs, e.atMs);
  } else {
    c.override = laterOverride(c.override, { grade: e.grade, atMs: e.atMs, eventId: e.id });
  }
  return null;
}

/**
 * Purchases are kept in payment order (then order id); a purchase's number counts the earlier
 * ones not fully refunded. Folded in time order, a new purchase is simply the last.
 */
function insertPurchase(c: CustomerRollup, e: Of<'order_paid'>): PurchaseRecord {
  const before = (x: PurchaseRecord): boolean => x.paidAtMs < e.atMs || (x.paidAtMs === e.atMs && x.orderId < e.orderId);
  const earlier = c.purchases.filter(before);
  const p = purchaseOf(e, 1 + earlier.filter((x) => !x.fullyRefunded).length);
  c.purchases.splice(earlier.length, 0, p);
  return p;
}

function addShare(bucket: PurchaseBucket, share: PurchaseBucket, sign: 1 | -1): void {
  bucket.orders += sign * share.orders;
  bucket.units += sign * share.units;
  bucket.revenueFen += sign * share.revenueFen;
}

function paid(d: Draft, e: Of<'order_paid'>): Outcome {
  const c = needCustomer(d, e.customerId);
  if ('code' in c) return c;
  if (c.purchases.some((p) => p.orderId === e.orderId)) return { code: 'DUPLICATE_ORDER', message: `order ${e.orderId} was paid before` };
  const p = insertPurchase(c, e);
  c.gradeInputs = withPayment(c.gradeInputs, e.atMs);
  c.lastSeenAtMs = Math.max(c.lastSeenAtMs, e.atMs);
  const day = dayOf(d, p.day);
  day.money.orders += 1;
  day.money.salesWxpayFen += e.paid.wxpayFen;
  day.money.salesPrincipalFen += e.paid.principalFen;
  day.money.salesBonusFen += e.paid.bonusFen;
  if (!c.staff) addShare(day.purchases[bucketIndex(p.number)], bucketShare(p), 1);
  d.store.storedValue.principalFen -= e.paid.principalFen;
  d.store.storedValue.bonusFen -= e.paid.bonusFen;
  return null;
}

function refunded(d: Draft, e: Of<'order_refunded'>): Outcome {
  const c = needCustomer(d, e.customerId);
  if ('code' in c) return c;
  const i = c.purchases.findIndex((p) => p.orderId === e.orderId);
  if (i < 0) return { code: 'UNKNOWN_ORDER', message: `order ${e.orderId} was not paid by ${e.customerId}` };
  const before = c.purchases[i];
  const problem = refundProblem(before, e);
  if (problem) return problem;
  const after = withRefund(before, e);
  c.purchases[i] = after;
  const m = dayOf(d, dayNoOf(e.atMs)).money;
  m.refunds += 1;
  if (after.fullyRefunded && !before.fullyRefunded) m.ordersFullyRefunded += 1;
  m.refundWxpayFen += e.refunded.wxpayFen;
  m.refundPrincipalFen += e.refunded.principalFen;
  m.refundBonusFen += e.refunded.bonusFen;
  if (!c.staff) {
    const bucket = dayOf(d, before.day).purchases[bucketIndex(before.number)];
    addShare(bucket, bucketShare(before), -1);
    addShare(bucket, bucketShare(after), 1);
  }
  d.store.storedValue.principalFen += e.refunded.principalFen;
  d.store.storedValue.bonusFen += e.refunded.bonusFen;
  return null;
}

function storeMoney(d: Draft, e: Of<'topped_up'> | Of<'stored_value_refunded'> | Of<'points_posted'> | Of<'commission_moved'>): Outcome {
  const s = d.store;
  if (e.kind === 'points_posted') {
    s.pointsOutstanding += e.points;
    return null;
  }
  const m = dayOf(d, dayNoOf(e.atMs)).money;
  if (e.kind === 'topped_up') {
    s.storedValue.principalFen += e.principalFen;
    s.storedValue.bonusFen += e.bonusFen;
    m.topUps += 1;
    m.topUpWxpayFen += e.wxpayFen;
    m.topUpBonusFen += e.bonusFen;
  } else if (e.kind === 'stored_value_refunded') {
    s.storedValue.principalFen -= e.principalFen;
    s.storedValue.bonusFen -= e.bonusForfeitedFen;
    m.storedValueRefundFen += e.principalFen;
  } else {
    if (e.from !== null) s.commission[e.from] -= e.amountFen;
    if (e.to !== null) s.commission[e.to] += e.amountFen;
    if (e.from === null) m.commissionAccruedFen += e.amountFen;
    if (e.to === null) m.commissionReversedFen += e.amountFen;
    if (e.to === 'paid') m.commissionPaidOutFen += e.amountFen;
  }
  return null;
}

function staged(d: Draft, e: Of<'stage_moved'>): Outcome {
  const c = needCustomer(d, e.customerId);
  if ('code' in c) return c;
  if (c.stage !== e.from) return { code: 'STAGE_MISMATCH', message: `customer ${e.customerId} is ${c.stage}, not ${e.from}` };
  c.stage = e.to;
  if (c.staff) return null;
  d.store.stageCounts[e.from] -= 1;
  d.store.stageCounts[e.to] += 1;
  const day = dayOf(d, dayNoOf(e.atMs));
  day.stages = addFlow(day.stages, flowOfMove(e.from, e.to));
  day.moves.push({ customerId: e.customerId, from: e.from, to: e.to, atMs: e.atMs, eventId: e.id });
  day.moves.sort(compareMoves);
  // The latest moves are kept: which ones does not depend on the order moves were folded in.
  const omitted = Math.max(0, day.moves.length - MAX_MOVES_PER_DAY);
  if (omitted > 0) {
    day.moves = day.moves.slice(omitted);
    day.movesOmitted = (day.movesOmitted ?? 0) + omitted;
  }
  return null;
}

function run(d: Draft, e: AnalyticsEvent): Outcome {
  switch (e.kind) {
    case 'arrived': return arrived(d, e);
    case 'engaged': case 'opted_out': case 'grade_overridden': return behaved(d, e);
    case 'order_paid': return paid(d, e);
    case 'order_refunded': return refunded(d, e);
    case 'stage_moved': return staged(d, e);
    default: return storeMoney(d, e);
  }
}

/** Keeps the arrival day's grade counts in step with the customer's (possibly new) grade. */
function regrade(d: Draft, before: Grade | null): void {
  if (!d.customer) return;
  const c = summarize(d.customer);
  d.customer = c;
  if (before === c.grade || c.staff) return;
  const grades = dayOf(d, c.arrivalDay).newcomers[c.channel].grades;
  if (before !== null) grades[before] -= 1;
  grades[c.grade] += 1;
}

export function applyEvent(slice: RollupSlice, e: AnalyticsEvent): ApplyResult {
  const invalid = validateEvent(e);
  if (invalid) return { status: 'rejected', ...invalid };
  if (slice.applied) return { status: 'duplicate' };
  const cid = customerIdOf(e);
  if (slice.customer && slice.customer.customerId !== cid) throw new Error(`analytics: slice holds ${slice.customer.customerId}, event is for ${cid}`);
  const d: Draft = { store: copyDoc(slice.store), customer: slice.customer && copyDoc(slice.customer), days: new Map(), slice };
  const rejected = run(d, e);
  if (rejected) return { status: 'rejected', ...rejected };
  regrade(d, slice.customer?.grade ?? null);
  return { status: 'applied', store: d.store, customer: cid === null ? null : d.customer, days: [...d.days.values()].sort((a, b) => a.day - b.day) };
}
