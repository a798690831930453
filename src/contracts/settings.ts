// The store's settings the owner edits in the app (issue 12, deliverable 8): one contract, used by
// the owner's form (it shows these messages next to each field) and by the admin function (which
// refuses anything else). Messages speak to a shop owner, not to a developer.
import * as z from 'zod';
import { isCleanText } from './model';
import { MESSAGE_FIELDS, MESSAGE_KINDS, SubscribeTemplates, type MessageKind } from './messages';

const clean = (s: string) => isCleanText(s);
const Words = (label: string, min: number, max: number) =>
  z.string().trim().min(min, min === 1 ? `请填写${label}` : `${label}至少 ${min} 个字`).max(max, `${label}最多 ${max} 个字`).refine(clean, `${label}不能包含特殊符号`);
const WholeNumber = (label: string, min: number, max: number, unit: string) =>
  z.number({ error: `${label}请填写数字` }).int(`${label}请填写整数`).min(min, `${label}不能少于 ${min}${unit}`).max(max, `${label}不能超过 ${max}${unit}`);

export const PICKUP_LIMITS = { addressMax: 60, hoursMax: 40 } as const;
export const TOPUP_PACKAGES_MAX = 6;

/** A top-up package as the owner sets it: pay ¥X, get ¥Y (the bonus is Y − X, never negative). */
export const TopUpPackageInput = z
  .object({
    /** An existing package's id; omitted for a new one. */
    _id: z.string().regex(/^[0-9A-Za-z_-]{1,32}$/, '套餐编号不正确').optional(),
    payFen: WholeNumber('充值金额', 100, 10_000_000, ' 分'),
    creditFen: WholeNumber('到账金额', 100, 20_000_000, ' 分'),
    onSale: z.boolean(),
  })
  .strict()
  .refine((p) => p.creditFen >= p.payFen, { message: '到账金额不能少于充值金额', path: ['creditFen'] });
export type TopUpPackageInput = z.infer<typeof TopUpPackageInput>;

export const EditableSettings = z
  .object({
    name: Words('店铺名称', 1, 20),
    /** A stored picture (cloud fileID) the owner uploaded, or null for none. */
    logo: z.string().max(1024).nullable(),
    pickup: z.object({ address: Words('自提地址', 0, PICKUP_LIMITS.addressMax), hours: Words('营业时间', 0, PICKUP_LIMITS.hoursMax) }).strict(),
    pointsRule: z
      .object({ fenPerPoint: WholeNumber('每积分抵扣', 1, 100, ' 分'), maxOrderPct: WholeNumber('积分最多抵扣', 0, 100, '%') })
      .strict(),
    pointsExpiry: z.enum(['end_of_next_year', 'never'], { error: '请选择积分有效期' }),
    autoReceiveDays: WholeNumber('自动确认收货', 1, 30, ' 天'),
    /** Delivery's fee (contracts/fulfilment.ts ShippingRule): flat, free from an amount of goods; null = never free. */
    shipping: z
      .object({
        flatFeeFen: z.number({ error: '请填写运费' }).int('运费最多两位小数').min(0, '运费不能为负').max(100_000, '运费不能超过 ¥1000'),
        freeFromFen: z.number({ error: '请填写包邮金额' }).int('包邮金额最多两位小数').min(1, '包邮金额要大于 0').max(100_000_000, '包邮金额太大了').nullable(),
      })
      .strict(),
    topUpPackages: z.array(TopUpPackageInput).max(TOPUP_PACKAGES_MAX, `最多 ${TOPUP_PACKAGES_MAX} 个充值套餐`),
    /** The store's templates as notify sends them (contracts/messages.ts): per message its template id and keyword keys, or null. */
    subscribeTemplates: SubscribeTemplates,
  })
  .strict();
export type EditableSettings = z.infer<typeof EditableSettings>;

/** The first problem of each field, by its path ('pickup.address', 'topUpPackages.1.creditFen'), for the form. */
export function settingsProblems(input: unknown): Record<string, string> {
  const parsed = EditableSettings.safeParse(input);
  if (parsed.success) return {};
  const out: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.join('.') || '_';
    if (!(path in out)) out[path] = issue.message;
  }
  return out;
}

/** The messages the store sends (contracts/messages.ts), with the names the owner sees, in the form's order. */
export const SUBSCRIBE_MESSAGES: { kind: MessageKind; label: string }[] = [
  { kind: 'orderPaid', label: '支付成功通知' },
  { kind: 'groupResult', label: '拼团结果通知' },
  { kind: 'withdrawalResult', label: '提现结果通知' },
  { kind: 'orderShipped', label: '发货通知' },
];

/** Each message field's name as the owner sees it next to the keyword key it goes under. */
export const MESSAGE_FIELD_LABELS: Record<string, string> = { orderNo: '订单号', amount: '金额', goods: '商品', result: '结果', note: '备注', carrier: '快递公司', trackingNo: '运单号' };

/** A message's keyword keys as the WeChat console numbers them by default (thing1, amount2, …): the form's starting point. */
export function defaultKeys(kind: MessageKind): Record<string, string> {
  return Object.fromEntries(Object.entries(MESSAGE_FIELDS[kind] as Record<string, string>).map(([field, valueKind], i) => [field, `${valueKind}${i + 1}`]));
}

// Every message the functions send has a row on the form.
if (SUBSCRIBE_MESSAGES.length !== MESSAGE_KINDS.length) throw new Error('SUBSCRIBE_MESSAGES must list every MESSAGE_KINDS entry');

export const settingsAdminActions = {
  'store.settings.get': { input: z.object({}).strict(), output: z.object({ settings: EditableSettings }) },
  'store.settings.update': { input: z.object({ settings: EditableSettings }).strict(), output: z.object({ settings: EditableSettings }) },
} as const;
