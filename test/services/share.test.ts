// Issue 13: members earn points, partners earn money; 分享赚; posters; the partner centre's figures.
import type { LocalRuntime } from '../../local/runtime/runtime';
import { auditJournal } from '../../local/audit';
import { DEMO_COMMISSION, DEMO_MEMBER, DEMO_OWNER, DEMO_PARTNER, DEMO_SHOPPER } from '../../local/seed/demo';
import { worldHash } from '../../local/attack/world';
import { verifyPoster, sceneTokenIn } from '../../cloudfunctions/src/partners/domain/poster';
import { parseReferralQuery, type CommissionConfig } from '../../src/contracts';
import { act, all, closeStore, createStore, docOrNull, editProduct, ok, placeOrder, DIAPER_L, type Buyable } from '../support/store';

let rt: LocalRuntime;
beforeEach(async () => { rt = await createStore(); });
afterEach(() => closeStore(rt));

const DAY_MS = 24 * 3600 * 1000;
const points = async (openid: string): Promise<number> => (await ok(rt, 'shop', 'session.get', {}, openid)).me.pointsBalance;
const cron = async () => (await rt.invoke<Record<string, number>>('cron', {}, { source: 'wx_trigger' })).result;
const expectAuditClean = () => expect(auditJournal(rt.db.raw()).problems).toEqual([]);

async function buy(openid: string, productId: Buyable, qty = 1): Promise<string> {
  const orderId = await placeOrder(rt, openid, productId, qty);
  await rt.pay(orderId);
  return orderId;
}

describe('members earn points, partners earn money (the demo store)', () => {
  test('a friend\'s purchase grows the member\'s points (10% of the commission base, 1 point = 1 fen) and pays the partner cash, once', async () => {
    const before = await points(DEMO_MEMBER);
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_tonic');
    const acks = await rt.deliverPayment(rt.payEvent(orderId), { times: 4, concurrent: true });
    for (const ack of acks) expect(ack).toMatchObject({ errcode: 0 });
    // The tonic pays on the owner's ¥229 base (the payout cap, issue 9): 10% = 2,290 points; the partner 10% in cash.
    expect(await points(DEMO_MEMBER)).toBe(before + 2290);
    const docs = await all(rt, 'commissions', { orderId });
    expect(docs.map((d) => [d.level, d.beneficiaryOpenid, d.reward, d.points, d.amountFen, d.status, d.rateBps]).sort()).toEqual([
      [1, DEMO_MEMBER, 'points', 2290, 2290, 'credited', 1000],
      [2, DEMO_PARTNER, 'cash', 0, 2290, 'frozen', 1000],
    ]);
    // The member's credit waits pending (a whole team may pay at once): no balance document write on the payment.
    expect(await all(rt, 'journal', { account: `points:${DEMO_MEMBER}`, kind: 'referral_points' })).toEqual([expect.objectContaining({ amount: 2290, pending: true })]);
    expect((await ok(rt, 'shop', 'partner.center', {}, DEMO_MEMBER)).balances).toEqual({ frozenFen: 0, availableFen: 0, withdrawingFen: 0, paidOutFen: 0 });
    // The points history shows it (it answered INTERNAL before: a pending entry has no balanceAfter).
    const history = (await ok(rt, 'shop', 'points.get', {}, DEMO_MEMBER)).history;
    expect(history).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'referral_points', amount: 2290, balanceAfter: null })]));
    await cron();
    expect(await all(rt, 'journal', { account: `points:${DEMO_MEMBER}`, pending: true })).toEqual([]);
    expect(await points(DEMO_MEMBER)).toBe(before + 2290);
    expectAuditClean();
  });

  test('a refund takes the points back exactly once, even after they were spent', async () => {
    const orderId = await buy(DEMO_SHOPPER, 'p_tonic');
    // The member spends the referral points at checkout while they are still pending.
    const spend = await ok(rt, 'shop', 'order.create', { requestId: 'spend-1', lines: [{ productId: 'p_tonic', qty: 1 }], usePoints: true }, DEMO_MEMBER);
    expect(spend.order.pointsUsed).toBeGreaterThanOrEqual(2290 - 100);
    const left = await points(DEMO_MEMBER);
    const refunds = await Promise.all([1, 2].map(() => act(rt, 'admin', 'order.refund', { orderId, reason: '顾客退货' }, DEMO_OWNER)));
    expect(refunds.some((r) => r.ok)).toBe(true);
    await act(rt, 'admin', 'order.refund', { orderId, reason: '顾客退货' }, DEMO_OWNER);
    expect(await all(rt, 'journal', { ref: orderId, kind: 'commission_reverse', account: `points:${DEMO_MEMBER}` })).toEqual([expect.objectContaining({ amount: -2290 })]);
    expect(await points(DEMO_MEMBER)).toBe(left - 2290);
    expect((await docOrNull(rt, 'commissions', `${orderId}-1`))).toMatchObject({ status: 'reversed', reversedFrom: 'credited' });
    expectAuditClean();
  });

  test('the member\'s own checkout folds pending referral points in its transaction; a refused one changes nothing', async () => {
    await buy(DEMO_SHOPPER, 'p_tonic');
    const quote = await ok(rt, 'shop', 'checkout.quote', { lines: [{ productId: 'p_tonic', qty: 1 }], usePoints: true }, DEMO_MEMBER);
    expect(quote.pointsUsable).toBeGreaterThan(0);
    const before = worldHash(rt.db.raw());
    const refused = await act(rt, 'shop', 'order.create', { requestId: 'bad-1', lines: [{ productId: 'p_nope', qty: 1 }], usePoints: true }, DEMO_MEMBER);
    expect(refused).toMatchObject({ ok: false });
    expect(worldHash(rt.db.raw())).toBe(before);
    const { order } = await ok(rt, 'shop', 'order.create', { requestId: 'good-1', lines: [{ productId: 'p_tonic', qty: 1 }], usePoints: true }, DEMO_MEMBER);
    expect(order.pointsUsed).toBe(quote.pointsUsable);
    expect(await all(rt, 'journal', { account: `points:${DEMO_MEMBER}`, pending: true })).toEqual([]);
    expectAuditClean();
  });

  test('a member who becomes a partner earns cash from then on; points already credited stay as they are', async () => {
    const first = await buy(DEMO_SHOPPER, 'p_tonic');
    await buy(DEMO_MEMBER, 'p_partner'); // the member buys the partner package
    const second = await buy(DEMO_SHOPPER, 'p_tonic');
    expect((await docOrNull(rt, 'commissions', `${first}-1`))).toMatchObject({ reward: 'points', points: 2290, status: 'credited' });
    expect((await docOrNull(rt, 'commissions', `${second}-1`))).toMatchObject({ reward: 'cash', amountFen: 4580, status: 'frozen' });
    expectAuditClean();
  });
});

