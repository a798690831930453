// Issue 13, pure parts of the client: share paths per page (and that arriving through each binds
// like a link), 分享赚 in words, the partner centre's texts, the poster's layout and text wrapping.
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { getStorageSync: () => null, setStorageSync: () => undefined, removeStorageSync: () => undefined }, useRouter: () => ({ params: {} }) }));
jest.mock('../../src/api/client', () => ({ shop: jest.fn(), isApiClientError: () => false }));

import { pageShare, SHARE_PAGES, type PosterPayload, type ShareEarning, type SharePageName } from '../../src/contracts';
import { referralFromLanding } from '../../src/utils/referral';
import { earningAmountText, earningBasisText } from '../../src/utils/shareText';
import { posterTokenOf, targetUrl } from '../../src/utils/posterLanding';
import { broughtText, entryMathText, entryWhenText, rateText, withdrawalWhereText } from '../../src/partner/money';
import { posterLayout } from '../../src/partner/poster/layout';
import { wrapText } from '../../src/partner/poster/draw';
import { targetFromQuery } from '../../src/partner/pages/share/poster';
import { parseDraft, splitLines, toDraft } from '../../src/owner/pages/commission/draft';
import { DEMO_COMMISSION } from '../../local/seed/demo';

const PAGES: [SharePageName, Record<string, string>][] = [
  ['home', {}],
  ['category', {}],
  ['product', { id: 'p_tonic' }],
  ['group', { id: 'G123' }],
  ['campaign', { id: 'gb_diaper3' }],
];

describe('share paths carry the right code on every page, and never an empty one', () => {
  test.each(PAGES)('%s with a code: chat path and Moments query both carry it, and the landing binds it', (page, params) => {
    const { path, query } = pageShare(page, params, 'PARTNER2');
    expect(path).toBe(`/${SHARE_PAGES[page]}?${query}`);
    expect(query.split('&')).toContain('ref=PARTNER2');
    for (const [k, v] of Object.entries(params)) expect(query.split('&')).toContain(`${k}=${v}`);
    // Arriving: the app reads the landing page's query (app.ts → utils/referral.ts).
    const landed = Object.fromEntries(query.split('&').map((kv) => kv.split('=')));
    const channel = page === 'group' || page === 'campaign' ? 'groupbuy' : 'code';
    expect(referralFromLanding(SHARE_PAGES[page], landed)).toEqual({ code: 'PARTNER2', channel });
  });

  test.each(PAGES)('%s without a code: no ref at all, no empty parameter', (page, params) => {
    for (const code of [null, undefined, '', 'bad', 'partner2x']) {
      const { path, query } = pageShare(page, params, code);
      expect(path).not.toMatch(/ref=|[?&]$|&&|=&|=$/);
      expect(query).not.toContain('ref');
      expect(referralFromLanding(SHARE_PAGES[page], Object.fromEntries(query.split('&').filter(Boolean).map((kv) => kv.split('='))))).toBeNull();
    }
  });

  test('empty page parameters are dropped, values are encoded, and a ref passed as a parameter cannot smuggle a code', () => {
    expect(pageShare('product', { id: '', x: null, y: undefined }, null)).toEqual({ path: '/pages/product/index', query: '' });
    expect(pageShare('product', { id: 'a&b=c' }, null).query).toBe('id=a%26b%3Dc');
    expect(pageShare('product', { id: 'p1', ref: 'EVILCODE' }, null).query).toBe('id=p1');
  });
});

