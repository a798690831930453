import type { Stage } from '../../members/domain/ladder';
import { pointsEarned } from '../../members/domain/points';
import { unitPriceFor } from '../../catalog/domain/pricing';
import { splitRefund, splitSpend } from '../../members/domain/wallet';
import { DAY_MS } from './day';
import type { AnalyticsEvent, Channel, EventLine, MoneySplit } from './events';
import { rngOf, type Rng } from './prng';

/**
 * A year of demo history with the seeds' shapes, as abstract events (events.ts): deterministic for
 * a seed, no I/O, no clock (the caller gives the start). Shapes, all drawn per newcomer:
 * - arrivals grow over the year; channels: direct, partners' codes and posters, group-buy
 *   shares, campaigns; a few early customers become partners (they buy the partner package) and
 *   bring newcomers through their codes and posters;
 * - behaviour by channel gives a spread of seed 003's ABCDE grades (code and group-buy shares
 *   bring more A, direct traffic more D);
 * - buyers: most buy once; repeaters come back at their own interval with more items each time
 *   (seed 001: about 1.1, 1.6, 2.5, then 3–5); a few steady customers buy the same amount every
 *   month (seed 000); some buy the membership card and top up stored value (pay ¥1000 get ¥1200);
 * - group-buy newcomers' first order is a group buy; about 4 % of orders are refunded, in part or
 *   in whole; commission follows paid, thawed after 17 days, withdrawn monthly;
 * - members bring newcomers too (every fourth code or poster arrival once a member exists): their
 *   reward is points (seed 002: 会员收益…不要是金钱), taken back when the order is refunded in whole.
 */
export interface DemoProduct {
  _id: string;
  kind: 'trial' | 'card' | 'standard' | 'package';
  listPriceFen: number;
  memberPriceFen: number | null;
  partnerPriceFen: number | null;
  grantsStage: 'member' | 'partner' | null;
}

export interface DemoHistoryOptions {
  seed: number;
  /** The first instant of the history. */
  startMs: number;
  days: number;
  /** People who arrive over the period (about half of them buy). */
  newcomers: number;
  products: readonly DemoProduct[];
  /** Group-buy prices by product id (seed 002's diapers at ¥99, the trial at ¥4.90). */
  groupPrices: Readonly<Record<string, number>>;
  topUp: { payFen: number; bonusFen: number };
  /** Level-1 commission on list price, for newcomers a partner brought (a demo approximation). */
  commissionBps: number;
}

export interface DemoHistory {
  events: AnalyticsEvent[];
  partners: string[];
  /** Customers generated to buy on a fixed schedule (to check the steady rule finds them). */
  steady: string[];
}

type Intent = 'A' | 'B' | 'C' | 'D' | 'E';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Channel mix of arrivals, and each channel's behaviour mix (what makes grades differ by channel). */
const CHANNEL_WEIGHTS: Record<Channel, number> = { direct: 30, code: 28, poster: 14, groupbuy: 22, campaign: 6 };
const INTENTS: Record<Channel, Record<Intent, number>> = {
  direct: { A: 10, B: 20, C: 25, D: 35, E: 10 },
  code: { A: 35, B: 30, C: 15, D: 12, E: 8 },
  poster: { A: 15, B: 25, C: 30, D: 20, E: 10 },
  groupbuy: { A: 45, B: 20, C: 15, D: 15, E: 5 },
  campaign: { A: 20, B: 25, C: 25, D: 20, E: 10 },
};

interface Catalog {
  trial: DemoProduct | null;
  card: DemoProduct | null;
  pkg: DemoProduct | null;
  standard: DemoProduct[];
}

interface CommissionRecord {
  partnerId: string;
  orderId: string;
  amountFen: number;
  paidAtMs: number;
  fullRefundAtMs: number | null;
}

interface Ctx {
  rng: Rng;
  opts: DemoHistoryOptions;
  endMs: number;
  catalog: Catalog;
  events: AnalyticsEvent[];
  seq: number;
  partners: { id: string; sinceMs: number }[];
  /** Customers who became members, and when (they may bring newcomers, rewarded in points). */
  members: { id: string; sinceMs: number }[];
  commissions: CommissionRecord[];
  steady: string[];
}

interface Buyer {
  id: string;
  stage: Stage;
  partnerId: string | null;
  wallet: { principalFen: number; bonusFen: number };
  usesBalance: boolean;
}

type PlannedKind = 'first' | 'repeat' | 'card' | 'package' | 'restock' | 'steady';
interface Planned {
  atMs: number;
  kind: PlannedKind;
  units: number;
  group: boolean;
}

