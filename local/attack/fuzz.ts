// The fuzz run: many generated calls to every action of `shop` and `admin`, as each identity —
// valid inputs drawn from the contracts with real ids, targeted mutations of them, and arbitrary
// junk — against the real function code on a local runtime. Every answer must be a typed result
// that is not INTERNAL, and a refused call must leave the whole world (world.ts) as it was.
// Deterministic for a seed: inputs come from fast-check with seeds derived from it.
import fc from 'fast-check';
import type { z } from 'zod';
import { adminActions, ERROR_CODES, shopActions, type ApiResult } from '../../src/contracts';
import { auditJournal } from '../audit';
import type { LocalRuntime } from '../runtime/runtime';
import { DEMO_MEMBER, DEMO_NEWCOMER, DEMO_OWNER, DEMO_PARTNER, DEMO_SHOPPER } from '../seed/demo';
import { prng } from '../load/groupbuy';
import { mutationOf } from './mutate';
import { arbitraryFor, type Pools } from './schemaArb';
import { readWorld, TEMPLATES, type World } from './templates';
import { WorldWatch } from './world';

export const FUZZ_IDENTITIES = [DEMO_OWNER, DEMO_SHOPPER, DEMO_MEMBER, DEMO_PARTNER, DEMO_NEWCOMER] as const;
const FUZZ_ADDRESS = { name: '小美', phone: '13912342901', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号' };

type Fn = 'shop' | 'admin';
interface Target {
  fn: Fn;
  action: string;
  input: z.ZodTypeAny;
}
export const FUZZ_TARGETS: Target[] = [
  ...Object.entries(shopActions).map(([action, a]) => ({ fn: 'shop' as const, action, input: a.input as z.ZodTypeAny })),
  ...Object.entries(adminActions).map(([action, a]) => ({ fn: 'admin' as const, action, input: a.input as z.ZodTypeAny })),
];

export interface FuzzOptions {
  inputs: number;
  seed: number;
  /** Called with every call of the named `fn.action` and its answer (to study one action). */
  trace?: { call: string; log: (line: string) => void };
  /** Start from the seeded store as it is (no lived-in history). */
  skipSetup?: boolean;
}

export interface FuzzFinding {
  call: string;
  identity: string;
  how: string;
  input: string;
  answer: string;
}

export interface FuzzReport {
  inputs: number;
  okAnswers: number;
  refused: number;
  byCode: Record<string, number>;
  /** Calls per `fn.action` and how many succeeded. */
  byAction: Record<string, { calls: number; ok: number; codes: Record<string, number> }>;
  byMode: Record<string, number>;
  /** Calls per `fn identity`. */
  byIdentity: Record<string, number>;
  /** INTERNAL answers, answers that are not a typed result, and invocations that threw. */
  internalErrors: number;
  stateChangesOnRefusal: number;
  /** Refused calls that wrote rows but left the world's hash as it was (e.g. a rolled-back seat). */
  refusedWithWrites: number;
  /** The first few of each kind, to reproduce. */
  findings: { internal: FuzzFinding[]; stateChange: FuzzFinding[] };
  auditProblems: string[];
  /** Stored strings carrying control, bidi-override or lone-surrogate characters (typed by someone). */
  dirtyStrings: string[];
  ms: number;
}

const ERROR_SET = new Set<string>(ERROR_CODES);

function isTyped(res: unknown): res is ApiResult<unknown> {
  if (typeof res !== 'object' || res === null) return false;
  const r = res as { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } };
  if (r.ok === true) return 'data' in r;
  return r.ok === false && typeof r.error?.code === 'string' && ERROR_SET.has(r.error.code) && typeof r.error.message === 'string';
}

