// People, not ids (issue 11, deliverable 6): shoppers set an avatar and a nickname and may share
// a phone number (the getPhoneNumber code exchanged on the server); owners and partners see names,
// avatars and human order numbers; the owner finds a customer by name, phone or order number —
// the stored-value refund included — without typing an openid.
import type { LocalRuntime } from '../../local/runtime/runtime';
import { WorldWatch } from '../../local/attack/world';
import { DEMO_MEMBER, DEMO_NEWCOMER, DEMO_OWNER, DEMO_PARTNER, DEMO_SHOPPER } from '../../local/seed/demo';
import { act, closeStore, createStore, docOrNull, expectAudited, ok, placeOrder } from '../support/store';

let rt: LocalRuntime;
beforeEach(async () => { rt = await createStore(); });
afterEach(() => closeStore(rt));

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

/** What the chooseAvatar button's temporary file becomes: the shopper's own upload. */
async function avatarOf(openid: string, name = 'avatar'): Promise<string> {
  return (await rt.storage.uploadFile({ cloudPath: `uploads/${openid}/20261130/${name}.png`, fileContent: PNG })).fileID;
}

/** A refused call changes nothing at all (the fuzz's whole-world hash). */
async function refusedUnchanged(call: () => Promise<unknown>): Promise<unknown> {
  const watch = new WorldWatch(rt);
  watch.mark();
  const res = await call();
  expect(watch.changedSinceMark()).toBe(false);
  return res;
}

describe('avatar and nickname', () => {
  test('a shopper sets their own avatar and nickname; session.get shows them', async () => {
    const avatar = await avatarOf(DEMO_NEWCOMER);
    const { me } = await ok(rt, 'shop', 'profile.update', { nickname: '  小张爸爸 ', avatar }, DEMO_NEWCOMER);
    expect(me).toMatchObject({ nickname: '小张爸爸', avatar, profileSet: true, phone: null });
    expect((await ok(rt, 'shop', 'session.get', {}, DEMO_NEWCOMER)).me).toMatchObject({ nickname: '小张爸爸', avatar });
    const again = await ok(rt, 'shop', 'profile.update', { nickname: '小张爸爸', avatar: null }, DEMO_NEWCOMER);
    expect(again.me.avatar).toBeNull();
  });

  test.each([
    ['someone else\'s upload as avatar', async () => avatarOf(DEMO_MEMBER, 'hers'), '头像不可用：只能使用自己上传的头像'],
    ['the store\'s own picture', async () => (await rt.storage.uploadFile({ cloudPath: 'store/logo-x.png', fileContent: PNG })).fileID, '头像不可用：只能使用自己上传的头像'],
    ['a file of another environment', async () => `cloud://other.b/uploads/${DEMO_SHOPPER}/20261130/a.png`, '头像不可用：不是本店环境的文件'],
  ])('refused, changing nothing: %s', async (_name, avatarFn, message) => {
    const avatar = await avatarFn();
    const res = await refusedUnchanged(() => act(rt, 'shop', 'profile.update', { nickname: '小美', avatar }, DEMO_SHOPPER));
    expect(res).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message } });
  });

  test('a blank nickname or one with control characters is refused', async () => {
    expect(await refusedUnchanged(() => act(rt, 'shop', 'profile.update', { nickname: '   ', avatar: null }, DEMO_SHOPPER))).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '请填写昵称' } });
    expect(await refusedUnchanged(() => act(rt, 'shop', 'profile.update', { nickname: '小\u202e美', avatar: null }, DEMO_SHOPPER))).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('a phone number, shared through WeChat and exchanged on the server', () => {
  test('the button\'s code becomes the number; a retry with the same code answers the same; the number can be removed', async () => {
    const code = rt.issuePhoneCode(DEMO_SHOPPER, '13800138000');
    const { me } = await ok(rt, 'shop', 'profile.phone.bind', { code }, DEMO_SHOPPER);
    expect(me.phone).toBe('13800138000');
    // WeChat would refuse the used code; a lost answer's retry still answers the bound number.
    expect((await ok(rt, 'shop', 'profile.phone.bind', { code }, DEMO_SHOPPER)).me.phone).toBe('13800138000');
    expect((await ok(rt, 'shop', 'profile.phone.remove', {}, DEMO_SHOPPER)).me.phone).toBeNull();
  });

  test('a code that is unknown, used by someone else, or older than five minutes is refused and changes nothing', async () => {
    expect(await refusedUnchanged(() => act(rt, 'shop', 'profile.phone.bind', { code: 'made-up-code' }, DEMO_SHOPPER))).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '手机号授权已失效，请重新获取' } });
    const theirs = rt.issuePhoneCode(DEMO_MEMBER, '13900139000');
    await ok(rt, 'shop', 'profile.phone.bind', { code: theirs }, DEMO_MEMBER);
    expect(await act(rt, 'shop', 'profile.phone.bind', { code: theirs }, DEMO_SHOPPER)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const stale = rt.issuePhoneCode(DEMO_SHOPPER, '13800138000');
    expect(rt.unusedPhoneCodes(DEMO_SHOPPER)).toEqual([stale]);
    rt.advanceClock(5 * 60 * 1000 + 1000);
    // The fuzz draws valid binds from these: an expired code is no longer offered (it would only be refused).
    expect(rt.unusedPhoneCodes(DEMO_SHOPPER)).toEqual([]);
    expect(await act(rt, 'shop', 'profile.phone.bind', { code: stale }, DEMO_SHOPPER)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await docOrNull(rt, 'users', DEMO_SHOPPER))!.phone).toBeUndefined();
  });

  test('a number from abroad keeps its area code', async () => {
    const code = rt.issuePhoneCode(DEMO_SHOPPER, '91234567', '852');
    expect((await ok(rt, 'shop', 'profile.phone.bind', { code }, DEMO_SHOPPER)).me.phone).toBe('+852 91234567');
  });
});

