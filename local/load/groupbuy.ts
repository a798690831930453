// A bounded, concurrent group-buy run on a local runtime, and the checks that must hold after it.
// Used by the service test (test/services/groupbuy.test.ts) and by the bench (scripts/bench.ts).
// It drives the real functions: shop and admin actions, payNotify, refundNotify and cron.
import type { LocalRuntime } from '../runtime/runtime';
import type { PayEvent } from '../runtime/cashier';
import { auditJournal } from '../audit';
import { stockOf } from '../seed/stock';
import { DEMO_OWNER } from '../seed/demo';

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;

export interface GroupbuyLoadOptions {
  /** Groups opened before the joins. */
  groups: number;
  groupSize: number;
  /** Concurrent join attempts of the first wave. */
  joinAttempts: number;
  /** Join attempts after the unpaid seats are released. */
  lateJoinAttempts: number;
  seed: number;
}

export interface GroupbuyLoadResult {
  joinAttempts: number;
  joinsAccepted: number;
  joinMs: number;
  joinsPerSec: number;
  /** Paid seats in groups that succeeded: what the store sold. */
  seatsFilled: number;
  /** Groups that ever had more paid members or held seats than their size (must be 0). */
  overfilled: number;
  /** Payments sent back (WeChat Pay and stored value). */
  refundsIssued: number;
  /** Payments refunded more than once or beyond what was paid (must be 0). */
  doubleRefunds: number;
  groupsSucceeded: number;
  groupsFailed: number;
  paymentsMade: number;
  /** Every invariant that does not hold; [] when all is well. */
  problems: string[];
}

/** A small seeded PRNG (mulberry32), so a failing run can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], rnd: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

type Envelope = { ok: true; data: any } | { ok: false; error: { code: string; message: string } };

async function call(rt: LocalRuntime, fn: 'shop' | 'admin', action: string, input: unknown, openid: string): Promise<Envelope> {
  return rt.call<Envelope>(fn, { action, input }, openid);
}

/** Calls until it is not a transaction conflict: what a client does on CONFLICT. */
async function callRetrying(rt: LocalRuntime, fn: 'shop' | 'admin', action: string, input: unknown, openid: string): Promise<Envelope> {
  for (let i = 0; ; i += 1) {
    const res = await call(rt, fn, action, input, openid);
    if (res.ok || res.error.code !== 'CONFLICT' || i >= 20) return res;
  }
}

/** Delivers a payment callback `times` times at once; whatever was not acknowledged is redelivered, as WeChat Pay does. */
async function deliverUntilAcked(rt: LocalRuntime, ev: PayEvent, times: number): Promise<void> {
  let pending = times;
  for (let round = 0; pending > 0; round += 1) {
    if (round > 50) throw new Error(`payment ${ev.outTradeNo} never acknowledged`);
    const acks = (await rt.deliverPayment(ev, { times: pending, concurrent: true })) as { errcode: number }[];
    pending = acks.filter((a) => a.errcode !== 0).length;
  }
}

async function createCampaign(rt: LocalRuntime, o: GroupbuyLoadOptions): Promise<string> {
  const now = rt.nowMs();
  const res = await call(rt, 'admin', 'groupbuy.campaign.create', {
    requestId: `load-${o.seed}`, productId: 'p_diaper', specId: 'l', title: `压测团 ${o.groupSize} 人`, groupPriceFen: 9900, leaderPriceFen: 8900,
    groupSize: o.groupSize, timeLimitMs: 2 * HOUR_MS, stock: o.groups * o.groupSize * 4, perUserLimit: 3, fillOnExpiryMinPaid: null,
    commissionEnabled: false, startAtMs: now - MINUTE_MS, endAtMs: now + 24 * HOUR_MS,
  }, DEMO_OWNER);
  if (!res.ok) throw new Error(`load: campaign ${res.error.code} ${res.error.message}`);
  return res.data.campaign._id;
}

/** Opens, pays (at the cashier) and joins; returns the order ids that hold seats. */
async function seat(rt: LocalRuntime, action: 'groupbuy.group.open' | 'groupbuy.group.join', input: Record<string, string>, openid: string): Promise<{ orderId: string; groupId: string } | null> {
  const res = await callRetrying(rt, 'shop', action, input, openid);
  if (!res.ok) return null;
  const orderId = res.data.order._id as string;
  const pay = await callRetrying(rt, 'shop', 'order.pay', { orderId }, openid);
  if (!pay.ok) throw new Error(`load: order.pay ${pay.error.code} ${pay.error.message}`);
  return { orderId, groupId: res.data.group._id };
}

