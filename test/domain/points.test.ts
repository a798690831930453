import fc from 'fast-check';
import {
  checkPointsSpend,
  expiringPoints,
  maxPointsDiscount,
  pointsEarned,
  pointsExpireAtMs,
  type PointsEntry,
  type PointsExpiryRule,
} from '../../cloudfunctions/src/members/domain/points';

const HOUR_MS = 3_600_000;
/** A wall-clock time in Beijing (UTC+8), as epoch ms. */
const bj = (y: number, m: number, d: number, h = 0, min = 0): number => Date.UTC(y, m - 1, d, h, min) - 8 * HOUR_MS;

describe('pointsEarned', () => {
  test.each([
    ['seed 002 first purchase ¥298', 29800, 100, 298],
    ['partial yuan is dropped', 29899, 100, 298],
    ['under one yuan', 99, 100, 0],
    ['exactly one yuan', 100, 100, 1],
    ['nothing paid', 0, 100, 0],
    ['double points', 29800, 200, 596],
    ['1.25× on member ¥258', 25800, 125, 322],
    ['1.5× of ¥1.50 floors', 150, 150, 2],
    ['zero multiplier', 29800, 0, 0],
    ['largest safe amount', Number.MAX_SAFE_INTEGER, 100, 90071992547409],
    ['product passes 2^53 (a float floor gives 16888498602644)', 1_125_899_906_843_000, 150, 16_888_498_602_645],
  ])('%s: %d fen × %d%% → %d', (_name, paidFen, multiplierPct, expected) => {
    expect(pointsEarned(paidFen, multiplierPct)).toBe(expected);
  });

  test.each([
    ['fractional fen', 100.5, 100],
    ['negative fen', -100, 100],
    ['fractional multiplier', 100, 1.5],
  ])('%s throws', (_name, paidFen, multiplierPct) => {
    expect(() => pointsEarned(paidFen, multiplierPct)).toThrow(RangeError);
  });

  test('property: equals the exact integer floor and grows with the amount paid', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 1000 }), (paidFen, pct) => {
      const points = pointsEarned(paidFen, pct);
      expect(BigInt(points)).toBe((BigInt(paidFen) * BigInt(pct)) / BigInt(10000));
      expect(pointsEarned(paidFen + 100, pct)).toBeGreaterThanOrEqual(points);
    }));
  });
});

describe('maxPointsDiscount', () => {
  const halfAtOneFen = { fenPerPoint: 1, maxOrderPct: 50 };
  test.each([
    ['cap binds', 29800, 100000, halfAtOneFen, { points: 14900, discountFen: 14900 }],
    ['balance binds', 29800, 500, halfAtOneFen, { points: 500, discountFen: 500 }],
    ['no balance', 29800, 0, halfAtOneFen, { points: 0, discountFen: 0 }],
    ['negative balance spends nothing', 29800, -300, halfAtOneFen, { points: 0, discountFen: 0 }],
    ['whole points only', 12345, 100000, { fenPerPoint: 10, maxOrderPct: 30 }, { points: 370, discountFen: 3700 }],
    ['cap below one point', 99, 100000, { fenPerPoint: 100, maxOrderPct: 100 }, { points: 0, discountFen: 0 }],
    ['full order allowed', 999, 100000, { fenPerPoint: 100, maxOrderPct: 100 }, { points: 9, discountFen: 900 }],
    ['points disabled by 0%', 29800, 100000, { fenPerPoint: 1, maxOrderPct: 0 }, { points: 0, discountFen: 0 }],
    ['empty order', 0, 100000, halfAtOneFen, { points: 0, discountFen: 0 }],
  ])('%s: order %d fen, balance %d', (_name, orderFen, balance, rule, expected) => {
    expect(maxPointsDiscount(orderFen, balance, rule)).toEqual(expected);
  });

  test.each([
    ['zero point value', { fenPerPoint: 0, maxOrderPct: 50 }],
    ['cap above 100%', { fenPerPoint: 1, maxOrderPct: 101 }],
    ['fractional cap', { fenPerPoint: 1, maxOrderPct: 12.5 }],
  ])('%s throws', (_name, rule) => {
    expect(() => maxPointsDiscount(1000, 1000, rule)).toThrow(RangeError);
  });

  test('property: never above the cap or the balance, exact, and the most allowed', () => {
    const rule = fc.record({ fenPerPoint: fc.integer({ min: 1, max: 1000 }), maxOrderPct: fc.integer({ min: 0, max: 100 }) });
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e10 }), fc.integer({ min: -1e6, max: 1e9 }), rule, (orderFen, balance, r) => {
      const { points, discountFen } = maxPointsDiscount(orderFen, balance, r);
      const capFen = Math.floor((orderFen * r.maxOrderPct) / 100);
      expect(Number.isSafeInteger(points) && points >= 0).toBe(true);
      expect(points).toBeLessThanOrEqual(Math.max(0, balance));
      expect(discountFen).toBe(points * r.fenPerPoint);
      expect(discountFen).toBeLessThanOrEqual(capFen);
      expect(points + 1 > balance || (points + 1) * r.fenPerPoint > capFen).toBe(true);
    }));
  });
});

