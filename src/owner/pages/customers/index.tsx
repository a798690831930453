import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { admin, errorMessage, type ClientOutput } from '../../../api/client';
import { Avatar, Badge, EmptyState, Loadable, Price, Skeleton, Stat, Tabs } from '../../../components/ui';
import type { CustomerRow } from '../../../contracts';
import { useQuery } from '../../../hooks/useQuery';
import { formatDate, formatDateTime, formatFen } from '../../../utils/format';
import { ORDER_STATUS_LABEL, STAGE_LABEL, STAGE_ORDER, orderSummary } from '../../../utils/labels';
import { CustomerSearchBox, CustomerSearchResults, type FoundCustomer } from '../../components/CustomerSearch';
import '../../owner.scss';
import './index.scss';

type Stage = CustomerRow['stage'];
type Tab = Stage | 'all';
type Counts = Record<string, number>;
type ListPage = ClientOutput<'admin', 'customers.list'>;

const PAGE_SIZE = 20;
const TABS: readonly { key: Tab; label: string }[] = [{ key: 'all', label: '全部' }, ...STAGE_ORDER.map((s) => ({ key: s, label: STAGE_LABEL[s] }))];

/** The head-count of a tab; 全部 is the sum of the stages. */
function countOf(counts: Counts, tab: Tab): number {
  if (tab !== 'all') return counts[tab] ?? 0;
  return STAGE_ORDER.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
}

function fetchPage(tab: Tab, beforeMs: number | null) {
  return admin('customers.list', { limit: PAGE_SIZE, ...(tab === 'all' ? {} : { stage: tab }), ...(beforeMs === null ? {} : { beforeMs }) });
}

/** A later page may repeat a row the owner already has (joins at the same moment): keep the first. */
function appendNew(prev: CustomerRow[], next: CustomerRow[]): CustomerRow[] {
  const seen = new Set(prev.map((c) => c.openid));
  return [...prev, ...next.filter((c) => !seen.has(c.openid))];
}


function DetailPanel({ customer }: { customer: CustomerRow }) {
  const q = useQuery(() => admin('customer.get', { openid: customer.openid }), { key: customer.openid });
  return (
    <View id="customer-detail" className="owner-customer__detail">
      <Loadable query={q} skeleton={<Skeleton variant="card" rows={1} />}>
        {(detail) => (
          <View>
            <View className="owner-customer__stats">
              <Stat id="customer-points" value={`${detail.balances.points}`} label="积分" />
              <Stat id="customer-principal" value={formatFen(detail.balances.principalFen)} label="储值本金" />
              <Stat id="customer-bonus" value={formatFen(detail.balances.bonusFen)} label="储值赠送" />
            </View>
            {detail.customer.stageUntilMs !== null && <Text className="owner-meta">{`${STAGE_LABEL[detail.customer.stage]}有效期至 ${formatDate(detail.customer.stageUntilMs)}`}</Text>}
            <Text className="owner-customer__orders-title">最近订单</Text>
            {detail.orders.length === 0 && <Text id="customer-orders-empty" className="owner-meta">还没有订单</Text>}
            {detail.orders.map((o) => (
              <View key={o._id} id={`customer-order-${o._id}`} className="owner-customer__order">
                <View className="owner-card-head">
                  <Text className="owner-line">{orderSummary(o)}</Text>
                  <Text id={`customer-order-status-${o._id}`} className="owner-meta">{ORDER_STATUS_LABEL[o.status]}</Text>
                </View>
                <View className="owner-card-head">
                  <Text className="owner-meta">{o.orderNo ?? formatDateTime(o.createdAtMs)}</Text>
                  {o.payMethod === 'points' ? <Text>{`${o.pointsUsed} 积分`}</Text> : <Price fen={o.payableFen} size="s" tone="text" />}
                </View>
              </View>
            ))}
          </View>
        )}
      </Loadable>
    </View>
  );
}

