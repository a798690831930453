// The whole local world as one hash, to check that a refused call changed nothing.
//
// Definition (docs/DECISIONS.md, "State changes on refusal"): SHA-256 over
//   every document of every collection (collection, _id, the stored JSON) in (collection, _id) order,
//   the simulated WeChat Pay's payments and refunds (_cashier, _cashier_refunds),
//   and the outbox of subscribe messages (_outbox).
// Excluded: only SQLite's per-document version counter — bookkeeping of the emulator's optimistic
// concurrency, not state CloudBase has; a rewrite with identical content is not a change.
import { createHash } from 'crypto';
import type Database from 'better-sqlite3';
import type { LocalRuntime } from '../runtime/runtime';

const TABLES: { name: string; sql: string }[] = [
  { name: 'docs', sql: 'SELECT coll, id, data FROM docs ORDER BY coll, id' },
  { name: '_cashier', sql: 'SELECT * FROM _cashier ORDER BY out_trade_no' },
  { name: '_cashier_refunds', sql: 'SELECT * FROM _cashier_refunds ORDER BY out_refund_no' },
  { name: '_outbox', sql: 'SELECT seq, message FROM _outbox ORDER BY seq' },
];

export function worldHash(sql: Database.Database): string {
  const h = createHash('sha256');
  for (const t of TABLES) {
    h.update(`\u0001${t.name}\n`);
    for (const row of sql.prepare(t.sql).raw().iterate() as Iterable<unknown[]>) h.update(`${JSON.stringify(row)}\n`);
  }
  return h.digest('hex');
}

/**
 * Watches the world across calls. SQLite's total_changes() counts every row this connection
 * inserted, updated or deleted: when it has not moved, no row changed and the hash cannot have
 * either, so the hash is only recomputed after something wrote.
 */
export class WorldWatch {
  private readonly sql: Database.Database;
  private changes = -1;
  private hash = '';

  constructor(rt: LocalRuntime) {
    this.sql = rt.db.raw();
  }

  private totalChanges(): number {
    return (this.sql.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  }

  /** Takes the world as it is now as the reference for changedSinceMark(). */
  mark(): void {
    const n = this.totalChanges();
    if (n === this.changes) return;
    this.changes = n;
    this.hash = worldHash(this.sql);
  }

  /** Whether any row was written since the last mark() (even if rewritten to the same content). */
  wroteSinceMark(): boolean {
    return this.totalChanges() !== this.changes;
  }

  /** Whether the world's hash differs from the one taken at the last mark(). */
  changedSinceMark(): boolean {
    if (!this.wroteSinceMark()) return false;
    return worldHash(this.sql) !== this.hash;
  }
}
