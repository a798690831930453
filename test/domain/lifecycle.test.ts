import fs from 'fs';
import path from 'path';
import { OrderStatus } from '../../src/contracts';
import { checkTransition, EFFECTIVE, EFFECTS, RECEIPT, TERMINAL, TRANSITIONS, transitionsFrom, type EffectName, type TransitionName } from '../../cloudfunctions/src/orders/domain/lifecycle';
import { EFFECT_IMPL } from '../../cloudfunctions/src/orders/services/effects';
import { PART_UNDO } from '../../cloudfunctions/src/orders/services/partEffects';
import { lowestReceivableFen } from '../../cloudfunctions/src/orders/domain/receivable';
import { REFUND_MAX_ATTEMPTS, refundRetry } from '../../cloudfunctions/src/orders/domain/refundRetry';

const STATUSES = OrderStatus.options;
const NAMES = Object.keys(TRANSITIONS) as TransitionName[];

describe('the transition table', () => {
  test.each<[TransitionName, OrderStatus | null, OrderStatus | undefined, string | null]>([
    // transition,       from,         to,           refused because
    ['create', null, undefined, null],
    ['create', 'PENDING', undefined, 'cannot make'],
    ['pay', 'PENDING', undefined, null],
    ['pay', 'PAID', undefined, 'cannot make'],
    ['pay', 'CLOSED', undefined, 'cannot make'],
    ['payLate', 'CLOSED', undefined, null],
    ['seatPaid', 'PENDING', undefined, null],
    ['groupSucceeded', 'GROUPING', undefined, null],
    ['groupSucceeded', 'PENDING', undefined, 'cannot make'],
    ['close', 'PENDING', undefined, null],
    ['close', 'PAID', undefined, 'cannot make'],
    ['complete', 'PAID', undefined, null],
    ['complete', 'COMPLETED', undefined, 'cannot make'],
    ['refund', 'PAID', 'REFUNDING', null],
    ['refund', 'COMPLETED', 'REFUNDED', null],
    ['refund', 'PAID', undefined, 'is not one of'],
    ['refund', 'PAID', 'PAID', 'is not one of'],
    ['refund', 'GROUPING', 'REFUNDING', 'cannot make'],
    ['refundPayment', 'GROUPING', 'REFUNDED', null],
    ['refundPayment', 'PAID', 'REFUNDING', 'cannot make'],
    ['refundConfirmed', 'REFUNDING', undefined, null],
    ['refundConfirmed', 'REFUNDED', undefined, 'cannot make'],
    ['ship', 'PAID', undefined, null],
    ['ship', 'PENDING', undefined, 'cannot make'],
    ['ship', 'SHIPPED', undefined, 'cannot make'],
    ['ship', 'GROUPING', undefined, 'cannot make'],
    ['receive', 'SHIPPED', undefined, null],
    ['receive', 'PAID', undefined, 'cannot make'],
    ['receive', 'RECEIVED', undefined, 'cannot make'],
    ['pickUp', 'PAID', undefined, null],
    ['pickUp', 'SHIPPED', undefined, 'cannot make'],
    ['pickUp', 'PENDING', undefined, 'cannot make'],
    ['refund', 'SHIPPED', 'REFUNDING', null],
    ['refund', 'PICKED_UP', 'REFUNDED', null],
    ['refundPart', 'RECEIVED', 'RECEIVED', null],
    ['refundPart', 'SHIPPED', 'REFUNDING', null],
    ['refundPart', 'PENDING', 'PENDING', 'cannot make'],
    ['refundPart', 'GROUPING', 'GROUPING', 'cannot make'],
  ])('%s from %s to %s', (name, from, to, refused) => {
    const check = checkTransition(name, from, to);
    if (refused === null) expect(check).toMatchObject({ ok: true });
    else expect(check).toMatchObject({ ok: false, message: expect.stringContaining(refused) });
  });

  test('every status is reached, every status but the terminal ones can move on, the terminal ones never', () => {
    for (const status of STATUSES) {
      expect([status, NAMES.some((n) => TRANSITIONS[n].to.includes(status))]).toEqual([status, true]);
      expect([status, transitionsFrom(status).length > 0]).toEqual([status, !TERMINAL.includes(status)]);
    }
  });

  test('refunds start from the statuses whose paid effects stand; every such status reaches receipt', () => {
    expect(TRANSITIONS.refund.from).toEqual(EFFECTIVE);
    expect(TRANSITIONS.refundPart.from).toEqual(EFFECTIVE);
    const reaches = (s: OrderStatus, seen = new Set<OrderStatus>()): boolean => RECEIPT.includes(s) || (!seen.has(s) && NAMES.some((n) => !n.startsWith('refund') && TRANSITIONS[n].from.includes(s) && TRANSITIONS[n].to.some((t) => reaches(t, new Set([...seen, s])))));
    for (const s of EFFECTIVE) expect([s, reaches(s)]).toEqual([s, true]);
    // Shipping, receipt and pickup have no effects of their own: the paid effects stand through them.
    for (const n of ['ship', 'receive', 'pickUp'] as const) expect([TRANSITIONS[n].apply, TRANSITIONS[n].undo]).toEqual([[], []]);
  });

  test('an after-sales refund undoes, in part, every effect a full refund undoes, with a partial undo for each', () => {
    expect([...TRANSITIONS.refundPart.undo].sort()).toEqual([...TRANSITIONS.refund.undo].sort());
    for (const e of TRANSITIONS.refundPart.undo) expect([e, typeof PART_UNDO[e]]).toEqual([e, 'function']);
  });

  test('every effect a change applies is undone by some change, and each has its undo written beside it', () => {
    const applied = new Set<EffectName>(NAMES.flatMap((n) => TRANSITIONS[n].apply));
    const undone = new Set<EffectName>(NAMES.flatMap((n) => TRANSITIONS[n].undo));
    // A top-up's credit is undone by the owner's principal refund, not by an order change (EFFECTS says so).
    for (const e of applied) if (e !== 'topUpCredit') expect([e, undone.has(e)]).toEqual([e, true]);
    expect(EFFECTS.topUpCredit.undoes).toMatch(/principal/);
    for (const e of Object.keys(EFFECTS) as EffectName[]) {
      expect(EFFECTS[e].does.length).toBeGreaterThan(10);
      expect(EFFECTS[e].undoes.length).toBeGreaterThan(10);
      expect(typeof EFFECT_IMPL[e].apply).toBe('function');
      expect(typeof EFFECT_IMPL[e].undo).toBe('function');
    }
  });

  test('a refund undoes every paid effect that a payment applies, and the reservations', () => {
    for (const e of TRANSITIONS.pay.apply) if (e !== 'topUpCredit') expect(TRANSITIONS.refund.undo).toContain(e);
    expect(TRANSITIONS.refund.undo).toEqual(expect.arrayContaining(['pointsSpent', 'stock']));
    expect(TRANSITIONS.close.undo).toEqual(expect.arrayContaining(['pointsSpent', 'stock', 'wxPayOrder']));
    expect(TRANSITIONS.payLate.apply).toEqual(expect.arrayContaining(['stock', 'pointsSpent', ...TRANSITIONS.groupSucceeded.apply]));
  });
});

