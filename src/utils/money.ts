/**
 * The only place fen become yuan. Integer arithmetic only: 29800 → '¥298.00', -5 → '-¥0.05'.
 * Dividing by 100 in floating point would print 0.07 * 3 style artefacts for some sums.
 */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`formatFen expects integer fen, got ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}¥${yuan}.${cents < 10 ? '0' : ''}${cents}`;
}

/** A balance change with its sign: 500 → '+¥5.00', -500 → '-¥5.00', 0 → '¥0.00'. */
export function formatSignedFen(fen: number): string {
  return fen > 0 ? `+${formatFen(fen)}` : formatFen(fen);
}
