import { Button } from '@nutui/nutui-react-taro';
import { Switch, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { admin, errorMessage, type ClientOutput } from '../../../api/client';
import { Loadable, Section, Skeleton } from '../../../components/ui';
import type { BindAt } from '../../../contracts';
import { useQuery } from '../../../hooks/useQuery';
import { THEME } from '../../../theme/tokens';
import { formatFen } from '../../../utils/format';
import { STAGE_LABEL } from '../../../utils/labels';
import { STAGES, parseDraft, splitLines, toDraft, type Draft, type RuleDraft, type Stage, type TierDraft } from './draft';
import { Field as OwnerField, type FieldProps } from '../../components/Field';
import './index.scss';

type Settings = ClientOutput<'admin', 'partner.settings.get'>;
type Payout = Settings['payouts'][number];

/** Rates and amounts are numbers: the commission form's fields default to the digit keyboard. */
const Field = (props: FieldProps) => <OwnerField type="digit" {...props} />;

function TierRow({ stage, tier, onChange }: { stage: Stage; tier: TierDraft; onChange: (patch: Partial<TierDraft>) => void }) {
  return (
    <View className="commission-tier">
      <View className="owner-card-head">
        <Text className="commission-tier__name">{STAGE_LABEL[stage]}</Text>
        <Switch id={`tier-earns-${stage}`} checked={tier.earns} color={THEME.brand} onChange={(e) => onChange({ earns: e.detail.value })} />
      </View>
      {tier.earns && (
        <View id={`reward-${stage}`} className="commission-choice commission-choice--row">
          {(['points', 'cash'] as const).map((r) => (
            <Text key={r} id={`reward-${stage}-${r}`} className="commission-choice__pick" onClick={() => onChange({ reward: r })}>{`${tier.reward === r ? '● ' : '○ '}${r === 'points' ? '奖励积分' : '现金佣金'}`}</Text>
          ))}
        </View>
      )}
      {tier.earns && <Field id={`rate-${stage}-1`} label="一级比例" unit="%" value={tier.level1} onInput={(level1) => onChange({ level1 })} />}
      {tier.earns && <Field id={`rate-${stage}-2`} label="二级比例" unit="%" value={tier.level2} onInput={(level2) => onChange({ level2 })} />}
    </View>
  );
}

function ProductRule({ payout, rule, onChange }: { payout: Payout; rule: RuleDraft | undefined; onChange: (patch: Partial<RuleDraft>) => void }) {
  const over = payout.worstCaseFen > payout.capFen;
  const id = payout.productId;
  return (
    <View id={`rule-${id}`} className="commission-rule">
      <Text className="commission-rule__name">{payout.name}</Text>
      {payout.excluded && <Text className="owner-meta">会员卡与合伙人礼包不参与分佣</Text>}
      {!payout.excluded && (
        <Text id={`payout-${id}`} className={`commission-rule__payout${over ? ' commission-rule__payout--over' : ''}`}>
          {`最低实收 ${formatFen(payout.lowestPriceFen)} · 上限 ${formatFen(payout.capFen)} · 最高佣金 ${formatFen(payout.worstCaseFen)}`}
        </Text>
      )}
      {!payout.excluded && rule !== undefined && (
        <View>
          <Field id={`rule-base-${id}`} label="佣金基数" unit="元" placeholder="默认零售价，0 为不分佣" value={rule.base} onInput={(base) => onChange({ base })} />
          <Field id={`rule-fixed1-${id}`} label="固定一级" unit="元" placeholder="默认按比例" value={rule.fixed1} onInput={(fixed1) => onChange({ fixed1 })} />
          <Field id={`rule-fixed2-${id}`} label="固定二级" unit="元" placeholder="默认按比例" value={rule.fixed2} onInput={(fixed2) => onChange({ fixed2 })} />
        </View>
      )}
    </View>
  );
}

const BIND_AT_OPTIONS: { value: BindAt; title: string; note: string }[] = [
  { value: 'visit', title: '首次访问即绑定', note: '新访客带推荐码进店即绑定推荐人' },
  { value: 'first_paid_order', title: '首单支付时绑定', note: '记住首个推荐码，首单支付成功时绑定' },
];

function BindAtPicker({ value, onPick }: { value: BindAt; onPick: (v: BindAt) => void }) {
  return (
    <Section title="绑定时机">
      {BIND_AT_OPTIONS.map((o) => (
        <View key={o.value} id={`bind-at-${o.value}`} className={`commission-choice${value === o.value ? ' commission-choice--on' : ''}`} onClick={() => onPick(o.value)}>
          <Text>{`${value === o.value ? '● ' : '○ '}${o.title}`}</Text>
          <Text className="owner-meta">{o.note}</Text>
        </View>
      ))}
    </Section>
  );
}

interface FormProps {
  settings: Settings;
  draft: Draft;
  setDraft: (update: (d: Draft) => Draft) => void;
}

const MEMBER_REWARD_OPTIONS: { value: 'points' | 'cash'; title: string; note: string }[] = [
  { value: 'points', title: '会员得积分，合伙人得现金（推荐）', note: '会员推荐好友只奖励积分，现金佣金仅限合伙人：会员卡不附带赚钱资格' },
  { value: 'cash', title: '允许会员获得现金佣金', note: '会员也可获得现金；注意合规风险（不得以购买会员换取发展下线的收益）' },
];

/** Who earns what: the store's member-reward rule and the split it gives. */
function Split({ draft, fenPerPoint, onPick }: { draft: Draft; fenPerPoint: number; onPick: (v: 'points' | 'cash') => void }) {
  return (
    <Section title="奖励方式">
      {MEMBER_REWARD_OPTIONS.map((o) => (
        <View key={o.value} id={`member-rewards-${o.value}`} className={`commission-choice${draft.memberRewards === o.value ? ' commission-choice--on' : ''}`} onClick={() => onPick(o.value)}>
          <Text>{`${draft.memberRewards === o.value ? '● ' : '○ '}${o.title}`}</Text>
          <Text className="owner-meta">{o.note}</Text>
        </View>
      ))}
      {splitLines(draft, STAGE_LABEL).map((line) => <Text key={line} className="owner-hint commission-split">{line}</Text>)}
      <Text className="owner-hint">{`积分按 1 积分 = ${formatFen(fenPerPoint)} 折算，计入每件商品的佣金上限。`}</Text>
    </Section>
  );
}

function Form({ settings, draft, setDraft }: FormProps) {
  const tier = (s: Stage) => (patch: Partial<TierDraft>) => setDraft((d) => ({ ...d, tiers: { ...d.tiers, [s]: { ...d.tiers[s], ...patch } } }));
  const rule = (id: string) => (patch: Partial<RuleDraft>) => setDraft((d) => ({ ...d, rules: { ...d.rules, [id]: { ...d.rules[id], ...patch } } }));
  return (
    <View>
      <Split draft={draft} fenPerPoint={settings.fenPerPoint} onPick={(memberRewards) => setDraft((d) => ({ ...d, memberRewards }))} />
      <Section title="等级佣金比例">
        <Text className="owner-hint">按推荐人自己的等级和与买家的距离计算（一级：直接推荐；二级：推荐人的推荐人）。高等级的比例不能低于低等级。</Text>
        {STAGES.map((s) => <TierRow key={s} stage={s} tier={draft.tiers[s]} onChange={tier(s)} />)}
      </Section>
      <Section title="商品规则">
        <Text className="owner-hint">留空按零售价 × 比例计算；填写固定佣金则每件按固定金额计算。每件商品的最高佣金不能超过上限。</Text>
        {settings.payouts.map((p) => <ProductRule key={p.productId} payout={p} rule={draft.rules[p.productId]} onChange={rule(p.productId)} />)}
      </Section>
      <Section title="规则">
        <Field id="payout-cap" label="佣金上限" unit="% 最低实收" value={draft.cap} onInput={(cap) => setDraft((d) => ({ ...d, cap }))} />
        <Field id="refund-window" label="退款期" unit="天" type="number" value={draft.refundDays} onInput={(refundDays) => setDraft((d) => ({ ...d, refundDays }))} />
        <Field id="min-withdraw" label="最低提现" unit="元" value={draft.minWithdraw} onInput={(minWithdraw) => setDraft((d) => ({ ...d, minWithdraw }))} />
      </Section>
      <BindAtPicker value={draft.bindAt} onPick={(bindAt) => setDraft((d) => ({ ...d, bindAt }))} />
    </View>
  );
}

function draftOf(s: Settings): Draft {
  const ids = s.payouts.filter((p) => !p.excluded).map((p) => p.productId);
  return toDraft(s.config, s.bindAt, ids, s.memberRewards);
}

function CommissionForm({ initial }: { initial: Settings }) {
  const [settings, setSettings] = useState(initial);
  const [draft, setDraftState] = useState<Draft>(() => draftOf(initial));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);

  const setDraft = (update: (d: Draft) => Draft) => {
    setDraftState(update);
    setSaved(false);
  };

  const save = async () => {
    if (saving) return;
    const parsed = parseDraft(draft, Object.fromEntries(settings.payouts.map((p) => [p.productId, p.name])));
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    setSaving(true);
    try {
      const next = await admin('partner.settings.update', { config: parsed.config, bindAt: parsed.bindAt, memberRewards: parsed.memberRewards });
      setSettings(next);
      setDraftState(draftOf(next));
      setError(null);
      setSaved(true);
    } catch (e) {
      // The server names the tier or product and by how much: shown as it is.
      setError(errorMessage(e));
      setSaved(false);
    } finally {
      setSaving(false);
    }
  };

  return (
    <View>
      <Form settings={settings} draft={draft} setDraft={setDraft} />
      {error !== null && <Text id="commission-error" className="owner-error">{error}</Text>}
      {saved && <Text id="commission-status" className="owner-saved">已保存</Text>}
      <Button id="save-commission" type="primary" block loading={saving} disabled={saving} onClick={() => void save()}>保存</Button>
    </View>
  );
}

export default function OwnerCommissionPage() {
  // The form keeps what the owner is typing: loaded once per visit, not again on every show.
  const q = useQuery(() => admin('partner.settings.get', {}), { reloadOnShow: false });
  return (
    <View className="owner-commission page">
      <Loadable query={q} skeleton={<Skeleton variant="card" rows={4} />}>
        {(settings) => <CommissionForm initial={settings} />}
      </Loadable>
    </View>
  );
}