// ------------------------------------------------------------------ one writer of the status

const ROOT = path.join(__dirname, '../../cloudfunctions/src');
const LIFECYCLE = path.join(ROOT, 'orders/services/lifecycle.ts');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/** Top-level keys (and spreads, which may carry any key) of the object literal starting at `from`. */
function topLevelKeys(code: string, from: number): string[] {
  const keys: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let token = '';
  for (let i = from; i < code.length; i += 1) {
    const ch = code[i];
    if (quote) {
      if (ch === quote && code[i - 1] !== '\\') quote = null;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') { quote = ch; continue; }
    if ('{[('.includes(ch)) { depth += 1; token = ''; continue; }
    if ('}])'.includes(ch)) { depth -= 1; if (depth === 0) break; token = ''; continue; }
    if (depth !== 1) continue;
    if (ch === ':' && token.trim()) { keys.push(token.trim()); token = ''; continue; }
    if (ch === ',') { if (token.trim().startsWith('...')) keys.push(token.trim()); token = ''; continue; }
    token += ch;
  }
  if (token.trim().startsWith('...')) keys.push(token.trim());
  return keys;
}

/**
 * Statements that write an order's status outside the lifecycle module: any insert or set on the
 * orders collection (a new order has a status), and any update whose data has a top-level
 * `status` key or a spread (which may carry one). A statement is the text from
 * `collection('orders')` to the end of its call chain (`;`).
 */
export function orderStatusWrites(code: string): string[] {
  const found: string[] = [];
  const re = /collection\(\s*['"]orders['"]\s*\)/g;
  for (let m = re.exec(code); m; m = re.exec(code)) {
    const end = code.indexOf(';', m.index);
    const statement = code.slice(m.index, end === -1 ? undefined : end);
    const inserts = /\)\s*\.(add|set)\(/.test(statement);
    const update = statement.indexOf('.update(');
    const dataAt = update === -1 ? -1 : statement.indexOf('data:', update);
    const keys = dataAt === -1 ? [] : topLevelKeys(statement, statement.indexOf('{', dataAt));
    if (inserts || keys.some((k) => k === 'status' || k.startsWith('...'))) found.push(statement.replace(/\s+/g, ' ').slice(0, 160));
  }
  return found;
}

describe('nothing but orders/services/lifecycle.ts writes an order\'s status', () => {
  test('the check finds the writes it looks for', () => {
    expect(orderStatusWrites("await tx.collection('orders').doc(id).update({ data: { status: 'PAID', paidAtMs } });")).toHaveLength(1);
    expect(orderStatusWrites("await db().collection('orders').where({ _id: id, status: 'PAID' }).update({ data: { completedAtMs: 1, status: 'COMPLETED' } });")).toHaveLength(1);
    expect(orderStatusWrites("await tx.collection('orders').add({ data: order });")).toHaveLength(1);
    expect(orderStatusWrites("await tx.collection('orders').doc(id).update({ data: { ...paid, balanceSplit: _.set(split) } });")).toHaveLength(1);
    // Reading by status, or writing other fields, is not a status write.
    expect(orderStatusWrites("await db().collection('orders').where({ status: 'PENDING' }).limit(10).get();")).toEqual([]);
    expect(orderStatusWrites("await tx.collection('orders').doc(id).update({ data: { commission: { status: 'reversed' } } });")).toEqual([]);
    expect(orderStatusWrites("await db().collection('orders').where({ _id: id, status: 'PENDING' }).update({ data: { wxPay: _.set({ at: 1 }), wxPayOpen: true } });")).toEqual([]);
  });

  test('no other backend file writes one', () => {
    const files = sources(ROOT).filter((f) => f !== LIFECYCLE);
    expect(files.length).toBeGreaterThan(50);
    const writes = files.flatMap((f) => orderStatusWrites(fs.readFileSync(f, 'utf8')).map((w) => `${path.relative(ROOT, f)}: ${w}`));
    expect(writes).toEqual([]);
    // …and the lifecycle module does write it (the check is not looking at nothing).
    expect(orderStatusWrites(fs.readFileSync(LIFECYCLE, 'utf8')).length).toBeGreaterThanOrEqual(2);
  });
});

// ------------------------------------------------------------------ money rules beside the lifecycle

describe('the least the store receives (payout cap base)', () => {
  const topUps = [{ payFen: 10000, creditFen: 11000 }, { payFen: 100000, creditFen: 120000 }];
  test.each<[string, number, number | null, { payFen: number; creditFen: number }[], number]>([
    ['the tonic at ¥258, 20% points, ¥1000 → ¥1200', 25800, 20, topUps, 17200],
    ['no points, no bonus', 25800, 0, [], 25800],
    ['a seat: no points, bonus', 8900, null, topUps, 7416],
    ['a package without bonus counts as none', 1000, 10, [{ payFen: 500, creditFen: 500 }], 900],
    ['floors, never rounds up', 1, 20, topUps, 0],
  ])('%s', (_name, price, pct, tops, expected) => {
    expect(lowestReceivableFen(price, { pointsMaxOrderPct: pct, topUps: tops })).toBe(expected);
  });

  test('refuses what is not fen or a percentage', () => {
    expect(() => lowestReceivableFen(-1, { pointsMaxOrderPct: 0, topUps: [] })).toThrow(RangeError);
    expect(() => lowestReceivableFen(1.5, { pointsMaxOrderPct: 0, topUps: [] })).toThrow(RangeError);
    expect(() => lowestReceivableFen(100, { pointsMaxOrderPct: 101, topUps: [] })).toThrow(RangeError);
  });
});

describe('refund retries are spaced and capped', () => {
  const MIN = 60_000;
  test.each<[string, number, number, number, string]>([
    ['never submitted, 9 minutes old', 0, 0, 9 * MIN, 'wait'],
    ['never submitted, 10 minutes old', 0, 0, 10 * MIN, 'due'],
    ['one failed attempt, 10 minutes ago', 1, 0, 10 * MIN, 'due'],
    ['three attempts: waits 40 minutes', 3, 0, 39 * MIN, 'wait'],
    ['three attempts, 40 minutes ago', 3, 0, 40 * MIN, 'due'],
    ['the last attempt allowed', REFUND_MAX_ATTEMPTS - 1, 0, 12 * 60 * MIN, 'due'],
    ['attempts used up', REFUND_MAX_ATTEMPTS, 0, 100 * 60 * MIN, 'give_up'],
  ])('%s → %s', (_name, attempts, lastAtMs, nowMs, expected) => {
    expect(refundRetry({ attempts, createdAtMs: 0, lastAttemptAtMs: attempts > 0 ? lastAtMs : null }, nowMs)).toBe(expected);
  });

  test('a refund given up stays given up', () => {
    expect(refundRetry({ attempts: 2, createdAtMs: 0, gaveUpAtMs: 5 }, 10 ** 12)).toBe('given_up');
  });
});
