import type { CommissionConfig } from '../../src/contracts';
import { orderCommission, productPayouts, validateCommissionConfig, yuan, type CatalogProduct } from '../../cloudfunctions/src/partners/domain/commission';
import { unitPriceFor, type Stage } from '../../cloudfunctions/src/catalog/domain/pricing';
import { DEMO_COMMISSION, DEMO_PRODUCTS, DEMO_TOPUP_PACKAGES } from '../../local/seed/demo';
import { lowestReceivableFen } from '../../cloudfunctions/src/orders/domain/receivable';

const NAMES: Record<Stage, string> = { fan: '粉丝', customer: '顾客', member: '会员', partner: '合伙人' };
const CATALOG: CatalogProduct[] = DEMO_PRODUCTS.map((p) => ({ ...p, grantsStage: p.grantsStage }));
const product = (id: string) => CATALOG.find((p) => p._id === id)!;
const line = (id: string, qty: number) => ({ productId: id, name: product(id).name, qty, listPriceFen: product(id).listPriceFen });

describe('seed 002 worked by hand: partner P ← member M ← shopper S; factory cost of the tonic ¥118', () => {
  // One row per event: who the buyer is, what they buy, what they pay, what M (level 1) and P
  // (level 2) earn. The base is the list price or the owner's base for the product (the tonic's
  // ¥229, the trial's ¥8: the payout cap, issue 9), never the buyer's price, so S's upgrades
  // never change M's or P's share; only the beneficiary's own upgrade (M becomes a partner) does.
  const rows: [string, Stage, Stage, string, number, number, number, number][] = [
    // event,                                   S stage,    M stage,   product,  qty, S pays, M earns, P earns
    ['S, a customer, buys the tonic at ¥298',   'customer', 'member',  'p_tonic',  1, 29800,  2290,    2290],
    ['S buys a card; repurchases at ¥258',      'member',   'member',  'p_tonic',  1, 25800,  2290,    2290],
    ['S, a member, buys 2 diapers at ¥118',     'member',   'member',  'p_diaper', 2, 23600,  2000,    1000],
    ['S becomes a partner: diapers at ¥69',     'partner',  'member',  'p_diaper', 1,  6900,  1000,     500],
    ['S, a partner, buys the tonic at ¥258',    'partner',  'member',  'p_tonic',  1, 25800,  2290,    2290],
    ['M becomes a partner: 20% at level 1',     'partner',  'partner', 'p_tonic',  1, 25800,  4580,    2290],
    ['S buys the trial on its ¥8 base',         'partner',  'member',  'p_trial',  1,   990,    80,      80],
  ];
  test.each(rows)('%s', (_event, sStage, mStage, productId, qty, paysFen, mFen, pFen) => {
    expect(unitPriceFor(product(productId), sStage) * qty).toBe(paysFen);
    const shares = orderCommission(DEMO_COMMISSION, [line(productId, qty)], [{ openid: 'M', stage: mStage }, { openid: 'P', stage: 'partner' }]);
    expect(shares.map((s) => [s.level, s.openid, s.amountFen])).toEqual([[1, 'M', mFen], [2, 'P', pFen]]);
  });

  test('the payout cap is measured against the least the store receives: ¥258 less 20% points, paid with ¥1000 → ¥1200 stored value', () => {
    const lowest = lowestReceivableFen(25800, { pointsMaxOrderPct: 20, topUps: DEMO_TOPUP_PACKAGES });
    expect(lowest).toBe(17200);
    const [worst] = productPayouts(DEMO_COMMISSION, [{ ...product('p_tonic'), lowestReceivableFen: lowest }]);
    expect(worst).toMatchObject({ lowestPriceFen: 17200, worstCaseFen: 6870, capFen: 6880 });
    // Sold at the partner price with the most commission paid, the store keeps ¥71.30 over the factory's ¥118.
    expect(25800 - 11800 - worst.worstCaseFen).toBe(7130);
  });

  test('issue 9: the old config (30% of ¥298 on the tonic) passes the cap of the price but not of what the store receives', () => {
    const old: CommissionConfig = { ...DEMO_COMMISSION, products: DEMO_COMMISSION.products.filter((p) => p.productId === 'p_diaper') };
    expect(validateCommissionConfig(old, [product('p_tonic'), product('p_diaper')], NAMES)).toEqual({ ok: true });
    const received = { ...product('p_tonic'), lowestReceivableFen: lowestReceivableFen(25800, { pointsMaxOrderPct: 20, topUps: DEMO_TOPUP_PACKAGES }) };
    expect(validateCommissionConfig(old, [received, product('p_diaper')], NAMES)).toEqual({ ok: false, message: expect.stringMatching(/臻选滋补礼盒.*¥89\.40.*最低实收 ¥172\.00/) });
  });

  test('nobody is skipped: an ineligible level-1 referrer earns nothing and the level-2 one stays at level 2', () => {
    const shares = orderCommission(DEMO_COMMISSION, [line('p_tonic', 1)], [{ openid: 'C', stage: 'customer' }, { openid: 'P', stage: 'partner' }]);
    expect(shares.map((s) => [s.level, s.openid, s.amountFen])).toEqual([[2, 'P', 2290]]);
  });

  test('at most two levels, whatever the caller passes', () => {
    const up = (openid: string) => ({ openid, stage: 'partner' as Stage });
    expect(orderCommission(DEMO_COMMISSION, [line('p_tonic', 1)], [up('A'), up('B'), up('C')]).map((s) => s.openid)).toEqual(['A', 'B']);
  });

  test('the demo config is valid for the demo catalogue; cards and the partner package are excluded', () => {
    expect(validateCommissionConfig(DEMO_COMMISSION, CATALOG, NAMES)).toEqual({ ok: true });
    const excluded = productPayouts(DEMO_COMMISSION, CATALOG).filter((p) => p.excluded).map((p) => p.productId);
    expect(excluded).toEqual(['p_card', 'p_partner']);
  });
});

