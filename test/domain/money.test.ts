import { formatFen, formatYuanInput, parseYuanToFen } from '../../src/utils/format';

// One row per input: what the owner typed → the fen the server receives (null: refused).
const CASES: [string, number | null][] = [
  ['298', 29800],
  ['298.00', 29800],
  ['0.5', 50],
  ['0.07', 7],
  ['12.05', 1205],
  ['0', 0],
  [' ¥258 ', 25800],
  ['¥ 69.9', 6990],
  ['999999999.99', 99999999999],
  ['', null],
  ['.5', null],
  ['12.', null],
  ['1.005', null],
  ['-1', null],
  ['1e3', null],
  ['1,000', null],
  ['abc', null],
  ['1000000000', null],
];

test.each(CASES)('parseYuanToFen(%p) → %p', (text, fen) => {
  expect(parseYuanToFen(text)).toBe(fen);
});

test('formatYuanInput and parseYuanToFen round-trip every fen amount exactly', () => {
  // The float way (Math.round(x * 100)) is the bug this guards: 0.07 * 100 = 7.000000000000001.
  for (let fen = 0; fen <= 100_000; fen += 7) {
    expect(parseYuanToFen(formatYuanInput(fen))).toBe(fen);
  }
  expect(formatYuanInput(29800)).toBe('298.00');
  expect(formatFen(parseYuanToFen('0.07') ?? -1)).toBe('¥0.07');
});
