// runTx: the one caller of runTransaction (cloudfunctions/src/adapters/transaction.ts).
import { LocalRuntime, setActiveRuntime } from '../../local/runtime/runtime';
import { TX_RETRY, afterCommit, beforeCommit, isTransactionConflict, runTx } from '../../cloudfunctions/src/adapters/transaction';

let rt: LocalRuntime;
beforeEach(() => { rt = new LocalRuntime(); setActiveRuntime(rt); });
afterEach(() => { setActiveRuntime(null); rt.close(); });

test('both kinds of conflict are re-run; effects after commit run once, for the attempt that committed', async () => {
  rt.db.forceConflicts(2, 'in_callback');
  rt.db.forceConflicts(1, 'commit');
  let runs = 0;
  const effects: number[] = [];
  const value = await runTx(async (tx) => {
    runs += 1;
    const attempt = runs;
    await tx.collection('c').doc('x').set({ data: { attempt } });
    afterCommit(tx, () => { effects.push(attempt); });
    return attempt;
  });
  expect([runs, value, effects]).toEqual([4, 4, [4]]);
  expect((await rt.db.collection('c').doc('x').get()).data).toMatchObject({ attempt: 4 });
});

test('it gives up after the bound with the conflict, which the router can recognise; other errors are not re-run', async () => {
  rt.db.forceConflicts(TX_RETRY.attempts, 'in_callback');
  let runs = 0;
  const e = await runTx(async (tx) => { runs += 1; await tx.collection('c').doc('x').set({ data: { n: 1 } }); }).catch((err: unknown) => err);
  expect(runs).toBe(TX_RETRY.attempts);
  expect(isTransactionConflict(e)).toBe(true);
  runs = 0;
  await expect(runTx(async () => { runs += 1; throw new Error('not a conflict'); })).rejects.toThrow('not a conflict');
  expect(runs).toBe(1);
});

test('writes registered before commit come last, after everything the callback wrote', async () => {
  const order: string[] = [];
  await runTx(async (tx) => {
    beforeCommit(tx, async () => { order.push('last'); await tx.collection('c').doc('last').set({ data: {} }); });
    order.push('body');
    await tx.collection('c').doc('body').set({ data: {} });
  });
  expect(order).toEqual(['body', 'last']);
  expect((await rt.db.collection('c').limit(10).get()).data).toHaveLength(2);
});

test('effect registration outside runTx is a programming error', async () => {
  await expect(rt.db.runTransaction(async (tx) => afterCommit(tx as never, () => undefined))).rejects.toThrow('not inside runTx');
});
