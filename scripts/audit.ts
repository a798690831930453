// npm run audit [-- path/to/store.db]: recompute every balance from the journal; exit 1 on any
// mismatch or forbidden negative.
import Database from 'better-sqlite3';
import fs from 'fs';
import path from 'path';
import { auditJournal } from '../local/audit';

const file = process.argv[2] ?? path.resolve(__dirname, '..', '.data', 'store.db');
if (!fs.existsSync(file)) {
  console.error(`no local data at ${file} (run npm start first, or pass a database path)`);
  process.exit(2);
}
const sql = new Database(file, { readonly: true, fileMustExist: true });
const report = auditJournal(sql);
sql.close();
console.log(`audited ${file}: ${report.accounts} accounts, ${report.entries} journal entries`);
for (const p of report.problems) console.log(`  MISMATCH ${p}`);
console.log(report.problems.length === 0 ? 'every balance equals the sum of its journal; no forbidden negatives' : `${report.problems.length} problem(s)`);
process.exit(report.problems.length === 0 ? 0 : 1);