function CustomerCard({ customer: c, open, onToggle }: { customer: CustomerRow; open: boolean; onToggle: () => void }) {
  const id = c.openid;
  const name = c.nickname || '顾客';
  return (
    <View className={`owner-customer${open ? ' owner-customer--open' : ''}`}>
      <View id={`customer-${id}`} className="owner-customer__summary" onClick={onToggle}>
        <Avatar name={name} picture={c.avatar} size="m" />
        <View className="owner-customer__text">
          <View className="owner-card-head">
            <Text className="owner-card-title">{name}</Text>
            <Badge id={`customer-stage-${id}`} text={STAGE_LABEL[c.stage]} tone={c.stage === 'member' || c.stage === 'partner' ? 'gold' : 'grey'} />
          </View>
          <View className="owner-card-head">
            <Text id={`customer-orders-${id}`} className="owner-meta">{`已付 ${c.paidOrderCount} 单`}</Text>
            <Text id={`customer-spent-${id}`} className="owner-customer__spent">{formatFen(c.spentFen)}</Text>
          </View>
          {c.phone !== null && <Text id={`customer-phone-${id}`} className="owner-meta">{`手机 ${c.phone}`}</Text>}
          <View className="owner-card-head">
            <Text id={`customer-referrer-${id}`} className="owner-meta">{`推荐人 ${c.referrerNickname ?? '无'}`}</Text>
            <Text className="owner-meta">{`${formatDate(c.createdAtMs)} 加入 ${open ? '▴' : '▾'}`}</Text>
          </View>
        </View>
      </View>
      {open && <DetailPanel customer={c} />}
    </View>
  );
}

export default function OwnerCustomersPage() {
  const [tab, setTab] = useState<Tab>('all');
  const q = useQuery(() => fetchPage(tab, null), { key: tab });
  // Pages after the first, for this tab; dropped when the tab changes.
  const [more, setMore] = useState<{ tab: Tab; customers: CustomerRow[]; nextBeforeMs: number | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<FoundCustomer | null>(null);

  const pick = (t: Tab) => {
    setMore(null);
    setOpenId(null);
    setTab(t);
  };
  const loadMore = async (first: ListPage) => {
    const extra = more?.tab === tab ? more : null;
    const before = extra === null ? first.nextBeforeMs : extra.nextBeforeMs;
    if (before === null || loadingMore) return;
    setLoadingMore(true);
    try {
      const next = await fetchPage(tab, before);
      setMore({ tab, customers: appendNew(extra?.customers ?? [], next.customers), nextBeforeMs: next.nextBeforeMs });
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    } finally {
      setLoadingMore(false);
    }
  };
  const counts = q.data?.counts ?? null;
  const label = TABS.find((t) => t.key === tab)?.label ?? '';
  return (
    <View className="owner-customers page">
      <CustomerSearchBox value={search} onInput={(t) => { setSearch(t); setFound(null); }} />
      {found === null ? <CustomerSearchResults text={search} selected={null} onPick={setFound} /> : <CustomerCard customer={found} open onToggle={() => setFound(null)} />}
      {search.trim() === '' && <Tabs idPrefix="customers-tab" items={TABS.map((t) => ({ ...t, count: counts === null ? null : countOf(counts, t.key) }))} active={tab} onChange={pick} sticky />}
      {search.trim() === '' && <Loadable query={q} skeleton={<Skeleton variant="list" rows={4} />}>
        {(first) => {
          const extra = more?.tab === tab ? more : null;
          const customers = appendNew(first.customers, extra?.customers ?? []);
          const next = extra === null ? first.nextBeforeMs : extra.nextBeforeMs;
          if (customers.length === 0) return <EmptyState id="customers-empty" title={tab === 'all' ? '还没有顾客' : `还没有${label}`} picture="team" />;
          return (
            <View>
              {customers.map((c) => <CustomerCard key={c.openid} customer={c} open={openId === c.openid} onToggle={() => setOpenId(openId === c.openid ? null : c.openid)} />)}
              {next !== null && (
                <View className="owner-customers__more">
                  <Button id="customers-more" size="small" loading={loadingMore} onClick={() => void loadMore(first)}>加载更多</Button>
                </View>
              )}
              {next === null && <Text id="customers-end" className="owner-customers__end">没有更多了</Text>}
            </View>
          );
        }}
      </Loadable>}
    </View>
  );
}