describe('owners and partners see people and order numbers', () => {
  test('the owner\'s order list and customers carry names and avatars; a partner\'s earnings name the buyer with avatar and order number', async () => {
    const avatar = await avatarOf(DEMO_SHOPPER);
    await ok(rt, 'shop', 'profile.update', { nickname: '小美', avatar }, DEMO_SHOPPER);
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_tonic');
    await rt.pay(orderId);
    const { orders } = await ok(rt, 'admin', 'order.list', { limit: 5 }, DEMO_OWNER);
    expect(orders.find((o: { _id: string }) => o._id === orderId)).toMatchObject({ nickname: '小美', avatar, orderNo: expect.stringMatching(/^\d{18}$/) });
    const { customers } = await ok(rt, 'admin', 'customers.list', {}, DEMO_OWNER);
    expect(customers.find((c: { openid: string }) => c.openid === DEMO_SHOPPER)).toMatchObject({ nickname: '小美', avatar });
    const { entries } = await ok(rt, 'shop', 'partner.earnings.list', {}, DEMO_MEMBER);
    expect(entries[0]).toMatchObject({ buyerNickname: '小美', buyerAvatar: avatar, orderNo: expect.stringMatching(/^\d{18}$/) });
    expect(entries[0]).not.toHaveProperty('buyerOpenid');
    const team = await ok(rt, 'shop', 'partner.team.list', {}, DEMO_MEMBER);
    expect(team.members[0]).toMatchObject({ nickname: '小美', avatar });
  });
});

describe('the owner finds a customer by name, phone or order number', () => {
  beforeEach(async () => {
    await ok(rt, 'shop', 'profile.phone.bind', { code: rt.issuePhoneCode(DEMO_SHOPPER, '13800138000') }, DEMO_SHOPPER);
  });

  test.each([
    ['part of a nickname', '小', [DEMO_SHOPPER], 'nickname'],
    ['a whole phone number', '13800138000', [DEMO_SHOPPER], 'phone'],
    ['the last four digits of a phone number', '8000', [DEMO_SHOPPER], 'phone'],
    ['a name nobody has', '赵', [], null],
    ['a regular expression is literal text', '.*', [], null],
  ])('%s', async (_name, q, openids, match) => {
    const { customers } = await ok(rt, 'admin', 'customers.search', { q }, DEMO_OWNER);
    expect(customers.map((c: { openid: string }) => c.openid)).toEqual(openids);
    if (match) expect(customers[0]).toMatchObject({ match, phone: '13800138000', nickname: '小美' });
  });

  test('an order number finds its buyer, and the stored-value refund goes to the customer found', async () => {
    const { order: topUp } = await ok(rt, 'shop', 'wallet.topup', { requestId: 'tu', packageId: 'tp_100' }, DEMO_MEMBER);
    await ok(rt, 'shop', 'order.pay', { orderId: topUp._id }, DEMO_MEMBER);
    await rt.pay(topUp._id);
    const { customers } = await ok(rt, 'admin', 'customers.search', { q: topUp.orderNo }, DEMO_OWNER);
    expect(customers).toEqual([expect.objectContaining({ openid: DEMO_MEMBER, nickname: '王姐', match: 'orderNo', orderNo: topUp.orderNo })]);
    const refund = await ok(rt, 'admin', 'wallet.refundPrincipal', { requestId: 'found', openid: customers[0].openid, reason: '退卡' }, DEMO_OWNER);
    expect(refund).toMatchObject({ refundFen: 10000, forfeitBonusFen: 1000 });
    expectAudited(rt);
  });

  test('only the owner searches', async () => {
    expect(await act(rt, 'admin', 'customers.search', { q: '小美' }, DEMO_PARTNER)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
