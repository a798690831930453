import fc from 'fast-check';
import type { Stage } from '../../../cloudfunctions/src/members/domain/ladder';
import { splitRefund, splitSpend } from '../../../cloudfunctions/src/members/domain/wallet';
import type { AnalyticsEvent, Channel, CommissionStatus, EngagementAction, Grade, MoneySplit } from '../../../cloudfunctions/src/analytics/domain/events';
import { rngOf } from '../../../cloudfunctions/src/analytics/domain/prng';

/*
 * Random but valid event streams for the property tests: fast-check draws abstract commands and a
 * small model turns them into events a real store could produce (only paid orders are refunded,
 * never beyond what they paid; balances are spent only when there; commission moves along its
 * lifecycle; stage moves start from the stage the customer is at).
 */
const CHANNELS: Channel[] = ['direct', 'code', 'poster', 'groupbuy', 'campaign'];
const ACTIONS: EngagementAction[] = ['view', 'cart', 'group_join', 'visit'];
const STAGES: Stage[] = ['fan', 'customer', 'member', 'partner'];
const PRODUCTS = ['p_trial', 'p_tonic', 'p_diaper'];

export type Command =
  | { k: 'arrive'; ch: number; partner: boolean }
  | { k: 'engage'; who: number; action: number }
  | { k: 'optout'; who: number }
  | { k: 'pay'; who: number; qty: number; twoLines: boolean; fen: number; balance: boolean; group: boolean }
  | { k: 'refund'; who: number; pick: number; full: boolean }
  | { k: 'topup'; who: number; fen: number }
  | { k: 'svrefund'; who: number }
  | { k: 'stage'; who: number; to: number }
  | { k: 'commission'; pick: number; fresh: boolean; fen: number }
  | { k: 'points'; who: number; points: number }
  | { k: 'override'; who: number; grade: Grade | null };

const who = fc.nat(50);
export const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ k: fc.constant('arrive' as const), ch: fc.nat(4), partner: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('engage' as const), who, action: fc.nat(3) }) },
  fc.record({ k: fc.constant('optout' as const), who }),
  { weight: 5, arbitrary: fc.record({ k: fc.constant('pay' as const), who, qty: fc.integer({ min: 1, max: 4 }), twoLines: fc.boolean(), fen: fc.integer({ min: 0, max: 60000 }), balance: fc.boolean(), group: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('refund' as const), who, pick: fc.nat(20), full: fc.boolean() }) },
  fc.record({ k: fc.constant('topup' as const), who, fen: fc.integer({ min: 1, max: 100000 }) }),
  fc.record({ k: fc.constant('svrefund' as const), who }),
  { weight: 2, arbitrary: fc.record({ k: fc.constant('stage' as const), who, to: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('commission' as const), pick: fc.nat(20), fresh: fc.boolean(), fen: fc.integer({ min: 1, max: 9000 }) }) },
  fc.record({ k: fc.constant('points' as const), who, points: fc.integer({ min: -500, max: 500 }).filter((p) => p !== 0) }),
  fc.record({ k: fc.constant('override' as const), who, grade: fc.option(fc.constantFrom<Grade>('A', 'B', 'C', 'D', 'E'), { nil: null }) }),
);

/** Commands with the hours that pass before each: streams span a few weeks. */
export const commands = fc.array(fc.tuple(command, fc.integer({ min: 0, max: 30 })), { minLength: 10, maxLength: 120, size: 'max' });

interface OrderModel { id: string; customerId: string; paid: MoneySplit; back: MoneySplit; qty: Record<string, number>; qtyBack: Record<string, number> }

const T0 = Date.UTC(2026, 2, 1, 0);