async function joinWave(rt: LocalRuntime, groupIds: string[], attempts: number, prefix: string, rnd: () => number): Promise<{ seated: string[]; ms: number }> {
  // One attempt in five is by a shopper who tries again (another group, or the same one).
  const tries = Array.from({ length: attempts }, (_, i) => ({ i, openid: `o_load_${prefix}${i % Math.ceil(attempts * 0.8)}`, groupId: groupIds[Math.floor(rnd() * groupIds.length)] }));
  const t0 = Date.now();
  const results = await Promise.all(tries.map((t) => seat(rt, 'groupbuy.group.join', { requestId: `${prefix}${t.i}`, groupId: t.groupId }, t.openid)));
  return { seated: results.filter((r): r is { orderId: string; groupId: string } => r !== null).map((r) => r.orderId), ms: Date.now() - t0 };
}

/** Payment events in random order, each delivered 1–3 times at once, all payments concurrently. */
async function deliverAll(rt: LocalRuntime, events: PayEvent[], rnd: () => number): Promise<void> {
  await Promise.all(shuffle(events, rnd).map((ev) => deliverUntilAcked(rt, ev, 1 + Math.floor(rnd() * 3))));
}

async function cron(rt: LocalRuntime): Promise<void> {
  await rt.invoke('cron', {}, { source: 'wx_trigger' });
}

/**
 * The run: groups open; a wave of concurrent joins; most seats are paid (callbacks shuffled and
 * duplicated), some pay so late their seat is released first (a few racing the release), some
 * never pay; a second wave fills released seats; then every group reaches its deadline, refunds
 * are confirmed (some callbacks twice), and cron runs again to prove nothing happens twice.
 */
export async function runGroupbuyLoad(rt: LocalRuntime, o: GroupbuyLoadOptions): Promise<GroupbuyLoadResult> {
  const rnd = prng(o.seed);
  const campaignId = await createCampaign(rt, o);
  const productStockBefore = productStock(rt);
  const opened = await Promise.all(Array.from({ length: o.groups }, (_, i) => seat(rt, 'groupbuy.group.open', { requestId: 'open', campaignId }, `o_load_leader${i}`)));
  const groupIds = opened.flatMap((g) => (g ? [g.groupId] : []));
  const overfilled = new Set<string>();
  const sample = () => { for (const id of overfilledGroups(rt, campaignId)) overfilled.add(id); };
  const first = await joinWave(rt, groupIds, o.joinAttempts, 'a', rnd);
  sample();
  const orders = [...opened.flatMap((g) => (g ? [g.orderId] : [])), ...first.seated];
  const prompt: PayEvent[] = [];
  const late: PayEvent[] = [];
  for (const orderId of orders) {
    const r = rnd();
    if (r < 0.7) prompt.push(rt.payEvent(orderId));
    else if (r < 0.85) late.push(rt.payEvent(orderId)); // paid at the cashier; the callback is held up
  }
  await deliverAll(rt, prompt, rnd);
  sample();
  rt.advanceClock(31 * MINUTE_MS);
  const racing = late.slice(0, Math.floor(late.length / 2));
  await Promise.all([cron(rt), deliverAll(rt, racing, rnd)]);
  sample();
  const second = await joinWave(rt, groupIds, o.lateJoinAttempts, 'b', rnd);
  sample();
  await deliverAll(rt, [...second.seated.map((id) => rt.payEvent(id)), ...late.slice(racing.length)], rnd);
  sample();
  rt.advanceClock(2 * HOUR_MS);
  await cron(rt);
  for (const refundNo of rt.pendingRefunds()) await rt.deliverRefund(refundNo, { times: 1 + Math.floor(rnd() * 2), concurrent: true });
  rt.advanceClock(11 * MINUTE_MS);
  await cron(rt);
  const joinAttempts = o.joinAttempts + o.lateJoinAttempts;
  const joinMs = first.ms + second.ms;
  const joinsAccepted = first.seated.length + second.seated.length;
  sample();
  const checked = checkGroupbuy(rt, campaignId);
  checked.overfilled = Math.max(checked.overfilled, overfilled.size);
  const sold = productStockBefore - productStock(rt);
  if (sold !== checked.seatsFilled) checked.problems.push(`product stock fell by ${sold}, but ${checked.seatsFilled} seats were sold`);
  return { joinAttempts, joinsAccepted, joinMs, joinsPerSec: Math.round((joinAttempts * 1000) / Math.max(1, joinMs)), paymentsMade: prompt.length + late.length + second.seated.length, ...checked };
}

function productStock(rt: LocalRuntime): number {
  return stockOf(rt, 'p_diaper', 'l');
}

type Row = Record<string, any>;

/** Groups holding more seats, or more paid seats, than their size right now. */
function overfilledGroups(rt: LocalRuntime, campaignId: string): string[] {
  return docs(rt, 'groupbuy_groups').filter((g) => {
    if (g.campaignId !== campaignId) return false;
    const members = Object.values(g.members as Record<string, Row>);
    const live = members.filter((m) => m.state === 'reserved' || m.state === 'paid').length;
    const paid = members.filter((m) => m.state === 'paid').length;
    return live > g.size || g.seatsTaken > g.size || paid > g.size;
  }).map((g) => g._id as string);
}

