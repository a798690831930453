// The rush (issue 8): N shoppers who arrived through one partner's poster buy one product at
// the same moment — half of them as group-buy seats in groups of 5 — and pay; WeChat Pay delivers
// every callback twice at once and redelivers whatever is not acknowledged; the owner refunds
// some orders in the middle. It drives the real functions on a local runtime (the functions'
// own code in tests, the built bundles in the bench) and checks what must hold afterwards.
// Shared by test/services/rush.test.ts (N = 200, no latency) and scripts/bench.ts (N = 500 with
// latency per database operation).
import { SOURCE } from '../../cloudfunctions/src/platform';
import type { LocalRuntime } from '../runtime/runtime';
import type { PayEvent } from '../runtime/cashier';
import { retrying } from '../../src/contracts/retry';
import { CLIENT_RETRY } from '../../src/api/retryPolicy';
import { auditJournal } from '../audit';
import { DEMO_OWNER, DEMO_PARTNER } from '../seed/demo';
import { addProduct, stockOf } from '../seed/stock';
import { prng } from './groupbuy';

export interface RushOptions {
  shoppers: number;
  groupSize: number;
  /** Delay of every database operation (the runtime's latencyMsPerOp) during the rush. */
  latencyMsPerOp: number;
  /** Units fewer than the shoppers want, so that some are told SOLD_OUT. */
  stockShortfall: number;
  /** Every k-th goods order is refunded by the owner as soon as it is paid, during the rush. */
  refundEvery: number;
  seed: number;
}

export interface Percentiles {
  p50Ms: number;
  p99Ms: number;
  count: number;
}

export interface RushResult {
  shoppers: number;
  latencyMsPerOp: number;
  ordersCreated: number;
  soldOut: number;
  /** Callback deliveries of the first round acknowledged with errcode 0, over all of them (must be 1). */
  firstDeliveryAckRatio: number;
  /** Rounds until every callback was acknowledged (must be 1). */
  deliveryRounds: number;
  /** CONFLICT answers to the shoppers' first calls, before any retry (order.create, group open/join, bind, pay). */
  conflictsBeforeRetry: Record<string, number>;
  /** order.create / group open / join calls still CONFLICT after the client's retries (must be 0). */
  createConflictsAfterRetry: number;
  refunds: number;
  /** Transactional writes the runtime refused during the run (each re-run by runTx), by collection; plain writes that waited for a lock. */
  contention: { lockConflicts: number; lockWaits: number; byCollection: Record<string, number> };
  paidOrders: number;
  groupsSucceeded: number;
  commissionCredits: number;
  oversold: number;
  overfilledGroups: number;
  auditProblems: number;
  orderCreate: Percentiles;
  callback: Percentiles;
  durationMs: number;
  /** Every invariant that does not hold, in words; [] when all is well. */
  problems: string[];
}

export const RUSH_PARTNER = 'o_rush_partner';
export const RUSH_PARTNER_CODE = 'RUSHPTNR';
export const RUSH_PRODUCT = 'p_rush';

type Envelope = { ok: true; data: any } | { ok: false; error: { code: string; message: string } };

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;

/** What a rush needs besides the demo store: a partner under the demo partner (two commission levels) and the product. */
async function seedRush(rt: LocalRuntime, o: RushOptions): Promise<number> {
  const now = rt.nowMs();
  await rt.db.collection('users').add({ data: {
    _id: RUSH_PARTNER, nickname: '海报合伙人', stage: 'partner', paidOrderCount: 0, spentFen: 0, createdAtMs: now, stageUntilMs: null,
    referrerOpenid: DEMO_PARTNER, uplines: [DEMO_PARTNER], depth: 1, teamDirect: 0, teamSecond: 0, referralCode: RUSH_PARTNER_CODE,
    boundAtMs: now, bindChannel: 'code', bindCampaign: null, referralDecidedAtMs: now, pendingReferral: null,
  } });
  await rt.db.collection('referral_codes').add({ data: { _id: RUSH_PARTNER_CODE, openid: RUSH_PARTNER, createdAtMs: now } });
  const stock = o.shoppers - o.stockShortfall;
  // The payout cap counts what the store receives (¥80 less 20% points, paid with bonus-heavy stored value: ¥53.33):
  // partners' 30% is paid on the spec's own ¥70 base (¥21 ≤ 40% of ¥53.33).
  await addProduct(rt, {
    _id: RUSH_PRODUCT, name: '爆款礼盒', subtitle: '限时抢购', kind: 'standard', onSale: true, sort: 60, coverColor: '#d1495b', grantsStage: null, grantsDays: null, pointsPrice: null,
  }, [{ _id: 'default', name: '礼盒', listPriceFen: 10000, memberPriceFen: 9000, partnerPriceFen: 8000, commissionBaseFen: 7000, stock }]);
  return stock;
}

