// The identity matrix: every admin action × every caller that is not the owner, every shop action
// × every context that is not a mini program user, the payment and refund callbacks × every SOURCE
// other than WeChat Pay's, the cron × every SOURCE other than the timer's. Every cell must be
// refused and leave the whole world (world.ts) as it was; controls show the same calls succeed for
// the right caller, so a refusal is the identity's doing.
import fc from 'fast-check';
import type { z } from 'zod';
import { adminActions, shopActions, type ApiResult } from '../../src/contracts';
import { SOURCE } from '../../cloudfunctions/src/platform';
import type { InvokeAs, LocalRuntime } from '../runtime/runtime';
import { DEMO_MEMBER, DEMO_NEWCOMER, DEMO_OWNER, DEMO_PARTNER, DEMO_SHOPPER } from '../seed/demo';
import { arbitraryFor, type Pools } from './schemaArb';
import { readWorld, TEMPLATES } from './templates';
import { WorldWatch } from './world';

export interface Caller {
  name: string;
  as: InvokeAs;
}

const O = DEMO_OWNER;

/** Contexts that are not a mini program user (or DevTools), most of them carrying the owner's OPENID. */
export const NON_USER_CONTEXTS: Caller[] = [
  { name: 'wx_http + owner', as: { source: SOURCE.http, openid: O } },
  { name: 'wx_trigger', as: { source: SOURCE.trigger } },
  { name: 'wx_trigger + owner', as: { source: SOURCE.trigger, openid: O } },
  { name: 'wx_paycallback', as: { source: SOURCE.payCallback } },
  { name: 'wx_paycallback + owner', as: { source: SOURCE.payCallback, openid: O } },
  { name: 'wx_unknown + owner', as: { source: SOURCE.unknown, openid: O } },
  { name: 'wx_crawler + owner', as: { source: SOURCE.crawler, openid: O } },
  { name: 'scf + owner', as: { source: SOURCE.cloudFunction, openid: O } },
  { name: 'wx_client,scf + owner', as: { source: `${SOURCE.client},${SOURCE.cloudFunction}`, openid: O } },
  { name: 'wx_devtools,scf + owner', as: { source: `${SOURCE.devtools},${SOURCE.cloudFunction}`, openid: O } },
  { name: 'no SOURCE + owner', as: { source: null, openid: O } },
  { name: 'empty context', as: { source: null } },
  { name: 'wx_client without OPENID', as: { source: SOURCE.client } },
  { name: 'forged wx_pay + owner', as: { forgedSource: 'wx_pay', openid: O } },
  { name: 'forged WX_CLIENT + owner', as: { forgedSource: 'WX_CLIENT', openid: O } },
  { name: 'forged " wx_client" + owner', as: { forgedSource: ' wx_client', openid: O } },
  { name: 'wx_client + owner OPENID with a trailing space', as: { source: SOURCE.client, openid: `${O} ` } },
  { name: 'wx_client + owner OPENID with U+0000', as: { source: SOURCE.client, openid: `${O}\u0000` } },
  { name: 'wx_client + all-digit OPENID (a number in the SDK)', as: { source: SOURCE.client, openid: '1234567' } },
];

/** Mini program users who are not the owner (the stranger has never opened the store). */
export const NON_OWNER_USERS: Caller[] = [
  { name: 'shopper', as: { source: SOURCE.client, openid: DEMO_SHOPPER } },
  { name: 'member', as: { source: SOURCE.client, openid: DEMO_MEMBER } },
  { name: 'partner', as: { source: SOURCE.client, openid: DEMO_PARTNER } },
  { name: 'newcomer', as: { source: SOURCE.client, openid: DEMO_NEWCOMER } },
  { name: 'stranger', as: { source: SOURCE.client, openid: 'o_stranger_never_seen' } },
  { name: 'shopper via DevTools', as: { source: SOURCE.devtools, openid: DEMO_SHOPPER } },
  { name: 'owner id in capitals', as: { source: SOURCE.client, openid: O.toUpperCase() } },
];

/**
 * Every SOURCE the platform sends (and a few it does not) except `keep`, with and without a user.
 * `keepWithUser`: also `keep` carrying a user's OPENID — a timer never has one; whether WeChat
 * Pay's callback carries the payer's is not documented, so the callbacks do not judge by it.
 */