function docs(rt: LocalRuntime, coll: string): Row[] {
  const rows = rt.db.raw().prepare('SELECT id, data FROM docs WHERE coll = ?').all(coll) as { id: string; data: string }[];
  return rows.map((r) => ({ _id: r.id, ...JSON.parse(r.data) }));
}

/**
 * After everything closed: no group ever held or sold more than N; every shopper payment is in a
 * successful group or refunded exactly once; stock is conserved; the journal audits clean.
 */
export function checkGroupbuy(rt: LocalRuntime, campaignId: string): Omit<GroupbuyLoadResult, 'joinAttempts' | 'joinsAccepted' | 'joinMs' | 'joinsPerSec' | 'paymentsMade'> {
  const problems: string[] = [];
  const groups = docs(rt, 'groupbuy_groups').filter((g) => g.campaignId === campaignId);
  const orders = new Map(docs(rt, 'orders').filter((o) => o.group?.campaignId === campaignId).map((o) => [o._id, o]));
  const refundDocs = docs(rt, 'refunds');
  let overfilled = 0;
  let seatsFilled = 0;
  for (const g of groups) {
    const paid = Object.values(g.members as Record<string, Row>).filter((m) => m.state === 'paid');
    if (paid.length > g.size || g.seatsTaken > g.size || g.paidCount !== paid.length) overfilled += 1;
    if (g.status === 'OPEN' || !g.settled) problems.push(`group ${g._id} is ${g.status}, settled=${g.settled} after its deadline`);
    if (g.status === 'SUCCEEDED' && paid.length !== g.size) problems.push(`group ${g._id} succeeded with ${paid.length} paid`);
    if (g.status === 'SUCCEEDED') seatsFilled += paid.length;
    for (const m of paid) {
      const want = g.status === 'SUCCEEDED' ? 'PAID' : 'REFUNDED';
      if (orders.get(m.orderId)?.status !== want) problems.push(`order ${m.orderId} of ${g.status} group is ${orders.get(m.orderId)?.status}, not ${want}`);
    }
  }
  const refundCounts = rt.db.raw().prepare('SELECT out_trade_no AS id, COUNT(*) AS n FROM _cashier_refunds GROUP BY out_trade_no').all() as { id: string; n: number }[];
  const cashierRefunds = new Map(refundCounts.map((r) => [r.id, r.n]));
  let doubleRefunds = 0;
  let refundsIssued = 0;
  for (const o of orders.values()) {
    const c = rt.cashier.find({ outTradeNo: o._id });
    const refunds = refundDocs.filter((r) => r.orderId === o._id).length;
    if (refunds > 1 || (cashierRefunds.get(o._id) ?? 0) > 1 || (c && c.refundedFee > c.totalFee)) doubleRefunds += 1;
    refundsIssued += refunds;
    const paidAtCashier = Boolean(c?.paidTransactionId) || o.payMethod === 'balance';
    if (!paidAtCashier) {
      if (o.status !== 'CLOSED') problems.push(`unpaid order ${o._id} is ${o.status}`);
      continue;
    }
    const sold = o.status === 'PAID' && groups.some((g) => g.status === 'SUCCEEDED' && Object.values(g.members as Record<string, Row>).some((m) => m.orderId === o._id && m.state === 'paid'));
    const refunded = o.status === 'REFUNDED' && refunds === 1 && (o.payMethod === 'balance' || c?.refundedFee === o.payableFen);
    if (sold === refunded) problems.push(`payment of ${o._id} (${o.status}) is ${sold ? 'both sold and refunded' : 'neither sold nor refunded'}`);
    if (sold && (c?.refundedFee ?? 0) !== 0) problems.push(`sold order ${o._id} was refunded`);
  }
  const campaign = docs(rt, 'groupbuy_campaigns').find((c) => c._id === campaignId)!;
  const held = groups.reduce((s, g) => s + g.unitsHeld, 0);
  if (campaign.stockLeft + held !== campaign.stock) problems.push(`campaign stock ${campaign.stock} ≠ left ${campaign.stockLeft} + held ${held}`);
  if (held !== seatsFilled) problems.push(`units held by closed groups ${held} ≠ seats sold ${seatsFilled}`);
  problems.push(...auditJournal(rt.db.raw()).problems);
  return {
    seatsFilled, overfilled, refundsIssued, doubleRefunds, problems,
    groupsSucceeded: groups.filter((g) => g.status === 'SUCCEEDED').length, groupsFailed: groups.filter((g) => g.status === 'FAILED').length,
  };
}
