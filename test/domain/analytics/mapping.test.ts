import { arrivalOf, eventsOfJournal, eventsOfUser, refundSplit, type JournalSource, type OrderSource } from '../../../cloudfunctions/src/analytics/services/mapping';

/* From documents to events: one table per rule (cloudfunctions/src/analytics/services/mapping.ts). */
const T = 1_700_000_000_000;
const user = { _id: 'u', createdAtMs: T, stage: 'fan' as const };

test.each<[string, object, { channel: string; partnerId: string | null }]>([
  ['no code', {}, { channel: 'direct', partnerId: null }],
  ['a poster scanned at the first visit', { arrivedVia: { channel: 'poster', referrerOpenid: 'p', atMs: T + 5_000 } }, { channel: 'poster', partnerId: 'p' }],
  ['a code seen a day later is not how they arrived', { arrivedVia: { channel: 'code', referrerOpenid: 'p', atMs: T + 86_400_000 } }, { channel: 'direct', partnerId: null }],
  ['bound before arrivedVia existed, at once', { bindChannel: 'groupbuy', referrerOpenid: 'p', boundAtMs: T + 1_000 }, { channel: 'groupbuy', partnerId: 'p' }],
  ['bound before arrivedVia existed, much later', { bindChannel: 'code', referrerOpenid: 'p', boundAtMs: T + 3_600_000 }, { channel: 'direct', partnerId: null }],
])('arrival channel: %s', (_what, fields, expected) => {
  expect(arrivalOf({ ...user, ...fields } as never)).toEqual(expected);
});

test('a user who was a member before their records began is moved there at arrival; a fan is not', () => {
  expect(eventsOfUser({ ...user, stage: 'member' }, false, null).map((e) => e.kind)).toEqual(['arrived', 'stage_moved']);
  expect(eventsOfUser({ ...user, stage: 'member' }, false, 'fan').map((e) => e.kind)).toEqual(['arrived']);
  expect(eventsOfUser(user, true, null)[0]).toMatchObject({ kind: 'arrived', staff: true });
});

const order: OrderSource = { _id: 'o', openid: 'u', kind: 'goods', lines: [{ productId: 'p_diaper', qty: 2 }], payableFen: 25600, payMethod: 'balance', balanceSplit: { principalFen: 21334, bonusFen: 4266 } };
const entry = (fields: Partial<JournalSource>): JournalSource => ({ _id: 'e', account: 'store:sales', amount: 0, kind: 'sale', ref: 'o', createdAtMs: T, ...fields });
const ctx = { order: (id: string) => (id === 'o' ? order : undefined), entry: (id: string) => (id === 'k-b' ? entry({ _id: 'k-b', account: 'sv_bonus:u', amount: -2000, kind: 'bonus_forfeit' }) : undefined) };

test.each<[string, JournalSource, object[]]>([
  ['a sale paid from stored value', entry({ amount: 25600 }), [{ kind: 'order_paid', paid: { wxpayFen: 0, principalFen: 21334, bonusFen: 4266 }, lines: [{ productId: 'p_diaper', qty: 2 }] }]],
  ['a whole refund returns every unit, the way it was paid', entry({ amount: -25600, kind: 'sale_reversal' }), [{ kind: 'order_refunded', refunded: { wxpayFen: 0, principalFen: 21334, bonusFen: 4266 }, lines: [{ productId: 'p_diaper', qty: 2 }] }]],
  ['a part refund returns money only, in proportion', entry({ amount: -12800, kind: 'sale_reversal' }), [{ kind: 'order_refunded', lines: [] }]],
  ['points', entry({ account: 'points:u', amount: -300, kind: 'use' }), [{ kind: 'points_posted', customerId: 'u', points: -300 }]],
  ['a commission credit', entry({ account: 'commission_frozen:p', amount: 990, kind: 'commission_credit' }), [{ kind: 'commission_moved', partnerId: 'p', from: null, to: 'frozen', amountFen: 990 }]],
  ['the frozen half of a thaw is not a second move', entry({ account: 'commission_frozen:p', amount: -990, kind: 'commission_thaw' }), []],
  ['the available half of a thaw is the move', entry({ account: 'commission:p', amount: 990, kind: 'commission_thaw' }), [{ from: 'frozen', to: 'available' }]],
  ['a reversal after the thaw', entry({ account: 'commission:p', amount: -990, kind: 'commission_reverse' }), [{ from: 'available', to: null }]],
  ['a withdrawal requested', entry({ account: 'commission_withdrawing:p', amount: 5000, kind: 'withdraw_request' }), [{ from: 'available', to: 'withdrawing' }]],
  ['a withdrawal paid', entry({ account: 'commission_paid:p', amount: 5000, kind: 'withdraw_paid' }), [{ from: 'withdrawing', to: 'paid' }]],
  ['a withdrawal rejected', entry({ account: 'commission:p', amount: 5000, kind: 'withdraw_reject' }), [{ from: 'withdrawing', to: 'available' }]],
  ['a principal refund with its forfeited bonus', entry({ _id: 'k-p', account: 'sv_principal:u', amount: -10000, kind: 'owner_refund' }), [{ kind: 'stored_value_refunded', principalFen: 10000, bonusForfeitedFen: 2000 }]],
  ['spending stored value is part of the sale', entry({ account: 'sv_principal:u', amount: -21334, kind: 'spend_principal' }), []],
])('journal: %s', (_what, e, expected) => {
  expect(eventsOfJournal(e, ctx)).toMatchObject(expected);
});

test('a part refund of a stored-value order splits like a spend; of a WeChat Pay order goes back to WeChat Pay', () => {
  const back = refundSplit(order, 12800);
  expect(back.principalFen + back.bonusFen).toBe(12800);
  expect(back.wxpayFen).toBe(0);
  expect(refundSplit({ ...order, payMethod: 'wxpay', balanceSplit: null }, 500)).toEqual({ wxpayFen: 500, principalFen: 0, bonusFen: 0 });
});