async function createCampaign(rt: LocalRuntime, o: RushOptions, seats: number): Promise<string> {
  const now = rt.nowMs();
  const res = await rt.call<Envelope>('admin', { action: 'groupbuy.campaign.create', input: {
    requestId: `rush-${o.seed}`, productId: RUSH_PRODUCT, title: `爆款 ${o.groupSize} 人团`, groupPriceFen: 8000, leaderPriceFen: null,
    groupSize: o.groupSize, timeLimitMs: 2 * HOUR_MS, stock: seats, perUserLimit: 1, fillOnExpiryMinPaid: null,
    commissionEnabled: true, startAtMs: now - MINUTE_MS, endAtMs: now + 24 * HOUR_MS,
  } }, DEMO_OWNER);
  if (!res.ok) throw new Error(`rush: campaign ${res.error.code} ${res.error.message}`);
  return res.data.campaign._id as string;
}

/** Counts and timings of the run, filled in by the shoppers as they go. */
class Tally {
  readonly firstRaw = new Map<string, number>();
  createConflictsAfterRetry = 0;
  readonly createMs: number[] = [];
  readonly callbackMs: number[] = [];
  firstRoundAcks = 0;
  firstRoundDeliveries = 0;
  readonly unacked: PayEvent[] = [];
  readonly outcomes = new Map<string, number>();
  readonly refundedOrders: string[] = [];
  ordersCreated = 0;

  countRaw(action: string, res: Envelope): void {
    if (!res.ok && res.error.code === 'CONFLICT') this.firstRaw.set(action, (this.firstRaw.get(action) ?? 0) + 1);
  }

  outcome(code: string): void {
    this.outcomes.set(code, (this.outcomes.get(code) ?? 0) + 1);
  }
}

class Conflict extends Error {
  constructor(readonly res: Envelope) {
    super('CONFLICT');
  }
}

/** A call as the mini program's client makes it: CONFLICT is retried with the same input, with the client's policy. */
async function clientCall(rt: LocalRuntime, t: Tally, fn: 'shop' | 'admin', action: string, input: unknown, openid: string): Promise<Envelope> {
  let first = true;
  try {
    return await retrying(async () => {
      const res = await rt.call<Envelope>(fn, { action, input }, openid);
      if (first) t.countRaw(action, res);
      first = false;
      if (!res.ok && res.error.code === 'CONFLICT') throw new Conflict(res);
      return res;
    }, (e) => e instanceof Conflict, CLIENT_RETRY, { sleep: (ms) => new Promise((r) => setTimeout(r, ms)), random: Math.random });
  } catch (e) {
    if (e instanceof Conflict) return e.res;
    throw e;
  }
}

async function timed<T>(into: number[], run: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await run();
  } finally {
    into.push(performance.now() - t0);
  }
}

/** WeChat Pay delivers the callback twice at the same moment; a non-zero answer is redelivered later. */
async function payAndDeliverTwice(rt: LocalRuntime, t: Tally, orderId: string): Promise<boolean> {
  const ev = rt.payEvent(orderId);
  const once = () => timed(t.callbackMs, async () => (await rt.invoke<{ errcode: number }>('payNotify', ev, { source: SOURCE.payCallback })).result);
  const acks = await Promise.all([once(), once()]);
  const acked = acks.filter((a) => a.errcode === 0).length;
  t.firstRoundDeliveries += acks.length;
  t.firstRoundAcks += acked;
  for (const a of acks) if (a.errcode !== 0) t.unacked.push(ev);
  return acked > 0;
}

interface Shopper {
  openid: string;
  role: 'goods' | 'leader' | 'member';
  /** The leader's index among group shoppers: members join the group it opens. */
  group: number;
}