/** Real ids for a call: the caller's own orders in the state the action wants, others' as foreign. */
function poolsFor(w: World, target: Target, identity: string, requestIds: string[]): { pools: Pools; foreign: Record<string, string[]> } {
  const mine = w.orders.filter((o) => target.fn === 'admin' || o.openid === identity);
  const wanted = target.action === 'order.pay' || target.action === 'order.cancel' ? mine.filter((o) => o.status === 'PENDING')
    : target.action === 'order.refund' || target.action === 'order.complete' ? mine.filter((o) => o.status === 'PAID' && o.kind !== 'topup') : mine;
  const pools: Pools = {
    orderId: (wanted.length > 0 ? wanted : mine).map((o) => o.id), productId: w.ids('products'), packageId: w.ids('topup_packages'), groupId: w.ids('groupbuy_groups'),
    campaignId: w.ids('groupbuy_campaigns'), withdrawalId: w.ids('withdrawals'), afterSaleId: w.ids('after_sales'), code: w.codes, scene: w.ids('groupbuy_scenes').map((t) => `g=${t}`),
    token: w.ids('share_scenes'), openid: w.users, toReferrerOpenid: w.users, requestId: requestIds, categoryId: w.ids('categories'),
    specId: w.docs('products').flatMap((p) => ((p.specs as { _id: string }[] | undefined) ?? []).map((s) => s._id)),
    categoryIds: w.ids('categories'),
  };
  const others = w.orders.filter((o) => o.openid !== identity).map((o) => o.id);
  return { pools, foreign: { orderId: others, openid: w.users.filter((u) => u !== identity), toReferrerOpenid: [identity], groupId: w.ids('groupbuy_groups') } };
}

const sample = <T>(arb: fc.Arbitrary<T>, seed: number): T => fc.sample(arb, { seed, numRuns: 1 })[0];

interface Planned {
  target: Target;
  identity: string;
  mode: 'valid' | 'mutated' | 'junk input' | 'junk event';
  event: unknown;
  how: string;
}

function plan(i: number, opts: FuzzOptions, order: number[], w: World, requestIds: Map<string, string[]>): Planned {
  const rnd = prng(opts.seed * 7919 + i);
  const target = FUZZ_TARGETS[order[i % order.length]];
  const ownerBias = target.fn === 'admin' && rnd() < 0.75;
  const identity = ownerBias ? DEMO_OWNER : FUZZ_IDENTITIES[Math.floor(rnd() * FUZZ_IDENTITIES.length)];
  const { pools, foreign } = poolsFor(w, target, identity, requestIds.get(identity) ?? []);
  const seed = opts.seed * 1_000_003 + i;
  const r = rnd();
  if (r < 0.05) return { target, identity, mode: 'junk event', event: sample(fc.anything(), seed), how: 'arbitrary event' };
  if (r < 0.15) return { target, identity, mode: 'junk input', event: { action: target.action, input: sample(fc.anything(), seed) }, how: 'arbitrary input' };
  const template = rnd() < 0.7 ? TEMPLATES[`${target.fn}.${target.action}`]?.(w, identity) : null;
  const valid = sample(template ?? arbitraryFor(target.input, pools), seed) as Parameters<typeof mutationOf>[0];
  if (r < 0.55) return { target, identity, mode: 'valid', event: { action: target.action, input: valid }, how: 'valid' };
  const m = sample(mutationOf(valid, { foreign }), seed + 1);
  return { target, identity, mode: 'mutated', event: { action: target.action, input: m.input }, how: m.how };
}

async function must(rt: LocalRuntime, fn: Fn, action: string, input: unknown, openid: string): Promise<Record<string, any>> {
  const res = (await rt.invoke<ApiResult<Record<string, any>>>(fn, { action, input }, { openid })).result;
  if (!res.ok) throw new Error(`fuzz setup: ${fn}.${action} failed: ${res.error.code} ${res.error.message}`);
  return res.data;
}

/**
 * A store with some history before the fuzz starts: paid, completed and thawed orders (so
 * partners hold withdrawable commission), a paid top-up (stored value to pay or refund with),
 * points to redeem, an open group. Setup calls are not counted as fuzz inputs.
 */
