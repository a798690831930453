import fc from 'fast-check';
import {
  principalRefund,
  refundablePrincipal,
  splitRefund,
  splitSpend,
  topUpSplit,
  type StoredValue,
} from '../../cloudfunctions/src/members/domain/wallet';

const sv = (principalFen: number, bonusFen: number): StoredValue => ({ principalFen, bonusFen });

describe('topUpSplit', () => {
  test.each([
    ['pay ¥1000 get ¥1200', { payFen: 100000, creditFen: 120000 }, { ok: true, principalFen: 100000, bonusFen: 20000 }],
    ['no bonus', { payFen: 50000, creditFen: 50000 }, { ok: true, principalFen: 50000, bonusFen: 0 }],
    ['credit below pay', { payFen: 100000, creditFen: 99999 }, { ok: false, code: 'credit_below_pay' }],
    ['free credit is not a top-up', { payFen: 0, creditFen: 100 }, { ok: false, code: 'invalid_amount' }],
    ['negative pay', { payFen: -1, creditFen: 100 }, { ok: false, code: 'invalid_amount' }],
    ['fractional pay', { payFen: 100.5, creditFen: 200 }, { ok: false, code: 'invalid_amount' }],
    ['fractional credit', { payFen: 100, creditFen: 200.5 }, { ok: false, code: 'invalid_amount' }],
  ])('%s', (_name, pkg, expected) => {
    expect(topUpSplit(pkg)).toEqual(expected);
  });
});

describe('splitSpend', () => {
  test.each([
    ['¥120 from ¥1000 + ¥200', 12000, sv(100000, 20000), { ok: true, principalFen: 10000, bonusFen: 2000 }],
    ['one fen goes to bonus', 1, sv(100000, 20000), { ok: true, principalFen: 0, bonusFen: 1 }],
    ['odd fen of an even split goes to bonus', 7, sv(5, 5), { ok: true, principalFen: 3, bonusFen: 4 }],
    ['whole balance', 120000, sv(100000, 20000), { ok: true, principalFen: 100000, bonusFen: 20000 }],
    ['principal only', 300, sv(500, 0), { ok: true, principalFen: 300, bonusFen: 0 }],
    ['bonus only', 300, sv(0, 500), { ok: true, principalFen: 0, bonusFen: 300 }],
    ['nothing from nothing', 0, sv(0, 0), { ok: true, principalFen: 0, bonusFen: 0 }],
    ['one fen too many', 120001, sv(100000, 20000), { ok: false, code: 'insufficient_balance' }],
    ['empty balance', 1, sv(0, 0), { ok: false, code: 'insufficient_balance' }],
    ['negative amount', -1, sv(100, 0), { ok: false, code: 'invalid_amount' }],
    ['fractional amount', 1.5, sv(100, 0), { ok: false, code: 'invalid_amount' }],
    // amount × principal passes 2^53; a float floor would give 759260316591.
    ['huge balances stay exact', 1052284804866, sv(830269936692, 320429525965), { ok: true, principalFen: 759260316590, bonusFen: 293024488276 }],
  ])('%s: %d fen from %o', (_name, amountFen, balance, expected) => {
    expect(splitSpend(amountFen, balance)).toEqual(expected);
  });

  test.each([
    ['negative principal', sv(-1, 100)],
    ['fractional bonus', sv(100, 0.5)],
  ])('a broken balance (%s) throws', (_name, balance) => {
    expect(() => splitSpend(1, balance)).toThrow(RangeError);
  });

  const part = fc.integer({ min: 0, max: 2 ** 41 });

  test('property: conserves every fen, never takes more of a part than is there, proportional within a fen', () => {
    fc.assert(fc.property(part, part, fc.integer({ min: 0, max: 2 ** 43 }), (principal, bonus, rawAmount) => {
      const totalFen = principal + bonus;
      const amountFen = rawAmount % (totalFen + 2);
      const r = splitSpend(amountFen, sv(principal, bonus));
      if (amountFen > totalFen) return expect(r).toEqual({ ok: false, code: 'insufficient_balance' });
      if (!r.ok) throw new Error(`unexpected ${r.code}`);
      expect(r.principalFen + r.bonusFen).toBe(amountFen);
      expect(r.principalFen).toBeGreaterThanOrEqual(0);
      expect(r.bonusFen).toBeGreaterThanOrEqual(0);
      expect(r.principalFen).toBeLessThanOrEqual(principal);
      expect(r.bonusFen).toBeLessThanOrEqual(bonus);
      const exact = totalFen === 0 ? BigInt(0) : (BigInt(amountFen) * BigInt(principal)) / BigInt(totalFen);
      expect(BigInt(r.principalFen)).toBe(exact);
      expect(splitSpend(amountFen, sv(principal, bonus))).toEqual(r);
    }));
  });

  test('property: spending a balance down in random steps never goes negative and ends at zero', () => {
    fc.assert(fc.property(part, part, fc.array(fc.integer({ min: 1, max: 2 ** 40 }), { maxLength: 20 }), (principal, bonus, steps) => {
      let balance = sv(principal, bonus);
      for (const step of [...steps, Number.MAX_SAFE_INTEGER]) {
        const amountFen = Math.min(step, balance.principalFen + balance.bonusFen);
        const r = splitSpend(amountFen, balance);
        if (!r.ok) throw new Error(`unexpected ${r.code}`);
        balance = sv(balance.principalFen - r.principalFen, balance.bonusFen - r.bonusFen);
        expect(balance.principalFen).toBeGreaterThanOrEqual(0);
        expect(balance.bonusFen).toBeGreaterThanOrEqual(0);
      }
      expect(balance).toEqual(sv(0, 0));
    }));
  });
});

