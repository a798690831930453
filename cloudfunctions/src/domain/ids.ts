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
