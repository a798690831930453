import fc from 'fast-check';
import {
  checkPointsSpend,
  expiringPoints,
  maxPointsDiscount,
  pointsEarned,
  type PointsDiscountRule,
  type PointsEntry,
  type PointsExpiryRule,
} from '../../cloudfunctions/src/members/domain/points';
import { principalRefund, splitRefund, splitSpend, topUpSplit, type StoredValue } from '../../cloudfunctions/src/members/domain/wallet';

/*
 * Model test: random command sequences run against (a) a tiny journal that applies the domain
 * functions and appends signed entries per account, and (b) a model of plain counters plus
 * point lots kept the obvious way (consume oldest lot first, remember a deficit). After every
 * command both must agree and the money invariants must hold.
 */

type Account = 'points' | 'sv_principal' | 'sv_bonus';
type EntryKind = 'topup' | 'spend' | 'order_refund' | 'owner_refund' | 'forfeit' | 'earn' | 'redeem' | 'reverse' | 'return' | 'expire';
interface Entry { account: Account; amount: number; kind: EntryKind; createdAtMs: number }

type Command =
  | { kind: 'topUp'; payFen: number; bonusFen: number }
  | { kind: 'pay'; orderFen: number; usePoints: boolean }
  | { kind: 'refundOrder'; pick: number }
  | { kind: 'ownerRefund' }
  | { kind: 'redeem'; points: number }
  | { kind: 'earn'; points: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'expire' };

interface Config { nowMs: number; multiplierPct: number; discount: PointsDiscountRule }

const DAY_MS = 86_400_000;
const EXPIRY: PointsExpiryRule = { kind: 'end_of_next_year', utcOffsetMinutes: 480 };
const SV_IN: EntryKind[] = ['topup', 'order_refund'];
const SV_OUT: EntryKind[] = ['spend', 'owner_refund', 'forfeit'];

interface LedgerOrder { spent: StoredValue; earned: number; redeemed: number; refunded: boolean }

class Ledger {
  entries: Entry[] = [];
  balances: Record<Account, number> = { points: 0, sv_principal: 0, sv_bonus: 0 };
  orders: LedgerOrder[] = [];
  constructor(public config: Config) {}

  append(account: Account, amount: number, kind: EntryKind): void {
    if (amount === 0) return;
    // Spending points may never take the balance below zero; only a reversal may.
    if (kind === 'redeem' && this.balances.points + amount < 0) throw new Error('points spent below zero');
    this.entries.push({ account, amount, kind, createdAtMs: this.config.nowMs });
    this.balances[account] += amount;
  }

  storedValue(): StoredValue {
    return { principalFen: this.balances.sv_principal, bonusFen: this.balances.sv_bonus };
  }

  pointsEntries(): PointsEntry[] {
    return this.entries.filter((e) => e.account === 'points');
  }

  run(c: Command): string {
    switch (c.kind) {
      case 'topUp': return this.topUp(c.payFen, c.bonusFen);
      case 'pay': return this.pay(c.orderFen, c.usePoints);
      case 'refundOrder': return this.refundOrder(c.pick);
      case 'ownerRefund': return this.ownerRefund();
      case 'redeem': return this.redeem(c.points);
      case 'earn': this.append('points', c.points, 'earn'); return 'earned';
      case 'advance': this.config.nowMs += c.ms; return 'advanced';
      case 'expire': return this.expire();
    }
  }

  topUp(payFen: number, bonusFen: number): string {
    const split = topUpSplit({ payFen, creditFen: payFen + bonusFen });
    if (!split.ok) return split.code;
    this.append('sv_principal', split.principalFen, 'topup');
    this.append('sv_bonus', split.bonusFen, 'topup');
    return 'topped_up';
  }

