import type { CommissionConfig, SubscribeTemplates } from '../../src/contracts';
import type { LocalRuntime } from '../runtime/runtime';
import { seedDemoPictures } from './pictures';
import { defaultSpec } from '../../cloudfunctions/src/catalog/domain/specs';

export interface DemoIdentity {
  openid: string;
  label: string;
}

export const DEMO_OWNER = 'o_demo_owner';
export const DEMO_PARTNER = 'o_demo_partner';
export const DEMO_MEMBER = 'o_demo_member';
export const DEMO_SHOPPER = 'o_demo_shopper';
export const DEMO_NEWCOMER = 'o_demo_newcomer';

export const DEMO_IDENTITIES: DemoIdentity[] = [
  { openid: DEMO_SHOPPER, label: '顾客 小美' },
  { openid: DEMO_MEMBER, label: '会员 王姐' },
  { openid: DEMO_PARTNER, label: '合伙人 林老板' },
  { openid: DEMO_NEWCOMER, label: '新访客 小张' },
  { openid: DEMO_OWNER, label: '店主（演示店）' },
];

const DAY_MS = 24 * 3600 * 1000;

// The product ladder of the seeds: a trial to attract, a card to make members, seed 002's
// ¥298 first purchase / ¥258 member repurchase, its ¥128 diapers at ¥69 for partners (in four
// sizes, the XL a little dearer), and the partner package (100 packs at the partner price).
// Product-level prices are the cheapest spec's, as the server writes them (DECISIONS.md, "Specs").
interface DemoSpec {
  _id: string;
  name: string;
  listPriceFen: number;
  memberPriceFen: number | null;
  partnerPriceFen: number | null;
  commissionBaseFen: number | null;
  stock: number;
}

const spec = (_id: string, name: string, listPriceFen: number, memberPriceFen: number | null, partnerPriceFen: number | null, stock: number): DemoSpec => ({
  _id, name, listPriceFen, memberPriceFen, partnerPriceFen, commissionBaseFen: null, stock,
});

export const DEMO_CATEGORIES = [
  { _id: 'c_diaper', name: '纸尿裤', sort: 10, picture: null },
  { _id: 'c_tonic', name: '滋补礼盒', sort: 20, picture: null },
  { _id: 'c_member', name: '会员权益', sort: 30, picture: null },
] as const;

export const DEMO_PRODUCTS = [
  {
    _id: 'p_trial', name: '纸尿裤试用装', subtitle: '新客体验 · 3片装', kind: 'trial', categoryId: 'c_diaper', listPriceFen: 990, memberPriceFen: null, partnerPriceFen: null,
    onSale: true, sort: 10, coverColor: '#f7b267', grantsStage: null, grantsDays: null, pointsPrice: 500,
    specs: [spec('default', '3片装', 990, null, null, 500)],
    detailText: ['三片装试用，先试后买：柔软表层、12 小时干爽。', '每位顾客限购一次，积分也可兑换。'],
  },
  {
    _id: 'p_card', name: '年度会员卡', subtitle: '365 天会员价 · 积分双倍', kind: 'card', categoryId: 'c_member', listPriceFen: 9900, memberPriceFen: null, partnerPriceFen: null,
    onSale: true, sort: 20, coverColor: '#c9a227', grantsStage: 'member', grantsDays: 365, pointsPrice: null,
    specs: [spec('default', '年卡', 9900, null, null, 10000)],
    detailText: ['开卡即享全场会员价，纸尿裤每提省 ¥10，滋补礼盒复购省 ¥40。', '会员消费积分双倍，一年内有效，到期可续。'],
  },
  {
    _id: 'p_tonic', name: '臻选滋补礼盒', subtitle: '首购 ¥298 · 会员复购 ¥258', kind: 'standard', categoryId: 'c_tonic', listPriceFen: 29800, memberPriceFen: 25800, partnerPriceFen: 25800,
    onSale: true, sort: 30, coverColor: '#d1495b', grantsStage: null, grantsDays: null, pointsPrice: null,
    specs: [spec('default', '礼盒装', 29800, 25800, 25800, 300)],
    detailText: ['精选产地直供，礼盒内含 6 瓶，每瓶 70 克。', '送长辈、送客户都体面，顺丰包邮。'],
  },
  {
    _id: 'p_diaper', name: '婴儿纸尿裤（提）', subtitle: '零售 ¥128 · 会员 ¥118 · 柔软透气', kind: 'standard', categoryId: 'c_diaper', listPriceFen: 12800, memberPriceFen: 11800, partnerPriceFen: 6900,
    onSale: true, sort: 40, coverColor: '#00798c', grantsStage: null, grantsDays: null, pointsPrice: null,
    specs: [
      spec('s', 'S 码', 12800, 11800, 6900, 500),
      spec('m', 'M 码', 12800, 11800, 6900, 800),
      spec('l', 'L 码', 12800, 11800, 6900, 2000),
      spec('xl', 'XL 码', 13800, 12800, 7500, 300),
    ],
    detailText: ['超薄芯体，3D 立体护围，整夜干爽不侧漏。', '按体重选码：S 4–8kg · M 6–11kg · L 9–14kg · XL 12–17kg。'],
  },
  {
    _id: 'p_partner', name: '合伙人礼包（100 提）', subtitle: '升级合伙人 · 每提 ¥69', kind: 'package', categoryId: 'c_member', listPriceFen: 690000, memberPriceFen: null, partnerPriceFen: null,
    onSale: true, sort: 50, coverColor: '#30638e', grantsStage: 'partner', grantsDays: null, pointsPrice: null,
    specs: [spec('default', '100 提', 690000, null, null, 50)],
    detailText: ['一次进货 100 提纸尿裤，成为合伙人：自购享拿货价，分享赚佣金。', '佣金只来自真实销售，不按人头计酬。'],
  },
] as const;

