import type { LocalRuntime } from '../../local/runtime/runtime';
import { runRush } from '../../local/load/rush';
import { closeStore, createStore } from '../support/store';

let rt: LocalRuntime;
beforeEach(async () => { rt = await createStore(); });
afterEach(() => closeStore(rt));

test('a rush of 200 through one partner: every callback acknowledged on its first delivery, no CONFLICT, stock exact, audit clean', async () => {
  const r = await runRush(rt, { shoppers: 200, groupSize: 5, latencyMsPerOp: 0, stockShortfall: 10, refundEvery: 10, seed: 1 });
  console.log(JSON.stringify(r, null, 1));
  expect(r.problems).toEqual([]);
  expect(r.firstDeliveryAckRatio).toBe(1);
  expect(r.deliveryRounds).toBe(1);
  expect(r.conflictsBeforeRetry).toEqual({});
  expect(r.createConflictsAfterRetry).toBe(0);
  expect(r.oversold).toBe(0);
  expect(r.overfilledGroups).toBe(0);
  expect(r.auditProblems).toBe(0);
}, 60_000);