  pay(orderFen: number, usePoints: boolean): string {
    const discount = usePoints ? maxPointsDiscount(orderFen, this.balances.points, this.config.discount) : { points: 0, discountFen: 0 };
    const payableFen = orderFen - discount.discountFen;
    const split = splitSpend(payableFen, this.storedValue());
    if (!split.ok) return split.code;
    const earned = pointsEarned(payableFen, this.config.multiplierPct);
    this.append('sv_principal', -split.principalFen, 'spend');
    this.append('sv_bonus', -split.bonusFen, 'spend');
    this.append('points', -discount.points, 'redeem');
    this.append('points', earned, 'earn');
    this.orders.push({ spent: { principalFen: split.principalFen, bonusFen: split.bonusFen }, earned, redeemed: discount.points, refunded: false });
    return `paid:${payableFen}`;
  }

  refundOrder(pick: number): string {
    const open = this.orders.filter((o) => !o.refunded);
    if (open.length === 0) return 'no_order';
    const order = open[pick % open.length];
    const split = splitRefund(order.spent);
    if (!split.ok) return split.code;
    expect({ principalFen: split.principalFen, bonusFen: split.bonusFen }).toEqual(order.spent);
    order.refunded = true;
    this.append('sv_principal', split.principalFen, 'order_refund');
    this.append('sv_bonus', split.bonusFen, 'order_refund');
    this.append('points', -order.earned, 'reverse');
    this.append('points', order.redeemed, 'return');
    return `refunded:${split.principalFen + split.bonusFen}`;
  }

  ownerRefund(): string {
    const { refundFen, forfeitBonusFen } = principalRefund(this.storedValue());
    this.append('sv_principal', -refundFen, 'owner_refund');
    this.append('sv_bonus', -forfeitBonusFen, 'forfeit');
    return `closed:${refundFen}`;
  }

  redeem(points: number): string {
    const check = checkPointsSpend(this.balances.points, points);
    if (!check.ok) return check.code;
    this.append('points', -points, 'redeem');
    return 'redeemed';
  }

  expire(): string {
    const due = expiringPoints(this.pointsEntries(), this.config.nowMs, EXPIRY);
    this.append('points', -due, 'expire');
    return `expired:${due}`;
  }
}

/** Beijing calendar year through the platform's time-zone database, not the domain's offset math. */
const beijingYear = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric' });
const yearOf = (ms: number): number => Number(beijingYear.format(new Date(ms)));

interface ModelOrder { payableFen: number; earned: number; redeemed: number; refunded: boolean }

class Model {
  inFen = 0;
  outFen = 0;
  outstandingFen = 0;
  lots: { year: number; points: number }[] = [];
  deficit = 0;
  orders: ModelOrder[] = [];
  constructor(public config: Config) {}

  points(): number {
    return this.lots.reduce((s, l) => s + l.points, 0) - this.deficit;
  }

  credit(points: number): void {
    const repay = Math.min(points, this.deficit);
    this.deficit -= repay;
    if (points > repay) this.lots.push({ year: yearOf(this.config.nowMs), points: points - repay });
  }

  debit(points: number): void {
    let left = points;
    while (left > 0 && this.lots.length > 0) {
      const take = Math.min(left, this.lots[0].points);
      this.lots[0].points -= take;
      left -= take;
      if (this.lots[0].points === 0) this.lots.shift();
    }
    this.deficit += left;
  }

  run(c: Command): string {
    switch (c.kind) {
      case 'topUp': this.inFen += c.payFen + c.bonusFen; this.outstandingFen += c.payFen + c.bonusFen; return 'topped_up';
      case 'pay': return this.pay(c.orderFen, c.usePoints);
      case 'refundOrder': return this.refundOrder(c.pick);
      case 'ownerRefund': return this.ownerRefund();
      case 'redeem': if (c.points > this.points()) return 'insufficient_points'; this.debit(c.points); return 'redeemed';
      case 'earn': this.credit(c.points); return 'earned';
      case 'advance': this.config.nowMs += c.ms; return 'advanced';
      case 'expire': return this.expire();
    }
  }