export function eventsOf(cmds: readonly [Command, number][]): AnalyticsEvent[] {
  const events: AnalyticsEvent[] = [];
  const people: { id: string; stage: Stage; wallet: { principalFen: number; bonusFen: number } }[] = [];
  const orders: OrderModel[] = [];
  const commissions: { ref: string; status: CommissionStatus; amountFen: number }[] = [];
  let atMs = T0;
  let seq = 0;
  const id = () => `e${++seq}`;
  const pick = <T>(xs: T[], i: number): T | undefined => (xs.length ? xs[i % xs.length] : undefined);
  for (const [c, hours] of cmds) {
    atMs += hours * 3_600_000 + 1_000;
    const p = 'who' in c ? pick(people, c.who) : undefined;
    if (c.k === 'arrive') {
      const person = { id: `c${people.length}`, stage: 'fan' as Stage, wallet: { principalFen: 0, bonusFen: 0 } };
      people.push(person);
      events.push({ kind: 'arrived', id: id(), atMs, customerId: person.id, channel: CHANNELS[c.ch], partnerId: c.partner ? 'P' : null });
    } else if (c.k === 'commission') {
      moveCommission(c, commissions, events, id(), atMs);
    } else if (!p) {
      continue;
    } else if (c.k === 'engage') {
      events.push({ kind: 'engaged', id: id(), atMs, customerId: p.id, action: ACTIONS[c.action] });
    } else if (c.k === 'optout') {
      events.push({ kind: 'opted_out', id: id(), atMs, customerId: p.id });
    } else if (c.k === 'pay') {
      const lines = c.twoLines ? [{ productId: PRODUCTS[0], qty: 1 }, { productId: PRODUCTS[c.qty % 3], qty: c.qty }] : [{ productId: PRODUCTS[c.qty % 3], qty: c.qty }];
      const spend = c.balance ? splitSpend(c.fen, p.wallet) : null;
      const paid = spend && spend.ok ? { wxpayFen: 0, principalFen: spend.principalFen, bonusFen: spend.bonusFen } : { wxpayFen: c.fen, principalFen: 0, bonusFen: 0 };
      p.wallet.principalFen -= paid.principalFen;
      p.wallet.bonusFen -= paid.bonusFen;
      const order: OrderModel = { id: `o${orders.length}`, customerId: p.id, paid, back: { wxpayFen: 0, principalFen: 0, bonusFen: 0 }, qty: {}, qtyBack: {} };
      for (const l of lines) order.qty[l.productId] = (order.qty[l.productId] ?? 0) + l.qty;
      orders.push(order);
      events.push({ kind: 'order_paid', id: id(), atMs, customerId: p.id, orderId: order.id, orderKind: c.group ? 'group' : 'goods', lines, paid });
    } else if (c.k === 'refund') {
      refund(c, orders.filter((o) => o.customerId === p.id), p, events, id(), atMs);
    } else if (c.k === 'topup') {
      const bonusFen = Math.floor(c.fen / 5);
      p.wallet.principalFen += c.fen;
      p.wallet.bonusFen += bonusFen;
      events.push({ kind: 'topped_up', id: id(), atMs, customerId: p.id, wxpayFen: c.fen, principalFen: c.fen, bonusFen });
    } else if (c.k === 'svrefund') {
      if (p.wallet.principalFen === 0) continue;
      events.push({ kind: 'stored_value_refunded', id: id(), atMs, customerId: p.id, principalFen: p.wallet.principalFen, bonusForfeitedFen: p.wallet.bonusFen });
      p.wallet = { principalFen: 0, bonusFen: 0 };
    } else if (c.k === 'stage') {
      if (STAGES[c.to] === p.stage) continue;
      events.push({ kind: 'stage_moved', id: id(), atMs, customerId: p.id, from: p.stage, to: STAGES[c.to] });
      p.stage = STAGES[c.to];
    } else if (c.k === 'points') {
      events.push({ kind: 'points_posted', id: id(), atMs, customerId: p.id, points: c.points });
    } else {
      events.push({ kind: 'grade_overridden', id: id(), atMs, customerId: p.id, grade: c.grade });
    }
  }
  return events;
}