function emit(ctx: Ctx, e: AnalyticsEvent): void {
  if (e.atMs < ctx.endMs) ctx.events.push(e);
}
const nextId = (ctx: Ctx, prefix: string): string => `${prefix}${++ctx.seq}`;

function catalogOf(products: readonly DemoProduct[]): Catalog {
  const standard = products.filter((p) => p.kind === 'standard');
  if (standard.length === 0) throw new RangeError('demo history needs at least one standard product');
  return {
    trial: products.find((p) => p.kind === 'trial') ?? null,
    card: products.find((p) => p.grantsStage === 'member') ?? null,
    pkg: products.find((p) => p.grantsStage === 'partner') ?? null,
    standard,
  };
}

/** Arrival times with density growing linearly from 1 to 3 over the period: f(x) ∝ 1 + 2x. */
function arrivalTimes(rng: Rng, opts: DemoHistoryOptions): number[] {
  const spanMs = opts.days * DAY_MS;
  const times: number[] = [];
  for (let i = 0; i < opts.newcomers; i += 1) {
    const x = (-1 + Math.sqrt(1 + 8 * rng.next())) / 2;
    const dayStart = opts.startMs + Math.floor(x * opts.days) * DAY_MS;
    times.push(Math.min(dayStart + rng.int(8 * 60, 23 * 60) * MINUTE, opts.startMs + spanMs - HOUR));
  }
  return times.sort((a, b) => a - b);
}

export function generateDemoHistory(opts: DemoHistoryOptions): DemoHistory {
  const rng = rngOf(opts.seed);
  const ctx: Ctx = {
    rng, opts, endMs: opts.startMs + opts.days * DAY_MS, catalog: catalogOf(opts.products),
    events: [], seq: 0, partners: [], members: [], commissions: [], steady: [],
  };
  const times = arrivalTimes(rng, opts);
  // Partners: a few of the first tenth of arrivals, spread out, about one per 400 newcomers.
  const partnerCount = ctx.catalog.pkg ? Math.max(2, Math.round(opts.newcomers / 400)) : 0;
  const stride = Math.max(1, Math.floor(opts.newcomers / 10 / Math.max(1, partnerCount)));
  times.forEach((atMs, i) => newcomer(ctx, i, atMs, i % stride === 0 && i / stride < partnerCount));
  commissionLifecycle(ctx);
  const events = ctx.events.map((e, i) => ({ e, i })).sort((a, b) => a.e.atMs - b.e.atMs || a.i - b.i).map((x) => x.e);
  return { events, partners: ctx.partners.map((p) => p.id), steady: ctx.steady };
}

/** Every MEMBER_REFERRAL_EVERY-th code or poster arrival is a member's, once a member exists (no random draw: the mix stays the seed's). */
const MEMBER_REFERRAL_EVERY = 4;

function channelOf(ctx: Ctx, index: number, atMs: number, partnerSlot: boolean): { channel: Channel; partnerId: string | null } {
  if (partnerSlot) return { channel: 'direct', partnerId: null };
  const channel = ctx.rng.weighted(CHANNEL_WEIGHTS);
  const ready = ctx.partners.filter((p) => p.sinceMs < atMs);
  const partner = ready.length ? ctx.rng.pick(ready).id : null;
  if (channel === 'code' || channel === 'poster') {
    const members = ctx.members.filter((m) => m.sinceMs < atMs);
    if (index % MEMBER_REFERRAL_EVERY === 1 && members.length > 0) return { channel, partnerId: members[index % members.length].id };
    return partner ? { channel, partnerId: partner } : { channel: 'direct', partnerId: null };
  }
  if (channel === 'groupbuy') return { channel, partnerId: ctx.rng.chance(0.6) ? partner : null };
  return { channel, partnerId: null };
}

