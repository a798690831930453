/**
 * Stored value (储值) is two balances: principal, the money the member paid (refundable under
 * prepaid-card rules), and bonus, the store's gift on top (never refundable). Every function here
 * decides how an amount divides between them; the journal writer applies the result.
 */
export interface StoredValue {
  principalFen: number;
  bonusFen: number;
}

export interface TopUpPackage {
  /** What the member pays (e.g. ¥1000 = 100000). */
  payFen: number;
  /** What the member's balance grows by (e.g. ¥1200 = 120000). */
  creditFen: number;
}

export type TopUpSplit = ({ ok: true } & StoredValue) | { ok: false; code: 'invalid_amount' | 'credit_below_pay' };

export type SpendSplit = ({ ok: true } & StoredValue) | { ok: false; code: 'invalid_amount' | 'insufficient_balance' };

export type RefundSplit = ({ ok: true } & StoredValue) | { ok: false; code: 'invalid_amount' | 'exceeds_spent' };

function isFen(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** A balance comes from the journal; a negative or fractional part means the journal is broken. */
function assertBalance(balance: StoredValue): void {
  if (!isFen(balance.principalFen) || !isFen(balance.bonusFen)) {
    throw new RangeError(`stored value parts must be non-negative integers: ${JSON.stringify(balance)}`);
  }
}

/** floor(a × b / d) without passing through a double: a × b of two fen balances can exceed 2^53. */
function mulDivFloor(a: number, b: number, d: number): number {
  return Number((BigInt(a) * BigInt(b)) / BigInt(d));
}

/** Pay ¥1000, get ¥1200: principal is what was paid, bonus is the rest. */
export function topUpSplit(pkg: TopUpPackage): TopUpSplit {
  if (!isFen(pkg.payFen) || pkg.payFen === 0 || !isFen(pkg.creditFen)) return { ok: false, code: 'invalid_amount' };
  if (pkg.creditFen < pkg.payFen) return { ok: false, code: 'credit_below_pay' };
  return { ok: true, principalFen: pkg.payFen, bonusFen: pkg.creditFen - pkg.payFen };
}

/**
 * Takes `amountFen` from principal and bonus in proportion to the balance.
 * Rounding: principal share = floor(amount × principal / total); bonus takes the rest, which is
 * ceil(amount × bonus / total). Both shares fit their part because amount ≤ total, so the
 * fallback "else from principal" is never needed; the odd fen always comes from the bonus, which
 * keeps the member's refundable principal as large as possible.
 */
export function splitSpend(amountFen: number, balance: StoredValue): SpendSplit {
  assertBalance(balance);
  if (!isFen(amountFen)) return { ok: false, code: 'invalid_amount' };
  const totalFen = balance.principalFen + balance.bonusFen;
  if (amountFen > totalFen) return { ok: false, code: 'insufficient_balance' };
  if (amountFen === 0) return { ok: true, principalFen: 0, bonusFen: 0 };
  const principalFen = mulDivFloor(amountFen, balance.principalFen, totalFen);
  return { ok: true, principalFen, bonusFen: amountFen - principalFen };
}

/**
 * A refund of a balance-paid order goes back to the parts it came from. `spent` is what of the
 * order's balance payment is still unrefunded; a full refund returns it exactly, a partial one
 * splits by the same rule as spending, so a series of partial refunds ends on the exact split.
 */
export function splitRefund(spent: StoredValue, refundFen: number = spent.principalFen + spent.bonusFen): RefundSplit {
  const split = splitSpend(refundFen, spent);
  if (split.ok) return split;
  return { ok: false, code: split.code === 'insufficient_balance' ? 'exceeds_spent' : split.code };
}

/** Only principal is refundable to the member; bonus was a gift. */
export function refundablePrincipal(balance: StoredValue): number {
  assertBalance(balance);
  return balance.principalFen;
}

/**
 * The owner refunds a member's remaining principal and closes the card: the unspent bonus is
 * forfeited in the same step, so it cannot be spent after its principal has gone back.
 */
export function principalRefund(balance: StoredValue): { refundFen: number; forfeitBonusFen: number } {
  return { refundFen: refundablePrincipal(balance), forfeitBonusFen: balance.bonusFen };
}
