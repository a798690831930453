import type { LocalRuntime } from '../../local/runtime/runtime';
import { seedDemoStore } from '../../local/seed/demo';
import { all, closeStore, createStore, docOrNull, expectAudited } from '../support/store';

let rt: LocalRuntime;
beforeEach(async () => { rt = await createStore(); }); // seeds once
afterEach(() => closeStore(rt));

test('seeding again creates nothing and keeps what the demo changed', async () => {
  const before = { products: (await all(rt, 'products')).length, users: (await all(rt, 'users')).length };
  await rt.db.collection('products').doc('p_tonic').update({ data: { stock: 7 } });
  const again = await seedDemoStore(rt);
  expect(again.created).toBe(0);
  expect((await docOrNull(rt, 'products', 'p_tonic'))!.stock).toBe(7);
  expect({ products: (await all(rt, 'products')).length, users: (await all(rt, 'users')).length }).toEqual(before);
  expectAudited(rt);
});

test('the demo store follows the seeds: trial, card, ¥298/¥258, ¥128/¥69, partner package', async () => {
  const byId = Object.fromEntries((await all(rt, 'products')).map((p) => [p._id, p]));
  expect(byId.p_trial).toMatchObject({ kind: 'trial' });
  expect(byId.p_card).toMatchObject({ kind: 'card', grantsStage: 'member', grantsDays: 365 });
  expect(byId.p_tonic).toMatchObject({ listPriceFen: 29800, memberPriceFen: 25800 });
  expect(byId.p_diaper).toMatchObject({ listPriceFen: 12800, partnerPriceFen: 6900 });
  expect(byId.p_partner).toMatchObject({ kind: 'package', grantsStage: 'partner' });
  const member = await docOrNull(rt, 'users', 'o_demo_member');
  expect(member).toMatchObject({ stage: 'member', referrerOpenid: 'o_demo_partner' });
});