  pay(orderFen: number, usePoints: boolean): string {
    const { fenPerPoint, maxOrderPct } = this.config.discount;
    const capPoints = Math.floor(Math.floor((orderFen * maxOrderPct) / 100) / fenPerPoint);
    const redeemed = usePoints && this.points() > 0 ? Math.min(this.points(), capPoints) : 0;
    const payableFen = orderFen - redeemed * fenPerPoint;
    if (payableFen > this.outstandingFen) return 'insufficient_balance';
    const earned = Math.floor((payableFen * this.config.multiplierPct) / 10000);
    this.outstandingFen -= payableFen;
    this.outFen += payableFen;
    this.debit(redeemed);
    this.credit(earned);
    this.orders.push({ payableFen, earned, redeemed, refunded: false });
    return `paid:${payableFen}`;
  }

  refundOrder(pick: number): string {
    const open = this.orders.filter((o) => !o.refunded);
    if (open.length === 0) return 'no_order';
    const order = open[pick % open.length];
    order.refunded = true;
    this.inFen += order.payableFen;
    this.outstandingFen += order.payableFen;
    this.debit(order.earned);
    this.credit(order.redeemed);
    return `refunded:${order.payableFen}`;
  }

  ownerRefund(): string {
    const { outstandingFen } = this;
    this.outFen += outstandingFen;
    this.outstandingFen = 0;
    return 'closed';
  }

  expire(): string {
    const nowYear = yearOf(this.config.nowMs);
    const due = this.lots.filter((l) => l.year + 2 <= nowYear).reduce((s, l) => s + l.points, 0);
    this.lots = this.lots.filter((l) => l.year + 2 > nowYear);
    return `expired:${due}`;
  }
}

function sumEntries(ledger: Ledger, pick: (e: Entry) => boolean): number {
  return ledger.entries.filter(pick).reduce((s, e) => s + e.amount, 0);
}

/** Every broken invariant, by name; one expect per command keeps failures readable and runs fast. */
function violations(ledger: Ledger, model: Model): string[] {
  const broken: string[] = [];
  const fail = (holds: boolean, name: string): void => { if (!holds) broken.push(name); };
  for (const account of ['points', 'sv_principal', 'sv_bonus'] as const) {
    fail(ledger.balances[account] === sumEntries(ledger, (e) => e.account === account), `${account} balance = sum of its entries`);
  }
  fail(ledger.balances.sv_principal >= 0, 'principal >= 0');
  fail(ledger.balances.sv_bonus >= 0, 'bonus >= 0');
  const isSv = (e: Entry): boolean => e.account !== 'points';
  const inFen = sumEntries(ledger, (e) => isSv(e) && SV_IN.includes(e.kind));
  const outFen = -sumEntries(ledger, (e) => isSv(e) && SV_OUT.includes(e.kind));
  const outstandingFen = ledger.balances.sv_principal + ledger.balances.sv_bonus;
  fail(inFen === outFen + outstandingFen, 'journal: stored value in = out + outstanding');
  fail(model.inFen === model.outFen + model.outstandingFen, 'model: stored value in = out + outstanding');
  fail(inFen === model.inFen && outstandingFen === model.outstandingFen, 'journal and model agree on stored value');
  fail(ledger.balances.points === model.points(), 'journal and model agree on points');
  return broken;
}

// Outcomes differ on purpose where the model is coarser: the model only knows a card was closed.
const normalise = (outcome: string): string => (outcome.startsWith('closed') ? 'closed' : outcome);

interface ScenarioResult { ledger: Ledger; outcomes: string[]; pointsSeen: number[] }

function runScenario(config: Config, commands: Command[]): ScenarioResult {
  const ledger = new Ledger({ ...config });
  const model = new Model({ ...config });
  const pointsSeen: number[] = [];
  const outcomes = commands.map((c) => {
    const outcome = ledger.run(c);
    expect(normalise(outcome)).toBe(model.run(c));
    expect(violations(ledger, model)).toEqual([]);
    pointsSeen.push(ledger.balances.points);
    return outcome;
  });
  return { ledger, outcomes, pointsSeen };
}