function newcomer(ctx: Ctx, index: number, arrivedAtMs: number, partnerSlot: boolean): void {
  const id = `d${String(index).padStart(5, '0')}`;
  const { channel, partnerId } = channelOf(ctx, index, arrivedAtMs, partnerSlot);
  emit(ctx, { kind: 'arrived', id: nextId(ctx, 'a'), atMs: arrivedAtMs, customerId: id, channel, partnerId });
  const intent: Intent = partnerSlot ? 'A' : ctx.rng.weighted(INTENTS[channel]);
  const firstAtMs = behave(ctx, id, arrivedAtMs, intent);
  if (intent === 'C' && index % 150 === 7) {
    // The owner talked to this one and regraded them (seed 003: the owner's judgement wins).
    emit(ctx, { kind: 'grade_overridden', id: nextId(ctx, 'g'), atMs: arrivedAtMs + 15 * DAY_MS, customerId: id, grade: 'B' });
  }
  if (firstAtMs === null || firstAtMs >= ctx.endMs) return;
  const steady = !partnerSlot && ctx.rng.chance(0.012);
  if (steady) ctx.steady.push(id);
  const plan = partnerSlot ? partnerPlan(ctx, firstAtMs) : steady ? steadyPlan(ctx, firstAtMs) : buyerPlan(ctx, intent, firstAtMs, channel === 'groupbuy');
  const buyer: Buyer = { id, stage: 'fan', partnerId, wallet: { principalFen: 0, bonusFen: 0 }, usesBalance: false };
  plan.forEach((p, n) => buy(ctx, buyer, p, n + 1));
  const pkg = plan.find((p) => p.kind === 'package');
  if (pkg) ctx.partners.push({ id, sinceMs: pkg.atMs });
}

/** Engagement records by intent; returns when the newcomer first buys, or null. */
function behave(ctx: Ctx, id: string, t0: number, intent: Intent): number | null {
  const { rng } = ctx;
  const act = (atMs: number, action: 'view' | 'cart' | 'group_join' | 'visit') => emit(ctx, { kind: 'engaged', id: nextId(ctx, 'v'), atMs, customerId: id, action });
  const days = (d: number) => t0 + d * DAY_MS + rng.int(0, 10 * 60) * MINUTE;
  if (intent === 'A') {
    act(t0 + rng.int(1, 10) * MINUTE, 'view');
    return t0 + rng.int(20, 20 * 60) * MINUTE;
  }
  if (intent === 'E') {
    if (rng.chance(0.5)) act(t0 + rng.int(1, 30) * MINUTE, 'view');
    emit(ctx, { kind: 'opted_out', id: nextId(ctx, 'o'), atMs: t0 + rng.int(1, 5 * 24 * 60) * MINUTE, customerId: id });
    return null;
  }
  if (intent === 'B') {
    for (let i = rng.int(1, 3); i > 0; i -= 1) act(t0 + rng.int(1, 120) * MINUTE, 'view');
    for (let i = rng.int(1, 3); i > 0; i -= 1) act(days(rng.int(1, 10)), rng.chance(0.5) ? 'visit' : 'view');
    if (rng.chance(0.5)) act(days(rng.int(1, 10)), rng.chance(0.7) ? 'cart' : 'group_join');
    return rng.chance(0.55) ? days(rng.int(2, 13)) : null;
  }
  if (intent === 'C') {
    for (let i = rng.int(1, 3); i > 0; i -= 1) act(t0 + rng.int(1, 180) * MINUTE, 'view');
    return rng.chance(0.08) ? days(rng.int(20, 120)) : null;
  }
  return rng.chance(0.04) ? days(rng.int(15, 200)) : null;
}

/** Items per purchase by purchase number (seed 001: 1.1, 1.6, 2.5, then 3–5). */
function unitsFor(rng: Rng, n: number): number {
  if (n === 1) return rng.chance(0.1) ? 2 : 1;
  if (n === 2) return rng.chance(0.6) ? 2 : 1;
  // 2.6 on average: the steady customers' two packs bring the 3rd purchases to about 2.5.
  if (n === 3) return rng.chance(0.6) ? 3 : 2;
  return rng.int(3, 5);
}

function buyerPlan(ctx: Ctx, intent: Intent, firstAtMs: number, group: boolean): Planned[] {
  const { rng } = ctx;
  const plan: Planned[] = [{ atMs: firstAtMs, kind: 'first', units: unitsFor(rng, 1), group }];
  const repeatChance = intent === 'A' ? 0.15 : intent === 'B' ? 0.13 : 0.09;
  if (!rng.chance(repeatChance)) return plan;
  const usualDays = rng.int(15, 60);
  let atMs = firstAtMs;
  for (let n = 2; n <= 12; n += 1) {
    atMs += Math.round(usualDays * (0.6 + 0.8 * rng.next())) * DAY_MS;
    if (atMs >= ctx.endMs) break;
    const card = n === 2 && ctx.catalog.card !== null && rng.chance(0.3);
    plan.push({ atMs, kind: card ? 'card' : 'repeat', units: unitsFor(rng, n), group: false });
    if (!rng.chance(0.55)) break;
  }
  return plan;
}

