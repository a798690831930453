import { Button, Switch, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { admin, errorMessage, shop } from '../../../api/client';
import type { AdminCampaign, Campaign, Product } from '../../../contracts';
import { formatDateTime } from '../../../utils/format';
import { flag } from '../../../utils/flag';
import { formatFen } from '../../../utils/format';
import { newRequestId } from '../../../utils/requestId';
import { emptyDraft, parseDraft, type Draft } from './draft';
import { Field } from '../../components/Field';
import './index.scss';

const PHASE_LABEL: Record<Campaign['phase'], string> = { upcoming: '未开始', running: '进行中', ended: '已结束', stopped: '已停用' };

function hoursText(ms: number): string {
  return ms % 3600000 === 0 ? `${ms / 3600000} 小时` : `${Math.round(ms / 60000)} 分钟`;
}

function CampaignCard({ campaign: c, busy, onToggle }: { campaign: AdminCampaign; busy: boolean; onToggle: () => void }) {
  const groupsUrl = `/owner/pages/groupbuy-groups/index?id=${c._id}&title=${encodeURIComponent(c.title)}`;
  const leader = c.leaderPriceFen === null ? '' : ` · 团长价 ${formatFen(c.leaderPriceFen)}`;
  const fill = c.fillOnExpiryMinPaid === null ? '满员成团' : `到期满 ${c.fillOnExpiryMinPaid} 人补位成团`;
  return (
    <View id={`owner-campaign-${c._id}`} className="card">
      <View className="row">
        <Text className="owner-gb__title">{c.title}</Text>
        <Text id={`owner-campaign-phase-${c._id}`} className="tag">{PHASE_LABEL[c.phase]}</Text>
      </View>
      <Text className="muted">{`${c.productName} · 原价 ${formatFen(c.listPriceFen)}`}</Text>
      <Text className="owner-gb__meta">{`${c.groupSize} 人团 ${formatFen(c.groupPriceFen)}${leader} · ${hoursText(c.timeLimitMs)}`}</Text>
      <Text className="owner-gb__meta muted">{`${fill} · 每人限 ${c.perUserLimit} 次 · 佣金${c.commissionEnabled ? '开' : '关'}`}</Text>
      <Text className="owner-gb__meta muted">{`库存 ${c.stockLeft}/${c.stock} · ${formatDateTime(c.startAtMs)} 至 ${formatDateTime(c.endAtMs)}`}</Text>
      <Text id={`owner-campaign-stats-${c._id}`} className="owner-gb__meta">
        {`拼团中 ${c.stats.openGroups} · 已成团 ${c.stats.succeededGroups} · 已失败 ${c.stats.failedGroups}`}
      </Text>
      <View className="owner-gb__actions">
        <Button id={`owner-campaign-groups-${c._id}`} size="mini" onClick={() => void Taro.navigateTo({ url: groupsUrl })}>查看团</Button>
        <Button id={`toggle-campaign-${c._id}`} size="mini" loading={flag(busy)} disabled={flag(busy)} onClick={onToggle}>{c.active ? '停用' : '启用'}</Button>
      </View>
    </View>
  );
}

function ProductChoice({ products, selected, onSelect }: { products: Product[]; selected: string | null; onSelect: (p: Product) => void }) {
  return (
    <View className="owner-gb__products">
      {products.map((p) => (
        <Text key={p._id} id={`gb-product-${p._id}`} className={`owner-gb__product${selected === p._id ? ' owner-gb__product--selected' : ''}`} onClick={() => onSelect(p)}>
          {`${p.name} ${formatFen(p.listPriceFen)}`}
        </Text>
      ))}
    </View>
  );
}

interface FormProps {
  products: Product[];
  draft: Draft;
  saving: boolean;
  error: string | null;
  onChange: (patch: Partial<Draft>) => void;
  onSubmit: () => void;
}

function CreateForm({ products, draft, saving, error, onChange, onSubmit }: FormProps) {
  const pick = (p: Product) => onChange({ productId: p._id, title: draft.title.trim() === '' ? `${p.name} 拼团`.slice(0, 30) : draft.title });
  return (
    <View id="gb-create-form" className="card">
      <Text className="owner-gb__title">新建拼团活动</Text>
      <ProductChoice products={products} selected={draft.productId} onSelect={pick} />
      <Field id="gb-title" label="活动名称" value={draft.title} onInput={(title) => onChange({ title })} />
      <Field id="gb-price" label="拼团价" unit="元" type="digit" value={draft.price} onInput={(price) => onChange({ price })} />
      <Field id="gb-leader-price" label="团长价" unit="元" type="digit" placeholder="不设，同拼团价" value={draft.leaderPrice} onInput={(leaderPrice) => onChange({ leaderPrice })} />
      <Field id="gb-size" label="成团人数" unit="人" type="number" value={draft.size} onInput={(size) => onChange({ size })} />
      <Field id="gb-hours" label="成团时限" unit="小时" type="digit" value={draft.hours} onInput={(hours) => onChange({ hours })} />
      <Field id="gb-stock" label="活动库存" unit="件" type="number" value={draft.stock} onInput={(stock) => onChange({ stock })} />
      <Field id="gb-per-user" label="每人限参" unit="次" type="number" value={draft.perUser} onInput={(perUser) => onChange({ perUser })} />
      <Field id="gb-fill" label="到期凑团" unit="人" type="number" placeholder="不设，满员才成团" value={draft.fill} onInput={(fill) => onChange({ fill })} />
      <Text className="owner-gb__hint muted">到期凑团：到期时已付款满这么多人也算成团，空位由店铺补齐；会如实告诉顾客。</Text>
      <View className="owner-field">
        <Text className="owner-field__label">分销佣金</Text>
        <Switch id="gb-commission" checked={draft.commission} color="#c0392b" onChange={(e) => onChange({ commission: e.detail.value })} />
      </View>
      <Field id="gb-start" label="开始时间" value={draft.start} onInput={(start) => onChange({ start })} />
      <Field id="gb-end" label="结束时间" value={draft.end} onInput={(end) => onChange({ end })} />
      {error !== null && <Text id="gb-error" className="error">{error}</Text>}
      <Button id="gb-create" className="primary-button" loading={flag(saving)} disabled={flag(saving)} onClick={onSubmit}>创建活动</Button>
    </View>
  );
}

/** The campaign's own settings as an update that flips only `active` (compare-and-set on version). */
function toggled(c: AdminCampaign) {
  return {
    campaignId: c._id, version: c.version, active: !c.active, title: c.title, groupPriceFen: c.groupPriceFen, leaderPriceFen: c.leaderPriceFen,
    groupSize: c.groupSize, timeLimitMs: c.timeLimitMs, stock: c.stock, perUserLimit: c.perUserLimit, fillOnExpiryMinPaid: c.fillOnExpiryMinPaid,
    commissionEnabled: c.commissionEnabled, startAtMs: c.startAtMs, endAtMs: c.endAtMs,
  };
}

export default function OwnerGroupBuyPage() {
  const [campaigns, setCampaigns] = useState<AdminCampaign[] | null>(null);
  const [products, setProducts] = useState<Product[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(Date.now()));
  const [requestId, setRequestId] = useState(newRequestId);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [toggling, setToggling] = useState<string | null>(null);

  const load = useCallback(() => {
    Promise.all([admin('groupbuy.campaign.list', {}), shop('catalog.list', {})])
      .then(([list, catalog]) => {
        setCampaigns(list.campaigns);
        setProducts(catalog.products);
        setLoadError(null);
      })
      .catch((e: unknown) => setLoadError(errorMessage(e)));
  }, []);

  useDidShow(load);

  const create = async () => {
    const parsed = parseDraft(draft);
    if (!parsed.ok) {
      setFormError(parsed.message);
      return;
    }
    setSaving(true);
    setFormError(null);
    try {
      const { campaign } = await admin('groupbuy.campaign.create', { ...parsed.config, requestId });
      setCampaigns((list) => [campaign, ...(list ?? []).filter((c) => c._id !== campaign._id)]);
      setDraft(emptyDraft(Date.now()));
      setRequestId(newRequestId());
      void Taro.showToast({ title: '已创建', icon: 'success' });
    } catch (e) {
      setFormError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const toggle = async (c: AdminCampaign) => {
    setToggling(c._id);
    try {
      const { campaign } = await admin('groupbuy.campaign.update', toggled(c));
      setCampaigns((list) => (list ?? []).map((x) => (x._id === campaign._id ? campaign : x)));
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
      load();
    } finally {
      setToggling(null);
    }
  };

  return (
    <View className="owner-groupbuy page">
      {loadError !== null && <Text id="owner-error" className="error">{loadError}</Text>}
      {campaigns === null && loadError === null && <Text className="muted">加载中…</Text>}
      {campaigns !== null && campaigns.length === 0 && <Text className="muted">还没有拼团活动</Text>}
      {campaigns?.map((c) => <CampaignCard key={c._id} campaign={c} busy={toggling === c._id} onToggle={() => void toggle(c)} />)}
      <CreateForm
        products={products}
        draft={draft}
        saving={saving}
        error={formError}
        onChange={(patch) => {
          setDraft((d) => ({ ...d, ...patch }));
          setFormError(null);
        }}
        onSubmit={() => void create()}
      />
    </View>
  );
}