type DemoProduct = (typeof DEMO_PRODUCTS)[number];

/** A demo product as the store keeps it: the definition (specs without stock) and a detail of its text and its detail shots. */
function productDoc(p: DemoProduct, pictures: readonly string[]): { _id: string } & Record<string, unknown> {
  const { detailText, specs, ...rest } = p;
  const detail = [
    { type: 'text', text: detailText[0] },
    ...pictures.slice(1).map((fileId) => ({ type: 'picture', fileId })),
    ...detailText.slice(1).map((text) => ({ type: 'text', text })),
  ];
  return { ...rest, pictures: [...pictures], detail, specs: specs.map(({ stock: _stock, ...s }) => s), version: 1 };
}

/** Each spec's stock document (catalog/services/catalog.ts PRODUCT_STOCK). */
function stockDocs(p: DemoProduct): ({ _id: string } & Record<string, unknown>)[] {
  return p.specs.map((s) => ({ _id: `${p._id}~${s._id}`, productId: p._id, specId: s._id, stock: s.stock }));
}

export const DEMO_TIERS = [
  { _id: 'fan', rank: 0, name: '粉丝', entry: { type: 'visit' }, pointsMultiplierPct: 100 },
  { _id: 'customer', rank: 1, name: '顾客', entry: { type: 'spend', minSpentFen: 1 }, pointsMultiplierPct: 100 },
  { _id: 'member', rank: 2, name: '会员', entry: { type: 'card', productId: 'p_card', validDays: 365 }, pointsMultiplierPct: 200 },
  { _id: 'partner', rank: 3, name: '合伙人', entry: { type: 'product', productId: 'p_partner' }, pointsMultiplierPct: 200 },
];

export const DEMO_TOPUP_PACKAGES = [
  { _id: 'tp_100', name: '充 ¥100 得 ¥110', payFen: 10000, creditFen: 11000, onSale: true, sort: 10 },
  { _id: 'tp_1000', name: '充 ¥1000 得 ¥1200', payFen: 100000, creditFen: 120000, onSale: true, sort: 20 },
];

const HOUR_MS = 3600 * 1000;

/**
 * Group buys (拼团): seed 002's diapers in a 3-person group at ¥99 (the leader pays ¥89; at the
 * deadline 2 paid members are enough, shown to shoppers), and a 2-person trial group at ¥4.90.
 */
