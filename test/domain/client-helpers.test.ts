// Pure helpers of the pages, tested in node: the referral a landing carries, H5 hash routes, and
// the owner's percent inputs. The Taro runtime and the API client are stubbed: nothing is sent.
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { getStorageSync: () => null, setStorageSync: () => undefined, removeStorageSync: () => undefined } }));
jest.mock('../../src/api/client', () => ({ shop: jest.fn(), isApiClientError: () => false }));

import { formatBpsAsPercent, parsePercentToBps } from '../../src/owner/pages/commission/draft';
import { parseHashRoute, referralFromLanding } from '../../src/utils/referral';
import { niceAxisMax } from '../../src/owner/components/Chart/axis';

describe('referralFromLanding', () => {
  test.each([
    ['a shared link', 'pages/index/index', { ref: 'PARTNER2' }, { code: 'PARTNER2', channel: 'code' }],
    ['a group-buy share', '/groupbuy/pages/group/index', { id: 'g1', ref: 'PARTNER2' }, { code: 'PARTNER2', channel: 'groupbuy' }],
    ['a poster scene', 'pages/index/index', { scene: encodeURIComponent('r=PARTNER2') }, { code: 'PARTNER2', channel: 'poster' }],
    ['no referral', 'pages/index/index', { id: 'x' }, null],
    ['no query', 'pages/index/index', undefined, null],
  ])('%s', (_name, path, query, expected) => {
    const got = referralFromLanding(path, query as Record<string, unknown> | undefined);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toMatchObject(expected);
  });
});

describe('parseHashRoute', () => {
  test.each([
    ['#/pages/index/index?ref=PARTNER2', { path: '/pages/index/index', query: { ref: 'PARTNER2' } }],
    ['#/pages/product/index?id=p_tonic&ref=A%3DB', { path: '/pages/product/index', query: { id: 'p_tonic', ref: 'A%3DB' } }],
    ['#/pages/me/index', { path: '/pages/me/index', query: {} }],
    ['', { path: '', query: {} }],
  ])('%s', (hash, expected) => {
    expect(parseHashRoute(hash)).toEqual(expected);
  });
});

describe('percent ↔ basis points', () => {
  test.each([
    ['10', 1000], ['12.5', 1250], ['0.05', 5], ['100', 10000], ['20%', 2000],
    ['100.01', null], ['-1', null], ['1.234', null], ['abc', null], ['', null],
  ])('%s → %s', (text, bps) => {
    expect(parsePercentToBps(text)).toBe(bps);
  });

  test('every whole basis point survives the round trip', () => {
    for (let bps = 0; bps <= 10000; bps += 1) expect(parsePercentToBps(formatBpsAsPercent(bps))).toBe(bps);
  });
});

describe('the owner’s figures (format.ts)', () => {
  const f = require('../../src/utils/format') as typeof import('../../src/utils/format');
  test.each<[string, () => string, string]>([
    ['a store day', () => f.formatDayNo(f.storeDayNo(Date.UTC(2026, 10, 28, 16, 0))), '2026-11-29'],
    ['the moment before it', () => f.formatDayNo(f.storeDayNo(Date.UTC(2026, 10, 28, 15, 59))), '2026-11-28'],
    ['a short day', () => f.formatDayShort(20_786), '11-29'],
    ['a percent', () => f.formatRatioPct({ num: 38, den: 100 }), '38%'],
    ['a percent with a tenth', () => f.formatRatioPct({ num: 1, den: 3 }), '33.3%'],
    ['a small negative percent', () => f.formatRatioPct({ num: -1, den: 300 }), '-0.3%'],
    ['nothing counted', () => f.formatRatioPct({ num: 0, den: 0 }), '—'],
    ['items per order (seed 001)', () => f.formatRatioDecimal({ num: 16, den: 10 }), '1.6'],
    ['items per order, whole', () => f.formatRatioDecimal({ num: 25, den: 10 }), '2.5'],
    ['average order value', () => f.formatFenPer({ num: 56590, den: 3 }), '¥188.63'],
    ['up on yesterday', () => f.formatChange(120, 100), '+20%'],
    ['down on yesterday', () => f.formatChange(80, 100), '-20%'],
    ['yesterday had nothing', () => f.formatChange(5, 0), '—'],
    ['chart axis in 万', () => f.formatFenCompact(1_234_500), '1.2万'],
  ])('%s', (_what, run, expected) => expect(run()).toBe(expected));
});

describe('niceAxisMax (owner charts: whole ticks)', () => {
  test.each([
    ['one order', [0, 0, 1], 5],
    ['no data', [], 5],
    ['all zero', [0, 0], 5],
    ['¥99.00 in fen', [9900], 10000],
    ['¥1,234.56 in fen', [123456, 5], 150000],
    ['37 orders', [37], 40],
    ['exactly 1,000', [1000], 1000],
    ['¥123.00 a day', [12300], 15000],
  ])('%s', (_name, values, top) => {
    const got = niceAxisMax(values);
    expect(got).toBe(top);
    expect(Number.isInteger(got / 5)).toBe(true);
    expect(got).toBeGreaterThanOrEqual(Math.max(0, ...values));
  });
});
