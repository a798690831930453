import { Button } from '@nutui/nutui-react-taro';
import { Switch, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { admin, errorMessage } from '../../../api/client';
import { uploadPicture } from '../../../api/upload';
import { Avatar, Loadable, Section, Skeleton } from '../../../components/ui';
import { defaultKeys, MESSAGE_FIELD_LABELS, MESSAGE_KINDS, settingsProblems, SUBSCRIBE_MESSAGES, type EditableSettings, type MessageKind, type SubscribeTemplates } from '../../../contracts';
import { useQuery } from '../../../hooks/useQuery';
import { THEME } from '../../../theme/tokens';
import { formatYuanInput, parseYuanToFen } from '../../../utils/format';
import { pictureUrl } from '../../../utils/picture';
import { Field, FieldRow } from '../../components/Field';
import '../../owner.scss';
import './index.scss';

/** What the owner is typing: numbers stay text until saved, so half-typed input is fine. */
interface PackageDraft {
  _id?: string;
  payText: string;
  creditText: string;
  onSale: boolean;
}
interface Draft {
  name: string;
  logo: string | null;
  address: string;
  hours: string;
  fenPerPointText: string;
  maxPctText: string;
  expiry: EditableSettings['pointsExpiry'];
  receiveDaysText: string;
  feeText: string;
  freeFromText: string;
  packages: PackageDraft[];
  templates: Record<MessageKind, TemplateDraft>;
}
/** A message's template: its id (empty = not sent) and the keyword key of each field, as the owner chose them in the console. */
interface TemplateDraft {
  templateId: string;
  keys: Record<string, string>;
}

function templatesDraft(t: SubscribeTemplates): Record<MessageKind, TemplateDraft> {
  const one = (kind: MessageKind): TemplateDraft => {
    const stored = t[kind];
    return stored ? { templateId: stored.templateId, keys: { ...defaultKeys(kind), ...stored.keys } } : { templateId: '', keys: defaultKeys(kind) };
  };
  return Object.fromEntries(MESSAGE_KINDS.map((k) => [k, one(k)])) as Record<MessageKind, TemplateDraft>;
}

/** An empty template id turns the message off (null); otherwise id and keys as typed, trimmed. */
function templatesInput(d: Record<MessageKind, TemplateDraft>): Record<MessageKind, unknown> {
  const one = (t: TemplateDraft) => (t.templateId.trim() === '' ? null : { templateId: t.templateId.trim(), keys: Object.fromEntries(Object.entries(t.keys).map(([k, v]) => [k, v.trim()])) });
  return Object.fromEntries(MESSAGE_KINDS.map((k) => [k, one(d[k])])) as Record<MessageKind, unknown>;
}

function toDraft(s: EditableSettings): Draft {
  return {
    name: s.name, logo: s.logo, address: s.pickup.address, hours: s.pickup.hours, fenPerPointText: `${s.pointsRule.fenPerPoint}`, maxPctText: `${s.pointsRule.maxOrderPct}`,
    expiry: s.pointsExpiry, receiveDaysText: `${s.autoReceiveDays}`,
    feeText: formatYuanInput(s.shipping.flatFeeFen), freeFromText: s.shipping.freeFromFen === null ? '' : formatYuanInput(s.shipping.freeFromFen),
    packages: s.topUpPackages.map((p) => ({ _id: p._id, payText: formatYuanInput(p.payFen), creditText: formatYuanInput(p.creditFen), onSale: p.onSale })),
    templates: templatesDraft(s.subscribeTemplates),
  };
}

const wholeOr = (text: string): number => (/^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);

/** The draft as the contract's input, and the problems of money fields the contract cannot see as text. */
function fromDraft(d: Draft): { input: unknown; moneyProblems: Record<string, string> } {
  const moneyProblems: Record<string, string> = {};
  const packages = d.packages.map((p, i) => {
    const payFen = parseYuanToFen(p.payText);
    const creditFen = parseYuanToFen(p.creditText);
    if (payFen === null) moneyProblems[`topUpPackages.${i}.payFen`] = '请填写金额，最多两位小数';
    if (creditFen === null) moneyProblems[`topUpPackages.${i}.creditFen`] = '请填写金额，最多两位小数';
    return { ...(p._id ? { _id: p._id } : {}), payFen: payFen ?? 0, creditFen: creditFen ?? 0, onSale: p.onSale };
  });
  const templates = templatesInput(d.templates);
  const flatFeeFen = parseYuanToFen(d.feeText);
  if (flatFeeFen === null) moneyProblems['shipping.flatFeeFen'] = '请填写运费，最多两位小数（包邮填 0）';
  const freeFromFen = d.freeFromText.trim() === '' ? null : parseYuanToFen(d.freeFromText);
  if (freeFromFen === null && d.freeFromText.trim() !== '') moneyProblems['shipping.freeFromFen'] = '请填写金额，最多两位小数（不设包邮门槛请留空）';
  return {
    moneyProblems,
    input: {
      name: d.name, logo: d.logo, pickup: { address: d.address, hours: d.hours },
      pointsRule: { fenPerPoint: wholeOr(d.fenPerPointText), maxOrderPct: wholeOr(d.maxPctText) }, pointsExpiry: d.expiry,
      autoReceiveDays: wholeOr(d.receiveDaysText), shipping: { flatFeeFen: flatFeeFen ?? 0, freeFromFen }, topUpPackages: packages, subscribeTemplates: templates,
    },
  };
}

function Problem({ problems, path }: { problems: Record<string, string>; path: string }) {
  return problems[path] ? <Text id={`problem-${path.replace(/\./g, '-')}`} className="owner-error">{problems[path]}</Text> : null;
}

function SettingsForm({ initial, onSaved }: { initial: EditableSettings; onSaved: (s: EditableSettings) => void }) {
  const [d, setD] = useState<Draft>(() => toDraft(initial));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const patch = (p: Partial<Draft>) => setD((x) => ({ ...x, ...p }));
  const patchPackage = (i: number, p: Partial<PackageDraft>) => setD((x) => ({ ...x, packages: x.packages.map((q, j) => (j === i ? { ...q, ...p } : q)) }));

  const chooseLogo = async () => {
    try {
      const fileID = await uploadPicture();
      if (fileID) patch({ logo: fileID });
    } catch (e) {
      setStatus({ ok: false, text: errorMessage(e) });
    }
  };

  const save = async () => {
    const { input, moneyProblems } = fromDraft(d);
    const found = { ...settingsProblems(input), ...moneyProblems };
    setProblems(found);
    if (Object.keys(found).length > 0) {
      setStatus({ ok: false, text: '有几项需要改一下，见标红的提示' });
      return;
    }
    setSaving(true);
    try {
      const { settings } = await admin('store.settings.update', { settings: input as EditableSettings });
      setD(toDraft(settings));
      onSaved(settings);
      setStatus({ ok: true, text: '已保存' });
      void Taro.showToast({ title: '已保存', icon: 'success' });
    } catch (e) {
      setStatus({ ok: false, text: errorMessage(e) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <View>
      <Section id="settings-store" title="店铺">
        <Field id="settings-name" label="店铺名称" value={d.name} maxlength={20} onInput={(name) => patch({ name })} />
        <Problem problems={problems} path="name" />
        <FieldRow label="店铺 Logo">
          <View className="owner-settings__logo" onClick={() => void chooseLogo()}>
            <Avatar name={d.name || '店'} url={d.logo ? pictureUrl(d.logo) : null} size="m" />
            <Text id="settings-logo-change" className="owner-settings__link">{d.logo ? '更换' : '上传'}</Text>
            {d.logo && <Text id="settings-logo-remove" className="owner-settings__link" onClick={(e) => { e.stopPropagation(); patch({ logo: null }); }}>移除</Text>}
          </View>
        </FieldRow>
      </Section>
      <Section id="settings-pickup" title="到店自提">
        <Field id="settings-address" label="自提地址" value={d.address} maxlength={60} placeholder="例如：西湖区文三路 90 号 1 楼" onInput={(address) => patch({ address })} />
        <Problem problems={problems} path="pickup.address" />
        <Field id="settings-hours" label="营业时间" value={d.hours} maxlength={40} placeholder="例如：每天 9:00–21:00" onInput={(hours) => patch({ hours })} />
        <Problem problems={problems} path="pickup.hours" />
      </Section>
      <Section id="settings-points" title="积分">
        <Field id="settings-fen-per-point" label="每积分抵扣" unit="分" type="number" value={d.fenPerPointText} onInput={(fenPerPointText) => patch({ fenPerPointText })} />
        <Problem problems={problems} path="pointsRule.fenPerPoint" />
        <Field id="settings-max-pct" label="最多抵扣订单" unit="%" type="number" value={d.maxPctText} onInput={(maxPctText) => patch({ maxPctText })} />
        <Problem problems={problems} path="pointsRule.maxOrderPct" />
        <FieldRow label="积分有效期">
          <View className="owner-settings__choices">
            {([['end_of_next_year', '次年年底清零'], ['never', '永久有效']] as const).map(([k, label]) => (
              <Text key={k} id={`settings-expiry-${k}`} className={`owner-settings__choice${d.expiry === k ? ' owner-settings__choice--on' : ''}`} onClick={() => patch({ expiry: k })}>{label}</Text>
            ))}
          </View>
        </FieldRow>
      </Section>
      <Section id="settings-orders" title="订单">
        <Field id="settings-receive-days" label="自动确认收货" unit="天" type="number" value={d.receiveDaysText} onInput={(receiveDaysText) => patch({ receiveDaysText })} />
        <Problem problems={problems} path="autoReceiveDays" />
        <Text className="owner-hint">买家没有确认收货时，发货后满这么多天自动确认；佣金的退款保护期从确认收货算起。</Text>
        <Field id="settings-shipping-fee" label="快递运费" unit="元" type="digit" value={d.feeText} onInput={(feeText) => patch({ feeText })} />
        <Problem problems={problems} path="shipping.flatFeeFen" />
        <Field id="settings-shipping-free-from" label="满额包邮" unit="元" type="digit" value={d.freeFromText} placeholder="不设门槛请留空" onInput={(freeFromText) => patch({ freeFromText })} />
        <Problem problems={problems} path="shipping.freeFromFen" />
        <Text className="owner-hint">运费按商品金额（积分抵扣后）计算，到店自提不收运费；运费不计佣金、不送积分。</Text>
      </Section>
      <Section id="settings-packages" title="储值充值套餐" extra="添加套餐" onExtra={() => patch({ packages: [...d.packages, { payText: '', creditText: '', onSale: true }] })}>
        {d.packages.map((p, i) => (
          <View key={p._id ?? `new-${i}`} id={`settings-package-${i}`} className="owner-settings__package">
            <Field id={`settings-package-${i}-pay`} label="充值" unit="元" type="digit" value={p.payText} onInput={(payText) => patchPackage(i, { payText })} />
            <Problem problems={problems} path={`topUpPackages.${i}.payFen`} />
            <Field id={`settings-package-${i}-credit`} label="到账" unit="元" type="digit" value={p.creditText} onInput={(creditText) => patchPackage(i, { creditText })} />
            <Problem problems={problems} path={`topUpPackages.${i}.creditFen`} />
            <FieldRow label="上架">
              <Switch checked={p.onSale} color={THEME.brand} onChange={(e) => patchPackage(i, { onSale: e.detail.value })} />
            </FieldRow>
          </View>
        ))}
        <Problem problems={problems} path="topUpPackages" />
        <Text className="owner-hint">到账 − 充值 = 赠送金额；赠送部分不可退。去掉的套餐只会下架，已买过的订单不受影响。</Text>
      </Section>
      <Section id="settings-templates" title="订阅消息模板">
        {SUBSCRIBE_MESSAGES.map(({ kind, label }) => {
          const t = d.templates[kind];
          const setT = (p: Partial<TemplateDraft>) => patch({ templates: { ...d.templates, [kind]: { ...t, ...p } } });
          return (
            <View key={kind} id={`settings-template-${kind}-box`} className="owner-settings__package">
              <Field id={`settings-template-${kind}`} label={label} value={t.templateId} placeholder="在公众平台 订阅消息 中复制模板 ID" onInput={(templateId) => setT({ templateId })} />
              <Problem problems={problems} path={`subscribeTemplates.${kind}.templateId`} />
              <Problem problems={problems} path={`subscribeTemplates.${kind}`} />
              {t.templateId.trim() !== '' && Object.keys(t.keys).map((field) => (
                <View key={field}>
                  <Field id={`settings-template-${kind}-${field}`} label={`${MESSAGE_FIELD_LABELS[field] ?? field}的关键词`} value={t.keys[field]} onInput={(v) => setT({ keys: { ...t.keys, [field]: v } })} />
                  <Problem problems={problems} path={`subscribeTemplates.${kind}.keys.${field}`} />
                </View>
              ))}
            </View>
          );
        })}
        <Text className="owner-hint">模板 ID 留空则不发送该消息。关键词填模板详情里的参数名（如 character_string1、amount2）。</Text>
      </Section>
      {status && <Text id="settings-status" className={status.ok ? 'owner-saved' : 'owner-error'}>{status.text}</Text>}
      <Button id="settings-save" className="owner-submit" type="primary" block loading={saving} disabled={saving} onClick={() => void save()}>保存设置</Button>
    </View>
  );
}

export default function SettingsPage() {
  const q = useQuery(async () => (await admin('store.settings.get', {})).settings, { reloadOnShow: false });
  return (
    <View className="owner-settings page">
      <Loadable query={q} skeleton={<Skeleton variant="card" rows={5} />}>
        {(s) => <SettingsForm initial={s} onSaved={q.set} />}
      </Loadable>
    </View>
  );
}