function refund(c: Extract<Command, { k: 'refund' }>, mine: OrderModel[], p: { wallet: { principalFen: number; bonusFen: number } }, events: AnalyticsEvent[], eventId: string, atMs: number): void {
  const o = mine.length ? mine[c.pick % mine.length] : undefined;
  if (!o) return;
  const left = { wxpayFen: o.paid.wxpayFen - o.back.wxpayFen, principalFen: o.paid.principalFen - o.back.principalFen, bonusFen: o.paid.bonusFen - o.back.bonusFen };
  const leftQty = Object.entries(o.qty).map(([productId, q]) => ({ productId, qty: q - (o.qtyBack[productId] ?? 0) })).filter((l) => l.qty > 0);
  let refunded = left;
  let lines = leftQty;
  if (!c.full) {
    const sv = splitRefund({ principalFen: left.principalFen, bonusFen: left.bonusFen }, Math.floor((left.principalFen + left.bonusFen) / 2));
    refunded = { wxpayFen: Math.floor(left.wxpayFen / 2), principalFen: sv.ok ? sv.principalFen : 0, bonusFen: sv.ok ? sv.bonusFen : 0 };
    lines = leftQty.slice(0, 1).map((l) => ({ ...l, qty: 1 }));
  }
  if (lines.length === 0 && refunded.wxpayFen + refunded.principalFen + refunded.bonusFen === 0) return;
  for (const k of ['wxpayFen', 'principalFen', 'bonusFen'] as const) o.back[k] += refunded[k];
  for (const l of lines) o.qtyBack[l.productId] = (o.qtyBack[l.productId] ?? 0) + l.qty;
  p.wallet.principalFen += refunded.principalFen;
  p.wallet.bonusFen += refunded.bonusFen;
  events.push({ kind: 'order_refunded', id: eventId, atMs, customerId: o.customerId, orderId: o.id, lines, refunded });
}

const NEXT: Record<CommissionStatus, (CommissionStatus | null)[]> = { frozen: ['available', null], available: ['withdrawing', null], withdrawing: ['paid', 'available'], paid: [] };

function moveCommission(c: Extract<Command, { k: 'commission' }>, all: { ref: string; status: CommissionStatus; amountFen: number }[], events: AnalyticsEvent[], eventId: string, atMs: number): void {
  const live = all.filter((x) => NEXT[x.status].length > 0);
  if (c.fresh || live.length === 0) {
    const ref = `r${all.length}`;
    all.push({ ref, status: 'frozen', amountFen: c.fen });
    events.push({ kind: 'commission_moved', id: eventId, atMs, ref, partnerId: 'P', amountFen: c.fen, from: null, to: 'frozen' });
    return;
  }
  const x = live[c.pick % live.length];
  const to = NEXT[x.status][c.fen % NEXT[x.status].length];
  events.push({ kind: 'commission_moved', id: eventId, atMs, ref: x.ref, partnerId: 'P', amountFen: x.amountFen, from: x.status, to });
  if (to === null) all.splice(all.indexOf(x), 1);
  else x.status = to;
}

/**
 * Delivers a stream the way a fold might: out of time order across customers (each customer's
 * orders, refunds and stage moves stay in order; their behaviour comes after their arrival;
 * store-wide events in any order), with some events delivered again later.
 */
export function redeliver(events: readonly AnalyticsEvent[], seed: number): AnalyticsEvent[] {
  const rng = rngOf(seed);
  const queues = new Map<string, AnalyticsEvent[]>();
  const keyOf = (e: AnalyticsEvent): string => {
    if (e.kind === 'engaged' || e.kind === 'opted_out' || e.kind === 'grade_overridden') return `b:${e.customerId}`;
    if (e.kind === 'arrived' || e.kind === 'order_paid' || e.kind === 'order_refunded' || e.kind === 'stage_moved') return `c:${e.customerId}`;
    return `s:${e.id}`;
  };
  for (const e of events) queues.set(keyOf(e), [...(queues.get(keyOf(e)) ?? []), e]);
  const arrived = new Set<string>();
  const out: AnalyticsEvent[] = [];
  const again: AnalyticsEvent[] = [];
  for (;;) {
    const ready = [...queues.entries()].filter(([k, q]) => q.length > 0 && (!k.startsWith('b:') || arrived.has(k.slice(2))));
    if (ready.length === 0) break;
    const [, q] = rng.pick(ready);
    const e = q.shift()!;
    if (e.kind === 'arrived') arrived.add(e.customerId);
    out.push(e);
    if (rng.chance(0.2)) again.push(e);
    if (again.length && rng.chance(0.3)) out.push(again.splice(rng.int(0, again.length - 1), 1)[0]);
  }
  return [...out, ...again];
}
