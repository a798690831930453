import type { OrderStatus, PayMethod } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import type { Transaction } from '../../adapters/sdk';
import { checkTransition, TRANSITIONS, type TransitionName } from '../domain/lifecycle';
import { EFFECT_IMPL, type EffectContext } from './effects';
import { PART_UNDO, type RefundPart } from './partEffects';
import type { OrderDoc } from './orders';

/**
 * The only writer of an order's status (test/domain/lifecycle.test.ts checks that no other code
 * writes one). Each change runs the effects orders/domain/lifecycle.ts lists for it — undone
 * first, then applied, in the table's order — and writes the order once, with its new status and
 * the fields the change and its effects set. Inside the caller's transaction, whose read of the
 * order is the compare-and-set: a change the table does not allow from the status read is a bug
 * in the caller and throws.
 */
export interface Change {
  nowMs: number;
  /** The status to land in, when the rule has two (refunds: REFUNDING for WeChat Pay, REFUNDED otherwise). */
  to?: OrderStatus;
  /** Fields written with the status (payment ids, times, who). */
  fields?: Record<string, unknown>;
  /** How the money came, for `pay` and `seatPaid` (balance debits stored value). */
  method?: PayMethod | null;
  /** `refundPart` only: the after-sales refund whose share of each effect is undone. */
  part?: RefundPart;
}

function assertAllowed(name: TransitionName, from: OrderStatus | null, to?: OrderStatus): OrderStatus {
  const check = checkTransition(name, from, to);
  if (!check.ok) throw new Error(`order lifecycle: ${check.message}`);
  return check.to;
}

async function runEffects(c: EffectContext): Promise<void> {
  const rule = TRANSITIONS[c.transition];
  for (const effect of rule.undo) {
    const part = c.part ? PART_UNDO[effect] : undefined;
    if (c.part && !part) throw new Error(`order lifecycle: ${effect} has no partial undo`);
    await (part && c.part ? part({ ...c, part: c.part }) : EFFECT_IMPL[effect].undo(c));
  }
  for (const effect of rule.apply) await EFFECT_IMPL[effect].apply(c);
}

/**
 * Moves a read order to its next status with the change's effects. Returns the order as written
 * (the caller's copy with the written fields).
 */
export async function changeStatus(tx: Transaction, order: OrderDoc, name: TransitionName, change: Change): Promise<OrderDoc> {
  const to = assertAllowed(name, order.status, change.to);
  if ((name === 'refundPart') !== (change.part !== undefined)) throw new Error('order lifecycle: refundPart, and only it, carries the refunded part');
  const c: EffectContext = { tx, order, transition: name, to, nowMs: change.nowMs, method: change.method ?? null, patch: {}, part: change.part };
  await runEffects(c);
  await tx.collection('orders').doc(order._id).update({ data: { ...(change.fields ?? {}), ...asUpdate(c.patch), status: to } });
  return { ...order, ...(change.fields ?? {}), ...c.patch, status: to } as OrderDoc;
}

/** Update data for the effects' fields: an object (or null) replaces the field whole (_.set), not by path. */
function asUpdate(patch: Record<string, unknown>): Record<string, unknown> {
  const _ = db().command;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) out[k] = v !== null && typeof v === 'object' ? _.set(v) : v === null ? _.set(null) : v;
  return out;
}

/**
 * A new order enters the lifecycle (`create`: PENDING; `redeem`: PAID in points). Its stock was
 * taken before the transaction; the points it spends are debited here, with the insert.
 */
export async function insertOrder(tx: Transaction, order: OrderDoc, name: 'create' | 'redeem', nowMs: number): Promise<OrderDoc> {
  assertAllowed(name, null, order.status);
  const c: EffectContext = { tx, order, transition: name, to: order.status, nowMs, method: null, patch: {} };
  await runEffects(c);
  await tx.collection('orders').add({ data: { ...order, ...c.patch } as unknown as Record<string, unknown> });
  return order;
}

/**
 * A change without effects made by one conditional update outside any transaction (`complete`):
 * `where({_id, status in from, ...cond}).update(...)` is the compare-and-set. True when this call
 * made it.
 */
export async function changeStatusWhere(orderId: string, name: TransitionName, cond: Record<string, unknown>, fields: Record<string, unknown>): Promise<boolean> {
  const rule = TRANSITIONS[name];
  if (rule.apply.length > 0 || rule.undo.length > 0 || rule.to.length !== 1) throw new Error(`order lifecycle: ${name} has effects; change it in a transaction`);
  const from = rule.from.filter((s): s is OrderStatus => s !== null);
  const _ = db().command;
  const res = await db().collection('orders').where({ ...cond, _id: orderId, status: from.length === 1 ? from[0] : _.in(from) }).update({ data: { ...fields, status: rule.to[0] } });
  return res.stats.updated === 1;
}