/** Seed 000's 固定忠诚客户: two packs of the staple every month or so, from the first purchase on. */
function steadyPlan(ctx: Ctx, firstAtMs: number): Planned[] {
  const { rng } = ctx;
  const units = 2;
  const everyDays = rng.int(25, 35);
  const plan: Planned[] = [];
  for (let atMs = firstAtMs; atMs < ctx.endMs; atMs += (everyDays + rng.int(-1, 1)) * DAY_MS) plan.push({ atMs, kind: 'steady', units, group: false });
  return plan;
}

/**
 * A partner: buys the partner package at once (seed 002's 超高客单: the step up is a purchase, and
 * these are people the owner already knows), then restocks the staple every few weeks, a little
 * more each time.
 */
function partnerPlan(ctx: Ctx, firstAtMs: number): Planned[] {
  const { rng } = ctx;
  const plan: Planned[] = [{ atMs: firstAtMs, kind: 'package', units: 1, group: false }];
  let atMs = firstAtMs;
  for (;;) {
    atMs += rng.int(20, 40) * DAY_MS;
    if (atMs >= ctx.endMs) return plan;
    plan.push({ atMs, kind: 'restock', units: unitsFor(rng, plan.length + 1), group: false });
  }
}

interface PricedLine {
  product: DemoProduct;
  qty: number;
  unitFen: number;
}

/** The staple repeat customers, steady customers and partners come back for: the cheapest standard product. */
const stapleOf = (c: Catalog): DemoProduct => c.standard.reduce((a, b) => (b.listPriceFen < a.listPriceFen ? b : a));

function linesFor(ctx: Ctx, buyer: Buyer, p: Planned): PricedLine[] {
  const { rng, catalog, opts } = ctx;
  const price = (product: DemoProduct) => (p.group && opts.groupPrices[product._id] !== undefined ? opts.groupPrices[product._id] : unitPriceFor(product, buyer.stage));
  const line = (product: DemoProduct, qty: number): PricedLine => ({ product, qty, unitFen: price(product) });
  if (p.kind === 'package' && catalog.pkg) return [line(catalog.pkg, 1)];
  if (p.kind === 'steady' || p.kind === 'restock') return [line(stapleOf(catalog), p.units)];
  if (p.kind === 'first') {
    const grouped = ctx.opts.products.filter((x) => opts.groupPrices[x._id] !== undefined);
    if (p.group && grouped.length) return [line(rng.pick(grouped), p.units)];
    return [line(catalog.trial && rng.chance(0.3) ? catalog.trial : rng.pick(catalog.standard), p.units)];
  }
  const out: PricedLine[] = [];
  let units = p.units;
  if (p.kind === 'card' && catalog.card) {
    out.push(line(catalog.card, 1));
    units -= 1;
  }
  if (units <= 0) return out;
  const main = rng.chance(0.7) ? stapleOf(catalog) : rng.pick(catalog.standard);
  const other = catalog.standard.find((x) => x._id !== main._id);
  if (units >= 2 && other && rng.chance(0.4)) return [...out, line(main, units - 1), line(other, 1)];
  return [...out, line(main, units)];
}

function payWith(buyer: Buyer, totalFen: number): MoneySplit {
  if (buyer.usesBalance && buyer.wallet.principalFen + buyer.wallet.bonusFen >= totalFen) {
    const split = splitSpend(totalFen, buyer.wallet);
    if (split.ok) {
      buyer.wallet = { principalFen: buyer.wallet.principalFen - split.principalFen, bonusFen: buyer.wallet.bonusFen - split.bonusFen };
      return { wxpayFen: 0, principalFen: split.principalFen, bonusFen: split.bonusFen };
    }
  }
  return { wxpayFen: totalFen, principalFen: 0, bonusFen: 0 };
}

const RANK: Record<Stage, number> = { fan: 0, customer: 1, member: 2, partner: 3 };

function moveStage(ctx: Ctx, buyer: Buyer, lines: PricedLine[], atMs: number): void {
  let to: Stage = buyer.stage === 'fan' ? 'customer' : buyer.stage;
  for (const l of lines) if (l.product.grantsStage && RANK[l.product.grantsStage] > RANK[to]) to = l.product.grantsStage;
  if (to === buyer.stage) return;
  emit(ctx, { kind: 'stage_moved', id: nextId(ctx, 's'), atMs, customerId: buyer.id, from: buyer.stage, to });
  buyer.stage = to;
}

