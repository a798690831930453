// Pure helpers of the pages, tested in node: the referral a landing carries, H5 hash routes, and
// the owner's percent inputs. The Taro runtime and the API client are stubbed: nothing is sent.
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { getStorageSync: () => null, setStorageSync: () => undefined, removeStorageSync: () => undefined } }));
jest.mock('../../src/api/client', () => ({ shop: jest.fn(), isApiClientError: () => false }));

import { formatBpsAsPercent, parsePercentToBps } from '../../src/owner/pages/commission/draft';
import { parseHashRoute, referralFromLanding } from '../../src/utils/referral';

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
