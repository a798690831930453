import { createHash, randomBytes } from 'crypto';

/** Stable JSON: object keys sorted, so the same input always hashes the same. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(obj[k])}`).join(',')}}`;
}

export function hashInput(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex');
}

/**
 * Order ids double as WeChat Pay outTradeNo (<= 32 chars of [0-9A-Za-z_-]). Derived from the
 * buyer and the client's request id, so a retried create lands on the same document.
 */
export function orderIdFor(openid: string, requestId: string): string {
  return `O${hashInput([openid, requestId]).slice(0, 23)}`;
}

export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/**
 * A human order number: the store's date and time (UTC+8) and four digits derived from the order
 * id, e.g. 20261129234012 7316. `attempt` picks other digits when a number is already taken;
 * orders/services/orderNumbers.ts makes it unique without a shared counter.
 */
export function orderNoFor(nowMs: number, orderId: string, attempt = 0): string {
  const d = new Date(nowMs + CHINA_OFFSET_MS);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
  const digits = parseInt(hashInput([orderId, attempt]).slice(0, 8), 16) % 10000;
  return `${stamp}${pad(digits, 4)}`;
}