function buy(ctx: Ctx, buyer: Buyer, p: Planned, n: number): void {
  const { rng, opts } = ctx;
  if (n > 1) emit(ctx, { kind: 'engaged', id: nextId(ctx, 'v'), atMs: p.atMs - rng.int(5, 60) * MINUTE, customerId: buyer.id, action: rng.chance(0.5) ? 'visit' : 'view' });
  const lines = linesFor(ctx, buyer, p);
  const orderId = `${buyer.id}-o${n}`;
  const totalFen = lines.reduce((s, l) => s + l.unitFen * l.qty, 0);
  const paid = payWith(buyer, totalFen);
  const eventLines: EventLine[] = lines.map((l) => ({ productId: l.product._id, qty: l.qty }));
  emit(ctx, { kind: 'order_paid', id: nextId(ctx, 'p'), atMs: p.atMs, customerId: buyer.id, orderId, orderKind: p.group ? 'group' : 'goods', lines: eventLines, paid });
  const multiplierPct = RANK[buyer.stage] >= RANK.member ? 200 : 100;
  const points = pointsEarned(totalFen, multiplierPct);
  if (points > 0) emit(ctx, { kind: 'points_posted', id: nextId(ctx, 'pt'), atMs: p.atMs, customerId: buyer.id, points });
  moveStage(ctx, buyer, lines, p.atMs);
  if (p.kind === 'card' && rng.chance(0.5)) {
    const { payFen, bonusFen } = opts.topUp;
    emit(ctx, { kind: 'topped_up', id: nextId(ctx, 't'), atMs: p.atMs + 2 * MINUTE, customerId: buyer.id, wxpayFen: payFen, principalFen: payFen, bonusFen });
    buyer.wallet = { principalFen: buyer.wallet.principalFen + payFen, bonusFen: buyer.wallet.bonusFen + bonusFen };
    buyer.usesBalance = true;
  }
  const commission = buyer.partnerId ? commissionOf(opts, lines) : 0;
  // A member's referral is rewarded in points (1 point = 1 fen), a partner's in cash.
  const byPartner = ctx.partners.some((x) => x.id === buyer.partnerId && x.sinceMs <= p.atMs);
  const record: CommissionRecord | null = commission > 0 && byPartner ? { partnerId: buyer.partnerId!, orderId, amountFen: commission, paidAtMs: p.atMs, fullRefundAtMs: null } : null;
  if (record) {
    ctx.commissions.push(record);
    emit(ctx, { kind: 'commission_moved', id: nextId(ctx, 'c'), atMs: p.atMs, ref: orderId, partnerId: record.partnerId, amountFen: commission, from: null, to: 'frozen' });
  }
  const referral = commission > 0 && !byPartner ? { memberId: buyer.partnerId!, points: commission } : null;
  if (referral) emit(ctx, { kind: 'points_posted', id: nextId(ctx, 'rp'), atMs: p.atMs, customerId: referral.memberId, points: referral.points, referralOf: orderId });
  if (buyer.stage === 'member' && !ctx.members.some((m) => m.id === buyer.id)) ctx.members.push({ id: buyer.id, sinceMs: p.atMs });
  const grants = lines.some((l) => l.product.grantsStage !== null);
  if (!grants && rng.chance(0.04)) refund(ctx, buyer, { orderId, lines, paid, points, multiplierPct, paidAtMs: p.atMs, record, referral });
}

/** Level-1 commission on the list price of lines that pay it (never cards or the partner package). */
function commissionOf(opts: DemoHistoryOptions, lines: PricedLine[]): number {
  const baseFen = lines.filter((l) => l.product.grantsStage === null).reduce((s, l) => s + l.product.listPriceFen * l.qty, 0);
  return Math.floor((baseFen * opts.commissionBps) / 10_000);
}

interface PaidOrder {
  orderId: string;
  lines: PricedLine[];
  paid: MoneySplit;
  points: number;
  multiplierPct: number;
  paidAtMs: number;
  record: CommissionRecord | null;
  referral: { memberId: string; points: number } | null;
}

