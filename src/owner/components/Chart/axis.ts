// Pure axis arithmetic for the owner's chart (kept apart from the canvas so it is testable).

/** A round axis top (five equal steps of 1, 2, 3, 4, 5, 6 or 8 × 10^k, at least 1 each) so ticks never show fractions of a count or a fen. */
export function niceAxisMax(values: number[], splits = 5): number {
  const top = Math.max(0, ...values);
  if (top <= 0) return splits;
  const raw = top / splits;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, ([1, 2, 3, 4, 5, 6, 8, 10].find((m) => m * p >= raw) ?? 10) * p);
  return step * splits;
}
