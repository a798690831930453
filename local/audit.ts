import type Database from 'better-sqlite3';

/**
 * Recomputes every balance from the journal and compares it with the balance documents. A
 * balance document holds the entries folded into it (ledger/journal.ts): balance document +
 * pending credits = sum of all entries, and only shared accounts' credits (and referral points on
 * a points account) may be pending. Store
 * accounts (store:sales) have entries only. Forbidden negatives: stored value (principal, bonus),
 * store sales and commission that is frozen, being withdrawn or paid out never go below zero;
 * points and available commission may, but only through a refund reversal (kind 'reverse' /
 * 'commission_reverse': a refund after the points were spent or the commission withdrawn).
 */
export interface AuditReport {
  accounts: number;
  entries: number;
  problems: string[];
}

const NEVER_NEGATIVE = /^(sv_principal|sv_bonus|commission_frozen|commission_withdrawing|commission_paid):|^store:sales$/;
const NEGATIVE_AFTER_REVERSAL: [RegExp, string][] = [[/^points:/, 'points'], [/^commission:/, 'commission']];
const SHARED = /^(commission_frozen|commission):/;
const STORE = /^store:/;
const POINTS = /^points:/;

interface AccountSums {
  account: string;
  total: number;
  n: number;
  pendingTotal: number;
  pendingN: number;
  badPending: number;
  /** Pending entries other than referral points (which may wait on a points account). */
  pendingOtherN: number;
  reversals: number;
  /** A pending credit and its reversal settled against each other (ledger/journal.ts reverseIfPending): never in the document. */
  settledTotal: number;
  settledN: number;
}

function journalSums(sql: Database.Database): AccountSums[] {
  return sql.prepare(`SELECT json_extract(data, '$.account') AS account, SUM(json_extract(data, '$.amount')) AS total, COUNT(*) AS n,
      SUM(CASE WHEN json_extract(data, '$.pending') = 1 THEN json_extract(data, '$.amount') ELSE 0 END) AS pendingTotal,
      SUM(CASE WHEN json_extract(data, '$.pending') = 1 THEN 1 ELSE 0 END) AS pendingN,
      SUM(CASE WHEN json_extract(data, '$.cancelledBy') IS NOT NULL OR json_extract(data, '$.cancels') IS NOT NULL THEN json_extract(data, '$.amount') ELSE 0 END) AS settledTotal,
      SUM(CASE WHEN json_extract(data, '$.cancelledBy') IS NOT NULL OR json_extract(data, '$.cancels') IS NOT NULL THEN 1 ELSE 0 END) AS settledN,
      SUM(CASE WHEN json_extract(data, '$.pending') = 1 AND json_extract(data, '$.amount') < 0 THEN 1 ELSE 0 END) AS badPending,
      SUM(CASE WHEN json_extract(data, '$.pending') = 1 AND json_extract(data, '$.kind') <> 'referral_points' THEN 1 ELSE 0 END) AS pendingOtherN,
      SUM(CASE WHEN json_extract(data, '$.kind') IN ('reverse', 'commission_reverse') THEN 1 ELSE 0 END) AS reversals
    FROM docs WHERE coll = 'journal' GROUP BY account`).all() as AccountSums[];
}

function checkDocuments(sql: Database.Database, sums: AccountSums[]): string[] {
  const cached = sql.prepare(`SELECT id, json_extract(data, '$.balance') AS balance, json_extract(data, '$.entryCount') AS entryCount
    FROM docs WHERE coll = 'balances'`).all() as { id: string; balance: number; entryCount: number }[];
  const problems: string[] = [];
  const byAccount = new Map(sums.map((s) => [s.account, s]));
  for (const b of cached) {
    // A store account has no balance document; one left from before rollups is not read by anything.
    if (STORE.test(b.id)) {
      byAccount.delete(b.id);
      continue;
    }
    const s = byAccount.get(b.id);
    const folded = (s?.total ?? 0) - (s?.pendingTotal ?? 0) - (s?.settledTotal ?? 0);
    const foldedN = (s?.n ?? 0) - (s?.pendingN ?? 0) - (s?.settledN ?? 0);
    if (b.balance !== folded) problems.push(`${b.id}: balance document ${b.balance} ≠ folded entries ${folded} (all entries ${s?.total ?? 0}, pending ${s?.pendingTotal ?? 0})`);
    if (b.entryCount !== foldedN) problems.push(`${b.id}: balance document counts ${b.entryCount} entries ≠ ${foldedN} folded`);
    byAccount.delete(b.id);
  }
  for (const s of byAccount.values()) {
    if (!STORE.test(s.account) && s.n !== s.pendingN + s.settledN) problems.push(`${s.account}: ${s.n - s.pendingN - s.settledN} folded journal entries but no balance document`);
  }
  for (const s of sums) {
    const mayWait = SHARED.test(s.account) ? s.pendingN : POINTS.test(s.account) ? s.pendingN - s.pendingOtherN : 0;
    if (s.pendingN > mayWait) problems.push(`${s.account}: ${s.pendingN - mayWait} pending entries on an account that is not shared (only referral points may wait on points accounts)`);
    if (s.badPending > 0) problems.push(`${s.account}: ${s.badPending} pending debits (only credits may wait to be folded)`);
    if (s.settledTotal !== 0) problems.push(`${s.account}: settled credits and reversals sum to ${s.settledTotal}, not 0`);
  }
  return problems;
}

