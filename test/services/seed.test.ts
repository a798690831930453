import type { LocalRuntime } from '../../local/runtime/runtime';
import { seedDemoStore } from '../../local/seed/demo';
import { all, closeStore, createStore, docOrNull, expectAudited, setStockOf, stockOf } from '../support/store';

let rt: LocalRuntime;
beforeEach(async () => { rt = await createStore(); }); // seeds once
afterEach(() => closeStore(rt));

test('seeding again creates nothing and keeps what the demo changed', async () => {
  const before = { products: (await all(rt, 'products')).length, users: (await all(rt, 'users')).length };
  await setStockOf(rt, 'p_tonic', 7);
  const again = await seedDemoStore(rt);
  expect(again.created).toBe(0);
  expect(stockOf(rt, 'p_tonic')).toBe(7);
  expect({ products: (await all(rt, 'products')).length, users: (await all(rt, 'users')).length }).toEqual(before);
  expectAudited(rt);
});

test('the demo store follows the seeds: trial, card, ¥298/¥258, ¥128/¥69, partner package', async () => {
  const byId = Object.fromEntries((await all(rt, 'products')).map((p) => [p._id, p]));
  expect(byId.p_trial).toMatchObject({ kind: 'trial' });
  expect(byId.p_card).toMatchObject({ kind: 'card', grantsStage: 'member', grantsDays: 365 });
  expect(byId.p_tonic).toMatchObject({ listPriceFen: 29800, memberPriceFen: 25800 });
  expect(byId.p_diaper).toMatchObject({ listPriceFen: 12800, partnerPriceFen: 6900 });
  // Diapers in four sizes, each with its own ladder and stock; the XL a little dearer.
  expect(byId.p_diaper.specs.map((s: { name: string; listPriceFen: number }) => [s.name, s.listPriceFen])).toEqual([['S 码', 12800], ['M 码', 12800], ['L 码', 12800], ['XL 码', 13800]]);
  expect([stockOf(rt, { productId: 'p_diaper', specId: 'l' }), stockOf(rt, { productId: 'p_diaper', specId: 'xl' })]).toEqual([2000, 300]);
  expect(byId.p_diaper.categoryId).toBe('c_diaper');
  expect(byId.p_partner).toMatchObject({ kind: 'package', grantsStage: 'partner' });
  const member = await docOrNull(rt, 'users', 'o_demo_member');
  expect(member).toMatchObject({ stage: 'member', referrerOpenid: 'o_demo_partner' });
});