async function livedIn(rt: LocalRuntime): Promise<void> {
  for (const id of FUZZ_IDENTITIES) await must(rt, 'shop', 'session.get', {}, id);
  for (const [k, openid] of [DEMO_SHOPPER, DEMO_SHOPPER, DEMO_MEMBER, DEMO_MEMBER, DEMO_NEWCOMER].entries()) {
    const { order } = await must(rt, 'shop', 'order.create', { requestId: `fuzz-setup-${k}`, lines: [{ productId: 'p_tonic', qty: 2 }] }, openid);
    await must(rt, 'shop', 'order.pay', { orderId: order._id }, openid);
    await rt.pay(order._id);
    await must(rt, 'admin', 'order.complete', { orderId: order._id }, DEMO_OWNER);
  }
  const { order: topUp } = await must(rt, 'shop', 'wallet.topup', { requestId: 'fuzz-setup-topup', packageId: 'tp_1000' }, DEMO_SHOPPER);
  await must(rt, 'shop', 'order.pay', { orderId: topUp._id }, DEMO_SHOPPER);
  await rt.pay(topUp._id);
  rt.advanceClock(8 * 24 * 3600 * 1000);
  await rt.runCron();
  await must(rt, 'shop', 'groupbuy.group.open', { requestId: 'fuzz-setup-group', campaignId: 'gb_diaper3' }, DEMO_MEMBER);
  // Withdrawals waiting for the owner (approve / reject have something to decide from the start).
  // Members earn points (no withdrawals); the partner holds the cash.
  for (const k of [0, 1, 2, 3]) await must(rt, 'shop', 'partner.withdraw', { requestId: `fuzz-setup-wd-${k}`, amountFen: 100 }, DEMO_PARTNER);
  // Orders to ship, pick up, receive and take to after-sales (issue 11).
  for (const [k, fulfilment] of [{ mode: 'delivery', address: FUZZ_ADDRESS }, { mode: 'pickup' }, { mode: 'delivery', address: FUZZ_ADDRESS }, { mode: 'pickup' }].entries()) {
    const buyer = k % 2 === 0 ? DEMO_MEMBER : DEMO_SHOPPER;
    const { order } = await must(rt, 'shop', 'order.create', { requestId: `fuzz-setup-ship-${k}`, lines: [{ productId: 'p_tonic', qty: 1 }, { productId: 'p_trial', qty: 2 }], fulfilment }, buyer);
    await must(rt, 'shop', 'order.pay', { orderId: order._id }, buyer);
    await rt.pay(order._id);
    if (k === 2) {
      await must(rt, 'admin', 'order.ship', { orderId: order._id, parcels: [{ carrier: 'SF', trackingNo: 'SF20261130001' }] }, DEMO_OWNER);
      const r = await must(rt, 'shop', 'afterSale.request', { requestId: 'fuzz-setup-as-ret', orderId: order._id, kind: 'return', lines: [{ lineId: order.lines[0].lineId, qty: 1, amountFen: 1000 }], reason: '尺码不合适' }, buyer);
      await must(rt, 'admin', 'afterSale.approve', { afterSaleId: r.afterSale._id, returnAddress: '杭州市西湖区文三路 90 号' }, DEMO_OWNER);
    }
    if (k === 0) await must(rt, 'shop', 'afterSale.request', { requestId: 'fuzz-setup-as-ref', orderId: order._id, kind: 'refund', lines: [{ lineId: order.lines[1].lineId, qty: 1, amountFen: 500 }], reason: '不想要了' }, buyer);
  }
  // A product poster's scene token to resolve.
  await must(rt, 'shop', 'partner.poster.payload', { target: { kind: 'product', productId: 'p_tonic' } }, DEMO_PARTNER);
}

/** Keeps the world moving between calls so valid inputs meet paid, expired and refunded orders. */
async function worldActivity(rt: LocalRuntime, i: number): Promise<void> {
  // WeChat's phone sheet: every shopper has a fresh code to share (profile.phone.bind's valid inputs).
  for (const [k, id] of FUZZ_IDENTITIES.entries()) if (rt.unusedPhoneCodes(id).length < 2) rt.issuePhoneCode(id, `1380013${String(8000 + k)}`);
  const pending = rt.db.raw().prepare(`SELECT out_trade_no FROM _cashier WHERE paid_transaction_id IS NULL AND closed = 0 ORDER BY out_trade_no LIMIT 3`).all() as { out_trade_no: string }[];
  for (const p of pending) await rt.pay(p.out_trade_no);
  if (i % 1000 === 0) {
    rt.advanceClock(2 * 3600 * 1000);
    await rt.runCron();
  }
}

function describeAnswer(res: unknown): string {
  return JSON.stringify(res)?.slice(0, 300) ?? String(res);
}

