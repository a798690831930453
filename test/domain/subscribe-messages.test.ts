// Subscribe messages: the store's templates (validated against WeChat's keyword kinds), the data
// the functions send (yuan, never fen), and the template ids the mini program asks consent for.
const requested: unknown[] = [];
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { requestSubscribeMessage: async (o: unknown) => { requested.push(o); return {}; } } }));

import { MESSAGE_FIELDS, MESSAGE_KINDS, SubscribeTemplates } from '../../src/contracts';
import { subscribeAmount, subscribeThing, subscribeValueKind, subscribeValueProblem, REQUEST_SUBSCRIBE } from '../../cloudfunctions/src/platform';
import { messageData } from '../../cloudfunctions/src/shared/notify';
import { DEMO_SUBSCRIBE_TEMPLATES } from '../../local/seed/demo';
import { askConsent, consentTemplateIds, MAX_TEMPLATE_IDS_PER_CALL } from '../../src/utils/subscribe';

describe('the store\'s templates', () => {
  test('every field names a keyword kind WeChat has, and the demo templates validate', () => {
    for (const kind of MESSAGE_KINDS) {
      for (const valueKind of Object.values(MESSAGE_FIELDS[kind] as Record<string, string>)) expect(subscribeValueKind(`${valueKind}1`)).toBe(valueKind);
    }
    expect(SubscribeTemplates.parse(DEMO_SUBSCRIBE_TEMPLATES)).toEqual(DEMO_SUBSCRIBE_TEMPLATES);
  });

  const orderPaid = (keys: Record<string, string>, templateId = 'tmpl-1') => ({ orderPaid: { templateId, keys }, groupResult: null, withdrawalResult: null });
  test.each<[string, unknown]>([
    ['an amount under a thing key', orderPaid({ orderNo: 'character_string1', amount: 'thing2', goods: 'thing3' })],
    ['one key for two fields', orderPaid({ orderNo: 'character_string1', amount: 'amount2', goods: 'amount2' })],
    ['a missing field', orderPaid({ orderNo: 'character_string1', amount: 'amount2' })],
    ['an unknown field', orderPaid({ orderNo: 'character_string1', amount: 'amount2', goods: 'thing3', extra: 'thing4' })],
    ['a template id with spaces', orderPaid({ orderNo: 'character_string1', amount: 'amount2', goods: 'thing3' }, 'a b')],
    ['a message the store does not send', { ...orderPaid({ orderNo: 'character_string1', amount: 'amount2', goods: 'thing3' }), refund: null }],
  ])('refused: %s', (_name, raw) => {
    expect(SubscribeTemplates.safeParse(raw).success).toBe(false);
  });
});

describe('what the functions send', () => {
  test('amounts go out in yuan with a sign, things at most 20 characters, and both pass WeChat\'s rules', () => {
    expect([subscribeAmount(9900), subscribeAmount(5), subscribeAmount(12502)]).toEqual(['¥99.00', '¥0.05', '¥125.02']);
    expect(subscribeValueProblem('amount2', subscribeAmount(9900))).toBeNull();
    expect(subscribeValueProblem('amount2', '9900')).not.toBeNull();
    expect([...subscribeThing('臻选滋补礼盒·高山野生灵芝孢子粉人参鹿茸燕窝阿胶')].length).toBe(20);
    expect(() => subscribeAmount(1.5)).toThrow(RangeError);
  });

  test('the paid notice\'s data, under the owner\'s keys', () => {
    const built = messageData('orderPaid', DEMO_SUBSCRIBE_TEMPLATES.orderPaid!.keys, { orderNo: '202611292340127316', amount: 9900, goods: '年度会员卡' });
    expect(built).toEqual({ data: { character_string1: { value: '202611292340127316' }, amount2: { value: '¥99.00' }, thing3: { value: '年度会员卡' } } });
  });

  test('a value WeChat would refuse is not sent (a result phrase must be Chinese, at most 5 characters)', () => {
    expect(messageData('groupResult', DEMO_SUBSCRIBE_TEMPLATES.groupResult!.keys, { goods: '纸尿裤', result: 'group ok', orderNo: '1' })).toEqual({ problem: expect.stringContaining('phrase2') });
  });
});

describe('the mini program asks consent for the store\'s templates', () => {
  const ids = { orderPaid: 'T1', groupResult: 'T2', withdrawalResult: null, orderShipped: null };
  test('ids of the messages asked for, without gaps or repeats, at most one call\'s worth', () => {
    expect(consentTemplateIds(['orderPaid', 'groupResult'], ids)).toEqual(['T1', 'T2']);
    expect(consentTemplateIds(['withdrawalResult'], ids)).toEqual([]);
    expect(consentTemplateIds(['orderPaid', 'orderPaid'], { ...ids, groupResult: 'T1' })).toEqual(['T1']);
    expect(consentTemplateIds(['orderPaid'], null)).toEqual([]);
    expect(MAX_TEMPLATE_IDS_PER_CALL).toBe(REQUEST_SUBSCRIBE.maxTemplateIdsPerCall);
  });

  test('on weapp it calls wx.requestSubscribeMessage with them; with none configured it asks nothing', async () => {
    const env = process.env.TARO_ENV;
    process.env.TARO_ENV = 'weapp';
    try {
      await askConsent(['orderPaid', 'groupResult'], ids);
      await askConsent(['withdrawalResult'], ids);
    } finally {
      process.env.TARO_ENV = env;
    }
    expect(requested).toEqual([{ tmplIds: ['T1', 'T2'] }]);
  });

  test('on H5 it is a no-op', async () => {
    requested.length = 0;
    await askConsent(['orderPaid'], ids);
    expect(requested).toEqual([]);
  });
});