export function auditJournal(sql: Database.Database): AuditReport {
  const sums = journalSums(sql);
  const problems = checkDocuments(sql, sums);
  for (const s of sums) {
    if (s.total >= 0) continue;
    if (NEVER_NEGATIVE.test(s.account)) problems.push(`${s.account}: forbidden negative balance ${s.total}`);
    for (const [re, what] of NEGATIVE_AFTER_REVERSAL) {
      if (re.test(s.account) && s.reversals === 0) problems.push(`${s.account}: negative ${what} ${s.total} without a refund reversal`);
    }
  }
  problems.push(...auditCommission(sql));
  problems.push(...auditReferralPoints(sql));
  const entries = sums.reduce((n, s) => n + s.n, 0);
  return { accounts: sums.length, entries, problems };
}

/**
 * Commission documents and withdrawals against the partners' balances (the journal's sums:
 * folded or not): frozen = Σ frozen
 * commissions; available + withdrawing + paid out = Σ thawed commissions (a refund after the
 * thaw takes its amount back from available); withdrawing = Σ requested and paid out = Σ paid
 * withdrawals.
 */
function auditCommission(sql: Database.Database): string[] {
  const sumBy = (query: string) => new Map((sql.prepare(query).all() as { who: string; total: number }[]).map((r) => [r.who, r.total]));
  // What after-sales refunds took back in part (reversedFen) is no longer frozen or available.
  const docs = (status: string) => sumBy(`SELECT json_extract(data, '$.beneficiaryOpenid') AS who, SUM(json_extract(data, '$.amountFen') - COALESCE(json_extract(data, '$.reversedFen'), 0)) AS total
    FROM docs WHERE coll = 'commissions' AND json_extract(data, '$.status') = '${status}' GROUP BY who`);
  const withdrawals = (status: string) => sumBy(`SELECT json_extract(data, '$.openid') AS who, SUM(json_extract(data, '$.amountFen')) AS total
    FROM docs WHERE coll = 'withdrawals' AND json_extract(data, '$.status') = '${status}' GROUP BY who`);
  const balance = sumBy(`SELECT json_extract(data, '$.account') AS who, SUM(json_extract(data, '$.amount')) AS total FROM docs
    WHERE coll = 'journal' AND json_extract(data, '$.account') LIKE 'commission%' GROUP BY who`);
  const [frozen, thawed, requested, paid] = [docs('frozen'), docs('available'), withdrawals('requested'), withdrawals('paid')];
  const partners = new Set([...frozen.keys(), ...thawed.keys(), ...requested.keys(), ...paid.keys()]);
  for (const id of balance.keys()) partners.add(id.slice(id.indexOf(':') + 1));
  const problems: string[] = [];
  const b = (kind: string, who: string) => balance.get(`${kind}:${who}`) ?? 0;
  for (const who of partners) {
    const checks: [string, number, number][] = [
      ['frozen balance vs frozen commissions', b('commission_frozen', who), frozen.get(who) ?? 0],
      ['available + withdrawing + paid vs thawed commissions', b('commission', who) + b('commission_withdrawing', who) + b('commission_paid', who), thawed.get(who) ?? 0],
      ['withdrawing balance vs requested withdrawals', b('commission_withdrawing', who), requested.get(who) ?? 0],
      ['paid-out balance vs paid withdrawals', b('commission_paid', who), paid.get(who) ?? 0],
    ];
    for (const [what, got, want] of checks) if (got !== want) problems.push(`commission of ${who}: ${what}: ${got} ≠ ${want}`);
  }
  return problems;
}

/**
 * Referral points (members' rewards, issue 13) against their commission documents: per member,
 * the points of documents still credited = referral_points entries − their reversals.
 */
function auditReferralPoints(sql: Database.Database): string[] {
  const rows = (query: string) => new Map((sql.prepare(query).all() as { who: string; total: number }[]).map((r) => [r.who, r.total]));
  const docs = rows(`SELECT json_extract(data, '$.beneficiaryOpenid') AS who, SUM(json_extract(data, '$.points') - COALESCE(json_extract(data, '$.reversedPoints'), 0)) AS total FROM docs
    WHERE coll = 'commissions' AND json_extract(data, '$.reward') = 'points' AND json_extract(data, '$.status') = 'credited' GROUP BY who`);
  const entries = rows(`SELECT substr(json_extract(data, '$.account'), 8) AS who, SUM(json_extract(data, '$.amount')) AS total FROM docs
    WHERE coll = 'journal' AND json_extract(data, '$.account') LIKE 'points:%' AND (json_extract(data, '$.kind') = 'referral_points' OR (json_extract(data, '$.kind') = 'commission_reverse')) GROUP BY who`);
  const problems: string[] = [];
  for (const who of new Set([...docs.keys(), ...entries.keys()])) {
    const [want, got] = [docs.get(who) ?? 0, entries.get(who) ?? 0];
    if (want !== got) problems.push(`referral points of ${who}: journal ${got} ≠ credited documents ${want}`);
  }
  return problems;
}
