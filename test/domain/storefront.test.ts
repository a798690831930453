// Prices that sell (what each stage sees of a product's price ladder), the order list's tabs, and
// the one formatter module: pure rules of the storefront, as tables.
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { getStorageSync: () => null, setStorageSync: () => undefined, removeStorageSync: () => undefined, setTabBarBadge: async () => undefined, removeTabBarBadge: async () => undefined } }));

import fs from 'fs';
import path from 'path';
import vm from 'vm';
import { memberPrivileges, offerFor, priceOffer, productFor, specOffers } from '../../cloudfunctions/src/catalog/domain/offers';
import type { Stage } from '../../cloudfunctions/src/catalog/domain/pricing';
import { ORDER_TABS, ORDER_TAB_STATUSES, OrderStatus, orderTabOf, type Product } from '../../src/contracts';
import { addLine, lineKey } from '../../src/utils/cart';
import { formatClock, formatDuration, formatFen, splitFen } from '../../src/utils/format';
import { shopperStatusLabel } from '../../src/utils/labels';

/** A product with one spec carrying its ladder (as products made before specs read). */
const product = (p: Partial<Product>): Product => {
  const base = {
    _id: 'p', name: '商品', subtitle: '', kind: 'standard' as const, categoryId: null, listPriceFen: 12800, memberPriceFen: null, partnerPriceFen: null,
    stock: 10, onSale: true, sort: 0, coverColor: 'x', pictures: [], detail: [], version: 1, grantsStage: null, grantsDays: null, pointsPrice: null, ...p,
  };
  const specs = p.specs ?? [{ _id: 'default', name: '默认', listPriceFen: base.listPriceFen, memberPriceFen: base.memberPriceFen, partnerPriceFen: base.partnerPriceFen, commissionBaseFen: null, stock: base.stock }];
  return { ...base, specs };
};

// Seed 002's diapers: ¥128 retail, ¥118 for members, ¥69 for partners; and its ¥298 / ¥258 tonic.
const DIAPER = product({ listPriceFen: 12800, memberPriceFen: 11800, partnerPriceFen: 6900 });
const TONIC = product({ listPriceFen: 29800, memberPriceFen: 25800, partnerPriceFen: 25800 });
const TRIAL = product({ listPriceFen: 990 });
const PARTNER_ONLY = product({ listPriceFen: 12800, partnerPriceFen: 6900 });