describe('the commission settings: the split, and the payout cap counts points', () => {
  const set = (config: CommissionConfig, memberRewards?: 'points' | 'cash') => act(rt, 'admin', 'partner.settings.update', { config, bindAt: 'visit', ...(memberRewards ? { memberRewards } : {}) }, DEMO_OWNER);
  const membersCash: CommissionConfig = { ...DEMO_COMMISSION, tiers: { ...DEMO_COMMISSION.tiers, member: { level1Bps: 1000, level2Bps: 500, reward: 'cash' } } };

  test('shows the split and the value of a point', async () => {
    const view = await ok(rt, 'admin', 'partner.settings.get', {}, DEMO_OWNER);
    expect(view).toMatchObject({ memberRewards: 'points', fenPerPoint: 1, config: { tiers: { member: { reward: 'points' }, partner: { reward: 'cash' } } } });
  });

  test('refuses members in cash while the store says members earn points, and changes nothing', async () => {
    const before = worldHash(rt.db.raw());
    expect(await set(membersCash)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('「会员」不能获得现金佣金') } });
    expect(await set(membersCash, 'points')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // A tier saved before reward kinds (no `reward`) is cash, and refused the same way.
    expect(await set({ ...DEMO_COMMISSION, tiers: { ...DEMO_COMMISSION.tiers, member: { level1Bps: 1000, level2Bps: 500 } } })).toMatchObject({ ok: false });
    expect(worldHash(rt.db.raw())).toBe(before);
    // The owner may choose otherwise, explicitly.
    expect(await set(membersCash, 'cash')).toMatchObject({ ok: true, data: { memberRewards: 'cash' } });
    expect(await set(DEMO_COMMISSION, 'points')).toMatchObject({ ok: true, data: { memberRewards: 'points' } });
  });

  test('the payout cap covers the points value: 25% + 12% of the tonic\'s ¥229 base passes 40% of the ¥172 the store receives', async () => {
    // The trial on a ¥7 base (37% = ¥2.59 ≤ 40% of ¥6.60), so the tonic is the product refused.
    const products = DEMO_COMMISSION.products.map((p) => (p.productId === 'p_trial' ? { ...p, commissionBaseFen: 700 } : p));
    const greedy: CommissionConfig = { ...DEMO_COMMISSION, products, tiers: { ...DEMO_COMMISSION.tiers, member: { level1Bps: 2000, level2Bps: 1000, reward: 'points' }, partner: { level1Bps: 2500, level2Bps: 1200, reward: 'cash' } } };
    expect(await set(greedy)).toMatchObject({ ok: false, error: { message: '「臻选滋补礼盒」最高佣金 ¥84.73 超过上限 ¥68.80（最低实收 ¥172.00 的 40%），超出 ¥15.93' } });
  });
});

