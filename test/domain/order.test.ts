import { checkPayable, decidePayment, priceLines } from '../../cloudfunctions/src/orders/domain/order';
import { stageAfterPaidOrder } from '../../cloudfunctions/src/members/domain/ladder';
import { hashInput, orderIdFor, stableJson } from '../../cloudfunctions/src/shared/ids';
import type { Product } from '../../src/contracts';

type SpecIn = { _id: string; list: number; member?: number | null; partner?: number | null; base?: number | null; stock: number };

const product = (id: string, specs: SpecIn[], onSale = true): Product => ({
  _id: id, name: id, subtitle: '', kind: 'standard', categoryId: null, listPriceFen: specs[0].list, memberPriceFen: null, partnerPriceFen: null, stock: 0, onSale, sort: 0,
  coverColor: '#000', pictures: [`cloud://env.b/store/${id}.png`], detail: [], version: 1, grantsStage: null, grantsDays: null, pointsPrice: null,
  specs: specs.map((s) => ({ _id: s._id, name: `${s._id} 码`, listPriceFen: s.list, memberPriceFen: s.member ?? null, partnerPriceFen: s.partner ?? null, commissionBaseFen: s.base ?? null, stock: s.stock })),
});
const catalog = new Map([
  ['tonic', product('tonic', [{ _id: 'default', list: 29800, member: 25800, partner: 25800, stock: 10 }])],
  // Seed 002's diapers in two sizes: L at ¥128 / ¥118 / ¥69 (3 left), XL dearer and with the owner's own commission base.
  ['diaper', product('diaper', [{ _id: 'l', list: 12800, member: 11800, partner: 6900, stock: 3 }, { _id: 'xl', list: 13800, member: 12800, partner: 7500, base: 10000, stock: 5 }])],
  ['off', product('off', [{ _id: 'default', list: 100, stock: 10 }], false)],
]);

describe('priceLines', () => {
  test.each([
    ['one line', [{ productId: 'tonic', qty: 1 }], { ok: true, totalFen: 29800 }],
    ['two products, two sizes', [{ productId: 'tonic', qty: 2 }, { productId: 'diaper', specId: 'l', qty: 3 }, { productId: 'diaper', specId: 'xl', qty: 1 }], { ok: true, totalFen: 2 * 29800 + 3 * 12800 + 13800 }],
    ['split lines of one size merge against its stock', [{ productId: 'diaper', specId: 'l', qty: 2 }, { productId: 'diaper', specId: 'l', qty: 2 }], { ok: false, code: 'SOLD_OUT' }],
    ['two sizes do not share stock', [{ productId: 'diaper', specId: 'l', qty: 3 }, { productId: 'diaper', specId: 'xl', qty: 5 }], { ok: true, totalFen: 38400 + 69000 }],
    ['exact stock', [{ productId: 'diaper', specId: 'l', qty: 3 }], { ok: true, totalFen: 38400 }],
    ['a product with sizes needs a size', [{ productId: 'diaper', qty: 1 }], { ok: false, code: 'INVALID_INPUT', message: '请选择规格：diaper' }],
    ['a size the product does not have', [{ productId: 'diaper', specId: 'xxl', qty: 1 }], { ok: false, code: 'NOT_FOUND' }],
    ['not on sale', [{ productId: 'off', qty: 1 }], { ok: false, code: 'NOT_FOUND' }],
    ['unknown', [{ productId: 'nope', qty: 1 }], { ok: false, code: 'NOT_FOUND' }],
  ])('%s', (_name, requests, expected) => {
    expect(priceLines(requests, catalog)).toMatchObject(expected);
  });

  test('merged lines carry their spec, list price, commission base and amounts in integer fen', () => {
    const r = priceLines([{ productId: 'diaper', specId: 'l', qty: 1 }, { productId: 'tonic', qty: 1 }, { productId: 'diaper', specId: 'l', qty: 1 }], catalog);
    expect(r).toEqual({
      ok: true, totalFen: 25600 + 29800, lines: [
        { lineId: '1', productId: 'diaper', specId: 'l', specName: 'l 码', name: 'diaper', picture: 'cloud://env.b/store/diaper.png', qty: 2, listPriceFen: 12800, unitPriceFen: 12800, amountFen: 25600, commissionBaseFen: 25600 },
        { lineId: '2', productId: 'tonic', specId: 'default', specName: '', name: 'tonic', picture: 'cloud://env.b/store/tonic.png', qty: 1, listPriceFen: 29800, unitPriceFen: 29800, amountFen: 29800, commissionBaseFen: 29800 },
      ],
    });
  });

  test.each([
    ['fan', [12800, 13800]],
    ['customer', [12800, 13800]],
    ['member', [11800, 12800]],
    ['partner', [6900, 7500]],
  ] as const)('each size at its own price for a %s', (stage, [l, xl]) => {
    const r = priceLines([{ productId: 'diaper', specId: 'l', qty: 1 }, { productId: 'diaper', specId: 'xl', qty: 1 }], catalog, stage);
    expect(r.ok && r.lines.map((x) => x.unitPriceFen)).toEqual([l, xl]);
  });

  test('the commission base: the spec\'s own, else the owner\'s per-product base, else list — never the buyer\'s price', () => {
    const settings = new Map([['diaper', 9000], ['tonic', null]]);
    const r = priceLines([{ productId: 'diaper', specId: 'l', qty: 2 }, { productId: 'diaper', specId: 'xl', qty: 2 }, { productId: 'tonic', qty: 1 }], catalog, 'partner', settings);
    expect(r.ok && r.lines.map((x) => x.commissionBaseFen)).toEqual([2 * 9000, 2 * 10000, 29800]);
  });
});

