import { dayLabel, dayNoOf, dayStartMs, daysOf, lastDays } from '../../../cloudfunctions/src/analytics/domain/day';
import { rngOf } from '../../../cloudfunctions/src/analytics/domain/prng';

describe('the store\'s days are China days (UTC+8)', () => {
  test.each([
    ['2026-01-04T15:59:59.999Z', '2026-01-04'], // 23:59:59 in China
    ['2026-01-04T16:00:00.000Z', '2026-01-05'], // midnight in China
    ['2026-01-05T15:59:59.999Z', '2026-01-05'],
    ['2024-02-28T16:00:00.000Z', '2024-02-29'],
    ['1970-01-01T00:00:00.000Z', '1970-01-01'],
  ])('%s is %s', (iso, label) => expect(dayLabel(dayNoOf(Date.parse(iso)))).toBe(label));

  test('a day starts at midnight China time', () => {
    const d = dayNoOf(Date.parse('2026-01-05T03:00:00Z'));
    expect(new Date(dayStartMs(d)).toISOString()).toBe('2026-01-04T16:00:00.000Z');
    expect(dayNoOf(dayStartMs(d))).toBe(d);
    expect(dayNoOf(dayStartMs(d) - 1)).toBe(d - 1);
  });

  test('ranges', () => {
    expect(lastDays(100, 7)).toEqual({ fromDay: 94, toDay: 100 });
    expect(daysOf({ fromDay: 3, toDay: 5 })).toEqual([3, 4, 5]);
    expect(daysOf({ fromDay: 5, toDay: 4 })).toEqual([]);
  });
});

describe('the seeded generator behind the demo history', () => {
  test('the same seed gives the same numbers; ranges and weights hold', () => {
    const a = rngOf(42);
    const b = rngOf(42);
    const xs = Array.from({ length: 1000 }, () => a.int(3, 7));
    expect(Array.from({ length: 1000 }, () => b.int(3, 7))).toEqual(xs);
    expect(new Set(xs)).toEqual(new Set([3, 4, 5, 6, 7]));
    const w = rngOf(7);
    const counts = { x: 0, y: 0, z: 0 };
    for (let i = 0; i < 10_000; i += 1) counts[w.weighted({ x: 1, y: 3, z: 0 })] += 1;
    expect(counts.z).toBe(0);
    expect(counts.y / counts.x).toBeGreaterThan(2.6);
    expect(counts.y / counts.x).toBeLessThan(3.4);
  });
});
