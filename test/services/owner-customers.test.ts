import type { LocalRuntime } from '../../local/runtime/runtime';
import { DEMO_MEMBER, DEMO_NEWCOMER, DEMO_OWNER, DEMO_PARTNER, DEMO_SHOPPER } from '../../local/seed/demo';
import { act, closeStore, createStore, ok, placeOrder } from '../support/store';

let rt: LocalRuntime;
beforeEach(async () => { rt = await createStore(); });
afterEach(() => closeStore(rt));

test('the owner sees customers by ladder stage, newest first, with their referrer, and pages through them', async () => {
  await ok(rt, 'shop', 'session.get', {}, DEMO_NEWCOMER); // a fan now
  const all = await ok(rt, 'admin', 'customers.list', {}, DEMO_OWNER);
  expect(all.counts).toEqual({ fan: 1, customer: 1, member: 1, partner: 2 });
  expect(all.customers[0]).toMatchObject({ openid: DEMO_NEWCOMER, stage: 'fan', paidOrderCount: 0 });
  const members = await ok(rt, 'admin', 'customers.list', { stage: 'member' }, DEMO_OWNER);
  expect(members.customers).toEqual([expect.objectContaining({ openid: DEMO_MEMBER, referrerNickname: '林老板' })]);
  const page1 = await ok(rt, 'admin', 'customers.list', { limit: 2 }, DEMO_OWNER);
  expect(page1.customers).toHaveLength(2);
  const page2 = await ok(rt, 'admin', 'customers.list', { limit: 2, beforeMs: page1.nextBeforeMs }, DEMO_OWNER);
  const page3 = await ok(rt, 'admin', 'customers.list', { limit: 2, beforeMs: page2.nextBeforeMs }, DEMO_OWNER);
  const seen = [...page1.customers, ...page2.customers, ...page3.customers].map((c: any) => c.openid);
  expect(new Set(seen).size).toBe(5);
  expect(seen).toEqual(expect.arrayContaining([DEMO_OWNER, DEMO_PARTNER, DEMO_SHOPPER]));
  expect(page3.nextBeforeMs).toBeNull();
});

test('one customer: balances and latest orders; strangers and non-owners are refused', async () => {
  await rt.pay(await placeOrder(rt, DEMO_SHOPPER, 'p_tonic'));
  const { customer, balances, orders } = await ok(rt, 'admin', 'customer.get', { openid: DEMO_SHOPPER }, DEMO_OWNER);
  expect(customer).toMatchObject({ stage: 'customer', paidOrderCount: 2, spentFen: 990 + 29800, referrerNickname: '王姐' });
  expect(balances).toEqual({ points: 298, principalFen: 0, bonusFen: 0 });
  expect(orders).toEqual([expect.objectContaining({ status: 'PAID', payableFen: 29800 })]);
  expect(await act(rt, 'admin', 'customer.get', { openid: 'o_nobody' }, DEMO_OWNER)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  expect(await act(rt, 'admin', 'customers.list', {}, DEMO_SHOPPER)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});
