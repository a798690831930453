import type { LocalRuntime } from '../../local/runtime/runtime';
import { auditJournal } from '../../local/audit';
import { DEMO_SHOPPER } from '../../local/seed/demo';
import { closeStore, createStore, ok, placeOrder } from '../support/store';

let rt: LocalRuntime;
beforeEach(async () => { rt = await createStore(); });
afterEach(() => closeStore(rt));

async function someActivity(): Promise<void> {
  await rt.pay(await placeOrder(rt, DEMO_SHOPPER, 'p_tonic'));
  const { order } = await ok(rt, 'shop', 'wallet.topup', { requestId: 't', packageId: 'tp_100' }, DEMO_SHOPPER);
  await ok(rt, 'shop', 'order.pay', { orderId: order._id }, DEMO_SHOPPER);
  await rt.pay(order._id);
}

test('a store used through the functions audits clean', async () => {
  await someActivity();
  const report = auditJournal(rt.db.raw());
  expect(report.problems).toEqual([]);
  expect(report.accounts).toBe(6); // sales, points, principal, bonus, the member's and partner's commission
  expect(report.entries).toBe(6);
});

test('a tampered balance, a missing balance and a forbidden negative are all reported', async () => {
  await someActivity();
  await rt.db.collection('balances').doc(`sv_bonus:${DEMO_SHOPPER}`).update({ data: { balance: 999999 } });
  await rt.db.collection('journal').add({ data: { _id: 'forged', account: 'sv_principal:o_x', amount: -5, kind: 'spend_principal', ref: 'x', inputHash: 'x', balanceAfter: -5, createdAtMs: 0 } });
  const report = auditJournal(rt.db.raw());
  expect(report.problems).toEqual(expect.arrayContaining([
    expect.stringContaining(`sv_bonus:${DEMO_SHOPPER}: cached balance 999999`),
    expect.stringContaining('sv_principal:o_x: 1 journal entries but no balance document'),
    expect.stringContaining('sv_principal:o_x: forbidden negative balance -5'),
  ]));
  expect(report.problems).toHaveLength(3);
});