export function demoCampaigns(nowMs: number, pictures: Record<string, string[]> = {}) {
  const campaign = (c: { _id: string; productId: string; specId: string; specName: string; productName: string; coverColor: string; listPriceFen: number; title: string; groupPriceFen: number; leaderPriceFen: number | null; groupSize: number; timeLimitMs: number; stock: number; perUserLimit: number; fillOnExpiryMinPaid: number | null; commissionEnabled: boolean }) => ({
    ...c, pictures: pictures[c.productId] ?? [], requestHash: 'seed', stockLeft: c.stock, active: true, version: 1, startAtMs: nowMs - DAY_MS, endAtMs: nowMs + 60 * DAY_MS, createdAtMs: nowMs, updatedAtMs: nowMs,
  });
  return [
    campaign({ _id: 'gb_diaper3', productId: 'p_diaper', specId: 'l', specName: 'L 码', productName: '婴儿纸尿裤（提）', coverColor: '#00798c', listPriceFen: 12800, title: '纸尿裤 3 人团 ¥99', groupPriceFen: 9900, leaderPriceFen: 8900, groupSize: 3, timeLimitMs: 24 * HOUR_MS, stock: 300, perUserLimit: 5, fillOnExpiryMinPaid: 2, commissionEnabled: true }),
    campaign({ _id: 'gb_trial2', productId: 'p_trial', specId: 'default', specName: '', productName: '纸尿裤试用装', coverColor: '#f7b267', listPriceFen: 990, title: '试用装 2 人拼', groupPriceFen: 490, leaderPriceFen: null, groupSize: 2, timeLimitMs: 2 * HOUR_MS, stock: 200, perUserLimit: 1, fillOnExpiryMinPaid: null, commissionEnabled: false }),
  ];
}

/**
 * Commission consistent with seed 002 (factory ¥118, first purchase ¥298, member repurchase
 * ¥258; diapers ¥128 retail / ¥69 for partners): members earn 10% / 5% at levels 1 / 2 in points
 * (1 point = 1 fen at checkout; 会员收益…不要是金钱), partners 20% / 10% in cash, within a payout
 * cap of 40% of the least the store can receive for a unit of each size — its lowest price less
 * the 20% points discount, paid with the ¥1000 → ¥1200 stored value whose bonus is a discount too
 * (orders/domain/receivable.ts; issue 9). So the tonic pays on a base of ¥229 (worst case 30% =
 * ¥68.70 ≤ 40% of ¥258 × 0.8 × 1000/1200 = ¥172 → ¥68.80), the trial on ¥8 (30% = ¥2.40 ≤ 40% of
 * ¥6.60), and diapers a fixed ¥10 / ¥5 a pack (≤ 40% of ¥46, the S–L sizes at ¥69; XL at ¥75: ¥50).
 */
export const DEMO_COMMISSION: CommissionConfig = {
  tiers: { fan: null, customer: null, member: { level1Bps: 1000, level2Bps: 500, reward: 'points' }, partner: { level1Bps: 2000, level2Bps: 1000, reward: 'cash' } },
  products: [
    { productId: 'p_diaper', commissionBaseFen: null, fixedFen: { level1: 1000, level2: 500 } },
    { productId: 'p_tonic', commissionBaseFen: 22900, fixedFen: null },
    { productId: 'p_trial', commissionBaseFen: 800, fixedFen: null },
  ],
  payoutCapBps: 4000,
  refundWindowDays: 7,
  minWithdrawFen: 100,
};

/**
 * Subscribe-message templates as an owner would add them in the WeChat console (ids are the
 * demo's own: a real store pastes its console's ids; keys are the keywords chosen there).
 */
export const DEMO_SUBSCRIBE_TEMPLATES: SubscribeTemplates = {
  orderPaid: { templateId: 'demo-order-paid', keys: { orderNo: 'character_string1', amount: 'amount2', goods: 'thing3' } },
  groupResult: { templateId: 'demo-group-result', keys: { goods: 'thing1', result: 'phrase2', orderNo: 'character_string3' } },
  withdrawalResult: { templateId: 'demo-withdrawal-result', keys: { amount: 'amount1', result: 'phrase2', note: 'thing3' } },
  orderShipped: { templateId: 'demo-order-shipped', keys: { orderNo: 'character_string1', goods: 'thing2', carrier: 'thing3', trackingNo: 'character_string4' } },
};

