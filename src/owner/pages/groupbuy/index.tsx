import { Button } from '@nutui/nutui-react-taro';
import { Switch, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { admin, errorMessage } from '../../../api/client';
import { Badge, EmptyState, Loadable, ProductPicture, Section, Skeleton } from '../../../components/ui';
import type { AdminCampaign, Campaign, Product } from '../../../contracts';
import { useQuery } from '../../../hooks/useQuery';
import { THEME } from '../../../theme/tokens';
import { formatDateTime, formatDuration, formatFen } from '../../../utils/format';
import { newRequestId } from '../../../utils/requestId';
import { emptyDraft, parseDraft, type Draft } from './draft';
import { Field, FieldRow } from '../../components/Field';
import './index.scss';

const PHASE_LABEL: Record<Campaign['phase'], string> = { upcoming: '未开始', running: '进行中', ended: '已结束', stopped: '已停用' };

const PHASE_TONE = { upcoming: 'warning', running: 'success', ended: 'grey', stopped: 'grey' } as const;

function CampaignCard({ campaign: c, busy, onToggle }: { campaign: AdminCampaign; busy: boolean; onToggle: () => void }) {
  const groupsUrl = `/owner/pages/groupbuy-groups/index?id=${c._id}&title=${encodeURIComponent(c.title)}`;
  const leader = c.leaderPriceFen === null ? '' : ` · 团长价 ${formatFen(c.leaderPriceFen)}`;
  const fill = c.fillOnExpiryMinPaid === null ? '满员成团' : `到期满 ${c.fillOnExpiryMinPaid} 人补位成团`;
  return (
    <Section id={`owner-campaign-${c._id}`}>
      <View className="owner-card-head">
        <Text className="owner-card-title">{c.title}</Text>
        <Badge id={`owner-campaign-phase-${c._id}`} text={PHASE_LABEL[c.phase]} tone={PHASE_TONE[c.phase]} />
      </View>
      <Text className="owner-meta">{`${c.productName}${c.specName ? ` ${c.specName}` : ''} · 原价 ${formatFen(c.listPriceFen)}`}</Text>
      <Text className="owner-line">{`${c.groupSize} 人团 ${formatFen(c.groupPriceFen)}${leader} · ${formatDuration(c.timeLimitMs)}`}</Text>
      <Text className="owner-meta">{`${fill} · 每人限 ${c.perUserLimit} 次 · 佣金${c.commissionEnabled ? '开' : '关'}`}</Text>
      <Text className="owner-meta">{`库存 ${c.stockLeft}/${c.stock} · ${formatDateTime(c.startAtMs)} 至 ${formatDateTime(c.endAtMs)}`}</Text>
      <View className="owner-gb__stats">
        <Text id={`owner-campaign-stats-${c._id}`}>{`拼团中 ${c.stats.openGroups} · 已成团 ${c.stats.succeededGroups} · 已失败 ${c.stats.failedGroups}`}</Text>
      </View>
      <View className="owner-actions">
        <Button id={`owner-campaign-groups-${c._id}`} size="small" onClick={() => void Taro.navigateTo({ url: groupsUrl })}>查看团</Button>
        <Button id={`toggle-campaign-${c._id}`} size="small" loading={busy} disabled={busy} onClick={onToggle}>{c.active ? '停用' : '启用'}</Button>
      </View>
    </Section>
  );
}

function ProductChoice({ products, selected, onSelect }: { products: Product[]; selected: string | null; onSelect: (p: Product) => void }) {
  return (
    <View className="owner-gb__products">
      {products.map((p) => (
        <View key={p._id} id={`gb-product-${p._id}`} className={`owner-gb__product${selected === p._id ? ' owner-gb__product--selected' : ''}`} onClick={() => onSelect(p)}>
          <ProductPicture product={p} size="small" />
          <Text className="owner-gb__product-name">{p.name}</Text>
          <Text className="owner-meta">{formatFen(p.listPriceFen)}</Text>
        </View>
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

/** A product with sizes: the campaign sells one of them. */
function SpecChoice({ product, selected, onSelect }: { product: Product | undefined; selected: string | null; onSelect: (specId: string) => void }) {
  if (product === undefined || product.specs.length < 2) return null;
  return (
    <View className="owner-gb__specs">
      <Text className="owner-meta">拼团规格</Text>
      {product.specs.map((s) => (
        <Text key={s._id} id={`gb-spec-${s._id}`} className={`owner-gb__spec${selected === s._id ? ' owner-gb__spec--selected' : ''}`} onClick={() => onSelect(s._id)}>{`${s.name} ${formatFen(s.listPriceFen)}`}</Text>
      ))}
    </View>
  );
}

function CreateForm({ products, draft, saving, error, onChange, onSubmit }: FormProps) {
  const pick = (p: Product) => onChange({ productId: p._id, specId: null, title: draft.title.trim() === '' ? `${p.name} 拼团`.slice(0, 30) : draft.title });
  return (
    <Section id="gb-create-form" title="新建拼团活动">
      <ProductChoice products={products} selected={draft.productId} onSelect={pick} />
      <SpecChoice product={products.find((p) => p._id === draft.productId)} selected={draft.specId} onSelect={(specId) => onChange({ specId })} />
      <Field id="gb-title" label="活动名称" value={draft.title} onInput={(title) => onChange({ title })} />
      <Field id="gb-price" label="拼团价" unit="元" type="digit" value={draft.price} onInput={(price) => onChange({ price })} />
      <Field id="gb-leader-price" label="团长价" unit="元" type="digit" placeholder="不设，同拼团价" value={draft.leaderPrice} onInput={(leaderPrice) => onChange({ leaderPrice })} />
      <Field id="gb-size" label="成团人数" unit="人" type="number" value={draft.size} onInput={(size) => onChange({ size })} />
      <Field id="gb-hours" label="成团时限" unit="小时" type="digit" value={draft.hours} onInput={(hours) => onChange({ hours })} />
      <Field id="gb-stock" label="活动库存" unit="件" type="number" value={draft.stock} onInput={(stock) => onChange({ stock })} />
      <Field id="gb-per-user" label="每人限参" unit="次" type="number" value={draft.perUser} onInput={(perUser) => onChange({ perUser })} />
      <Field id="gb-fill" label="到期凑团" unit="人" type="number" placeholder="不设，满员才成团" value={draft.fill} onInput={(fill) => onChange({ fill })} />
      <Text className="owner-hint owner-gb__hint">到期凑团：到期时已付款满这么多人也算成团，空位由店铺补齐；会如实告诉顾客。</Text>
      <FieldRow label="分销佣金">
        <Switch id="gb-commission" checked={draft.commission} color={THEME.brand} onChange={(e) => onChange({ commission: e.detail.value })} />
      </FieldRow>
      <Field id="gb-start" label="开始时间" value={draft.start} onInput={(start) => onChange({ start })} />
      <Field id="gb-end" label="结束时间" value={draft.end} onInput={(end) => onChange({ end })} />
      {error !== null && <Text id="gb-error" className="owner-error">{error}</Text>}
      <Button id="gb-create" className="owner-submit" type="primary" block loading={saving} disabled={saving} onClick={onSubmit}>创建活动</Button>
    </Section>
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

async function loadPage(): Promise<{ campaigns: AdminCampaign[]; products: Product[] }> {
  const [list, catalog] = await Promise.all([admin('groupbuy.campaign.list', {}), admin('product.list', {})]);
  return { campaigns: list.campaigns, products: catalog.products.filter((p) => p.onSale) };
}

export default function OwnerGroupBuyPage() {
  const q = useQuery(loadPage);
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(Date.now()));
  const [requestId, setRequestId] = useState(newRequestId);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [toggling, setToggling] = useState<string | null>(null);

  const replace = (campaign: AdminCampaign, first: boolean) => {
    if (q.data === null) return;
    const rest = q.data.campaigns.filter((c) => c._id !== campaign._id);
    q.set({ ...q.data, campaigns: first ? [campaign, ...rest] : q.data.campaigns.map((c) => (c._id === campaign._id ? campaign : c)) });
  };

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
      replace(campaign, true);
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
      replace((await admin('groupbuy.campaign.update', toggled(c))).campaign, false);
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
      void q.reload();
    } finally {
      setToggling(null);
    }
  };

  return (
    <View className="owner-groupbuy page">
      <Loadable query={q} skeleton={<Skeleton variant="card" rows={2} />}>
        {({ campaigns, products }) => (
          <View>
            {campaigns.length === 0 && <EmptyState id="campaigns-empty" title="还没有拼团活动" description="在下面新建一个，顾客就能开团了" picture="team" compact />}
            {campaigns.map((c) => <CampaignCard key={c._id} campaign={c} busy={toggling === c._id} onToggle={() => void toggle(c)} />)}
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
        )}
      </Loadable>
    </View>
  );
}
