import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { admin, errorMessage, type ClientInput } from '../../../api/client';
import { Loadable, Section, Skeleton } from '../../../components/ui';
import type { Tier } from '../../../contracts';
import { useQuery } from '../../../hooks/useQuery';
import { formatYuanInput, parseYuanToFen } from '../../../utils/format';
import { STAGE_HOW_TO_REACH } from '../../../utils/labels';
import { Field, FieldRow } from '../../components/Field';

type TierInput = ClientInput<'admin', 'tiers.update'>['tiers'][number];

/** What the owner is typing; numbers are parsed only on save, so half-typed text is allowed. */
interface Draft {
  name: string;
  multiplierText: string;
  spendText: string;
}

/** Fans and customers are reached by visiting and paying; only the upper tiers take a threshold. */
const hasSpendRule = (id: Tier['_id']) => id === 'member' || id === 'partner';

function toDraft(t: Tier): Draft {
  return { name: t.name, multiplierText: `${t.pointsMultiplierPct}`, spendText: t.minSpentFen === null ? '' : formatYuanInput(t.minSpentFen) };
}

type Parsed = { ok: true; tier: TierInput } | { ok: false; message: string };

/** Pure: checks the form's text; order and privilege rules are the server's to judge. */
function parseDraft(t: Tier, d: Draft): Parsed {
  const name = d.name.trim();
  if (name === '') return { ok: false, message: '等级名称不能为空' };
  const pct = /^\d{1,4}$/.test(d.multiplierText.trim()) ? Number(d.multiplierText.trim()) : NaN;
  if (!(pct >= 0 && pct <= 1000)) return { ok: false, message: `${name}的积分倍率须为 0 到 1000 之间的整数` };
  if (!hasSpendRule(t._id) || d.spendText.trim() === '') return { ok: true, tier: { _id: t._id, name, pointsMultiplierPct: pct, minSpentFen: null } };
  const fen = parseYuanToFen(d.spendText);
  if (fen === null || fen <= 0) return { ok: false, message: `${name}的消费门槛须为大于 0 的金额，最多两位小数` };
  return { ok: true, tier: { _id: t._id, name, pointsMultiplierPct: pct, minSpentFen: fen } };
}

interface CardProps {
  tier: Tier;
  draft: Draft;
  onChange: (patch: Partial<Draft>) => void;
}

function TierCard({ tier, draft, onChange }: CardProps) {
  const id = tier._id;
  return (
    <Section id={`owner-tier-${id}`} title={`等级 ${tier.rank + 1}`}>
      <Field id={`tier-name-${id}`} label="名称" value={draft.name} maxlength={10} onInput={(name) => onChange({ name })} />
      <Field id={`tier-mult-${id}`} label="积分倍率" unit="%" type="number" value={draft.multiplierText} onInput={(multiplierText) => onChange({ multiplierText })} />
      {hasSpendRule(id) ? (
        <Field id={`tier-spend-${id}`} label="消费门槛" unit="元" type="digit" placeholder="不设门槛" value={draft.spendText} onInput={(spendText) => onChange({ spendText })} />
      ) : (
        <FieldRow label="如何进入"><Text>{STAGE_HOW_TO_REACH[id]}</Text></FieldRow>
      )}
    </Section>
  );
}

const sortTiers = (list: Tier[]) => [...list].sort((a, b) => a.rank - b.rank);

function TiersForm({ tiers, onSaved }: { tiers: Tier[]; onSaved: (tiers: Tier[]) => void }) {
  const [drafts, setDrafts] = useState<Partial<Record<Tier['_id'], Draft>>>(() => Object.fromEntries(tiers.map((t) => [t._id, toDraft(t)])));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // '已保存' stays until the next edit, so the owner knows the form matches the server.
  const [saved, setSaved] = useState(false);

  const save = async () => {
    const parsed = tiers.map((t) => parseDraft(t, drafts[t._id] ?? toDraft(t)));
    const invalid = parsed.find((p): p is { ok: false; message: string } => !p.ok);
    if (invalid) {
      setError(invalid.message);
      return;
    }
    setSaving(true);
    try {
      const res = await admin('tiers.update', { tiers: parsed.map((p) => (p as { ok: true; tier: TierInput }).tier) });
      const next = sortTiers(res.tiers);
      setDrafts(Object.fromEntries(next.map((t) => [t._id, toDraft(t)])));
      onSaved(next);
      setError(null);
      setSaved(true);
      void Taro.showToast({ title: '已保存', icon: 'success' });
    } catch (e) {
      // The server explains what breaks the ladder (e.g. 会员的积分倍率不能低于顾客): show it as it is.
      setError(errorMessage(e));
      setSaved(false);
    } finally {
      setSaving(false);
    }
  };

  return (
    <View>
      {tiers.map((t) => (
        <TierCard
          key={t._id}
          tier={t}
          draft={drafts[t._id] ?? toDraft(t)}
          onChange={(patch) => {
            setSaved(false);
            setDrafts((all) => ({ ...all, [t._id]: { ...(all[t._id] ?? toDraft(t)), ...patch } }));
          }}
        />
      ))}
      {error !== null && <Text id="tiers-error" className="owner-error">{error}</Text>}
      {saved && <Text id="tiers-status" className="owner-saved">已保存</Text>}
      <Button id="save-tiers" type="primary" block loading={saving} disabled={saving} onClick={() => void save()}>保存</Button>
    </View>
  );
}

export default function OwnerTiersPage() {
  const q = useQuery(async () => sortTiers((await admin('tiers.list', {})).tiers), { reloadOnShow: false });
  return (
    <View className="owner-tiers page">
      <Text className="owner-hint">积分倍率以 100% 为基础倍率，高等级不能低于低等级；累计消费达到门槛即永久升级。</Text>
      <Loadable query={q} skeleton={<Skeleton variant="card" rows={4} />}>
        {(tiers) => <TiersForm tiers={tiers} onSaved={q.set} />}
      </Loadable>
    </View>
  );
}
