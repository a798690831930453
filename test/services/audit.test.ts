import type { LocalRuntime } from '../../local/runtime/runtime';
import { auditJournal } from '../../local/audit';
import { DEMO_SHOPPER } from '../../local/seed/demo';
import { DEMO_MEMBER, DEMO_PARTNER } from '../../local/seed/demo';
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
    expect.stringContaining(`sv_bonus:${DEMO_SHOPPER}: balance document 999999 ≠ folded entries 1000`),
    expect.stringContaining('sv_principal:o_x: 1 folded journal entries but no balance document'),
    expect.stringContaining('sv_principal:o_x: forbidden negative balance -5'),
  ]));
  expect(report.problems).toHaveLength(3);
});

test('pending credits: the balance document plus pending equals the journal; pending only on shared accounts, and only credits', async () => {
  await someActivity();
  const frozen = `commission_frozen:${DEMO_PARTNER}`;
  // The payment appended the partner's commission and the member's referral points pending: no
  // balance document yet for either, and that is clean.
  expect(await rt.db.collection('journal').where({ account: frozen, pending: true }).count()).toMatchObject({ total: 1 });
  expect(await rt.db.collection('journal').where({ account: `points:${DEMO_MEMBER}`, pending: true, kind: 'referral_points' }).count()).toMatchObject({ total: 1 });
  expect(auditJournal(rt.db.raw()).problems).toEqual([]);
  // A balance document that already counts a still-pending credit double-counts it.
  await rt.db.collection('balances').doc(frozen).set({ data: { balance: 1000, entryCount: 1, accountKind: 'commission_frozen' } });
  await rt.db.collection('journal').add({ data: { _id: 'p1', account: `points:${DEMO_SHOPPER}`, amount: 5, kind: 'earn', ref: 'x', inputHash: 'x', balanceAfter: null, pending: true, createdAtMs: 0 } });
  await rt.db.collection('journal').add({ data: { _id: 'p2', account: frozen, amount: -5, kind: 'commission_reverse', ref: 'x', inputHash: 'x', balanceAfter: null, pending: true, createdAtMs: 0 } });
  const problems = auditJournal(rt.db.raw()).problems;
  expect(problems).toEqual(expect.arrayContaining([
    expect.stringContaining(`${frozen}: balance document 1000 ≠ folded entries 0`),
    expect.stringContaining(`points:${DEMO_SHOPPER}: 1 pending entries on an account that is not shared (only referral points may wait on points accounts)`),
    expect.stringContaining(`${frozen}: 1 pending debits`),
  ]));
});