export function otherSources(keep: string, keepWithUser: boolean): Caller[] {
  const documented = Object.values(SOURCE).filter((s) => s !== keep);
  return [
    ...documented.map((s) => ({ name: s, as: { source: s } as InvokeAs })),
    { name: `${SOURCE.client} + shopper`, as: { source: SOURCE.client, openid: DEMO_SHOPPER } },
    { name: `${SOURCE.devtools} + owner`, as: { source: SOURCE.devtools, openid: O } },
    { name: `${keep},${SOURCE.cloudFunction}`, as: { source: `${keep},${SOURCE.cloudFunction}` } },
    { name: `${SOURCE.client},${SOURCE.cloudFunction}`, as: { source: `${SOURCE.client},${SOURCE.cloudFunction}`, openid: DEMO_SHOPPER } },
    ...(keepWithUser ? [{ name: `${keep} + shopper`, as: { source: keep, openid: DEMO_SHOPPER } as InvokeAs }] : []),
    { name: 'no SOURCE', as: { source: null } },
    { name: 'forged wx_pay', as: { forgedSource: 'wx_pay' } },
    { name: 'forged wx_timer', as: { forgedSource: 'wx_timer' } },
    { name: `forged ${keep.toUpperCase()}`, as: { forgedSource: keep.toUpperCase() } },
  ];
}

export interface IdentityReport {
  cells: number;
  /** Cells answered with anything but the expected refusal. */
  wronglyAllowed: number;
  /** Cells after which the world's hash differed. */
  stateChanges: number;
  /** Controls (the right caller, the same call) that were refused: the matrix would prove nothing. */
  controlsRefused: number;
  failures: string[];
}

type Check = (res: unknown) => boolean;
const refusedWith = (...codes: string[]): Check => (res) => {
  const r = res as ApiResult<unknown>;
  return typeof r === 'object' && r !== null && r.ok === false && codes.includes(r.error.code);
};
const forbidden403: Check = (res) => (res as { errcode?: unknown } | null)?.errcode === 403;

class Matrix {
  readonly report: IdentityReport = { cells: 0, wronglyAllowed: 0, stateChanges: 0, controlsRefused: 0, failures: [] };
  private readonly watch: WorldWatch;
  constructor(private readonly rt: LocalRuntime) {
    this.watch = new WorldWatch(rt);
  }

  async cell(label: string, fn: string, event: unknown, caller: Caller, expected: Check): Promise<void> {
    this.watch.mark();
    const res = (await this.rt.invoke(fn, event, caller.as)).result;
    this.report.cells += 1;
    const allowed = !expected(res);
    const changed = this.watch.changedSinceMark();
    if (allowed) this.report.wronglyAllowed += 1;
    if (changed) this.report.stateChanges += 1;
    if ((allowed || changed) && this.report.failures.length < 30) this.report.failures.push(`${label} as ${caller.name}: ${allowed ? 'allowed' : 'refused'}${changed ? ', world changed' : ''}: ${JSON.stringify(res).slice(0, 160)}`);
  }

  control(label: string, ok: boolean): void {
    if (ok) return;
    this.report.controlsRefused += 1;
    if (this.report.failures.length < 30) this.report.failures.push(`control refused: ${label}`);
  }
}

function validInput(rt: LocalRuntime, fn: 'shop' | 'admin', action: string, schema: z.ZodTypeAny, seed: number): unknown {
  const w = readWorld(rt);
  const template = TEMPLATES[`${fn}.${action}`]?.(w, DEMO_OWNER);
  const pools: Pools = { productId: w.ids('products'), orderId: w.orders.map((o) => o.id), groupId: w.ids('groupbuy_groups'), campaignId: w.ids('groupbuy_campaigns'), withdrawalId: w.ids('withdrawals'), packageId: w.ids('topup_packages'), openid: w.users, code: w.codes };
  return fc.sample(template ?? arbitraryFor(schema, pools), { seed, numRuns: 1 })[0];
}