describe('config validation', () => {
  const withTiers = (tiers: Partial<CommissionConfig['tiers']>): CommissionConfig => ({ ...DEMO_COMMISSION, tiers: { ...DEMO_COMMISSION.tiers, ...tiers } });
  const check = (config: CommissionConfig) => validateCommissionConfig(config, CATALOG, NAMES);

  test.each<[string, CommissionConfig, RegExp]>([
    ['level-1 rate falls with rank', withTiers({ partner: { level1Bps: 900, level2Bps: 1000 } }), /「合伙人」的一级佣金比例（9%）低于较低等级「会员」（10%）/],
    ['level-2 rate falls with rank', withTiers({ partner: { level1Bps: 2000, level2Bps: 400 } }), /「合伙人」的二级佣金比例（4%）低于较低等级「会员」（5%）/],
    ['a higher tier that earns nothing', withTiers({ partner: null }), /「会员」可获得佣金，更高等级的「合伙人」也必须可获得佣金/],
    ['customers earning above members', withTiers({ customer: { level1Bps: 1500, level2Bps: 0 } }), /「会员」的一级佣金比例（10%）低于较低等级「顾客」（15%）/],
    ['diapers at 30% of ¥128 pass 40% of ¥69', { ...DEMO_COMMISSION, products: [] }, /「婴儿纸尿裤（提）」最高佣金 ¥38\.40 超过上限 ¥27\.60（最低实收 ¥69\.00 的 40%），超出 ¥10\.80/],
    ['a fixed amount over the cap', { ...DEMO_COMMISSION, products: [{ productId: 'p_diaper', commissionBaseFen: null, fixedFen: { level1: 2000, level2: 800 } }] }, /最高佣金 ¥28\.00 超过上限 ¥27\.60.*超出 ¥0\.40/],
    ['the tonic on its list price with a lower cap', { ...DEMO_COMMISSION, products: DEMO_COMMISSION.products.filter((p) => p.productId !== 'p_tonic'), payoutCapBps: 3000 }, /「臻选滋补礼盒」最高佣金 ¥89\.40 超过上限 ¥77\.40（最低实收 ¥258\.00 的 30%），超出 ¥12\.00/],
    ['a rule for an unknown product', { ...DEMO_COMMISSION, products: [{ productId: 'p_nope', commissionBaseFen: 100, fixedFen: null }] }, /商品不存在：p_nope/],
    ['two rules for one product', { ...DEMO_COMMISSION, products: [...DEMO_COMMISSION.products, { productId: 'p_diaper', commissionBaseFen: 0, fixedFen: null }] }, /商品重复设置：p_diaper/],
  ])('refused: %s', (_name, config, message) => {
    const res = check(config);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.message).toMatch(message);
  });

  test.each<[string, CommissionConfig]>([
    ['the demo config', DEMO_COMMISSION],
    ['diapers on an owner-set base of ¥69 (30% = ¥20.70 ≤ ¥27.60)', { ...DEMO_COMMISSION, products: [{ productId: 'p_diaper', commissionBaseFen: 6900, fixedFen: null }] }],
    ['a base of 0 turns a product off', { ...DEMO_COMMISSION, products: [{ productId: 'p_diaper', commissionBaseFen: 0, fixedFen: null }] }],
    ['equal rates across tiers', withTiers({ member: { level1Bps: 2000, level2Bps: 1000 } })],
    ['nobody earns', { ...DEMO_COMMISSION, tiers: { fan: null, customer: null, member: null, partner: null }, products: [] }],
    ['exactly at the cap (fixed ¥18.40 + ¥9.20 = ¥27.60)', { ...DEMO_COMMISSION, products: [{ productId: 'p_diaper', commissionBaseFen: null, fixedFen: { level1: 1840, level2: 920 } }] }],
    ['the card and the partner package are never checked: they never pay', { ...DEMO_COMMISSION, products: [...DEMO_COMMISSION.products, { productId: 'p_card', commissionBaseFen: 1_000_000, fixedFen: null }] }],
  ])('accepted: %s', (_name, config) => {
    expect(check(config)).toEqual({ ok: true });
  });

  test('yuan formats owner messages', () => {
    expect([yuan(0), yuan(5), yuan(6900), yuan(-1080)]).toEqual(['¥0.00', '¥0.05', '¥69.00', '-¥10.80']);
  });
});

