import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { admin, errorMessage, type ClientInput } from '../../../api/client';
import type { Tier } from '../../../contracts';
import { flag } from '../../../utils/flag';
import { STAGE_HOW_TO_REACH } from '../../../utils/labels';
import { formatYuanInput, parseYuanToFen } from '../../../utils/format';
import '../../owner.scss';
import './index.scss';

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
    <View id={`owner-tier-${id}`} className="card">
      <Text className="owner-tier__title">{`等级 ${tier.rank + 1}`}</Text>
      <View className="owner-field">
        <Text className="owner-field__label">名称</Text>
        <Input id={`tier-name-${id}`} className="owner-field__input" value={draft.name} maxlength={10} onInput={(e) => onChange({ name: e.detail.value })} />
      </View>
      <View className="owner-field">
        <Text className="owner-field__label">积分倍率</Text>
        <Input id={`tier-mult-${id}`} className="owner-field__input" type="number" value={draft.multiplierText} onInput={(e) => onChange({ multiplierText: e.detail.value })} />
        <Text className="owner-field__unit">%</Text>
      </View>
      <View className="owner-field">
        <Text className="owner-field__label">消费门槛</Text>
        {hasSpendRule(id) ? (
          <Input id={`tier-spend-${id}`} className="owner-field__input" type="digit" placeholder="不设门槛" value={draft.spendText} onInput={(e) => onChange({ spendText: e.detail.value })} />
        ) : (
          <Text className="muted">{STAGE_HOW_TO_REACH[id]}</Text>
        )}
        {hasSpendRule(id) && <Text className="owner-field__unit">元</Text>}
      </View>
    </View>
  );
}

export default function OwnerTiersPage() {
  const [tiers, setTiers] = useState<Tier[] | null>(null);
  const [drafts, setDrafts] = useState<Partial<Record<Tier['_id'], Draft>>>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // '已保存' stays until the next edit, so the owner knows the form matches the server.
  const [saved, setSaved] = useState(false);

  const show = useCallback((list: Tier[]) => {
    const sorted = [...list].sort((a, b) => a.rank - b.rank);
    setTiers(sorted);
    setDrafts(Object.fromEntries(sorted.map((t) => [t._id, toDraft(t)])));
  }, []);

  const load = useCallback(() => {
    admin('tiers.list', {})
      .then((res) => {
        show(res.tiers);
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [show]);

  useDidShow(load);

  const save = async (list: Tier[]) => {
    const parsed = list.map((t) => parseDraft(t, drafts[t._id] ?? toDraft(t)));
    const invalid = parsed.find((p): p is { ok: false; message: string } => !p.ok);
    if (invalid) {
      setError(invalid.message);
      return;
    }
    setSaving(true);
    try {
      const res = await admin('tiers.update', { tiers: parsed.map((p) => (p as { ok: true; tier: TierInput }).tier) });
      show(res.tiers);
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

  if (tiers === null) {
    return <View className="page">{error !== null ? <Text id="tiers-error" className="error">{error}</Text> : <Text className="muted">加载中…</Text>}</View>;
  }
  return (
    <View className="owner-tiers page">
      <Text className="owner-tiers__hint muted">积分倍率以 100% 为基础倍率，高等级不能低于低等级；累计消费达到门槛即永久升级。</Text>
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
      {error !== null && <Text id="tiers-error" className="owner-tiers__error error">{error}</Text>}
      {saved && <Text id="tiers-status" className="owner-tiers__status">已保存</Text>}
      <Button id="save-tiers" className="primary-button" loading={flag(saving)} disabled={flag(saving)} onClick={() => void save(tiers)}>保存</Button>
    </View>
  );
}
