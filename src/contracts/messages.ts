// Subscribe messages (订阅消息): which messages the store sends, the fields each carries, and the
// store's templates for them (settings/store.subscribeTemplates). Shared by the mini program (it
// asks for consent with the template ids) and the functions (they send). A template's keys are
// the ones the owner chose when adding it in the WeChat console (e.g. character_string1, amount2):
// each field's key must be of the keyword kind its value is formatted as (WeChat's 订阅消息参数值内容
// 限制; cloudfunctions/src/platform/openapi.ts SUBSCRIBE_MESSAGE checks the values themselves).
import * as z from 'zod';

export const MESSAGE_KINDS = ['orderPaid', 'groupResult', 'withdrawalResult', 'orderShipped'] as const;
export const MessageKind = z.enum(MESSAGE_KINDS);
export type MessageKind = z.infer<typeof MessageKind>;

/** Each message's fields and the keyword kind of their keys. */
export const MESSAGE_FIELDS = {
  /** 支付成功: order number, amount paid (yuan), goods. */
  orderPaid: { orderNo: 'character_string', amount: 'amount', goods: 'thing' },
  /** 拼团结果: goods, 拼团成功 / 拼团失败, order number. */
  groupResult: { goods: 'thing', result: 'phrase', orderNo: 'character_string' },
  /** 提现结果: amount (yuan), 已打款 / 已驳回, a note (the payout reference or the reason). */
  withdrawalResult: { amount: 'amount', result: 'phrase', note: 'thing' },
  /** 发货通知 (issue 12's purpose name): order number, goods, carrier, tracking number. */
  orderShipped: { orderNo: 'character_string', goods: 'thing', carrier: 'thing', trackingNo: 'character_string' },
} as const satisfies Record<MessageKind, Record<string, 'thing' | 'amount' | 'character_string' | 'phrase'>>;
export type MessageFields<K extends MessageKind> = keyof (typeof MESSAGE_FIELDS)[K];

/** A template id as the WeChat console shows it (our rule: 1–64 of the id alphabet; the pages give no format). */
const TemplateId = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, '模板 ID 格式不正确');

function templateFor(kind: MessageKind) {
  const fields = MESSAGE_FIELDS[kind] as Record<string, string>;
  const keys = z.object(Object.fromEntries(Object.entries(fields).map(([field, valueKind]) => [field, z.string().regex(new RegExp(`^${valueKind}\\d{1,2}$`), `${field} 的关键词须为 ${valueKind}N`)]))).strict();
  return z
    .object({ templateId: TemplateId, keys })
    .strict()
    .refine((t) => new Set(Object.values(t.keys)).size === Object.keys(t.keys).length, '同一模板的关键词不能重复')
    .nullable();
}

/** The store's templates, one per message; null = not configured (the message is skipped and logged). */
export const SubscribeTemplates = z
  .object({ orderPaid: templateFor('orderPaid'), groupResult: templateFor('groupResult'), withdrawalResult: templateFor('withdrawalResult'), orderShipped: templateFor('orderShipped').default(null) })
  .strict();
export type SubscribeTemplates = z.infer<typeof SubscribeTemplates>;

export const NO_SUBSCRIBE_TEMPLATES: SubscribeTemplates = { orderPaid: null, groupResult: null, withdrawalResult: null, orderShipped: null };

/** What the mini program needs to ask for consent: the template id of each message, or null. */
export const SubscribeTemplateIds = z.object({ orderPaid: z.string().nullable(), groupResult: z.string().nullable(), withdrawalResult: z.string().nullable(), orderShipped: z.string().nullable().default(null) });
export type SubscribeTemplateIds = z.infer<typeof SubscribeTemplateIds>;

export function templateIdsOf(t: SubscribeTemplates): SubscribeTemplateIds {
  return { orderPaid: t.orderPaid?.templateId ?? null, groupResult: t.groupResult?.templateId ?? null, withdrawalResult: t.withdrawalResult?.templateId ?? null, orderShipped: t.orderShipped?.templateId ?? null };
}