function shoppersOf(o: RushOptions, rnd: () => number): Shopper[] {
  const all: Shopper[] = [];
  const groupShoppers = Math.floor(o.shoppers / 2 / o.groupSize) * o.groupSize;
  for (let i = 0; i < o.shoppers; i += 1) {
    const g = i < groupShoppers ? Math.floor(i / o.groupSize) : -1;
    all.push({ openid: `o_rush_${i}`, role: g < 0 ? 'goods' : i % o.groupSize === 0 ? 'leader' : 'member', group: g });
  }
  // Arrival order is random: members may ask to join before their leader's group exists (they wait for it).
  for (let i = all.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rnd() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all;
}

async function arrive(rt: LocalRuntime, t: Tally, s: Shopper): Promise<void> {
  await clientCall(rt, t, 'shop', 'session.get', {}, s.openid);
  const bound = await clientCall(rt, t, 'shop', 'partner.bind', { code: RUSH_PARTNER_CODE, channel: 'poster' }, s.openid);
  if (!bound.ok) t.outcome(`bind:${bound.error.code}`);
}

/** One shopper's whole visit; returns the order it paid, if any. */
async function shop(rt: LocalRuntime, t: Tally, s: Shopper, ctx: RushContext): Promise<string | null> {
  await arrive(rt, t, s);
  // A member can only join once the leader's group exists; that wait is not the call's time.
  const groupId = s.role === 'member' ? await ctx.groups.get(s.group)!.promise : null;
  const created = s.role === 'member' && !groupId
    ? ({ ok: false, error: { code: 'SOLD_OUT', message: '团长未能开团' } } as Envelope)
    : await timed(t.createMs, () => createFor(rt, t, s, ctx, groupId));
  if (!created.ok) {
    if (created.error.code === 'CONFLICT') t.createConflictsAfterRetry += 1;
    t.outcome(created.error.code);
    if (s.role === 'leader') ctx.groups.get(s.group)!.resolve(null);
    return null;
  }
  const orderId = created.data.order._id as string;
  t.ordersCreated += 1;
  if (s.role === 'leader') ctx.groups.get(s.group)!.resolve(created.data.group._id as string);
  const pay = await clientCall(rt, t, 'shop', 'order.pay', { orderId }, s.openid);
  if (!pay.ok) {
    t.outcome(`pay:${pay.error.code}`);
    return null;
  }
  t.outcome('paid');
  const acked = await payAndDeliverTwice(rt, t, orderId);
  if (acked && s.role === 'goods' && ctx.refundNext()) await ctx.owner.refund(orderId);
  return orderId;
}

async function createFor(rt: LocalRuntime, t: Tally, s: Shopper, ctx: RushContext, groupId: string | null): Promise<Envelope> {
  if (s.role === 'goods') return clientCall(rt, t, 'shop', 'order.create', { requestId: 'rush', lines: [{ productId: RUSH_PRODUCT, qty: 1 }] }, s.openid);
  if (s.role === 'leader') return clientCall(rt, t, 'shop', 'groupbuy.group.open', { requestId: 'rush', campaignId: ctx.campaignId }, s.openid);
  return clientCall(rt, t, 'shop', 'groupbuy.group.join', { requestId: 'rush', groupId }, s.openid);
}

/** One owner at one console: refund requests that arrive during the rush are done one after another. */
class Owner {
  private queue: Promise<void> = Promise.resolve();
  constructor(private readonly rt: LocalRuntime, private readonly t: Tally) {}

  refund(orderId: string): Promise<void> {
    const next = this.queue.then(async () => {
      const res = await clientCall(this.rt, this.t, 'admin', 'order.refund', { orderId, reason: '顾客申请退款' }, DEMO_OWNER);
      if (res.ok) this.t.refundedOrders.push(orderId);
      else this.t.outcome(`refund:${res.error.code}`);
    });
    this.queue = next;
    return next;
  }
}

interface Deferred {
  promise: Promise<string | null>;
  resolve: (v: string | null) => void;
}

interface RushContext {
  campaignId: string;
  groups: Map<number, Deferred>;
  refundNext: () => boolean;
  owner: Owner;
}

function deferred(): Deferred {
  let resolve: (v: string | null) => void = () => undefined;
  const promise = new Promise<string | null>((r) => { resolve = r; });
  return { promise, resolve };
}

/** Redelivers what was not acknowledged, round after round, as WeChat Pay would (later, not at once). */
async function redeliver(rt: LocalRuntime, t: Tally): Promise<number> {
  let rounds = 1;
  let pending = t.unacked.splice(0);
  while (pending.length > 0) {
    if (rounds > 50) throw new Error(`rush: ${pending.length} callbacks never acknowledged`);
    rounds += 1;
    await new Promise((r) => setTimeout(r, 20));
    const acks = await Promise.all(pending.map(async (ev) => ({ ev, ack: (await rt.invoke<{ errcode: number }>('payNotify', ev, { source: SOURCE.payCallback })).result })));
    pending = acks.filter((a) => a.ack.errcode !== 0).map((a) => a.ev);
  }
  return rounds;
}

export function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
  return { p50Ms: Math.round(at(0.5) * 10) / 10, p99Ms: Math.round(at(0.99) * 10) / 10, count: sorted.length };
}

