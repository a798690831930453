import { DAY_MS } from '../../cloudfunctions/src/analytics/domain/day';
import { generateDemoHistory, type DemoHistoryOptions } from '../../cloudfunctions/src/analytics/domain/demoHistory';
import type { AnalyticsEvent, EventLine, MoneySplit } from '../../cloudfunctions/src/analytics/domain/events';
import { rngOf } from '../../cloudfunctions/src/analytics/domain/prng';
import { hashInput, orderNoFor } from '../../cloudfunctions/src/shared/ids';
import { REFERRAL_CODE_ALPHABET } from '../../src/contracts';
import { DEMO_COMMISSION, DEMO_OWNER, DEMO_PRODUCTS } from './demo';

/** The demo group campaign's spec (gb_diaper3: diapers, L).*/
const GROUP_SPEC_ID = 'l';
import type { LocalRuntime } from '../runtime/runtime';

/**
 * A year of demo history as real documents (issue 12): the seeded generator's events
 * (cloudfunctions/src/analytics/domain/demoHistory.ts) written the way the functions write them —
 * users with their bonds and arrival, orders with order numbers, journal entries with their keys
 * and balance documents, refunds, commissions and withdrawals, top-ups, stage-move and behaviour
 * records — so `npm run audit` accepts the store and the fold reads it like any other. Pure: the
 * caller writes the documents (seedDemoHistory, local/seed/historySeed.ts).
 */
export interface HistoryDoc {
  coll: string;
  id: string;
  data: Record<string, unknown>;
}

export interface HistoryFigures {
  customers: number;
  orders: number;
  events: number;
  docs: number;
}

