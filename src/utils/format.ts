/**
 * The one formatter module: every amount, date and duration a page shows goes through here.
 * Integer arithmetic only (fen, basis points, percentages), and dates in the store's time
 * (UTC+8) whatever the phone's time zone — the offset the server uses for points expiry.
 */

// ------------------------------------------------------------------ money (fen)

/** The parts of an amount as a price shows them: 29850 → { sign: '', yuan: '298', cents: '50' }. */
export function splitFen(fen: number): { sign: '' | '-'; yuan: string; cents: string } {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`formatFen expects integer fen, got ${fen}`);
  const abs = Math.abs(fen);
  const cents = abs % 100;
  return { sign: fen < 0 ? '-' : '', yuan: `${Math.floor(abs / 100)}`, cents: `${cents < 10 ? '0' : ''}${cents}` };
}

/**
 * The only place fen become yuan: 29800 → '¥298.00', -5 → '-¥0.05'. Dividing by 100 in floating
 * point would print 0.07 * 3 style artefacts for some sums.
 */
export function formatFen(fen: number): string {
  const { sign, yuan, cents } = splitFen(fen);
  return `${sign}¥${yuan}.${cents}`;
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

// ------------------------------------------------------------------ numbers

/** A signed count: 99 → '+99', -5 → '-5', 0 → '0' (points history). */
export function formatSignedCount(n: number): string {
  return n > 0 ? `+${n}` : `${n}`;
}

/** Hundredths without floating point, trailing zeros dropped: 150 → '1.5', 125 → '1.25', 200 → '2'. */
function hundredths(n: number): string {
  const whole = Math.floor(n / 100);
  const rest = n % 100;
  if (rest === 0) return `${whole}`;
  return `${whole}.${rest < 10 ? '0' : ''}${rest}`.replace(/0$/, '');
}

/** 积分倍率 from a percentage: 200 → '2', 150 → '1.5', 125 → '1.25'. */
export function formatMultiplier(pct: number): string {
  return hundredths(pct);
}

/** Basis points as a percent the owner types: 1000 → '10', 1250 → '12.5', 5 → '0.05'. */
export function formatBpsAsPercent(bps: number): string {
  return hundredths(bps);
}

// ------------------------------------------------------------------ dates (store time, UTC+8)

const STORE_OFFSET_MS = 8 * 3600 * 1000;

function storeIso(ms: number): string {
  return new Date(ms + STORE_OFFSET_MS).toISOString();
}

/** 1767196800000 → '2026-01-01'. */
export function formatDate(ms: number): string {
  return storeIso(ms).slice(0, 10);
}

/** 1767196800000 → '2026-01-01 00:00'. */
export function formatDateTime(ms: number): string {
  const iso = storeIso(ms);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

const DATE_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$/;

/**
 * A date and time typed in store time (UTC+8), the inverse of formatDateTime:
 * '2026-01-01 00:00' → 1767196800000; '2026-01-01' is midnight; anything else (or a day that
 * does not exist, such as '2026-02-30') is null.
 */
export function parseDateTime(text: string): number | null {
  const m = DATE_TIME_PATTERN.exec(text.trim());
  if (m === null) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0'].map(Number);
  if (hour > 23 || minute > 59) return null;
  const utcMs = Date.UTC(year, month - 1, day, hour, minute);
  const back = new Date(utcMs);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return utcMs - STORE_OFFSET_MS;
}

// ------------------------------------------------------------------ durations

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * A length of time in words, whole minutes: 5400000 → '1 小时 30 分钟', 7200000 → '2 小时',
 * 600000 → '10 分钟', 2 days → '2 天', 26 hours → '1 天 2 小时'.
 */
export function formatDuration(ms: number): string {
  const totalMinutes = Math.floor(Math.max(0, ms) / MINUTE_MS);
  const days = Math.floor(totalMinutes / (DAY_MS / MINUTE_MS));
  const hours = Math.floor((totalMinutes % (DAY_MS / MINUTE_MS)) / 60);
  const minutes = totalMinutes % 60;
  const parts = [days > 0 ? `${days} 天` : '', hours > 0 ? `${hours} 小时` : '', minutes > 0 && days === 0 ? `${minutes} 分钟` : ''];
  const text = parts.filter((p) => p !== '').join(' ');
  return text === '' ? '0 分钟' : text;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * A countdown's face from seconds left: 3723 → '01:02:03'; hours may pass 99 for week-long groups.
 * The native countdown (components/native/countdown/index.js) mirrors it; a test keeps them equal.
 */
export function formatClock(secondsLeft: number): string {
  const s = Math.max(0, Math.floor(secondsLeft));
  return `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor((s % 3600) / 60))}:${pad2(s % 60)}`;
}

// ------------------------------------------------------------------ people

/** A phone number as lists show it: 13800138000 → '138****8000'; others as they are. */
export function formatPhone(phone: string): string {
  return /^1\d{10}$/.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}

// ------------------------------------------------------------------ the owner's figures (issue 12)

/** The store's day number (whole days since 1970-01-01 in UTC+8) of an instant: what the analytics actions take. */
export function storeDayNo(ms: number): number {
  return Math.floor((ms + STORE_OFFSET_MS) / DAY_MS);
}

/** A store day number → '2026-11-29'. */
export function formatDayNo(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** A store day number → '11-29' (chart labels, lists). */
export function formatDayShort(day: number): string {
  return formatDayNo(day).slice(5);
}

/** A day range → '2026-11-01 至 2026-11-29', or one day alone. */
export function formatDayRange(fromDay: number, toDay: number): string {
  return fromDay === toDay ? formatDayNo(fromDay) : `${formatDayNo(fromDay)} 至 ${formatDayNo(toDay)}`;
}

/** Integer division rounded half away from zero (no floating point). */
function divRound(num: number, den: number): number {
  const sign = (num < 0) !== (den < 0) ? -1 : 1;
  const n = Math.abs(num);
  const d = Math.abs(den);
  return sign * Math.floor((2 * n + d) / (2 * d));
}

export interface RatioValue {
  num: number;
  den: number;
}

/** A ratio as a percent with one decimal: {38, 100} → '38%', {1, 3} → '33.3%'; nothing counted → '—'. */
export function formatRatioPct(r: RatioValue): string {
  if (r.den === 0) return '—';
  const tenths = divRound(r.num * 1000, r.den);
  const whole = Math.trunc(tenths / 10);
  const rest = Math.abs(tenths % 10);
  return `${tenths < 0 && whole === 0 ? '-' : ''}${whole}${rest === 0 ? '' : `.${rest}`}%`;
}

/** A count per something with one decimal (items per order): {16, 10} → '1.6', {2, 1} → '2'; '—' for none. */
export function formatRatioDecimal(r: RatioValue): string {
  if (r.den === 0) return '—';
  const tenths = divRound(r.num * 10, r.den);
  return tenths % 10 === 0 ? `${tenths / 10}` : `${Math.trunc(tenths / 10)}.${Math.abs(tenths % 10)}`;
}

/** Fen per something (average order value) as money: {56590, 3} → '¥188.63'; '—' for none. */
export function formatFenPer(r: RatioValue): string {
  return r.den === 0 ? '—' : formatFen(divRound(r.num, r.den));
}

/** Today against yesterday: 120 vs 100 → '+20%', 80 vs 100 → '-20%', anything vs 0 → '—'. */
export function formatChange(now: number, before: number): string {
  if (before === 0) return now === 0 ? '持平' : '—';
  const pct = formatRatioPct({ num: now - before, den: before });
  return now > before ? `+${pct}` : now === before ? '持平' : pct;
}

/** A large amount in 万 for chart axes: 1234500 → '1.2万', 98000 → '980'. */
export function formatFenCompact(fen: number): string {
  const yuan = divRound(fen, 100);
  if (Math.abs(yuan) < 10000) return `${yuan}`;
  return `${formatRatioDecimal({ num: yuan, den: 10000 })}万`;
}