describe('decidePayment', () => {
  const notice = { outTradeNo: 'O1', transactionId: 't1', totalFee: 100 };
  test.each([
    ['pending, right amount', { status: 'PENDING', payableFen: 100 }, 'apply'],
    ['pending, wrong amount', { status: 'PENDING', payableFen: 99 }, 'amount_mismatch'],
    ['paid by this transaction', { status: 'PAID', payableFen: 100, transactionId: 't1' }, 'duplicate'],
    ['completed by this transaction', { status: 'COMPLETED', payableFen: 100, transactionId: 't1' }, 'duplicate'],
    ['paid by another transaction', { status: 'PAID', payableFen: 100, transactionId: 't0' }, 'second_payment'],
    ['closed then paid', { status: 'CLOSED', payableFen: 100 }, 'apply_late'],
    ['refunded', { status: 'REFUNDED', payableFen: 100, transactionId: 't0' }, 'not_payable'],
    ['paid, wrong amount', { status: 'PAID', payableFen: 99, transactionId: 't1' }, 'amount_mismatch'],
  ] as const)('%s → %s', (_name, order, expected) => {
    expect(decidePayment(order, notice)).toBe(expected);
  });
});

describe('checkPayable', () => {
  test.each([
    [{ status: 'PENDING', payableFen: 100, expiresAtMs: 2000 }, 1000, true],
    [{ status: 'PENDING', payableFen: 100, expiresAtMs: 1000 }, 1000, false],
    [{ status: 'PAID', payableFen: 100, expiresAtMs: 2000 }, 1000, false],
    [{ status: 'PENDING', payableFen: 0, expiresAtMs: 2000 }, 1000, false],
  ] as const)('%o at %d → %s', (order, now, expected) => {
    expect(checkPayable(order, now).ok).toBe(expected);
  });
});

describe('ladder and ids', () => {
  test('a paid order lifts a fan to customer and never lowers anyone', () => {
    expect(stageAfterPaidOrder('fan')).toBe('customer');
    expect(stageAfterPaidOrder('customer')).toBe('customer');
    expect(stageAfterPaidOrder('member')).toBe('member');
    expect(stageAfterPaidOrder('partner')).toBe('partner');
  });

  test('order ids are valid outTradeNo and stable per buyer and request', () => {
    const id = orderIdFor('openid-a', 'req-1');
    expect(id).toMatch(/^[0-9A-Za-z_-]{1,32}$/);
    expect(orderIdFor('openid-a', 'req-1')).toBe(id);
    expect(orderIdFor('openid-b', 'req-1')).not.toBe(id);
  });

  test('input hashes ignore key order but not values', () => {
    expect(stableJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
    expect(hashInput({ a: 1, b: 2 })).toBe(hashInput({ b: 2, a: 1 }));
    expect(hashInput({ a: 1 })).not.toBe(hashInput({ a: 2 }));
  });
});
