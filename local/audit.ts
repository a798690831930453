import type Database from 'better-sqlite3';

/**
 * Recomputes every balance from the journal and compares it with the cached balance documents.
 * Forbidden negatives: stored value (principal, bonus) and store sales never go below zero;
 * points may, but only through a refund reversal (kind 'reverse').
 */
export interface AuditReport {
  accounts: number;
  entries: number;
  problems: string[];
}

const NEVER_NEGATIVE = /^(sv_principal|sv_bonus):|^store:sales$/;

export function auditJournal(sql: Database.Database): AuditReport {
  const sums = sql.prepare(`SELECT json_extract(data, '$.account') AS account, SUM(json_extract(data, '$.amount')) AS total,
      COUNT(*) AS n, SUM(CASE WHEN json_extract(data, '$.kind') = 'reverse' THEN 1 ELSE 0 END) AS reversals
    FROM docs WHERE coll = 'journal' GROUP BY account`).all() as { account: string; total: number; n: number; reversals: number }[];
  const cached = sql.prepare(`SELECT id, json_extract(data, '$.balance') AS balance, json_extract(data, '$.entryCount') AS entryCount
    FROM docs WHERE coll = 'balances'`).all() as { id: string; balance: number; entryCount: number }[];
  const problems: string[] = [];
  const byAccount = new Map(sums.map((s) => [s.account, s]));
  for (const b of cached) {
    const s = byAccount.get(b.id);
    const total = s?.total ?? 0;
    if (b.balance !== total) problems.push(`${b.id}: cached balance ${b.balance} ≠ journal sum ${total}`);
    if (b.entryCount !== (s?.n ?? 0)) problems.push(`${b.id}: cached entry count ${b.entryCount} ≠ ${s?.n ?? 0} entries`);
    byAccount.delete(b.id);
  }
  for (const s of byAccount.values()) problems.push(`${s.account}: ${s.n} journal entries but no balance document`);
  for (const s of sums) {
    if (s.total >= 0) continue;
    if (NEVER_NEGATIVE.test(s.account)) problems.push(`${s.account}: forbidden negative balance ${s.total}`);
    else if (s.account.startsWith('points:') && s.reversals === 0) problems.push(`${s.account}: negative points ${s.total} without a refund reversal`);
  }
  const entries = sums.reduce((n, s) => n + s.n, 0);
  return { accounts: sums.length, entries, problems };
}