// Weighted so that sequences build up balances, orders and years of points before undoing them.
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('topUp' as const), payFen: fc.integer({ min: 1, max: 100_000 }), bonusFen: fc.integer({ min: 0, max: 30_000 }) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('pay' as const), orderFen: fc.integer({ min: 0, max: 60_000 }), usePoints: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('refundOrder' as const), pick: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('ownerRefund' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('redeem' as const), points: fc.integer({ min: 1, max: 1_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('earn' as const), points: fc.integer({ min: 1, max: 1_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 300 * DAY_MS }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('expire' as const) }) },
);

const configArb: fc.Arbitrary<Config> = fc.record({
  nowMs: fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2027, 0, 1) }),
  multiplierPct: fc.constantFrom(100, 125, 150, 200),
  discount: fc.record({ fenPerPoint: fc.constantFrom(1, 10, 100), maxOrderPct: fc.integer({ min: 0, max: 100 }) }),
});

describe('stored value and points journal, model-checked', () => {
  test('property: journal and model agree; balances are their entries; stored value is conserved', () => {
    const seen = { negativePoints: 0, insufficientBalance: 0, expired: 0, refunds: 0 };
    fc.assert(
      fc.property(configArb, fc.array(commandArb, { maxLength: 80, size: 'max' }), (config, commands) => {
        const { outcomes, pointsSeen } = runScenario(config, commands);
        if (pointsSeen.some((p) => p < 0)) seen.negativePoints++;
        seen.insufficientBalance += outcomes.filter((o) => o === 'insufficient_balance').length;
        seen.expired += outcomes.filter((o) => /^expired:[1-9]/.test(o)).length;
        seen.refunds += outcomes.filter((o) => o.startsWith('refunded')).length;
      }),
      { numRuns: 300 },
    );
    // The interesting paths must actually have been exercised, or the property proves little.
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(0);
  });

  const start: Config = { nowMs: Date.UTC(2023, 5, 1), multiplierPct: 100, discount: { fenPerPoint: 1, maxOrderPct: 50 } };
  test.each([
    ['seed: top-up, pay with points, refund, close card', [
      { kind: 'topUp', payFen: 100000, bonusFen: 20000 },
      { kind: 'pay', orderFen: 29800, usePoints: true },
      { kind: 'pay', orderFen: 25800, usePoints: true },
      { kind: 'refundOrder', pick: 0 },
      { kind: 'pay', orderFen: 200000, usePoints: false },
      { kind: 'ownerRefund' },
    ], ['topped_up', 'paid:29800', 'paid:25502', 'refunded:29800', 'insufficient_balance', 'closed:78749'], { points: -43, sv_principal: 0, sv_bonus: 0 }],
    ['a reversal of spent points goes negative and blocks spending', [
      { kind: 'topUp', payFen: 100000, bonusFen: 0 },
      { kind: 'pay', orderFen: 50000, usePoints: false },
      { kind: 'redeem', points: 500 },
      { kind: 'refundOrder', pick: 0 },
      { kind: 'redeem', points: 1 },
      { kind: 'pay', orderFen: 10000, usePoints: true },
      { kind: 'redeem', points: 1 },
    ], ['topped_up', 'paid:50000', 'redeemed', 'refunded:50000', 'insufficient_points', 'paid:10000', 'insufficient_points'], { points: -400, sv_principal: 90000, sv_bonus: 0 }],
    ['points earned in 2023 expire at the start of 2025 Beijing time', [
      { kind: 'earn', points: 100 },
      { kind: 'advance', ms: Date.UTC(2024, 11, 31, 15, 59) - Date.UTC(2023, 5, 1) },
      { kind: 'earn', points: 40 },
      { kind: 'expire' },
      { kind: 'advance', ms: 60_000 },
      { kind: 'expire' },
      { kind: 'expire' },
    ], ['earned', 'advanced', 'earned', 'expired:0', 'advanced', 'expired:100', 'expired:0'], { points: 40, sv_principal: 0, sv_bonus: 0 }],
  ] as const)('%s', (_name, commands, expectedOutcomes, expectedBalances) => {
    const { ledger, outcomes } = runScenario(start, [...commands]);
    expect(outcomes).toEqual(expectedOutcomes);
    expect(ledger.balances).toEqual(expectedBalances);
  });
});