export async function runRush(rt: LocalRuntime, o: RushOptions): Promise<RushResult> {
  const rnd = prng(o.seed);
  const initialStock = await seedRush(rt, o);
  const shoppers = shoppersOf(o, rnd);
  const seats = shoppers.filter((s) => s.role !== 'goods').length;
  const t = new Tally();
  const ctx: RushContext = { campaignId: await createCampaign(rt, o, seats), groups: new Map(), refundNext: counter(o.refundEvery), owner: new Owner(rt, t) };
  for (const s of shoppers) if (s.role === 'leader') ctx.groups.set(s.group, deferred());
  const before = rt.db.latencyMsPerOp;
  const contentionBefore = rt.db.contention();
  rt.db.latencyMsPerOp = o.latencyMsPerOp;
  const t0 = performance.now();
  try {
    await Promise.all(shoppers.map((s) => shop(rt, t, s, ctx)));
  } finally {
    rt.db.latencyMsPerOp = before;
  }
  const rounds = await redeliver(rt, t);
  const durationMs = Math.round(performance.now() - t0);
  const contention = contentionSince(contentionBefore, rt.db.contention());
  for (const refundNo of rt.pendingRefunds()) await rt.deliverRefund(refundNo, { times: 2, concurrent: true });
  await rt.invoke('cron', {}, { source: SOURCE.trigger });
  const checked = checkRush(rt, ctx.campaignId, initialStock, t);
  return {
    shoppers: o.shoppers, latencyMsPerOp: o.latencyMsPerOp, ordersCreated: t.ordersCreated,
    soldOut: t.outcomes.get('SOLD_OUT') ?? 0, firstDeliveryAckRatio: t.firstRoundDeliveries === 0 ? 0 : t.firstRoundAcks / t.firstRoundDeliveries,
    deliveryRounds: rounds, conflictsBeforeRetry: Object.fromEntries(t.firstRaw), createConflictsAfterRetry: t.createConflictsAfterRetry,
    refunds: t.refundedOrders.length, contention, orderCreate: percentiles(t.createMs), callback: percentiles(t.callbackMs), durationMs, ...checked,
  };
}

type Contention = RushResult['contention'];

function contentionSince(a: Contention, b: Contention): Contention {
  const byCollection: Record<string, number> = {};
  for (const [k, n] of Object.entries(b.byCollection)) if (n - (a.byCollection[k] ?? 0) > 0) byCollection[k] = n - (a.byCollection[k] ?? 0);
  return { lockConflicts: b.lockConflicts - a.lockConflicts, lockWaits: b.lockWaits - a.lockWaits, byCollection };
}

function counter(every: number): () => boolean {
  let n = 0;
  return () => every > 0 && (n += 1) % every === 0;
}

type Row = Record<string, any>;

function docs(rt: LocalRuntime, coll: string): Row[] {
  const rows = rt.db.raw().prepare('SELECT id, data FROM docs WHERE coll = ?').all(coll) as { id: string; data: string }[];
  return rows.map((r) => ({ _id: r.id, ...JSON.parse(r.data) }));
}

