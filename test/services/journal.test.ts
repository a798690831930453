import { LocalRuntime, setActiveRuntime } from '../../local/runtime/runtime';
import { applyJournal } from '../../cloudfunctions/src/services/journal';
import type { Transaction } from '../../cloudfunctions/src/adapters/sdk';
import { expectAudited } from '../support/store';

let rt: LocalRuntime;
beforeEach(() => { rt = new LocalRuntime(); setActiveRuntime(rt); });
afterEach(() => { setActiveRuntime(null); rt.close(); });

const append = (key: string, amount: number, allowNegative = false) =>
  rt.db.runTransaction((tx) => applyJournal(tx as unknown as Transaction, { key, account: 'points:u1', amount, kind: 'earn', ref: 'o1', allowNegative }, 1000));

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