async function routerCells(m: Matrix, rt: LocalRuntime): Promise<void> {
  let seed = 1;
  for (const [action, a] of Object.entries(adminActions)) {
    const event = { action, input: validInput(rt, 'admin', action, a.input as z.ZodTypeAny, (seed += 1)) };
    for (const caller of [...NON_OWNER_USERS, ...NON_USER_CONTEXTS]) await m.cell(`admin.${action}`, 'admin', event, caller, refusedWith('FORBIDDEN', 'UNAUTHENTICATED'));
    const control = (await rt.invoke<ApiResult<unknown>>('admin', event, { source: SOURCE.client, openid: DEMO_OWNER })).result;
    m.control(`admin.${action} as the owner`, control.ok || !['FORBIDDEN', 'UNAUTHENTICATED'].includes(control.error.code));
  }
  for (const [action, a] of Object.entries(shopActions)) {
    const event = { action, input: validInput(rt, 'shop', action, a.input as z.ZodTypeAny, (seed += 1)) };
    for (const caller of NON_USER_CONTEXTS) await m.cell(`shop.${action}`, 'shop', event, caller, refusedWith('UNAUTHENTICATED'));
    const control = (await rt.invoke<ApiResult<unknown>>('shop', event, { source: SOURCE.client, openid: DEMO_SHOPPER })).result;
    m.control(`shop.${action} as a shopper`, control.ok || control.error.code !== 'UNAUTHENTICATED');
  }
}

async function shopperOrder(rt: LocalRuntime, requestId: string): Promise<string> {
  const created = (await rt.invoke<ApiResult<{ order: { _id: string } }>>('shop', { action: 'order.create', input: { requestId, lines: [{ productId: 'p_trial', qty: 1 }] } }, { openid: DEMO_SHOPPER })).result;
  if (!created.ok) throw new Error(`identity matrix setup: ${created.error.code}`);
  const paid = (await rt.invoke<ApiResult<unknown>>('shop', { action: 'order.pay', input: { orderId: created.data.order._id } }, { openid: DEMO_SHOPPER })).result;
  if (!paid.ok) throw new Error(`identity matrix setup: ${paid.error.code}`);
  return created.data.order._id;
}

async function statusOf(rt: LocalRuntime, orderId: string): Promise<unknown> {
  return (await rt.db.collection('orders').doc(orderId).get()).data.status;
}

async function callbackCells(m: Matrix, rt: LocalRuntime): Promise<void> {
  const orderId = await shopperOrder(rt, 'identity-pay');
  const payEvent = rt.payEvent(orderId);
  for (const caller of otherSources(SOURCE.payCallback, false)) await m.cell('payNotify', 'payNotify', payEvent, caller, forbidden403);
  await rt.deliverPayment(payEvent);
  m.control('payNotify as wx_paycallback', (await statusOf(rt, orderId)) === 'PAID');

  const refund = (await rt.invoke<ApiResult<{ refundNo: string }>>('admin', { action: 'order.refund', input: { orderId, reason: '身份矩阵' } }, { openid: DEMO_OWNER })).result;
  if (!refund.ok) throw new Error(`identity matrix setup: refund ${refund.error.code}`);
  const refundEvent = rt.refundEvent(refund.data.refundNo);
  for (const caller of otherSources(SOURCE.payCallback, false)) await m.cell('refundNotify', 'refundNotify', refundEvent, caller, forbidden403);
  await rt.deliverRefund(refund.data.refundNo);
  m.control('refundNotify as wx_paycallback', (await statusOf(rt, orderId)) === 'REFUNDED');
}

async function cronCells(m: Matrix, rt: LocalRuntime): Promise<void> {
  const orderId = await shopperOrder(rt, 'identity-cron');
  rt.advanceClock(2 * 3600 * 1000);
  for (const caller of otherSources(SOURCE.trigger, true)) await m.cell('cron', 'cron', {}, caller, forbidden403);
  await rt.runCron();
  m.control('cron as wx_trigger', (await statusOf(rt, orderId)) === 'CLOSED');
}

/** Runs the whole matrix on a seeded store (the caller owns the runtime). */
export async function runIdentityMatrix(rt: LocalRuntime): Promise<IdentityReport> {
  for (const id of [DEMO_OWNER, DEMO_SHOPPER, DEMO_MEMBER, DEMO_PARTNER, DEMO_NEWCOMER]) await rt.invoke('shop', { action: 'session.get', input: {} }, { openid: id });
  const m = new Matrix(rt);
  await routerCells(m, rt);
  await callbackCells(m, rt);
  await cronCells(m, rt);
  return m.report;
}