describe('priceOffer: what each stage pays and the next stage as an incentive', () => {
  test.each<[string, Product, Stage, Omit<ReturnType<typeof priceOffer>, 'listFen' | 'multiPrice'>]>([
    ['a fan sees the member saving (开卡立省 ¥10)', DIAPER, 'fan', { payFen: 12800, payLabel: null, next: { stage: 'member', priceFen: 11800, saveFen: 1000 } }],
    ['a customer too', DIAPER, 'customer', { payFen: 12800, payLabel: null, next: { stage: 'member', priceFen: 11800, saveFen: 1000 } }],
    ['a member pays 会员价 and learns partners pay less, not how much', DIAPER, 'member', { payFen: 11800, payLabel: 'member', next: { stage: 'partner', priceFen: null, saveFen: null } }],
    ['a partner pays 合伙人价, nothing above', DIAPER, 'partner', { payFen: 6900, payLabel: 'partner', next: null }],
    ['the tonic: 开卡立省 ¥40', TONIC, 'fan', { payFen: 29800, payLabel: null, next: { stage: 'member', priceFen: 25800, saveFen: 4000 } }],
    ['a partner price equal to the member price is no incentive for a member', TONIC, 'member', { payFen: 25800, payLabel: 'member', next: null }],
    ['no ladder, no tag', TRIAL, 'fan', { payFen: 990, payLabel: null, next: null }],
    ['no member price: a fan is pointed at the partner stage, without its price', PARTNER_ONLY, 'fan', { payFen: 12800, payLabel: null, next: { stage: 'partner', priceFen: null, saveFen: null } }],
  ])('%s', (_name, p, stage, expected) => {
    expect(priceOffer(p, stage)).toEqual({ ...expected, listFen: p.listPriceFen, multiPrice: false });
  });

  test('the next price never reveals the partner price to anyone but partners', () => {
    for (const p of [DIAPER, TONIC, TRIAL, PARTNER_ONLY]) {
      for (const stage of ['fan', 'customer', 'member'] as const) {
        const offer = priceOffer(p, stage);
        expect(offer.next?.stage === 'partner' ? [offer.next.priceFen, offer.next.saveFen] : [null, null]).toEqual([null, null]);
        expect(offer.payFen).toBeGreaterThanOrEqual(p.partnerPriceFen ?? 0);
      }
    }
  });

  test('productFor hides the partner price (of the product and every spec) from every stage but partners', () => {
    expect(productFor(DIAPER, 'fan').partnerPriceFen).toBeNull();
    expect(productFor(DIAPER, 'member').partnerPriceFen).toBeNull();
    expect(productFor(DIAPER, 'member').specs[0].partnerPriceFen).toBeNull();
    expect(productFor(DIAPER, 'partner').partnerPriceFen).toBe(6900);
    expect(productFor(DIAPER, 'partner').specs[0].partnerPriceFen).toBe(6900);
    expect(productFor(DIAPER, 'member').memberPriceFen).toBe(11800);
  });

  test('a product with sizes offers its cheapest size for the stage, marked 起 only when sizes cost this stage different amounts', () => {
    const spec = (id: string, list: number, member: number | null, partner: number | null) => ({ _id: id, name: id, listPriceFen: list, memberPriceFen: member, partnerPriceFen: partner, commissionBaseFen: null, stock: 5 });
    const sizes = product({ specs: [spec('xl', 13800, 12800, 7500), spec('l', 12800, 11800, 6900)] });
    expect(offerFor(sizes, 'fan')).toEqual({ payFen: 12800, listFen: 12800, multiPrice: true, payLabel: null, next: { stage: 'member', priceFen: 11800, saveFen: 1000 } });
    expect(offerFor(sizes, 'partner')).toMatchObject({ payFen: 6900, multiPrice: true });
    expect(specOffers(sizes, 'member')).toMatchObject({ xl: { payFen: 12800, payLabel: 'member' }, l: { payFen: 11800, payLabel: 'member' } });
    // Same price for every size: no 起.
    expect(offerFor(product({ specs: [spec('a', 990, null, null), spec('b', 990, null, null)] }), 'fan').multiPrice).toBe(false);
  });

  test('the card lists products that are cheaper for members, biggest saving first', () => {
    const list = memberPrivileges([TRIAL, product({ ...DIAPER, _id: 'd', name: '纸尿裤' }), product({ ...TONIC, _id: 't', name: '礼盒' })]);
    expect(list).toEqual([
      { productId: 't', name: '礼盒', listPriceFen: 29800, memberPriceFen: 25800 },
      { productId: 'd', name: '纸尿裤', listPriceFen: 12800, memberPriceFen: 11800 },
    ]);
  });
});