describe('checkPointsSpend', () => {
  test.each([
    [500, 500, { ok: true }],
    [500, 501, { ok: false, code: 'insufficient_points' }],
    [-10, 1, { ok: false, code: 'insufficient_points' }],
    [500, 0, { ok: false, code: 'invalid_amount' }],
    [500, -5, { ok: false, code: 'invalid_amount' }],
    [500, 1.5, { ok: false, code: 'invalid_amount' }],
  ])('balance %d, spend %d → %o', (balance, points, expected) => {
    expect(checkPointsSpend(balance, points)).toEqual(expected);
  });
});

const rule: PointsExpiryRule = { kind: 'end_of_next_year', utcOffsetMinutes: 480 };
const earn = (amount: number, atMs: number): PointsEntry => ({ amount, createdAtMs: atMs, kind: 'earn' });
const spend = (amount: number, atMs: number): PointsEntry => ({ amount: -amount, createdAtMs: atMs, kind: 'redeem' });
const reverse = (amount: number, atMs: number): PointsEntry => ({ amount: -amount, createdAtMs: atMs, kind: 'reverse' });
const expire = (amount: number, atMs: number): PointsEntry => ({ amount: -amount, createdAtMs: atMs, kind: 'expire' });

describe('pointsExpireAtMs', () => {
  test.each([
    ['mid-year', bj(2023, 6, 1), bj(2025, 1, 1)],
    ['last minute of the year in Beijing', bj(2023, 12, 31, 23, 59), bj(2025, 1, 1)],
    ['new year in Beijing, still old year in UTC', bj(2024, 1, 1, 7), bj(2026, 1, 1)],
  ])('%s', (_name, createdAtMs, expected) => {
    expect(pointsExpireAtMs(createdAtMs, rule)).toBe(expected);
  });
});

describe('expiringPoints', () => {
  test.each([
    ['nothing earned', [], bj(2030, 1, 1), 0],
    ['2023 points, last instant of 2024', [earn(100, bj(2023, 6, 1))], bj(2025, 1, 1) - 1, 0],
    ['2023 points, first instant of 2025', [earn(100, bj(2023, 6, 1))], bj(2025, 1, 1), 100],
    ['earned 31 Dec Beijing time counts as that year', [earn(100, bj(2023, 12, 31, 23, 30))], bj(2025, 1, 1), 100],
    ['earned 1 Jan Beijing time (31 Dec UTC) is next year', [earn(100, bj(2024, 1, 1, 7))], bj(2025, 1, 1), 0],
    ['spending consumes oldest first', [earn(100, bj(2023, 6, 1)), earn(50, bj(2024, 3, 1)), spend(30, bj(2024, 4, 1))], bj(2025, 1, 1), 70],
    ['spent past the old lot', [earn(100, bj(2023, 6, 1)), earn(50, bj(2024, 3, 1)), spend(120, bj(2024, 4, 1))], bj(2025, 1, 1), 0],
    ['already expired', [earn(100, bj(2023, 6, 1)), earn(50, bj(2024, 3, 1)), expire(100, bj(2025, 1, 1))], bj(2025, 6, 1), 0],
    ['next year expires in turn', [earn(100, bj(2023, 6, 1)), earn(50, bj(2024, 3, 1)), expire(100, bj(2025, 1, 1))], bj(2026, 1, 1), 50],
    ['partly spent, rest expired', [earn(100, bj(2023, 6, 1)), spend(30, bj(2024, 1, 5)), expire(70, bj(2025, 1, 1))], bj(2026, 1, 1), 0],
    ['negative balance expires nothing', [earn(100, bj(2023, 6, 1)), spend(100, bj(2023, 7, 1)), reverse(100, bj(2023, 8, 1))], bj(2025, 1, 1), 0],
    ['later earns repay the deficit first', [earn(100, bj(2023, 6, 1)), spend(100, bj(2023, 7, 1)), reverse(100, bj(2023, 8, 1)), earn(150, bj(2024, 2, 1))], bj(2026, 1, 1), 50],
    ['entry order does not matter', [spend(30, bj(2024, 4, 1)), earn(50, bj(2024, 3, 1)), earn(100, bj(2023, 6, 1))], bj(2025, 1, 1), 70],
  ])('%s', (_name, entries, nowMs, expected) => {
    expect(expiringPoints(entries, nowMs, rule)).toBe(expected);
  });

  const entry = fc.record({
    amount: fc.integer({ min: -500, max: 1000 }),
    createdAtMs: fc.integer({ min: bj(2020, 1, 1), max: bj(2030, 1, 1) }),
    kind: fc.constantFrom('earn', 'redeem', 'reverse'),
  });
  const nowMs = fc.integer({ min: bj(2020, 1, 1), max: bj(2033, 1, 1) });

  test('property: never negative, never above the balance; once written, nothing more expires', () => {
    fc.assert(fc.property(fc.array(entry, { maxLength: 30 }), nowMs, (entries, now) => {
      const due = expiringPoints(entries, now, rule);
      const balance = entries.reduce((s, e) => s + e.amount, 0);
      expect(due).toBeGreaterThanOrEqual(0);
      expect(due).toBeLessThanOrEqual(Math.max(0, balance));
      expect(expiringPoints([...entries, expire(due, now)], now, rule)).toBe(0);
    }));
  });

  test('property: what is due only grows with time', () => {
    fc.assert(fc.property(fc.array(entry, { maxLength: 30 }), nowMs, fc.integer({ min: 0, max: 800 * 24 * HOUR_MS }), (entries, now, laterMs) => {
      expect(expiringPoints(entries, now + laterMs, rule)).toBeGreaterThanOrEqual(expiringPoints(entries, now, rule));
    }));
  });
});
