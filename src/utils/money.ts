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

/** Yuan as typed by the owner, for an input's initial text: 29800 → '298.00'. */
export function formatYuanInput(fen: number): string {
  return formatFen(fen).replace('¥', '');
}

// Up to 9 digits of yuan (¥999,999,999.99) keeps every result far inside safe integers.
const YUAN_PATTERN = /^(\d{1,9})(?:\.(\d{1,2}))?$/;

/**
 * Yuan typed by a person → integer fen, exactly, without floating point:
 * '298' → 29800, '0.5' → 50, '12.05' → 1205, '¥1,000' → null (no separators), '1.005' → null.
 * A leading '¥' and surrounding spaces are allowed; anything else that is not a plain
 * non-negative amount with at most two decimals is null, so the caller can say so.
 */
export function parseYuanToFen(text: string): number | null {
  const match = YUAN_PATTERN.exec(text.trim().replace(/^¥\s*/, ''));
  if (match === null) return null;
  const yuan = Number(match[1]);
  const decimals = match[2] ?? '';
  const cents = decimals === '' ? 0 : Number(decimals.padEnd(2, '0'));
  return yuan * 100 + cents;
}
