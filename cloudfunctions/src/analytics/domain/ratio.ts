/**
 * Ratios stay exact until the UI formats them: a numerator/denominator pair of integers
 * (fen / count, count / count). `bpsOf` gives basis points (1% = 100 bps) rounded half away
 * from zero, for sorting and for tests; a zero denominator has no ratio.
 */
export interface Ratio {
  num: number;
  den: number;
}

export function ratio(num: number, den: number): Ratio {
  return { num, den };
}

/** Integer division rounded half away from zero, in integers (no floating point). */
export function divRound(num: number, den: number): number {
  if (den === 0) throw new RangeError('division by zero');
  const sign = (num < 0) !== (den < 0) ? -1 : 1;
  const n = BigInt(Math.abs(num));
  const d = BigInt(Math.abs(den));
  const q = Number((BigInt(2) * n + d) / (BigInt(2) * d));
  return q === 0 ? 0 : sign * q;
}

export function bpsOf(r: Ratio): number | null {
  return r.den === 0 ? null : divRound(r.num * 10_000, r.den);
}

/** A fen-per-something ratio (average order value) as whole fen, or null when nothing was counted. */
export function fenOf(r: Ratio): number | null {
  return r.den === 0 ? null : divRound(r.num, r.den);
}