/** Every paid order is PAID or refunded exactly once; stock is exact; no group overfilled; the journal audits clean. */
export function checkRush(rt: LocalRuntime, campaignId: string, initialStock: number, t: Tally): Pick<RushResult, 'paidOrders' | 'groupsSucceeded' | 'commissionCredits' | 'oversold' | 'overfilledGroups' | 'auditProblems' | 'problems'> {
  const problems: string[] = [];
  for (const [code, n] of t.outcomes) if (!['paid', 'SOLD_OUT'].includes(code)) problems.push(`${n} shoppers were answered ${code}`);
  const orders = docs(rt, 'orders').filter((o) => o.lines?.[0]?.productId === RUSH_PRODUCT);
  const refunds = docs(rt, 'refunds');
  for (const o of orders) problems.push(...checkOrder(rt, o, refunds.filter((r) => r.orderId === o._id).length));
  const groups = docs(rt, 'groupbuy_groups').filter((g) => g.campaignId === campaignId);
  const overfilledGroups = groups.filter((g) => {
    const paid = Object.values(g.members as Record<string, Row>).filter((m) => m.state === 'paid').length;
    return paid > g.size || g.seatsTaken > g.size;
  }).length;
  const sold = orders.filter((o) => o.kind === 'goods' && ['PAID', 'COMPLETED', 'PENDING'].includes(o.status)).reduce((n, o) => n + o.lines[0].qty, 0);
  const held = groups.reduce((n, g) => n + g.unitsHeld, 0);
  const stock = stockOf(rt, RUSH_PRODUCT);
  if (stock !== initialStock - sold - held) problems.push(`stock ${stock} ≠ ${initialStock} − ${sold} goods − ${held} held by groups`);
  const campaign = docs(rt, 'groupbuy_campaigns').find((c) => c._id === campaignId)!;
  if (campaign.stockLeft + held !== campaign.stock) problems.push(`campaign units: ${campaign.stockLeft} left + ${held} held ≠ ${campaign.stock}`);
  const audit = auditJournal(rt.db.raw()).problems;
  problems.push(...audit);
  const paidOrders = orders.filter((o) => o.status === 'PAID' || o.status === 'COMPLETED').length;
  const commissionCredits = docs(rt, 'commissions').filter((c) => orders.some((o) => o._id === c.orderId)).length;
  const groupsSucceeded = groups.filter((g) => g.status === 'SUCCEEDED').length;
  return { paidOrders, groupsSucceeded, commissionCredits, oversold: Math.max(0, sold + held - initialStock), overfilledGroups, auditProblems: audit.length, problems };
}

function checkOrder(rt: LocalRuntime, o: Row, refundDocs: number): string[] {
  const c = rt.cashier.find({ outTradeNo: o._id });
  const paid = Boolean(c?.paidTransactionId);
  if (!paid) return o.status === 'PENDING' || o.status === 'CLOSED' ? [] : [`unpaid order ${o._id} is ${o.status}`];
  if (o.status === 'PAID' || o.status === 'COMPLETED') return refundDocs === 0 && (c?.refundedFee ?? 0) === 0 ? [] : [`paid order ${o._id} (${o.status}) has a refund`];
  if (o.status === 'REFUNDED') return refundDocs === 1 && c?.refundedFee === o.payableFen ? [] : [`order ${o._id} refunded ${c?.refundedFee} in ${refundDocs} refunds`];
  return [`paid order ${o._id} is ${o.status}`];
}

/** The bench's figures (issue 8): a rush of `shoppers` with latency per database operation, on a fresh store. */
export async function rushFigures(freshStore: () => Promise<LocalRuntime>, shoppers = 500, latencyMsPerOp = 10): Promise<Record<string, unknown>> {
  const rt = await freshStore();
  const { error, warn } = console;
  console.error = () => undefined; // conflicts absorbed by runTx are logged by the functions
  console.warn = () => undefined;
  try {
    const r = await runRush(rt, { shoppers, groupSize: 5, latencyMsPerOp, stockShortfall: 10, refundEvery: 10, seed: 1 });
    if (r.problems.length > 0) error('bench: rush invariants broken:', r.problems);
    return {
      shoppers: r.shoppers, latencyMsPerOp: r.latencyMsPerOp, firstDeliveryAckRatio: r.firstDeliveryAckRatio, deliveryRounds: r.deliveryRounds,
      createConflictsAfterRetry: r.createConflictsAfterRetry, conflictsBeforeRetry: r.conflictsBeforeRetry, oversold: r.oversold,
      overfilledGroups: r.overfilledGroups, auditProblems: r.auditProblems, problems: r.problems.length,
      p50Ms: { orderCreate: r.orderCreate.p50Ms, callback: r.callback.p50Ms }, p99Ms: { orderCreate: r.orderCreate.p99Ms, callback: r.callback.p99Ms },
      ordersCreated: r.ordersCreated, soldOut: r.soldOut, paidOrders: r.paidOrders, refunds: r.refunds, groupsSucceeded: r.groupsSucceeded,
      transactionReruns: r.contention.lockConflicts, lockWaits: r.contention.lockWaits, durationMs: r.durationMs,
    };
  } finally {
    console.error = error;
    console.warn = warn;
    rt.resetClock();
    rt.close();
  }
}