describe('分享赚 in words', () => {
  const base: ShareEarning = { reward: 'cash', amountFen: 5960, points: 0, rateBps: 2000, baseFen: 29800, listPriceFen: 29800, buyerPaysFen: 29800 };
  test.each<[string, ShareEarning, string, string]>([
    ['a partner on the tonic', base, '¥59.60', '按原价 ¥298.00 的 20% 计算，与好友实付价无关'],
    ['a member, in points', { ...base, reward: 'points', points: 2980, amountFen: 2980, rateBps: 1000 }, '2980 积分', '按原价 ¥298.00 的 10% 计算，与好友实付价无关（积分可抵现）'],
    ['the ¥89 group seat still counts on ¥128', { ...base, amountFen: 1000, rateBps: null, baseFen: 12800, listPriceFen: 12800, buyerPaysFen: 8900 }, '¥10.00', '每件固定奖励，按原价 ¥128.00 计，好友拼团价 ¥89.00 也按原价算'],
    // The owner's base is not the list price: the line says 佣金基数, never 原价 ¥229.
    ['the tonic on the owner\'s ¥229 base', { ...base, amountFen: 4580, baseFen: 22900 }, '¥45.80', '按佣金基数 ¥229.00 的 20% 计算，与好友实付价无关'],
    ['a seat below the owner\'s base', { ...base, amountFen: 4580, baseFen: 22900, buyerPaysFen: 19900 }, '¥45.80', '按佣金基数 ¥229.00 的 20% 计算，好友拼团价 ¥199.00 也按佣金基数算'],
  ])('%s', (_name, e, amount, basis) => {
    expect(earningAmountText(e)).toBe(amount);
    expect(earningBasisText(e)).toBe(basis);
  });
});

describe('the partner centre explains money', () => {
  const entry = {
    _id: 'O1-1', orderId: 'O1', orderNo: null, level: 1 as const, buyerNickname: '小美', buyerAvatar: null, lines: [], baseFen: 12800, amountFen: 2560,
    status: 'pending' as const, createdAtMs: 0, thawAtMs: null, reward: 'cash' as const, points: 0, rateBps: 2000, refundWindowDays: 7,
  };
  test('base × rate = amount, on the list price', () => {
    expect(entryMathText(entry)).toBe('基数 ¥128.00 × 20% = ¥25.60（基数为商品原价或店主设定的佣金基数，与好友实付价无关）');
    expect(entryMathText({ ...entry, rateBps: null, amountFen: 1000 })).toBe('基数 ¥128.00 · 每件固定 ¥10.00（基数为商品原价或店主设定的佣金基数，与好友实付价无关）');
  });
  test('when it becomes available: 待确认收货 until receipt, then receipt + the refund window', () => {
    expect(entryWhenText(entry)).toBe('待确认收货（收货后 7 天可提现）');
    const thaw = Date.UTC(2026, 11, 10, 4); // 2026-12-10 12:00 in UTC+8
    expect(entryWhenText({ ...entry, status: 'frozen', thawAtMs: thaw })).toBe('2026-12-10 可提现（收货后 7 天退款期）');
    expect(entryWhenText({ ...entry, status: 'available', thawAtMs: thaw })).toBe('2026-12-10 已入账，可提现');
    expect(entryWhenText({ ...entry, status: 'reversed' })).toBe('订单已退款，已扣回');
    expect(entryWhenText({ ...entry, status: 'credited', reward: 'points', points: 1280 })).toBe('已计入积分，可在结算时抵现');
  });
  test('rates, what the team brought, where a withdrawal goes and when', () => {
    expect(rateText({ reward: 'cash', level1Bps: 2000, level2Bps: 1000 })).toBe('直推 20% · 二级 10%（现金）');
    expect(rateText({ reward: 'points', level1Bps: 1000, level2Bps: 500 })).toBe('直推 10% · 二级 5%（积分）');
    expect(broughtText({ broughtFen: 5960, broughtPoints: 0, orders: 1 })).toBe('1 单 · 带来 ¥59.60');
    expect(broughtText({ broughtFen: 0, broughtPoints: 2980, orders: 2 })).toBe('2 单 · 带来 2980 积分');
    expect(broughtText({ broughtFen: 0, broughtPoints: 0, orders: 0 })).toBe('暂未下单');
    const requestedAtMs = Date.UTC(2026, 11, 1, 4);
    expect(withdrawalWhereText({ status: 'requested', requestedAtMs, decidedAtMs: null, payoutRef: null, rejectReason: null })).toBe('店主审核后转入你的微信零钱，预计 2026-12-04 前到账');
    expect(withdrawalWhereText({ status: 'paid', requestedAtMs, decidedAtMs: requestedAtMs, payoutRef: 'WX1', rejectReason: null })).toBe('已转入你的微信零钱（2026-12-01），转账单号 WX1');
  });
});