describe('分享赚: what one sale earns me, computed by the server', () => {
  const earn = (openid: string, input: object) => act<any>(rt, 'shop', 'partner.shareEarn.get', input, openid);

  test.each<[string, string, object, object | null]>([
    ['partner, tonic: 20% of its ¥229 base', DEMO_PARTNER, { productId: 'p_tonic' }, { reward: 'cash', amountFen: 4580, points: 0, rateBps: 2000, baseFen: 22900, listPriceFen: 29800, buyerPaysFen: 29800 }],
    ['member, tonic: 10% in points', DEMO_MEMBER, { productId: 'p_tonic' }, { reward: 'points', amountFen: 2290, points: 2290, rateBps: 1000, baseFen: 22900, listPriceFen: 29800 }],
    ['partner, the ¥99 diaper group: fixed ¥10 on the ¥128 base', DEMO_PARTNER, { campaignId: 'gb_diaper3' }, { reward: 'cash', amountFen: 1000, rateBps: null, baseFen: 12800, listPriceFen: 12800, buyerPaysFen: 9900 }],
    ['partner, a campaign without commission', DEMO_PARTNER, { campaignId: 'gb_trial2' }, null],
    ['partner, the membership card pays nothing', DEMO_PARTNER, { productId: 'p_card' }, null],
    ['a customer earns nothing', DEMO_SHOPPER, { productId: 'p_tonic' }, null],
  ])('%s', async (_name, who, input, want) => {
    const data = await ok(rt, 'shop', 'partner.shareEarn.get', input, who);
    if (want === null) expect(data).toEqual({ earning: null, code: null });
    else expect(data).toMatchObject({ earning: want, code: expect.stringMatching(/^[2-9A-HJKMNP-Z]{8}$/) });
  });

  test('a size\'s own commission base is what 分享赚 counts (the size the card shows), like an order line', async () => {
    expect(await editProduct(rt, 'p_tonic', (d) => ({ ...d, specs: [{ ...d.specs[0], commissionBaseFen: 20000 }] }))).toMatchObject({ ok: true });
    expect((await ok(rt, 'shop', 'partner.shareEarn.get', { productId: 'p_tonic' }, DEMO_PARTNER)).earning).toEqual({ reward: 'cash', amountFen: 4000, points: 0, rateBps: 2000, baseFen: 20000, listPriceFen: 29800, buyerPaysFen: 29800 });
  });

  test('an unknown product or campaign is NOT_FOUND and changes nothing', async () => {
    const before = worldHash(rt.db.raw());
    expect(await earn('o_newbie', { productId: 'p_nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await earn(DEMO_PARTNER, { campaignId: 'gb_nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(worldHash(rt.db.raw())).toBe(before);
  });
});

describe('posters: signed data, and a scene that resolves to the sharer and the target', () => {
  const payload = (openid: string, target: object) => ok(rt, 'shop', 'partner.poster.payload', { target }, openid);
  const key = async () => (await docOrNull(rt, 'settings', 'poster_key'))!.key as string;

  test('a product poster: picture, name, price, the sharer; its scene binds to the sharer and opens the product', async () => {
    const { payload: p, qrDataUrl } = await payload(DEMO_PARTNER, { kind: 'product', productId: 'p_tonic' });
    expect(p).toMatchObject({ kind: 'product', title: '臻选滋补礼盒', priceFen: 29800, code: 'PARTNER2', sharer: { nickname: '林老板', initial: '林' }, page: 'pages/index/index' });
    expect(p.picture).toMatch(/^cloud:\/\//);
    expect(p.scene.length).toBeLessThanOrEqual(32);
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(verifyPoster(p, await key())).toBe(true);
    expect(verifyPoster({ ...p, priceFen: 100 }, await key())).toBe(false);
    // The scan: WeChat passes the scene URL-encoded; the referral binds through `r`, the token names the target.
    const query = { scene: encodeURIComponent(p.scene) };
    expect(parseReferralQuery(query)).toEqual({ code: 'PARTNER2', channel: 'poster' });
    const token = sceneTokenIn(query.scene)!;
    expect(await ok(rt, 'shop', 'poster.scene.resolve', { token }, 'o_scanner')).toEqual({ code: 'PARTNER2', target: { kind: 'product', productId: 'p_tonic' } });
    expect(await ok(rt, 'shop', 'partner.bind', { code: 'PARTNER2', channel: 'poster' }, 'o_scanner')).toMatchObject({ status: 'bound', referrerNickname: '林老板' });
    // Asking again gives the same scene.
    expect((await payload(DEMO_PARTNER, { kind: 'product', productId: 'p_tonic' })).payload.scene).toBe(p.scene);
  });

  test('a group poster shows the group price and seats; a store poster only the code', async () => {
    const group = (await payload(DEMO_MEMBER, { kind: 'campaign', campaignId: 'gb_diaper3' })).payload;
    expect(group).toMatchObject({ kind: 'campaign', priceFen: 9900, listPriceFen: 12800, groupSize: 3, code: 'MEMBER23' });
    expect(await ok(rt, 'shop', 'poster.scene.resolve', { token: sceneTokenIn(group.scene)! }, 'o_x')).toMatchObject({ target: { kind: 'campaign', campaignId: 'gb_diaper3' } });
    const store = (await payload(DEMO_MEMBER, { kind: 'store' })).payload;
    expect(store).toMatchObject({ kind: 'store', scene: 'r=MEMBER23', title: '好物小店' });
  });

  test('unknown targets and tokens are refused and change nothing', async () => {
    await payload(DEMO_PARTNER, { kind: 'store' });
    const before = worldHash(rt.db.raw());
    expect(await act(rt, 'shop', 'partner.poster.payload', { target: { kind: 'product', productId: 'p_nope' } }, DEMO_PARTNER)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await act(rt, 'shop', 'poster.scene.resolve', { token: '0123456789ab' }, DEMO_PARTNER)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await act(rt, 'shop', 'poster.scene.resolve', { token: '../settings' }, DEMO_PARTNER)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(worldHash(rt.db.raw())).toBe(before);
  });
});

describe('the partner centre explains money', () => {
  test('my rates by level, each commission with base, rate, amount and when it becomes available; the team with what they brought', async () => {
    const center = await ok(rt, 'shop', 'partner.center', {}, DEMO_PARTNER);
    expect(center.myRates).toEqual({ stage: 'partner', name: expect.any(String), reward: 'cash', level1Bps: 2000, level2Bps: 1000 });
    expect(center.rates.map((r: any) => [r.stage, r.reward])).toEqual([['member', 'points'], ['partner', 'cash']]);
    expect(await ok(rt, 'shop', 'partner.bind', { code: 'PARTNER2' }, 'o_friend')).toMatchObject({ status: 'bound' });
    const orderId = await buy('o_friend', 'p_tonic');
    const pending = (await ok(rt, 'shop', 'partner.earnings.list', {}, DEMO_PARTNER)).entries.find((e: any) => e.orderId === orderId);
    expect(pending).toMatchObject({ status: 'pending', thawAtMs: null, baseFen: 22900, rateBps: 2000, amountFen: 4580, reward: 'cash' });
    await ok(rt, 'admin', 'order.complete', { orderId }, DEMO_OWNER);
    const frozen = (await ok(rt, 'shop', 'partner.earnings.list', {}, DEMO_PARTNER)).entries.find((e: any) => e.orderId === orderId);
    const completedAtMs = (await docOrNull(rt, 'orders', orderId))!.completedAtMs as number;
    expect(frozen).toMatchObject({ status: 'frozen', thawAtMs: completedAtMs + 7 * DAY_MS, refundWindowDays: 7 });
    const team = await ok(rt, 'shop', 'partner.team.list', { level: 1 }, DEMO_PARTNER);
    expect(team.members).toEqual(expect.arrayContaining([expect.objectContaining({ nickname: '微信用户iend', avatar: null, broughtFen: 4580, orders: 1 })]));
    const second = await ok(rt, 'shop', 'partner.team.list', { level: 2 }, DEMO_PARTNER);
    expect(second.members).toEqual([expect.objectContaining({ nickname: '小美', stage: 'customer', broughtFen: 0 })]);
    expectAuditClean();
  });
});

describe('share paths: every page carries the sharer\'s code when they earn, never an empty one', () => {
  test('the share code is given only to a tier that earns, and a customer\'s call creates nothing', async () => {
    expect(await ok(rt, 'shop', 'partner.shareCode.get', {}, DEMO_PARTNER)).toEqual({ code: 'PARTNER2' });
    expect(await ok(rt, 'shop', 'partner.shareCode.get', {}, DEMO_MEMBER)).toEqual({ code: 'MEMBER23' });
    const before = worldHash(rt.db.raw());
    expect(await ok(rt, 'shop', 'partner.shareCode.get', {}, DEMO_SHOPPER)).toEqual({ code: null });
    expect(worldHash(rt.db.raw())).toBe(before);
  });

  test('a group\'s share path from the server has no empty ref for a viewer without a code', async () => {
    const { group } = await ok(rt, 'shop', 'groupbuy.group.open', { requestId: 'g-open-1', campaignId: 'gb_diaper3' }, DEMO_PARTNER);
    const viewer = await ok(rt, 'shop', 'groupbuy.group.get', { groupId: group._id }, DEMO_SHOPPER);
    expect(viewer.sharePath).toBe(`groupbuy/pages/group/index?id=${group._id}`);
    const sharer = await ok(rt, 'shop', 'groupbuy.group.get', { groupId: group._id }, DEMO_PARTNER);
    expect(sharer.sharePath).toBe(`groupbuy/pages/group/index?id=${group._id}&ref=PARTNER2`);
  });
});

describe('non-erosion for points, through the real functions', () => {
  test('a buyer\'s upgrade never changes the member\'s points or the partner\'s cash; cards and the partner package pay nothing', async () => {
    expect(await ok(rt, 'shop', 'partner.bind', { code: 'MEMBER23' }, 'o_n1')).toMatchObject({ status: 'bound' });
    await buy('o_n1', DIAPER_L); // ¥128 as a fan
    await buy('o_n1', 'p_card'); // now a member: excluded
    await buy('o_n1', 'p_partner'); // now a partner: excluded
    await buy('o_n1', DIAPER_L); // ¥69 as a partner
    const mine = await all(rt, 'commissions', { beneficiaryOpenid: DEMO_MEMBER, buyerOpenid: 'o_n1' });
    expect(mine.map((d) => [d.reward, d.points, d.amountFen])).toEqual([['points', 1000, 1000], ['points', 1000, 1000]]);
    const partner = await all(rt, 'commissions', { beneficiaryOpenid: DEMO_PARTNER, buyerOpenid: 'o_n1' });
    expect(partner.map((d) => [d.reward, d.amountFen])).toEqual([['cash', 500], ['cash', 500]]);
    expectAuditClean();
  });

  test('the audit notices referral points without their document', async () => {
    await buy(DEMO_SHOPPER, 'p_tonic');
    expectAuditClean();
    const [doc] = await all(rt, 'commissions', { beneficiaryOpenid: DEMO_MEMBER, reward: 'points' });
    await rt.db.collection('commissions').doc(doc._id).update({ data: { points: 1 } });
    expect(auditJournal(rt.db.raw()).problems).toEqual([`referral points of ${DEMO_MEMBER}: journal 2290 ≠ credited documents 1`]);
  });
});
