/** How points buy a discount at checkout: the owner sets the value of a point and a per-order cap. */
export interface PointsDiscountRule {
  /** Value of one point in fen (e.g. 1 = 100 points per yuan). */
  fenPerPoint: number;
  /** At most this percent (0..100) of the order may be paid with points. */
  maxOrderPct: number;
}

/** Closed set of expiry rules; new rules are new members of the union. */
export type PointsExpiryRule = { kind: 'end_of_next_year'; utcOffsetMinutes: number };

/** One entry of a member's points journal: earns are positive, spends/reversals/expiries negative. */
export interface PointsEntry {
  amount: number;
  createdAtMs: number;
  kind: string;
}

export type PointsSpendCheck = { ok: true } | { ok: false; code: 'invalid_amount' | 'insufficient_points' };

const MS_PER_MINUTE = 60_000;

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
}

/**
 * floor(a × b / d) for non-negative integers. The product of two fen amounts can pass 2^53, where
 * doubles silently drop units, so the multiplication runs in BigInt.
 */
function mulDivFloor(a: number, b: number, d: number): number {
  const result = Number((BigInt(a) * BigInt(b)) / BigInt(d));
  if (!Number.isSafeInteger(result)) throw new RangeError(`${a} × ${b} / ${d} is out of range`);
  return result;
}

/** One point per full yuan paid, scaled by the tier multiplier (100 = 1×, 150 = 1.5×), rounded down. */
export function pointsEarned(paidFen: number, multiplierPct: number): number {
  assertCount('paidFen', paidFen);
  assertCount('multiplierPct', multiplierPct);
  return mulDivFloor(paidFen, multiplierPct, 100 * 100);
}

/**
 * The most points a shopper may spend on an order: whole points only, within the per-order cap
 * and the balance. A negative balance (a refund reversed points already spent) spends nothing
 * until it is earned back.
 */
export function maxPointsDiscount(
  orderFen: number,
  balancePoints: number,
  rule: PointsDiscountRule,
): { points: number; discountFen: number } {
  assertCount('orderFen', orderFen);
  if (!Number.isSafeInteger(balancePoints)) throw new RangeError(`balancePoints must be an integer, got ${balancePoints}`);
  if (!Number.isSafeInteger(rule.fenPerPoint) || rule.fenPerPoint <= 0) throw new RangeError('fenPerPoint must be a positive integer');
  if (!Number.isSafeInteger(rule.maxOrderPct) || rule.maxOrderPct < 0 || rule.maxOrderPct > 100) throw new RangeError('maxOrderPct must be 0..100');
  const capFen = mulDivFloor(orderFen, rule.maxOrderPct, 100);
  const capPoints = Math.floor(capFen / rule.fenPerPoint);
  const points = Math.max(0, Math.min(balancePoints, capPoints));
  return { points, discountFen: points * rule.fenPerPoint };
}

/** Spending (exchange or discount) needs a positive whole amount covered by the balance. */
export function checkPointsSpend(balancePoints: number, points: number): PointsSpendCheck {
  if (!Number.isSafeInteger(points) || points <= 0) return { ok: false, code: 'invalid_amount' };
  if (points > balancePoints) return { ok: false, code: 'insufficient_points' };
  return { ok: true };
}

/**
 * When points earned at `createdAtMs` expire. Years are calendar years in the store's time zone
 * (UTC+8 in China), not UTC: points earned at 07:00 on 1 January Beijing time belong to the new year.
 */
export function pointsExpireAtMs(createdAtMs: number, rule: PointsExpiryRule): number {
  switch (rule.kind) {
    case 'end_of_next_year': {
      const offsetMs = rule.utcOffsetMinutes * MS_PER_MINUTE;
      const localYear = new Date(createdAtMs + offsetMs).getUTCFullYear();
      return Date.UTC(localYear + 2, 0, 1) - offsetMs;
    }
  }
}

/**
 * How many points expire at `nowMs` and have not been expired yet. Every debit (spend, reversal,
 * earlier expiry) consumes the oldest earned points first, so the debits use up a prefix of the
 * earns in time order; whatever is left of an earn whose expiry has passed is due now. Reading
 * the journal this way needs no per-lot state, and writing the result as an 'expire' entry makes
 * the next call return 0.
 */
export function expiringPoints(entries: readonly PointsEntry[], nowMs: number, rule: PointsExpiryRule): number {
  const earns = entries.filter((e) => e.amount > 0).sort((a, b) => a.createdAtMs - b.createdAtMs);
  let debitsLeft = entries.reduce((sum, e) => (e.amount < 0 ? sum - e.amount : sum), 0);
  let dueNow = 0;
  for (const earn of earns) {
    const consumed = Math.min(earn.amount, debitsLeft);
    debitsLeft -= consumed;
    if (pointsExpireAtMs(earn.createdAtMs, rule) <= nowMs) dueNow += earn.amount - consumed;
  }
  const balance = entries.reduce((sum, e) => sum + e.amount, 0);
  return Math.max(0, Math.min(dueNow, balance));
}