/** A refund 1–7 days after payment: two in three in whole, else one unit back (or half the money of a single item). */
function refund(ctx: Ctx, buyer: Buyer, o: PaidOrder): void {
  const { rng } = ctx;
  const atMs = o.paidAtMs + rng.int(24, 7 * 24) * HOUR;
  const totalFen = o.paid.wxpayFen + o.paid.principalFen + o.paid.bonusFen;
  const units = o.lines.reduce((s, l) => s + l.qty, 0);
  const full = rng.chance(0.65);
  const amountFen = full ? totalFen : units >= 2 ? o.lines[0].unitFen : Math.floor(totalFen / 2);
  if (amountFen === 0) return;
  const lines: EventLine[] = full ? o.lines.map((l) => ({ productId: l.product._id, qty: l.qty })) : units >= 2 ? [{ productId: o.lines[0].product._id, qty: 1 }] : [];
  let refunded: MoneySplit = { wxpayFen: amountFen, principalFen: 0, bonusFen: 0 };
  if (o.paid.wxpayFen === 0) {
    const back = splitRefund({ principalFen: o.paid.principalFen, bonusFen: o.paid.bonusFen }, amountFen);
    if (!back.ok) return;
    refunded = { wxpayFen: 0, principalFen: back.principalFen, bonusFen: back.bonusFen };
    buyer.wallet = { principalFen: buyer.wallet.principalFen + back.principalFen, bonusFen: buyer.wallet.bonusFen + back.bonusFen };
  }
  emit(ctx, { kind: 'order_refunded', id: nextId(ctx, 'r'), atMs, customerId: buyer.id, orderId: o.orderId, lines, refunded });
  const pointsBack = full ? o.points : Math.min(o.points, pointsEarned(amountFen, o.multiplierPct));
  if (pointsBack > 0) emit(ctx, { kind: 'points_posted', id: nextId(ctx, 'pt'), atMs, customerId: buyer.id, points: -pointsBack });
  if (full && o.record) o.record.fullRefundAtMs = atMs;
  if (full && o.referral) emit(ctx, { kind: 'points_posted', id: nextId(ctx, 'rp'), atMs, customerId: o.referral.memberId, points: -o.referral.points, referralOf: o.orderId });
}

const THAW_MS = 17 * DAY_MS;
const MIN_WITHDRAW_FEN = 10_000;

/**
 * Commission after payment: thawed 17 days later (10 days to automatic receipt + the 7-day refund
 * window), reversed by a full refund (from frozen before the thaw, from available after); each
 * partner withdraws what is available every 30 days and is paid 2 days later.
 */
function commissionLifecycle(ctx: Ctx): void {
  const deltas = new Map<string, { atMs: number; fen: number }[]>();
  const track = (partnerId: string, atMs: number, fen: number) => deltas.set(partnerId, [...(deltas.get(partnerId) ?? []), { atMs, fen }]);
  for (const r of ctx.commissions) {
    const thawAtMs = r.paidAtMs + THAW_MS;
    const move = (atMs: number, from: 'frozen' | 'available', to: 'available' | null) =>
      emit(ctx, { kind: 'commission_moved', id: nextId(ctx, 'c'), atMs, ref: r.orderId, partnerId: r.partnerId, amountFen: r.amountFen, from, to });
    if (r.fullRefundAtMs !== null && r.fullRefundAtMs < thawAtMs) {
      move(r.fullRefundAtMs, 'frozen', null);
      continue;
    }
    move(thawAtMs, 'frozen', 'available');
    if (thawAtMs < ctx.endMs) track(r.partnerId, thawAtMs, r.amountFen);
    if (r.fullRefundAtMs !== null) {
      move(r.fullRefundAtMs, 'available', null);
      if (r.fullRefundAtMs < ctx.endMs) track(r.partnerId, r.fullRefundAtMs, -r.amountFen);
    }
  }
  for (const [partnerId, list] of deltas) withdrawals(ctx, partnerId, list);
}

function withdrawals(ctx: Ctx, partnerId: string, deltas: { atMs: number; fen: number }[]): void {
  let withdrawnFen = 0;
  for (let atMs = ctx.opts.startMs + 30 * DAY_MS + 10 * HOUR; atMs < ctx.endMs; atMs += 30 * DAY_MS) {
    const availableFen = deltas.filter((d) => d.atMs <= atMs).reduce((s, d) => s + d.fen, 0) - withdrawnFen;
    if (availableFen < MIN_WITHDRAW_FEN) continue;
    const ref = nextId(ctx, 'w');
    emit(ctx, { kind: 'commission_moved', id: nextId(ctx, 'c'), atMs, ref, partnerId, amountFen: availableFen, from: 'available', to: 'withdrawing' });
    emit(ctx, { kind: 'commission_moved', id: nextId(ctx, 'c'), atMs: atMs + 2 * DAY_MS, ref, partnerId, amountFen: availableFen, from: 'withdrawing', to: 'paid' });
    withdrawnFen += availableFen;
  }
}