/** Fixed codes for the demo's partner and member, so links and tests can name them. */
export const DEMO_CODES: Record<string, string> = { [DEMO_PARTNER]: 'PARTNER2', [DEMO_MEMBER]: 'MEMBER23' };

/** The referral fields the functions keep on a user (partners/services/referral.ts), for the seeded chain. */
function treeFields(openid: string, referrerOpenid: string | null, uplines: string[], teamDirect: number, teamSecond: number, boundAtMs: number) {
  return {
    referrerOpenid, uplines, depth: uplines.length === 0 ? 0 : uplines.length === 1 ? 1 : 2, teamDirect, teamSecond,
    referralCode: DEMO_CODES[openid] ?? null, boundAtMs: referrerOpenid ? boundAtMs : null, bindChannel: referrerOpenid ? 'code' : null,
    bindCampaign: null, referralDecidedAtMs: referrerOpenid ? boundAtMs : null, pendingReferral: null,
  };
}

function demoUsers(nowMs: number) {
  const user = (openid: string, nickname: string, stage: string, referrerOpenid: string | null, paidOrderCount: number, spentFen: number, ageDays: number) => ({
    _id: openid, nickname, stage, referrerOpenid, paidOrderCount, spentFen, createdAtMs: nowMs - ageDays * DAY_MS,
    // The demo member's card runs for a year from the seed; partners are partners for good.
    stageUntilMs: stage === 'member' ? nowMs + 365 * DAY_MS : null,
  });
  // A small referral chain: owner's partner -> member -> shopper; the newcomer has not arrived yet.
  return [
    { ...user(DEMO_OWNER, '店主', 'partner', null, 0, 0, 120), ...treeFields(DEMO_OWNER, null, [], 0, 0, 0) },
    { ...user(DEMO_PARTNER, '林老板', 'partner', null, 3, 720000, 90), ...treeFields(DEMO_PARTNER, null, [], 1, 1, 0) },
    { ...user(DEMO_MEMBER, '王姐', 'member', DEMO_PARTNER, 2, 35700, 40), ...treeFields(DEMO_MEMBER, DEMO_PARTNER, [DEMO_PARTNER], 1, 0, nowMs - 40 * DAY_MS) },
    { ...user(DEMO_SHOPPER, '小美', 'customer', DEMO_MEMBER, 1, 990, 10), ...treeFields(DEMO_SHOPPER, DEMO_MEMBER, [DEMO_MEMBER, DEMO_PARTNER], 0, 0, nowMs - 10 * DAY_MS) },
  ];
}

async function addIfMissing(rt: LocalRuntime, coll: string, doc: { _id: string } & Record<string, unknown>): Promise<boolean> {
  try {
    await rt.db.collection(coll).doc(doc._id).get();
    return false;
  } catch {
    await rt.db.collection(coll).add({ data: doc });
    return true;
  }
}

/**
 * Gives pictures to seeded products and the logo to the store when an older demo store lacks
 * the field altogether (an empty list is the owner's choice and is kept).
 */
async function backfillPictures(rt: LocalRuntime, pictures: { products: Record<string, string[]>; logo: string }): Promise<void> {
  for (const [productId, fileIds] of Object.entries(pictures.products)) {
    await rt.db.collection('products').where({ _id: productId, pictures: rt.db.command.exists(false) }).update({ data: { pictures: fileIds } });
  }
  await rt.db.collection('settings').where({ _id: 'store', logo: rt.db.command.exists(false) }).update({ data: { logo: pictures.logo } });
  // An older demo store gets the demo's shipping fee, pickup and auto-receipt settings (issue 11).
  await rt.db.collection('settings').where({ _id: 'store', shipping: rt.db.command.exists(false) }).update({ data: DEMO_FULFILMENT });
  // An older demo store gets the demo's subscribe-message templates too (issue 9).
  await rt.db.collection('settings').where({ _id: 'store', subscribeTemplates: rt.db.command.exists(false) }).update({ data: { subscribeTemplates: DEMO_SUBSCRIBE_TEMPLATES } });
}

/**
 * A demo store seeded before specs: each product's stock moves to one default spec with its own
 * stock document, as the cron's productsMigrated job does in the cloud (catalog/services/migrate.ts).
 */
