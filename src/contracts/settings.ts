// The store's settings the owner edits in the app (issue 12, deliverable 8): one contract, used by
// the owner's form (it shows these messages next to each field) and by the admin function (which
// refuses anything else). Messages speak to a shop owner, not to a developer.
import * as z from 'zod';
import { isCleanText } from './model';

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

/** Subscribe-message templates by purpose (e.g. orderPaid → the template id copied from 订阅消息). */
export const SubscribeTemplates = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,31}$/, '用途名称不正确'), z.string().trim().regex(/^[A-Za-z0-9_-]{0,64}$/, '模板 ID 只能包含字母、数字、- 和 _'))
  .refine((r) => Object.keys(r).length <= 12, '最多 12 个模板');

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
    topUpPackages: z.array(TopUpPackageInput).max(TOPUP_PACKAGES_MAX, `最多 ${TOPUP_PACKAGES_MAX} 个充值套餐`),
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

/** The purposes the store sends messages for, with the names the owner sees (others show their key). */
export const SUBSCRIBE_PURPOSES: { key: string; label: string }[] = [
  { key: 'orderPaid', label: '支付成功通知' },
  { key: 'orderShipped', label: '发货通知' },
  { key: 'groupSucceeded', label: '拼团成功通知' },
  { key: 'refund', label: '退款通知' },
];

export const settingsAdminActions = {
  'store.settings.get': { input: z.object({}).strict(), output: z.object({ settings: EditableSettings }) },
  'store.settings.update': { input: z.object({ settings: EditableSettings }).strict(), output: z.object({ settings: EditableSettings }) },
} as const;
