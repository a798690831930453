// What the fuzz found, each fix with the test that fails without it.
import type { LocalRuntime } from '../../local/runtime/runtime';
import { worldHash } from '../../local/attack/world';
import { DEMO_MEMBER, DEMO_OWNER, DEMO_PARTNER, DEMO_SHOPPER } from '../../local/seed/demo';
import { act, balanceOf, closeStore, createStore, docOrNull, ok } from '../support/store';

let rt: LocalRuntime;
beforeEach(async () => {
  rt = await createStore();
});
afterEach(() => closeStore(rt));

/** The answer's code, and whether the world changed. */
async function refusal(fn: 'shop' | 'admin', action: string, input: unknown, openid: string): Promise<{ code: string | null; changed: boolean }> {
  const before = worldHash(rt.db.raw());
  const res = await act(rt, fn, action, input, openid);
  return { code: res.ok ? null : res.error.code, changed: worldHash(rt.db.raw()) !== before };
}

describe('ids in inputs are checked by format (an openid with U+0000 was INTERNAL)', () => {
  const bad = ['\u0000', `${DEMO_SHOPPER}\u0000`, 'o demo', 'o.demo', '\ud800', 'x'.repeat(65)];
  test.each(bad)('%j is INVALID_INPUT in customer.get, wallet.refundPrincipal, partner.member.get and partner.member.move', async (openid) => {
    expect(await refusal('admin', 'customer.get', { openid }, DEMO_OWNER)).toEqual({ code: 'INVALID_INPUT', changed: false });
    expect(await refusal('admin', 'wallet.refundPrincipal', { requestId: 'r1', openid, reason: '退款' }, DEMO_OWNER)).toEqual({ code: 'INVALID_INPUT', changed: false });
    expect(await refusal('admin', 'partner.member.get', { openid }, DEMO_OWNER)).toEqual({ code: 'INVALID_INPUT', changed: false });
    expect(await refusal('admin', 'partner.member.move', { requestId: 'm1', openid, toReferrerOpenid: null, reason: '调整' }, DEMO_OWNER)).toEqual({ code: 'INVALID_INPUT', changed: false });
    expect(await refusal('admin', 'partner.member.move', { requestId: 'm1', openid: DEMO_MEMBER, toReferrerOpenid: openid, reason: '调整' }, DEMO_OWNER)).toEqual({ code: 'INVALID_INPUT', changed: false });
  });

  test('well-formed openids still work', async () => {
    expect(await ok(rt, 'admin', 'customer.get', { openid: DEMO_SHOPPER }, DEMO_OWNER)).toMatchObject({ customer: { openid: DEMO_SHOPPER } });
    expect(await ok(rt, 'admin', 'partner.member.get', { openid: DEMO_MEMBER }, DEMO_OWNER)).toMatchObject({ member: { openid: DEMO_MEMBER } });
  });
});

describe('typed free text refuses control and invisible characters (they were stored as typed)', () => {
  test.each(['\u0000', 'a\u0007b', '\u202eevil', '\ufeff', '退\u200e款', '\ud800', 'line\nbreak'])('%j', async (text) => {
    expect(await refusal('admin', 'tiers.update', { tiers: [
      { _id: 'fan', name: text, pointsMultiplierPct: 100, minSpentFen: null }, { _id: 'customer', name: '顾客', pointsMultiplierPct: 100, minSpentFen: null },
      { _id: 'member', name: '会员', pointsMultiplierPct: 200, minSpentFen: null }, { _id: 'partner', name: '合伙人', pointsMultiplierPct: 200, minSpentFen: null },
    ] }, DEMO_OWNER)).toEqual({ code: 'INVALID_INPUT', changed: false });
    expect(await refusal('admin', 'order.refund', { orderId: 'Onone', reason: text }, DEMO_OWNER)).toEqual({ code: 'INVALID_INPUT', changed: false });
    expect(await refusal('admin', 'partner.withdrawal.approve', { withdrawalId: 'Wnone', payoutRef: text }, DEMO_OWNER)).toEqual({ code: 'INVALID_INPUT', changed: false });
    expect(await refusal('admin', 'partner.withdrawal.reject', { withdrawalId: 'Wnone', reason: text }, DEMO_OWNER)).toEqual({ code: 'INVALID_INPUT', changed: false });
    const { campaigns } = await ok(rt, 'admin', 'groupbuy.campaign.list', {}, DEMO_OWNER);
    const c = campaigns[0];
    expect(await refusal('admin', 'groupbuy.campaign.update', {
      campaignId: c._id, version: c.version, active: c.active, title: text, groupPriceFen: c.groupPriceFen, leaderPriceFen: c.leaderPriceFen, groupSize: c.groupSize,
      timeLimitMs: c.timeLimitMs, stock: c.stock, perUserLimit: c.perUserLimit, fillOnExpiryMinPaid: c.fillOnExpiryMinPaid, commissionEnabled: c.commissionEnabled, startAtMs: c.startAtMs, endAtMs: c.endAtMs,
    }, DEMO_OWNER)).toEqual({ code: 'INVALID_INPUT', changed: false });
  });

  test('Chinese, emoji and punctuation are fine', async () => {
    const { tiers } = await ok(rt, 'admin', 'tiers.list', {}, DEMO_OWNER);
    const input = { tiers: tiers.map((t: { _id: string; name: string; pointsMultiplierPct: number; minSpentFen: number | null }) => ({ _id: t._id, name: t._id === 'fan' ? '粉丝🎉' : t.name, pointsMultiplierPct: t.pointsMultiplierPct, minSpentFen: t.minSpentFen })) };
    expect((await ok(rt, 'admin', 'tiers.update', input, DEMO_OWNER)).tiers.find((t: { _id: string }) => t._id === 'fan').name).toBe('粉丝🎉');
  });
});

describe('the owner cannot complete a top-up (it made the member\'s principal unrefundable)', () => {
  test('order.complete refuses a top-up and the principal refund still goes back through it', async () => {
    const { order } = await ok(rt, 'shop', 'wallet.topup', { requestId: 'tu1', packageId: 'tp_100' }, DEMO_SHOPPER);
    await ok(rt, 'shop', 'order.pay', { orderId: order._id }, DEMO_SHOPPER);
    await rt.pay(order._id);
    expect(await refusal('admin', 'order.complete', { orderId: order._id }, DEMO_OWNER)).toEqual({ code: 'INVALID_INPUT', changed: false });
    expect((await docOrNull(rt, 'orders', order._id))!.status).toBe('PAID');
    const refund = await ok(rt, 'admin', 'wallet.refundPrincipal', { requestId: 'rp1', openid: DEMO_SHOPPER, reason: '会员申请退款' }, DEMO_OWNER);
    expect(refund).toMatchObject({ refundFen: 10000, forfeitBonusFen: 1000 });
    expect(await balanceOf(rt, `sv_principal:${DEMO_SHOPPER}`)).toBe(0);
    expect(rt.cashier.find({ outTradeNo: order._id })!.refundedFee).toBe(10000);
  });

  test('goods orders are still completed by the owner', async () => {
    const { order } = await ok(rt, 'shop', 'order.create', { requestId: 'g1', lines: [{ productId: 'p_trial', qty: 1 }] }, DEMO_PARTNER);
    await ok(rt, 'shop', 'order.pay', { orderId: order._id }, DEMO_PARTNER);
    await rt.pay(order._id);
    expect(await ok(rt, 'admin', 'order.complete', { orderId: order._id }, DEMO_OWNER)).toMatchObject({ order: { status: 'COMPLETED' } });
  });
});