describe('posters', () => {
  const payload: PosterPayload = {
    kind: 'campaign', storeName: '好物小店', title: '婴儿纸尿裤 L 码（提）', picture: 'cloud://env.b/store/p.png', priceFen: 9900, listPriceFen: 12800, groupSize: 3,
    sharer: { nickname: '林老板', avatar: null, initial: '林' }, code: 'PARTNER2', scene: 'r=PARTNER2&s=0123456789ab', page: 'pages/index/index', issuedAtMs: 0, sig: 'x',
  };
  test('the layout draws the picture, name, group price and seats, the struck list price, the sharer and the code; inside the canvas', () => {
    const ops = posterLayout(payload, { picture: true, avatar: false, qr: true });
    const texts = ops.flatMap((o) => (o.kind === 'text' ? [o.text] : []));
    expect(texts).toEqual(expect.arrayContaining(['好物小店', '婴儿纸尿裤 L 码（提）', '3人团 ¥99.00', '原价 ¥128.00', '林老板']));
    expect(ops.filter((o) => o.kind === 'image').map((o) => (o.kind === 'image' ? o.key : ''))).toEqual(['picture', 'qr']);
    // No avatar: the initial on a disc.
    expect(ops).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'disc', text: '林' })]));
    for (const o of ops) {
      const [x, y] = [o.x, o.y];
      const w = o.kind === 'disc' ? o.d : o.kind === 'text' ? o.maxWidth : o.w;
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x + w).toBeLessThanOrEqual(600);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(960);
    }
  });
  test('a store poster without a logo: a placeholder, the pitch instead of a price', () => {
    const ops = posterLayout({ ...payload, kind: 'store', picture: null, priceFen: null, listPriceFen: null, groupSize: null, title: '好物小店' }, { picture: false, avatar: true, qr: true });
    expect(ops.some((o) => o.kind === 'image' && o.key === 'avatar' && o.round)).toBe(true);
    expect(ops.some((o) => o.kind === 'text' && o.text.includes('会员专享好价'))).toBe(true);
  });
  test('text wraps by character within its width and lines, cut with …', () => {
    const measure = (s: string) => Array.from(s).length * 10;
    expect(wrapText(measure, '一二三四五六七八九十', 50, 3)).toEqual(['一二三四五', '六七八九十']);
    expect(wrapText(measure, '一二三四五六七八九十甲乙', 50, 2)).toEqual(['一二三四五', '六七八九…']);
    expect(wrapText(measure, '', 50, 2)).toEqual([]);
  });
  test('the landing reads the scene token; the target opens its page', () => {
    expect(posterTokenOf(encodeURIComponent('r=PARTNER2&s=0123456789ab'))).toBe('0123456789ab');
    expect(posterTokenOf(encodeURIComponent('r=PARTNER2'))).toBeNull();
    expect(posterTokenOf('%E0%A4%A')).toBeNull();
    expect(posterTokenOf(encodeURIComponent('s=../../x'))).toBeNull();
    expect(targetUrl({ kind: 'product', productId: 'p_tonic' })).toBe('/pages/product/index?id=p_tonic');
    expect(targetUrl({ kind: 'campaign', campaignId: 'gb_diaper3' })).toBe('/groupbuy/pages/campaign/index?id=gb_diaper3');
    expect(targetFromQuery({ kind: 'product', id: 'p_tonic' })).toEqual({ kind: 'product', productId: 'p_tonic' });
    expect(targetFromQuery({ kind: 'product' })).toEqual({ kind: 'store' });
  });
});

describe('the owner\'s commission form keeps the split', () => {
  test('reward kinds round-trip, new earning tiers default to points below partner, and the split reads as the owner set it', () => {
    const d = toDraft(DEMO_COMMISSION, 'visit', ['p_tonic'], 'points');
    expect([d.tiers.member.reward, d.tiers.partner.reward, d.tiers.customer.reward]).toEqual(['points', 'cash', 'points']);
    expect(splitLines(d, { fan: '粉丝', customer: '顾客', member: '会员', partner: '合伙人' })).toEqual(['会员：积分 10% / 5%', '合伙人：现金 20% / 10%']);
    const parsed = parseDraft(d, { p_tonic: '臻选滋补礼盒' });
    expect(parsed).toMatchObject({ ok: true, memberRewards: 'points', config: { tiers: { member: { level1Bps: 1000, reward: 'points' }, partner: { reward: 'cash' } } } });
  });
});
