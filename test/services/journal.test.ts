import fc from 'fast-check';
import { LocalRuntime, setActiveRuntime } from '../../local/runtime/runtime';
import { applyJournal, foldAccount, foldPendingCredits, txBalance } from '../../cloudfunctions/src/ledger/journal';
import { isTransactionConflict, runTx } from '../../cloudfunctions/src/adapters/transaction';
import { auditJournal } from '../../local/audit';
import { balanceOf, expectAudited } from '../support/store';

let rt: LocalRuntime;
beforeEach(() => { rt = new LocalRuntime(); setActiveRuntime(rt); });
afterEach(() => { setActiveRuntime(null); rt.close(); });

const append = (key: string, amount: number, allowNegative = false, account = 'points:u1') =>
  runTx((tx) => applyJournal(tx, { key, account, amount, kind: allowNegative ? 'reverse' : 'earn', ref: 'o1', allowNegative }, 1000));

const balance = async () => (await rt.db.collection('balances').doc('points:u1').get()).data as { balance: number; entryCount: number };

type Event = [key: string, amount: number, result: string];
const cases: [Event[], number][] = [
  // one line per event, ending in the expected result
  [[['k1', 100, 'created'], ['k1', 100, 'exists']], 100],
  [[['k1', 100, 'created'], ['k1', 50, 'IDEMPOTENCY_MISMATCH']], 100],
  [[['k1', 100, 'created'], ['k2', -100, 'created'], ['k3', -1, 'INSUFFICIENT_BALANCE']], 0],
  [[['k1', 10, 'created'], ['k2', -30, 'INSUFFICIENT_BALANCE'], ['k3', 5, 'created']], 15],
];

test.each(cases)('journal events %j → balance %d', async (events, expected) => {
  for (const [key, amount, result] of events) {
    const outcome = await append(key, amount).then((o) => o.status, (e: { code?: string }) => e.code);
    expect([key, amount, outcome]).toEqual([key, amount, result]);
  }
  expect((await balance()).balance).toBe(expected);
  expectAudited(rt);
});

test('a reversal may take a balance negative only when it says so, and later credits repay it', async () => {
  await append('earn', 100);
  await append('spend', -80);
  await expect(append('reverse', -100)).rejects.toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
  await append('reverse', -100, true);
  expect((await balance()).balance).toBe(-80);
  await expect(append('spend2', -1)).rejects.toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
  await append('earn2', 90);
  expect(await balance()).toMatchObject({ balance: 10, entryCount: 4 });
});

