import { LocalRuntime, setActiveRuntime } from '../../local/runtime/runtime';
import { seedDemoStore } from '../../local/seed/demo';
import * as shop from '../../cloudfunctions/src/functions/shop';
import * as admin from '../../cloudfunctions/src/functions/admin';
import * as payNotify from '../../cloudfunctions/src/functions/payNotify';
import * as refundNotify from '../../cloudfunctions/src/functions/refundNotify';
import * as cron from '../../cloudfunctions/src/functions/cron';
import type { ApiResult } from '../../src/contracts';
import { auditJournal } from '../../local/audit';

/** A fresh local CloudBase in memory, running the real function code, with the demo store seeded. */
export async function createStore(): Promise<LocalRuntime> {
  const rt = new LocalRuntime();
  rt.resetClock();
  setActiveRuntime(rt);
  rt.register('shop', shop);
  rt.register('admin', admin);
  rt.register('payNotify', payNotify);
  rt.register('refundNotify', refundNotify);
  rt.register('cron', cron);
  await seedDemoStore(rt);
  return rt;
}

export function closeStore(rt: LocalRuntime): void {
  setActiveRuntime(null);
  rt.resetClock();
  rt.close();
}

/** Calls an action as a user and returns the typed result envelope. */
export async function act<T = any>(rt: LocalRuntime, fn: 'shop' | 'admin', action: string, input: unknown, openid: string): Promise<ApiResult<T>> {
  return rt.call<ApiResult<T>>(fn, { action, input }, openid);
}

/** Calls an action and fails the test unless it succeeded. */
export async function ok<T = any>(rt: LocalRuntime, fn: 'shop' | 'admin', action: string, input: unknown, openid: string): Promise<T> {
  const res = await act<T>(rt, fn, action, input, openid);
  if (!res.ok) throw new Error(`${fn}.${action} failed: ${res.error.code} ${res.error.message}`);
  return res.data;
}

export async function docOrNull(rt: LocalRuntime, coll: string, id: string): Promise<Record<string, any> | null> {
  try {
    return (await rt.db.collection(coll).doc(id).get()).data as Record<string, any>;
  } catch {
    return null;
  }
}

export async function all(rt: LocalRuntime, coll: string, where: Record<string, unknown> = {}): Promise<Record<string, any>[]> {
  return (await rt.db.collection(coll).where(where).limit(1000).get()).data as Record<string, any>[];
}

/** Creates an order for one product and asks the cashier for payment; returns the order id. */
export async function placeOrder(rt: LocalRuntime, openid: string, productId: string, qty = 1, requestId = `r${Math.random().toString(36).slice(2, 12)}`): Promise<string> {
  const { order } = await ok(rt, 'shop', 'order.create', { requestId, lines: [{ productId, qty }] }, openid);
  await ok(rt, 'shop', 'order.pay', { orderId: order._id }, openid);
  return order._id as string;
}

/**
 * An account's true balance: the sum of its journal entries (the balance document plus credits
 * not yet folded; store accounts have entries only). The audit checks the documents against it.
 */
export async function balanceOf(rt: LocalRuntime, account: string): Promise<number> {
  const row = rt.db.raw().prepare(`SELECT SUM(json_extract(data, '$.amount')) AS total FROM docs WHERE coll = 'journal' AND json_extract(data, '$.account') = ?`).get(account) as { total: number | null };
  return row.total ?? 0;
}

/** Every cached balance equals the sum of its journal, and nothing is negative that may not be. */
export function expectAudited(rt: LocalRuntime): void {
  expect(auditJournal(rt.db.raw()).problems).toEqual([]);
}