describe('reward kinds and per-line bases (issue 13)', () => {
  test('an order line that carries its own commission base is paid on it; otherwise the owner\'s base, else the list price × qty', () => {
    const withBase = { ...line('p_tonic', 2), commissionBaseFen: 40000 };
    const [share] = orderCommission(DEMO_COMMISSION, [withBase], [{ openid: 'P', stage: 'partner' }]);
    expect([share.baseFen, share.amountFen, share.rateBps]).toEqual([40000, 8000, 2000]);
    // The demo's per-product base for the tonic (¥229, the payout cap of issue 9) × 2, at 20%.
    const [byOwner] = orderCommission(DEMO_COMMISSION, [line('p_tonic', 2)], [{ openid: 'P', stage: 'partner' }]);
    expect([byOwner.baseFen, byOwner.amountFen]).toEqual([45800, 9160]);
    const [plain] = orderCommission({ ...DEMO_COMMISSION, products: [] }, [line('p_tonic', 2)], [{ openid: 'P', stage: 'partner' }]);
    expect([plain.baseFen, plain.amountFen]).toEqual([59600, 11920]);
  });

  test('a member is paid whole points worth at most the fen share; a partner cash', () => {
    const up = [{ openid: 'M', stage: 'member' as Stage }, { openid: 'P', stage: 'partner' as Stage }];
    // The trial on the list price (¥9.90): 10% = 99 fen to each.
    const onList: CommissionConfig = { ...DEMO_COMMISSION, products: [] };
    const at1 = orderCommission(onList, [line('p_trial', 1)], up, 1);
    expect(at1.map((s) => [s.openid, s.reward, s.points, s.amountFen])).toEqual([['M', 'points', 99, 99], ['P', 'cash', 0, 99]]);
    // A point worth 2 fen: 99 fen buys 49 points (98 fen), never 50.
    const at2 = orderCommission(onList, [line('p_trial', 1)], up, 2);
    expect(at2.map((s) => [s.openid, s.points, s.amountFen])).toEqual([['M', 49, 98], ['P', 0, 99]]);
    // On the demo's ¥8 base: 80 fen each, 80 points for the member.
    const onBase = orderCommission(DEMO_COMMISSION, [line('p_trial', 1)], up, 1);
    expect(onBase.map((s) => [s.openid, s.reward, s.points, s.amountFen])).toEqual([['M', 'points', 80, 80], ['P', 'cash', 0, 80]]);
    // Worth more than the share: nothing (a zero share is left out).
    expect(orderCommission(DEMO_COMMISSION, [line('p_trial', 1)], [up[0]], 100)).toEqual([]);
  });
});