test('non-integer amounts are refused and change nothing', async () => {
  await expect(append('bad', 1.5)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  const { data } = await rt.db.collection('journal').limit(10).get();
  expect(data).toHaveLength(0);
});

describe('shared accounts: credits appended pending, folded later', () => {
  const SHARED = 'commission:p1';
  // These accounts have entries but no commission documents behind them: check the journal part of the audit.
  const expectAudited = (r: LocalRuntime) => expect(auditJournal(r.db.raw()).problems.filter((p) => !p.startsWith('commission of '))).toEqual([]);
  const doc = async (account: string) => (await rt.db.collection('balances').doc(account).get().then((r) => r.data, () => null)) as { balance: number; entryCount: number } | null;

  test('credits by many at once never conflict on a shared account, where a personal account serialises them', async () => {
    const before = rt.db.contention().lockConflicts;
    await Promise.all(Array.from({ length: 40 }, (_, i) => append(`s${i}`, 10, false, SHARED)));
    expect(rt.db.contention().lockConflicts - before).toBe(0);
    expect(await doc(SHARED)).toBeNull(); // nothing folded yet: the partner sees 400 incoming
    expect(await balanceOf(rt, SHARED)).toBe(400);
    // The same on a personal account: every credit writes its one balance document, so they queue
    // on its lock (runTx re-runs them; under heavy contention some may exhaust its budget).
    const personal = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => append(`p${i}`, 10, false, 'points:u2')));
    expect(rt.db.contention().lockConflicts - before).toBeGreaterThan(0);
    for (const r of personal) if (r.status === 'rejected') expect(isTransactionConflict(r.reason)).toBe(true);
    expect(await balanceOf(rt, 'points:u2')).toBe(10 * personal.filter((r) => r.status === 'fulfilled').length);
    expect(await foldPendingCredits(2000)).toBe(40);
    expect(await doc(SHARED)).toMatchObject({ balance: 400, entryCount: 40 });
    expectAudited(rt);
  });

  test('a debit checks the balance document only: a pending credit cannot be spent before it is folded', async () => {
    await append('c1', 100, false, SHARED);
    await expect(append('d1', -50, false, SHARED)).rejects.toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
    await foldAccount(SHARED, 2000);
    await append('d1', -50, false, SHARED);
    expect(await doc(SHARED)).toMatchObject({ balance: 50, entryCount: 2 });
    expectAudited(rt);
  });

  test('two folds of the same entries at once count each entry once', async () => {
    for (let i = 0; i < 10; i += 1) await append(`c${i}`, 7, false, SHARED);
    await Promise.all([foldAccount(SHARED, 2000), foldAccount(SHARED, 2000), foldPendingCredits(2000)]);
    expect(await doc(SHARED)).toMatchObject({ balance: 70, entryCount: 10 });
    expectAudited(rt);
  });

  type Op = { kind: 'credit' | 'debit' | 'reverse'; amount: number } | { kind: 'fold' };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('credit' as const), amount: fc.integer({ min: 1, max: 500 }) }),
    fc.record({ kind: fc.constant('debit' as const), amount: fc.integer({ min: 1, max: 500 }) }),
    fc.record({ kind: fc.constant('reverse' as const), amount: fc.integer({ min: 1, max: 300 }) }),
    fc.record({ kind: fc.constant('fold' as const) }),
  );

  test('property: folding appended credits gives the balances of applying every entry one by one', async () => {
    let run = 0;
    await fc.assert(fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
      run += 1;
      const [shared, personal] = [`commission:f${run}`, `points:f${run}`];
      for (const [i, o] of ops.entries()) {
        if (o.kind === 'fold') {
          await foldAccount(shared, 2000);
          continue;
        }
        const amount = o.kind === 'credit' ? o.amount : -o.amount;
        // A debit is made by the account's owner, who folds first (as a withdrawal does).
        if (o.kind === 'debit') await foldAccount(shared, 2000);
        const a = await append(`${shared}-${i}`, amount, o.kind === 'reverse', shared).then(() => 'ok', (e: { code?: string }) => e.code);
        const b = await append(`${personal}-${i}`, amount, o.kind === 'reverse', personal).then(() => 'ok', (e: { code?: string }) => e.code);
        expect(a).toBe(b);
        expect(await balanceOf(rt, shared)).toBe(await balanceOf(rt, personal));
        // The document never holds more than the account does: a checked debit cannot overdraw.
        expect((await doc(shared))?.balance ?? 0).toBeLessThanOrEqual(await balanceOf(rt, shared));
      }
      await foldAccount(shared, 2000);
      expect((await doc(shared)) ?? { balance: 0, entryCount: 0 }).toMatchObject({ balance: (await doc(personal))?.balance ?? 0, entryCount: (await doc(personal))?.entryCount ?? 0 });
    }), { numRuns: 40 });
    expectAudited(rt);
  });

  test('the balance a transaction checked is the one it writes: txBalance and the entry read the document once', async () => {
    await append('c', 100, false, 'points:u3');
    const seen = await runTx(async (tx) => {
      const before = await txBalance(tx, 'points:u3');
      await applyJournal(tx, { key: 'd', account: 'points:u3', amount: -30, kind: 'use', ref: 'x' }, 1);
      return [before, await txBalance(tx, 'points:u3')];
    });
    expect(seen).toEqual([100, 70]);
    expectAudited(rt);
  });
});