const MINUTE = 60_000;
const AUTO_COMPLETE_MS = 10 * DAY_MS;
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = ['小美', '晓燕', '丽', '强', '伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '霞', '平', '刚', '桂英', '秀兰', '建华', '婷', '雪', '慧', '鹏', '宇', '思琪', '子涵', '欣怡', '浩然', '梓萱', '一诺', '宝妈', '姐', '哥', '老师'];

export const historyOpenid = (customerId: string): string => `h_${customerId}`;
const orderIdOf = (eventOrderId: string): string => `H${hashInput(['history', eventOrderId]).slice(0, 23)}`;

function nicknameOf(index: number): string {
  const rng = rngOf(index + 1);
  return `${[...SURNAMES][rng.int(0, [...SURNAMES].length - 1)]}${GIVEN[rng.int(0, GIVEN.length - 1)]}`;
}

function codeOf(openid: string): string {
  const h = hashInput(['code', openid]);
  let code = '';
  for (let i = 0; i < 8; i += 1) code += REFERRAL_CODE_ALPHABET[parseInt(h.slice(i * 2, i * 2 + 2), 16) % REFERRAL_CODE_ALPHABET.length];
  return code;
}

const PRODUCTS = new Map<string, (typeof DEMO_PRODUCTS)[number]>(DEMO_PRODUCTS.map((p) => [p._id, p]));
const money = (m: MoneySplit) => m.wxpayFen + m.principalFen + m.bonusFen;

type DemoSpec = (typeof DEMO_PRODUCTS)[number]['specs'][number];

/** The spec a history line sold: a group seat the campaign's spec, otherwise one of the product's specs, fixed by the order. */
function specOf(productId: string, orderId: string, group: boolean): DemoSpec {
  const specs = PRODUCTS.get(productId)!.specs;
  if (group) return specs.find((x) => x._id === GROUP_SPEC_ID) ?? specs[0];
  return specs[parseInt(hashInput(['spec', orderId, productId]).slice(0, 8), 16) % specs.length];
}

/** A unit's commission base as the functions fix it on a line: the spec's own, else the owner's per-product base, else the list price. */
function unitBaseFen(productId: string, spec: DemoSpec): number {
  return spec.commissionBaseFen ?? DEMO_COMMISSION.products.find((r) => r.productId === productId)?.commissionBaseFen ?? spec.listPriceFen;
}

/**
 * Order lines as the functions write them (lineId, the spec sold, its name, the commission base),
 * with the paid total spread over them by list price (display only; the total is exact).
 */
function orderLines(lines: EventLine[], totalFen: number, orderId: string, group: boolean) {
  const specs = lines.map((l) => specOf(l.productId, orderId, group));
  const weights = lines.map((l, i) => specs[i].listPriceFen * l.qty);
  const sum = weights.reduce((a, b) => a + b, 0);
  let left = totalFen;
  return lines.map((l, i) => {
    const p = PRODUCTS.get(l.productId)!;
    const spec = specs[i];
    const amountFen = i === lines.length - 1 ? left : Math.floor((totalFen * weights[i]) / sum);
    left -= amountFen;
    return {
      lineId: `${i + 1}`, productId: l.productId, specId: spec._id, specName: p.specs.length > 1 ? spec.name : '', name: p.name, picture: null, qty: l.qty,
      listPriceFen: spec.listPriceFen, unitPriceFen: Math.floor(amountFen / l.qty), amountFen, commissionBaseFen: unitBaseFen(l.productId, spec) * l.qty,
    };
  });
}

interface Ctx {
  docs: Map<string, HistoryDoc>;
  endMs: number;
  users: Map<string, Record<string, unknown>>;
  /** Event order id → materialised order document. */
  orders: Map<string, Record<string, unknown>>;
  balances: Map<string, { balance: number; entryCount: number; updatedAtMs: number }>;
  /** Latest order per customer (points posted with a payment name it). */
  lastOrderAt: Map<string, { atMs: number; orderId: string; order: Record<string, unknown> }>;
  withdrawals: Map<string, Record<string, unknown>>;
  ownerOpenid: string;
}

function put(ctx: Ctx, coll: string, id: string, data: Record<string, unknown>): void {
  ctx.docs.set(`${coll}/${id}`, { coll, id, data });
}

function entry(ctx: Ctx, key: string, account: string, amount: number, kind: string, ref: string, atMs: number): void {
  const b = ctx.balances.get(account) ?? { balance: 0, entryCount: 0, updatedAtMs: atMs };
  const store = account.startsWith('store:');
  if (!store) ctx.balances.set(account, { balance: b.balance + amount, entryCount: b.entryCount + 1, updatedAtMs: atMs });
  put(ctx, 'journal', key, {
    account, amount, kind, ref, inputHash: hashInput({ account, amount, kind, ref }), balanceAfter: store ? null : b.balance + amount, pending: false, createdAtMs: atMs,
  });
}

type Of<K extends AnalyticsEvent['kind']> = Extract<AnalyticsEvent, { kind: K }>;

function arrived(ctx: Ctx, e: Of<'arrived'>, index: number): void {
  const openid = historyOpenid(e.customerId);
  const partner = e.partnerId ? historyOpenid(e.partnerId) : null;
  const via = e.channel === 'direct' ? null : { channel: e.channel, referrerOpenid: partner, atMs: e.atMs };
  ctx.users.set(openid, {
    nickname: nicknameOf(index), avatar: null, stage: 'fan', stageUntilMs: null, paidOrderCount: 0, spentFen: 0, createdAtMs: e.atMs, lastPaidAtMs: null,
    referrerOpenid: partner, uplines: partner ? [partner] : [], depth: partner ? 1 : 0, teamDirect: 0, teamSecond: 0, referralCode: null,
    boundAtMs: partner ? e.atMs : null, bindChannel: partner && e.channel !== 'direct' ? e.channel : null, bindCampaign: null,
    referralDecidedAtMs: partner ? e.atMs : null, pendingReferral: null, arrivedVia: via, hasTeam: false,
  });
  if (partner) {
    const p = ctx.users.get(partner);
    if (p) { p.teamDirect = Number(p.teamDirect) + 1; p.hasTeam = true; }
  }
}

function paid(ctx: Ctx, e: Of<'order_paid'>): void {
  const openid = historyOpenid(e.customerId);
  const id = orderIdOf(e.orderId);
  const totalFen = money(e.paid);
  const balance = e.paid.wxpayFen === 0 && totalFen > 0;
  const completed = e.atMs + AUTO_COMPLETE_MS < ctx.endMs;
  const order: Record<string, unknown> = {
    orderNo: orderNoFor(e.atMs, id), openid, kind: e.orderKind, status: completed ? 'COMPLETED' : 'PAID', lines: orderLines(e.lines, totalFen, id, e.orderKind === 'group'), totalFen, pointsUsed: 0,
    pointsDiscountFen: 0, payableFen: totalFen, payMethod: balance ? 'balance' : 'wxpay', balanceSplit: balance ? { principalFen: e.paid.principalFen, bonusFen: e.paid.bonusFen } : null,
    pointsEarned: 0, createdAtMs: e.atMs - 2 * MINUTE, paidAtMs: e.atMs, expiresAtMs: e.atMs + 28 * MINUTE, requestHash: 'history', transactionId: balance ? null : `4200${id.slice(1, 20)}`,
    grants: [], topUp: null, stageBefore: null, commission: null, completedAtMs: completed ? e.atMs + AUTO_COMPLETE_MS : null,
    group: e.orderKind === 'group' ? { groupId: 'history', campaignId: 'gb_diaper3', leader: false, commission: true } : null,
  };
  // Card-only orders ship nothing (orders.ts#isVirtualCart); the cron completes a recent one.
  if (e.lines.length > 0 && e.lines.every((l) => PRODUCTS.get(l.productId)?.kind === 'card')) order.virtual = true;
  for (const l of e.lines) {
    const grant = PRODUCTS.get(l.productId)?.grantsStage;
    if (grant) (order.grants as unknown[]).push({ stage: grant, days: grant === 'member' ? 365 : null, qty: l.qty });
  }
  ctx.orders.set(e.orderId, order);
  ctx.lastOrderAt.set(openid, { atMs: e.atMs, orderId: id, order });
  entry(ctx, `sale-${id}`, 'store:sales', totalFen, 'sale', id, e.atMs);
  if (e.paid.principalFen > 0) entry(ctx, `sv-spend-p-${id}`, `sv_principal:${openid}`, -e.paid.principalFen, 'spend_principal', id, e.atMs);
  if (e.paid.bonusFen > 0) entry(ctx, `sv-spend-b-${id}`, `sv_bonus:${openid}`, -e.paid.bonusFen, 'spend_bonus', id, e.atMs);
  const u = ctx.users.get(openid)!;
  u.paidOrderCount = Number(u.paidOrderCount) + 1;
  u.spentFen = Number(u.spentFen) + totalFen;
  u.lastPaidAtMs = e.atMs;
}

function refunded(ctx: Ctx, e: Of<'order_refunded'>): void {
  const order = ctx.orders.get(e.orderId)!;
  const id = orderIdOf(e.orderId);
  const openid = historyOpenid(e.customerId);
  const amountFen = money(e.refunded);
  const whole = amountFen >= Number(order.payableFen);
  const method = e.refunded.wxpayFen > 0 ? 'wxpay' : 'balance';
  put(ctx, 'refunds', `R${id}`.slice(0, 32), {
    kind: 'order', orderId: id, openid, method, amountFen, totalFen: order.payableFen, status: 'SUCCESS', reason: '顾客申请退款', attempts: 1, lastError: null, createdAtMs: e.atMs, doneAtMs: e.atMs,
  });
  entry(ctx, `sale-rev-${id}`, 'store:sales', -amountFen, 'sale_reversal', id, e.atMs);
  if (e.refunded.principalFen > 0) entry(ctx, `sv-ref-p-${id}`, `sv_principal:${openid}`, e.refunded.principalFen, 'refund_principal', id, e.atMs);
  if (e.refunded.bonusFen > 0) entry(ctx, `sv-ref-b-${id}`, `sv_bonus:${openid}`, e.refunded.bonusFen, 'refund_bonus', id, e.atMs);
  if (whole) Object.assign(order, { status: 'REFUNDED', refundNo: `R${id}`.slice(0, 32), refundedAtMs: e.atMs });
  else order.refundedFen = amountFen;
  const u = ctx.users.get(openid)!;
  if (whole) u.paidOrderCount = Math.max(0, Number(u.paidOrderCount) - 1);
  u.spentFen = Math.max(0, Number(u.spentFen) - amountFen);
}

function toppedUp(ctx: Ctx, e: Of<'topped_up'>): void {
  const openid = historyOpenid(e.customerId);
  const id = `H${hashInput(['topup', e.id]).slice(0, 23)}`;
  put(ctx, 'orders', id, {
    orderNo: orderNoFor(e.atMs, id), openid, kind: 'topup', status: 'PAID', lines: [], totalFen: e.wxpayFen, pointsUsed: 0, pointsDiscountFen: 0, payableFen: e.wxpayFen,
    payMethod: 'wxpay', balanceSplit: null, pointsEarned: 0, createdAtMs: e.atMs - MINUTE, paidAtMs: e.atMs, expiresAtMs: e.atMs + 29 * MINUTE, requestHash: 'history',
    transactionId: `4200${id.slice(1, 20)}`, grants: [], topUp: { packageId: 'tp_1000', principalFen: e.principalFen, bonusFen: e.bonusFen }, stageBefore: null, group: null,
  });
  entry(ctx, `sv-topup-p-${id}`, `sv_principal:${openid}`, e.principalFen, 'topup_principal', id, e.atMs);
  if (e.bonusFen > 0) entry(ctx, `sv-topup-b-${id}`, `sv_bonus:${openid}`, e.bonusFen, 'topup_bonus', id, e.atMs);
}

/**
 * A member's referral reward as the functions keep it (partners/services/commission.ts): a
 * `commissions/<order>-1` document (reward points, credited) and a referral_points entry on the
 * member's points (folded long since); a whole refund reverses both.
 */
function referralPoints(ctx: Ctx, e: Of<'points_posted'>, eventOrderId: string): void {
  const member = historyOpenid(e.customerId);
  const order = ctx.orders.get(eventOrderId)!;
  const id = orderIdOf(eventOrderId);
  const cid = `${id}-1`;
  if (e.points < 0) {
    entry(ctx, `cm-rev-${cid}`, `points:${member}`, e.points, 'commission_reverse', id, e.atMs);
    Object.assign(ctx.docs.get(`commissions/${cid}`)!.data, { status: 'reversed', reversedAtMs: e.atMs, reversedFrom: 'credited' });
    (order.commission as Record<string, unknown>).status = 'reversed';
    return;
  }
  entry(ctx, `cm-${cid}`, `points:${member}`, e.points, 'referral_points', id, e.atMs);
  const buyer = ctx.users.get(String(order.openid));
  put(ctx, 'commissions', cid, {
    orderId: id, buyerOpenid: order.openid, buyerNickname: buyer?.nickname ?? '', beneficiaryOpenid: member, level: 1, stage: 'member', baseFen: e.points * 10, amountFen: e.points, lines: [],
    status: 'credited', createdAtMs: e.atMs, thawedAtMs: null, reversedAtMs: null, reversedFrom: null, reward: 'points', points: e.points, rateBps: HISTORY_COMMISSION_BPS, refundWindowDays: null,
  });
  // Points need no thaw: the order's snapshot settles as the cron leaves it once the refund window has passed.
  const settled = e.atMs + AUTO_COMPLETE_MS + DEMO_COMMISSION.refundWindowDays * DAY_MS < ctx.endMs;
  order.commission = { status: settled ? 'available' : 'frozen', totalFen: e.points, shares: [{ level: 1, openid: member, stage: 'member', amountFen: e.points, reward: 'points', points: e.points }], snapshotAtMs: e.atMs };
}

function pointsPosted(ctx: Ctx, e: Of<'points_posted'>): void {
  if (e.referralOf !== undefined) return referralPoints(ctx, e, e.referralOf);
  const openid = historyOpenid(e.customerId);
  const last = ctx.lastOrderAt.get(openid);
  const ref = last ? last.orderId : 'history';
  if (e.points > 0 && last && last.atMs === e.atMs) last.order.pointsEarned = e.points;
  entry(ctx, `pts-h-${e.id}`, `points:${openid}`, e.points, e.points > 0 ? 'earn' : 'reverse', ref, e.atMs);
}

function stageMoved(ctx: Ctx, e: Of<'stage_moved'>): void {
  const openid = historyOpenid(e.customerId);
  put(ctx, 'stage_moves', `h-${e.id}`, { openid, from: e.from, to: e.to, atMs: e.atMs });
  const u = ctx.users.get(openid)!;
  u.stage = e.to;
  u.stageUntilMs = e.to === 'member' ? e.atMs + 365 * DAY_MS : null;
  if (e.to === 'partner' && !u.referralCode) {
    u.referralCode = codeOf(openid);
    put(ctx, 'referral_codes', String(u.referralCode), { openid, createdAtMs: e.atMs });
  }
}

function behaved(ctx: Ctx, e: Of<'engaged'> | Of<'opted_out'>): void {
  const openid = historyOpenid(e.customerId);
  const action = e.kind === 'opted_out' ? 'opt_out' : e.action;
  const day = Math.floor((e.atMs + 8 * 3600 * 1000) / DAY_MS);
  const id = `${openid}_${day}_${action}`;
  const prior = ctx.docs.get(`behaviour/${id}`);
  if (prior) {
    prior.data.count = Number(prior.data.count) + 1;
    prior.data.lastAtMs = Math.max(Number(prior.data.lastAtMs), e.atMs);
    return;
  }
  put(ctx, 'behaviour', id, { openid, day, action, atMs: e.atMs, count: 1, lastAtMs: e.atMs });
}

/**
 * Commission as the functions keep it: a `commissions/<order>-1` document and the credit on
 * commission_frozen:, the thaw out of it into commission:, a reversal, a withdrawal (its
 * document, requested then paid by the owner) — every move a pair of journal entries.
 */
function commissionMoved(ctx: Ctx, e: Of<'commission_moved'>): void {
  const p = historyOpenid(e.partnerId);
  const a = e.amountFen;
  if (e.from === null || e.to === null || (e.from === 'frozen' && e.to === 'available')) return commissionOfOrder(ctx, e, p);
  const wid = `W${hashInput(['history', e.ref]).slice(0, 23)}`;
  if (e.from === 'available' && e.to === 'withdrawing') {
    entry(ctx, `wd-${wid}`, `commission:${p}`, -a, 'withdraw_request', wid, e.atMs);
    entry(ctx, `wd-hold-${wid}`, `commission_withdrawing:${p}`, a, 'withdraw_request', wid, e.atMs);
    ctx.withdrawals.set(wid, { openid: p, amountFen: a, status: 'requested', requestedAtMs: e.atMs, decidedAtMs: null, payoutRef: null, rejectReason: null, requestHash: hashInput({ amountFen: a }), decidedBy: null });
  } else if (e.from === 'withdrawing' && e.to === 'paid') {
    entry(ctx, `wd-paid-${wid}`, `commission_withdrawing:${p}`, -a, 'withdraw_paid', wid, e.atMs);
    entry(ctx, `wd-out-${wid}`, `commission_paid:${p}`, a, 'withdraw_paid', wid, e.atMs);
    Object.assign(ctx.withdrawals.get(wid)!, { status: 'paid', decidedAtMs: e.atMs, payoutRef: `WX${wid.slice(1, 13)}`, decidedBy: ctx.ownerOpenid });
  }
}

function commissionOfOrder(ctx: Ctx, e: Of<'commission_moved'>, p: string): void {
  const order = ctx.orders.get(e.ref)!;
  const id = orderIdOf(e.ref);
  const cid = `${id}-1`;
  const a = e.amountFen;
  if (e.from === null) {
    entry(ctx, `cm-${cid}`, `commission_frozen:${p}`, a, 'commission_credit', id, e.atMs);
    const buyer = ctx.users.get(String(order.openid));
    put(ctx, 'commissions', cid, {
      orderId: id, buyerOpenid: order.openid, buyerNickname: buyer?.nickname ?? '', beneficiaryOpenid: p, level: 1, stage: 'partner', baseFen: a * 10, amountFen: a, lines: [],
      status: 'frozen', createdAtMs: e.atMs, thawedAtMs: null, reversedAtMs: null, reversedFrom: null,
      reward: 'cash', rateBps: HISTORY_COMMISSION_BPS, refundWindowDays: DEMO_COMMISSION.refundWindowDays,
    });
    order.commission = { status: 'frozen', totalFen: a, shares: [{ level: 1, openid: p, stage: 'partner', amountFen: a, reward: 'cash' }], snapshotAtMs: e.atMs };
    return;
  }
  const doc = ctx.docs.get(`commissions/${cid}`)!.data;
  if (e.to === 'available') {
    entry(ctx, `cm-thaw-out-${cid}`, `commission_frozen:${p}`, -a, 'commission_thaw', id, e.atMs);
    entry(ctx, `cm-thaw-in-${cid}`, `commission:${p}`, a, 'commission_thaw', id, e.atMs);
    Object.assign(doc, { status: 'available', thawedAtMs: e.atMs });
    (order.commission as Record<string, unknown>).status = 'available';
    return;
  }
  const account = e.from === 'frozen' ? `commission_frozen:${p}` : `commission:${p}`;
  entry(ctx, `cm-rev-${cid}`, account, -a, 'commission_reverse', id, e.atMs);
  Object.assign(doc, { status: 'reversed', reversedAtMs: e.atMs, reversedFrom: e.from });
  (order.commission as Record<string, unknown>).status = 'reversed';
}

/** The history's level-1 rate (the generator's approximation: 10 % of the list price, cash, to partners). */
const HISTORY_COMMISSION_BPS = 1000;

/** The documents of a year of history ending at `endMs` (the caller's now). */
export function materializeHistory(endMs: number, newcomers: number, ownerOpenid: string, seed = 20261129): { docs: HistoryDoc[]; figures: HistoryFigures } {
  const days = 365;
  const opts: DemoHistoryOptions = {
    seed, startMs: endMs - days * DAY_MS, days, newcomers, products: DEMO_PRODUCTS.map((p) => ({ ...p })), groupPrices: { p_diaper: 9900, p_trial: 490 },
    topUp: { payFen: 100000, bonusFen: 20000 }, commissionBps: HISTORY_COMMISSION_BPS,
  };
  const { events } = generateDemoHistory(opts);
  const ctx: Ctx = { docs: new Map(), endMs, users: new Map(), orders: new Map(), balances: new Map(), lastOrderAt: new Map(), withdrawals: new Map(), ownerOpenid };
  let arrivals = 0;
  for (const e of events) {
    if (e.kind === 'arrived') arrived(ctx, e, arrivals++);
    else if (e.kind === 'order_paid') paid(ctx, e);
    else if (e.kind === 'order_refunded') refunded(ctx, e);
    else if (e.kind === 'topped_up') toppedUp(ctx, e);
    else if (e.kind === 'points_posted') pointsPosted(ctx, e);
    else if (e.kind === 'stage_moved') stageMoved(ctx, e);
    else if (e.kind === 'engaged' || e.kind === 'opted_out') behaved(ctx, e);
    else if (e.kind === 'commission_moved') commissionMoved(ctx, e);
    else if (e.kind === 'grade_overridden') put(ctx, 'grade_overrides', `h-${e.id}`, { openid: historyOpenid(e.customerId), grade: e.grade, atMs: e.atMs, byOpenid: ownerOpenid, requestHash: 'history' });
  }
  for (const [id, u] of ctx.users) put(ctx, 'users', id, u);
  for (const [eventOrderId, o] of ctx.orders) put(ctx, 'orders', orderIdOf(eventOrderId), o);
  for (const [id, o] of ctx.orders) put(ctx, 'order_numbers', String(o.orderNo), { orderId: orderIdOf(id) });
  for (const [id, w] of ctx.withdrawals) put(ctx, 'withdrawals', id, w);
  for (const [account, b] of ctx.balances) put(ctx, 'balances', account, { ...b, accountKind: account.split(':')[0] });
  const docs = [...ctx.docs.values()];
  return { docs, figures: { customers: [...ctx.users.values()].filter((u) => Number(u.paidOrderCount) > 0).length, orders: ctx.orders.size, events: events.length, docs: docs.length } };
}

/** The history npm start seeds: about 2,100 paying customers and 2,900 orders (docs/DECISIONS.md). */
export const DEMO_HISTORY_NEWCOMERS = 5200;
const MARKER = 'demo-history';

/**
 * Writes the documents straight into the local database in one SQLite transaction (a seed, not a
 * function's path: nothing else runs yet) unless a history is there already, so only the first
 * start of a store pays for it. Returns what was written, or null when there was a history.
 */
export function writeHistory(rt: LocalRuntime, newcomers = DEMO_HISTORY_NEWCOMERS, endMs = rt.nowMs()): HistoryFigures | null {
  const sql = rt.db.raw();
  const exists = sql.prepare("SELECT 1 FROM docs WHERE coll = 'settings' AND id = ?").get(MARKER);
  if (exists) return null;
  const { docs, figures } = materializeHistory(endMs, newcomers, DEMO_OWNER);
  const insert = sql.prepare('INSERT INTO docs (coll, id, data, ver) VALUES (?, ?, ?, 0) ON CONFLICT (coll, id) DO NOTHING');
  sql.transaction(() => {
    for (const d of docs) insert.run(d.coll, d.id, JSON.stringify(d.data));
    insert.run('settings', MARKER, JSON.stringify({ newcomers, endMs, ...figures }));
  })();
  return figures;
}