/** Characters no stored text should carry: C0/C1 controls, bidi overrides, BOM, lone surrogates. */
export const UNCLEAN_TEXT = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function dirtyStrings(rt: LocalRuntime): string[] {
  const out: string[] = [];
  const walk = (v: unknown, at: string): void => {
    if (typeof v === 'string' && UNCLEAN_TEXT.test(v)) out.push(`${at} = ${JSON.stringify(v).slice(0, 40)}`);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
  };
  for (const r of rt.db.raw().prepare('SELECT coll, id, data FROM docs').iterate() as Iterable<{ coll: string; id: string; data: string }>) walk(JSON.parse(r.data), `${r.coll}/${r.id}`);
  return out.slice(0, 20);
}

/** Runs the fuzz; the caller owns the runtime (a seeded store with the real functions registered). */
export async function runFuzz(rt: LocalRuntime, opts: FuzzOptions): Promise<FuzzReport> {
  const t0 = Date.now();
  const rnd = prng(opts.seed);
  const order = FUZZ_TARGETS.map((_, k) => k).sort(() => rnd() - 0.5);
  const report: FuzzReport = { inputs: 0, okAnswers: 0, refused: 0, byCode: {}, byAction: {}, byMode: {}, byIdentity: {}, internalErrors: 0, stateChangesOnRefusal: 0, refusedWithWrites: 0, findings: { internal: [], stateChange: [] }, auditProblems: [], dirtyStrings: [], ms: 0 };
  const requestIds = new Map<string, string[]>();
  if (!opts.skipSetup) await livedIn(rt);
  let w = readWorld(rt);
  const watch = new WorldWatch(rt);
  for (let i = 0; i < opts.inputs; i += 1) {
    if (i % 25 === 0) {
      await worldActivity(rt, i);
      w = readWorld(rt);
    }
    const p = plan(i, opts, order, w, requestIds);
    watch.mark();
    let res: unknown;
    try {
      res = (await rt.invoke(p.target.fn, p.event, { openid: p.identity })).result;
    } catch (e) {
      res = { thrown: e instanceof Error ? e.message : String(e) };
    }
    // Only a refused call is compared (an accepted one may change the world).
    const refused = !(isTyped(res) && res.ok);
    if (refused && watch.wroteSinceMark()) report.refusedWithWrites += 1;
    record(report, p, res, refused && watch.changedSinceMark(), requestIds);
    if (opts.trace?.call === `${p.target.fn}.${p.target.action}`) opts.trace.log(`${p.mode} ${p.identity} ${JSON.stringify(p.event)?.slice(0, 200)} => ${describeAnswer(res)}`);
  }
  report.auditProblems = auditJournal(rt.db.raw()).problems;
  report.dirtyStrings = dirtyStrings(rt);
  report.ms = Date.now() - t0;
  return report;
}

function record(report: FuzzReport, p: Planned, res: unknown, changed: boolean, requestIds: Map<string, string[]>): void {
  const key = `${p.target.fn}.${p.target.action}`;
  const slot = (report.byAction[key] ??= { calls: 0, ok: 0, codes: {} });
  slot.calls += 1;
  report.inputs += 1;
  report.byMode[p.mode] = (report.byMode[p.mode] ?? 0) + 1;
  report.byIdentity[`${p.target.fn} ${p.identity}`] = (report.byIdentity[`${p.target.fn} ${p.identity}`] ?? 0) + 1;
  const finding = (): FuzzFinding => ({ call: key, identity: p.identity, how: p.how, input: JSON.stringify(p.event)?.slice(0, 300) ?? '', answer: describeAnswer(res) });
  if (!isTyped(res) || (!res.ok && res.error.code === 'INTERNAL')) {
    report.internalErrors += 1;
    if (report.findings.internal.length < 20) report.findings.internal.push(finding());
  }
  if (isTyped(res) && res.ok) {
    report.okAnswers += 1;
    slot.ok += 1;
    const rid = (p.event as { input?: { requestId?: unknown } }).input?.requestId;
    if (typeof rid === 'string') requestIds.set(p.identity, [...(requestIds.get(p.identity) ?? []).slice(-20), rid]);
    return;
  }
  report.refused += 1;
  const code = isTyped(res) && !res.ok ? res.error.code : 'UNTYPED';
  report.byCode[code] = (report.byCode[code] ?? 0) + 1;
  slot.codes[code] = (slot.codes[code] ?? 0) + 1;
  if (changed) {
    report.stateChangesOnRefusal += 1;
    if (report.findings.stateChange.length < 20) report.findings.stateChange.push(finding());
  }
}