async function moveStockToSpecs(rt: LocalRuntime, nowMs: number): Promise<void> {
  const _ = rt.db.command;
  const { data } = await rt.db.collection('products').where({ specs: _.exists(false) }).limit(200).get();
  for (const p of data as ({ _id: string } & Record<string, unknown>)[]) {
    const d = defaultSpec({ listPriceFen: Number(p.listPriceFen), memberPriceFen: (p.memberPriceFen ?? null) as number | null, partnerPriceFen: (p.partnerPriceFen ?? null) as number | null });
    await addIfMissing(rt, 'product_stock', { _id: `${p._id}~${d._id}`, productId: p._id, specId: d._id, stock: Math.max(0, Number(p.stock ?? 0)), updatedAtMs: nowMs });
    await rt.db.collection('products').doc(p._id).update({ data: { specs: _.set([d]), stock: _.remove(), version: Number(p.version ?? 1) } });
  }
}

/** Delivery ¥8, free from ¥99 of goods; pickup at the shop; receipt confirmed 10 days after shipping. */
export const DEMO_FULFILMENT = {
  shipping: { flatFeeFen: 800, freeFromFen: 9900 },
  pickup: { address: '杭州市西湖区文三路 90 号 好物小店', hours: '每天 9:00–21:00' },
  autoReceiveDays: 10,
};

/**
 * Seeds the demo store. Idempotent: a document that exists is left as it is, so re-seeding
 * never undoes what someone did in the demo (stock sold, tiers changed). Product pictures are
 * drawn and stored through cloud storage (local/seed/pictures).
 */
export async function seedDemoStore(rt: LocalRuntime): Promise<{ created: number }> {
  const nowMs = rt.nowMs();
  let created = 0;
  const pictures = await seedDemoPictures(rt, DEMO_PRODUCTS);
  const settings = { _id: 'store', name: '好物小店', logo: pictures.logo, ownerOpenids: [DEMO_OWNER], subMchId: '1900000109', envId: 'local-dev', paymentTimeoutMs: 30 * 60 * 1000, pointsRule: { fenPerPoint: 1, maxOrderPct: 20 }, pointsExpiry: { kind: 'end_of_next_year', utcOffsetMinutes: 480 }, referralBindAt: 'visit', memberRewards: 'points', subscribeTemplates: DEMO_SUBSCRIBE_TEMPLATES, ...DEMO_FULFILMENT };
  const docs: [string, { _id: string } & Record<string, unknown>][] = [
    ['settings', settings],
    ...DEMO_PRODUCTS.map((p) => ['products', productDoc(p, pictures.products[p._id] ?? [])] as [string, { _id: string } & Record<string, unknown>]),
    ...DEMO_PRODUCTS.flatMap((p) => stockDocs(p).map((d) => ['product_stock', d] as [string, { _id: string } & Record<string, unknown>])),
    ...DEMO_CATEGORIES.map((c) => ['categories', { ...c, createdAtMs: nowMs, updatedAtMs: nowMs }] as [string, { _id: string } & Record<string, unknown>]),
    ...DEMO_TIERS.map((t) => ['tiers', t] as [string, { _id: string } & Record<string, unknown>]),
    ...DEMO_TOPUP_PACKAGES.map((t) => ['topup_packages', t] as [string, { _id: string } & Record<string, unknown>]),
    ...demoCampaigns(nowMs, pictures.products).map((c) => ['groupbuy_campaigns', c] as [string, { _id: string } & Record<string, unknown>]),
    ...demoUsers(nowMs).map((u) => ['users', u] as [string, { _id: string } & Record<string, unknown>]),
    ['settings', { _id: 'commission', ...DEMO_COMMISSION, updatedAtMs: nowMs }],
    ...Object.entries(DEMO_CODES).map(([openid, code]) => ['referral_codes', { _id: code, openid, createdAtMs: nowMs }] as [string, { _id: string } & Record<string, unknown>]),
  ];
  for (const [coll, doc] of docs) if (await addIfMissing(rt, coll, doc)) created += 1;
  await backfillPictures(rt, pictures);
  await moveStockToSpecs(rt, nowMs);
  return { created };
}
