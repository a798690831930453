// Issue 8's rush at N = 200 without latency (the bench runs N = 500 with latency): the shoppers
// call the functions as the client does (CONFLICT retried), every callback is delivered twice at
// once, the owner refunds every 10th goods order while the rush goes on.
import type { LocalRuntime } from '../../local/runtime/runtime';
import { runRush } from '../../local/load/rush';
import { closeStore, createStore } from '../support/store';

let rt: LocalRuntime;
beforeEach(async () => { rt = await createStore(); });
afterEach(() => closeStore(rt));

test('200 shoppers through one partner: every callback acknowledged on its first delivery, no CONFLICT, stock exact, audit clean', async () => {
  const { error, warn } = console;
  console.error = () => undefined; // the functions log what they absorbed (conflicts re-run by runTx)
  console.warn = () => undefined;
  let r;
  try {
    r = await runRush(rt, { shoppers: 200, groupSize: 5, latencyMsPerOp: 0, stockShortfall: 10, refundEvery: 10, seed: 1 });
  } finally {
    console.error = error;
    console.warn = warn;
  }
  expect(r.problems).toEqual([]);
  expect(r.firstDeliveryAckRatio).toBe(1);
  expect(r.deliveryRounds).toBe(1);
  // Not even before the client's retries does the server answer CONFLICT (the check may call the functions directly).
  expect(r.conflictsBeforeRetry).toEqual({});
  expect(r.createConflictsAfterRetry).toBe(0);
  expect(r.oversold).toBe(0);
  expect(r.overfilledGroups).toBe(0);
  expect(r.auditProblems).toBe(0);
  // Everyone was served or told SOLD_OUT; every order was paid, the refunded ones exactly once.
  expect(r.ordersCreated + r.soldOut).toBe(200);
  expect(r.soldOut).toBeGreaterThanOrEqual(10);
  expect(r.paidOrders + r.refunds).toBe(r.ordersCreated);
  expect(r.refunds).toBeGreaterThan(0);
  expect(r.groupsSucceeded).toBeGreaterThanOrEqual(18); // 20 groups of 5; stock 10 short may refuse up to two leaders
  // Two levels of commission on every order (the poster partner and the demo partner above it).
  expect(r.commissionCredits).toBe(2 * r.ordersCreated);
}, 60_000);