describe('splitRefund', () => {
  test.each([
    ['full refund returns the spent split', sv(10000, 2000), undefined, { ok: true, principalFen: 10000, bonusFen: 2000 }],
    ['partial refund splits like spending', sv(10000, 2000), 6000, { ok: true, principalFen: 5000, bonusFen: 1000 }],
    ['partial refund odd fen to bonus', sv(3, 4), 1, { ok: true, principalFen: 0, bonusFen: 1 }],
    ['more than was spent', sv(10000, 2000), 12001, { ok: false, code: 'exceeds_spent' }],
    ['negative refund', sv(10000, 2000), -1, { ok: false, code: 'invalid_amount' }],
  ])('%s', (_name, spent, refundFen, expected) => {
    expect(splitRefund(spent, refundFen)).toEqual(expected);
  });

  test('property: a series of partial refunds ends on exactly the spent split', () => {
    const part = fc.integer({ min: 0, max: 1e9 });
    fc.assert(fc.property(part, part, fc.array(fc.integer({ min: 0, max: 1e9 }), { maxLength: 10 }), (principal, bonus, refunds) => {
      let left = sv(principal, bonus);
      let returned = sv(0, 0);
      for (const refund of [...refunds, Number.MAX_SAFE_INTEGER]) {
        const r = splitRefund(left, Math.min(refund, left.principalFen + left.bonusFen));
        if (!r.ok) throw new Error(`unexpected ${r.code}`);
        left = sv(left.principalFen - r.principalFen, left.bonusFen - r.bonusFen);
        returned = sv(returned.principalFen + r.principalFen, returned.bonusFen + r.bonusFen);
      }
      expect(returned).toEqual(sv(principal, bonus));
    }));
  });
});

describe('owner refund of principal', () => {
  test.each([
    [sv(80000, 16000), 80000, { refundFen: 80000, forfeitBonusFen: 16000 }],
    [sv(0, 500), 0, { refundFen: 0, forfeitBonusFen: 500 }],
    [sv(0, 0), 0, { refundFen: 0, forfeitBonusFen: 0 }],
  ])('%o → refundable %d, %o', (balance, refundable, expected) => {
    expect(refundablePrincipal(balance)).toBe(refundable);
    expect(principalRefund(balance)).toEqual(expected);
  });

  test('a broken balance throws', () => {
    expect(() => refundablePrincipal(sv(-5, 0))).toThrow(RangeError);
  });
});
