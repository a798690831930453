import { checkPayable, decidePayment, priceLines } from '../../cloudfunctions/src/orders/domain/order';
import { stageAfterPaidOrder } from '../../cloudfunctions/src/members/domain/ladder';
import { hashInput, orderIdFor, stableJson } from '../../cloudfunctions/src/shared/ids';
import type { Product } from '../../src/contracts';

const product = (id: string, listPriceFen: number, stock: number, onSale = true): Product => ({
  _id: id, name: id, subtitle: '', kind: 'standard', listPriceFen, memberPriceFen: null, partnerPriceFen: null, stock, onSale, sort: 0, coverColor: '#000', pictures: [], grantsStage: null, grantsDays: null, pointsPrice: null,
});
const catalog = new Map([
  ['tonic', product('tonic', 29800, 10)],
  ['diaper', product('diaper', 12800, 3)],
  ['off', product('off', 100, 10, false)],
]);

describe('priceLines', () => {
  test.each([
    ['one line', [{ productId: 'tonic', qty: 1 }], { ok: true, totalFen: 29800 }],
    ['two lines', [{ productId: 'tonic', qty: 2 }, { productId: 'diaper', qty: 3 }], { ok: true, totalFen: 2 * 29800 + 3 * 12800 }],
    ['split lines merge against stock', [{ productId: 'diaper', qty: 2 }, { productId: 'diaper', qty: 2 }], { ok: false, code: 'SOLD_OUT' }],
    ['exact stock', [{ productId: 'diaper', qty: 3 }], { ok: true, totalFen: 38400 }],
    ['not on sale', [{ productId: 'off', qty: 1 }], { ok: false, code: 'NOT_FOUND' }],
    ['unknown', [{ productId: 'nope', qty: 1 }], { ok: false, code: 'NOT_FOUND' }],
  ])('%s', (_name, requests, expected) => {
    expect(priceLines(requests, catalog)).toMatchObject(expected);
  });

  test('merged lines carry list price and amounts in integer fen', () => {
    const r = priceLines([{ productId: 'diaper', qty: 1 }, { productId: 'diaper', qty: 1 }], catalog);
    expect(r).toEqual({ ok: true, totalFen: 25600, lines: [{ productId: 'diaper', name: 'diaper', qty: 2, listPriceFen: 12800, unitPriceFen: 12800, amountFen: 25600 }] });
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
