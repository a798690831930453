import fc from 'fast-check';
import { unitPriceFor, validatePriceLadder, type Stage, type TierPrices } from '../../cloudfunctions/src/catalog/domain/pricing';

const STAGES: Stage[] = ['fan', 'customer', 'member', 'partner'];

// Seed 002: first purchase ¥298, member repurchase ¥258; diapers ¥128 retail, ¥69 for partners.
const tonic: TierPrices = { listPriceFen: 29800, memberPriceFen: 25800, partnerPriceFen: null };
const diapers: TierPrices = { listPriceFen: 12800, memberPriceFen: null, partnerPriceFen: 6900 };
const full: TierPrices = { listPriceFen: 12800, memberPriceFen: 9900, partnerPriceFen: 6900 };
const memberAboveList: TierPrices = { listPriceFen: 29800, memberPriceFen: 30000, partnerPriceFen: null };
const partnerAboveMember: TierPrices = { listPriceFen: 29800, memberPriceFen: 25800, partnerPriceFen: 27000 };
const partnerAboveList: TierPrices = { listPriceFen: 12800, memberPriceFen: null, partnerPriceFen: 13000 };
const brokenMember: TierPrices = { listPriceFen: 12800, memberPriceFen: -1, partnerPriceFen: 6900.5 };

describe('unitPriceFor', () => {
  test.each([
    ['seed 002 tonic, fan', tonic, 'fan', 29800],
    ['seed 002 tonic, first purchase', tonic, 'customer', 29800],
    ['seed 002 tonic, member repurchase', tonic, 'member', 25800],
    ['seed 002 tonic, partner inherits member price', tonic, 'partner', 25800],
    ['seed 002 diapers, customer', diapers, 'customer', 12800],
    ['seed 002 diapers, member has no price', diapers, 'member', 12800],
    ['seed 002 diapers, partner', diapers, 'partner', 6900],
    ['all three, member', full, 'member', 9900],
    ['all three, partner', full, 'partner', 6900],
    ['member price above list, member', memberAboveList, 'member', 29800],
    ['member price above list, partner', memberAboveList, 'partner', 29800],
    ['partner above member, partner', partnerAboveMember, 'partner', 25800],
    ['partner above list, partner', partnerAboveList, 'partner', 12800],
    ['broken tier prices ignored, member', brokenMember, 'member', 12800],
    ['broken tier prices ignored, partner', brokenMember, 'partner', 12800],
  ] as const)('%s', (_name, product, stage, expected) => {
    expect(unitPriceFor(product, stage)).toBe(expected);
  });

  const tierPrice = fc.option(fc.integer({ min: -1000, max: 200_000 }), { nil: null });
  const product = fc.record({ listPriceFen: fc.integer({ min: 0, max: 200_000 }), memberPriceFen: tierPrice, partnerPriceFen: tierPrice });

  test('property: a higher stage never pays more, nobody pays more than list or less than zero', () => {
    fc.assert(fc.property(product, (p) => {
      const prices = STAGES.map((s) => unitPriceFor(p, s));
      for (let i = 1; i < prices.length; i++) expect(prices[i]).toBeLessThanOrEqual(prices[i - 1]);
      for (const price of prices) {
        expect(Number.isSafeInteger(price)).toBe(true);
        expect(price).toBeGreaterThanOrEqual(0);
        expect(price).toBeLessThanOrEqual(p.listPriceFen);
      }
    }));
  });

  test('property: a valid ladder charges each tier exactly its configured price', () => {
    fc.assert(fc.property(product.filter((p) => validatePriceLadder(p).ok), (p) => {
      expect(unitPriceFor(p, 'customer')).toBe(p.listPriceFen);
      expect(unitPriceFor(p, 'member')).toBe(p.memberPriceFen ?? p.listPriceFen);
      expect(unitPriceFor(p, 'partner')).toBe(p.partnerPriceFen ?? p.memberPriceFen ?? p.listPriceFen);
    }));
  });
});

describe('validatePriceLadder', () => {
  test.each([
    ['seed 002 tonic', tonic, null],
    ['seed 002 diapers', diapers, null],
    ['all three', full, null],
    ['tier prices equal to list', { listPriceFen: 100, memberPriceFen: 100, partnerPriceFen: 100 }, null],
    ['free item', { listPriceFen: 0, memberPriceFen: 0, partnerPriceFen: null }, null],
    ['member above list', memberAboveList, '会员价不能高于零售价'],
    ['partner above member', partnerAboveMember, '合伙人价不能高于会员价'],
    ['partner above list', partnerAboveList, '合伙人价不能高于零售价'],
    ['negative member', { listPriceFen: 100, memberPriceFen: -1, partnerPriceFen: null }, '会员价必须是非负整数（单位：分）'],
    ['fractional partner', { listPriceFen: 100, memberPriceFen: null, partnerPriceFen: 50.5 }, '合伙人价必须是非负整数（单位：分）'],
    ['negative list', { listPriceFen: -100, memberPriceFen: null, partnerPriceFen: null }, '零售价必须是非负整数（单位：分）'],
    ['fractional list', { listPriceFen: 99.9, memberPriceFen: null, partnerPriceFen: null }, '零售价必须是非负整数（单位：分）'],
  ] as const)('%s', (_name, product, expectedMessage) => {
    expect(validatePriceLadder(product)).toEqual(expectedMessage === null ? { ok: true } : { ok: false, message: expectedMessage });
  });
});