describe('order list tabs', () => {
  test('every status belongs to at most one tab besides 全部, and the tabs hold what the issue says', () => {
    for (const status of OrderStatus.options) {
      const tabs = ORDER_TABS.filter(({ tab }) => tab !== 'all' && (ORDER_TAB_STATUSES[tab] ?? []).includes(status));
      expect([status, tabs.length <= 1]).toEqual([status, true]);
    }
    expect(ORDER_TABS.map((t) => t.label)).toEqual(['全部', '待付款', '待发货', '待收货', '售后']);
    expect(orderTabOf('PENDING')).toBe('unpaid');
    expect(orderTabOf('PAID')).toBe('toShip');
    expect(orderTabOf('REFUNDING')).toBe('afterSale');
    expect(orderTabOf('REFUNDED')).toBe('afterSale');
    expect(orderTabOf('GROUPING')).toBeNull();
    expect(ORDER_TAB_STATUSES.toReceive).toEqual(['SHIPPED']);
    expect(orderTabOf('RECEIVED')).toBeNull();
    expect(orderTabOf('PICKED_UP')).toBeNull();
  });

  test.each([
    [{ status: 'PENDING', kind: 'goods' }, '待付款'],
    [{ status: 'PAID', kind: 'goods' }, '待发货'],
    [{ status: 'PAID', kind: 'topup' }, '已到账'],
    [{ status: 'GROUPING', kind: 'group' }, '拼团中'],
    [{ status: 'REFUNDED', kind: 'goods' }, '已退款'],
    [{ status: 'CLOSED', kind: 'goods' }, '已关闭'],
  ] as const)('a shopper reads %j as %s', (order, label) => {
    expect(shopperStatusLabel(order)).toBe(label);
  });
});

describe('the one formatter module', () => {
  test.each([
    [90 * 60 * 1000, '1 小时 30 分钟'],
    [2 * 3600 * 1000, '2 小时'],
    [10 * 60 * 1000, '10 分钟'],
    [26 * 3600 * 1000, '1 天 2 小时'],
    [7 * 24 * 3600 * 1000, '7 天'],
    [30 * 1000, '0 分钟'],
  ])('formatDuration(%d) = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  test('splitFen is formatFen in parts', () => {
    for (const fen of [0, 5, 99, 100, 29850, -5, 690000]) {
      const { sign, yuan, cents } = splitFen(fen);
      expect(`${sign}¥${yuan}.${cents}`).toBe(formatFen(fen));
    }
    expect(() => splitFen(1.5)).toThrow(RangeError);
  });

  test('the native countdown shows what formatClock shows', () => {
    // Load the weapp native component with a stand-in Component() and drive its tick.
    const source = fs.readFileSync(path.resolve(__dirname, '../../src/components/native/countdown/index.js'), 'utf8');
    let options: any = null;
    vm.runInNewContext(source, { Component: (o: unknown) => { options = o; }, setInterval, clearInterval, Date });
    for (const secondsLeft of [1, 59, 61, 3599, 3723, 26 * 3600, 100 * 3600 + 1]) {
      const shown: string[] = [];
      const self = { data: { expiresAtMs: Date.now() + secondsLeft * 1000 - 1, serverOffsetMs: 0, text: '' }, show: (t: string) => shown.push(t), stop: () => undefined, triggerEvent: () => undefined };
      options.methods.tick.call(self);
      expect([secondsLeft, shown[0]]).toEqual([secondsLeft, formatClock(secondsLeft)]);
    }
  });
});

describe('the cart on the device', () => {
  test('adding merges into the spec\'s line, checks it and caps the quantity; two sizes are two lines', () => {
    let lines = addLine([], 'a', 'l', 2);
    lines = addLine(lines, 'b', null, 1);
    lines = addLine(lines, 'a', 'xl', 1);
    lines = addLine([...lines.map((l) => ({ ...l, checked: false }))], 'a', 'l', 98);
    expect(lines).toEqual([{ productId: 'a', specId: 'xl', qty: 1, checked: false }, { productId: 'b', specId: null, qty: 1, checked: false }, { productId: 'a', specId: 'l', qty: 99, checked: true }]);
    expect(lines.map(lineKey)).toEqual(['a~xl', 'b~', 'a~l']);
  });

  test('a new line goes first and the cart keeps at most 20 lines (one order.create)', () => {
    let lines = addLine([], 'p0', null, 1);
    for (let i = 1; i < 25; i++) lines = addLine(lines, `p${i}`, 'm', 1);
    expect(lines).toHaveLength(20);
    expect(lines[0].productId).toBe('p24');
  });
});
