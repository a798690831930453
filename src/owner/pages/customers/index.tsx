import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { admin, errorMessage, type ClientOutput } from '../../../api/client';
import type { CustomerRow } from '../../../contracts';
import { formatDate, formatDateTime } from '../../../utils/format';
import { flag } from '../../../utils/flag';
import { ORDER_STATUS_LABEL, STAGE_LABEL, STAGE_ORDER } from '../../../utils/labels';
import { formatFen } from '../../../utils/format';
import './index.scss';

type Stage = CustomerRow['stage'];
type Tab = Stage | 'all';
type Counts = Record<string, number>;
type CustomerDetail = ClientOutput<'admin', 'customer.get'>;
type DetailOrder = CustomerDetail['orders'][number];

const PAGE_SIZE = 20;

const TABS: readonly { key: Tab; label: string }[] = [
  { key: 'all', label: '全部' },
  ...STAGE_ORDER.map((s) => ({ key: s, label: STAGE_LABEL[s] })),
];

/** The head-count of a tab; 全部 is the sum of the stages. */
function countOf(counts: Counts, tab: Tab): number {
  if (tab !== 'all') return counts[tab] ?? 0;
  return STAGE_ORDER.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
}

function fetchPage(tab: Tab, beforeMs: number | null) {
  return admin('customers.list', {
    limit: PAGE_SIZE,
    ...(tab === 'all' ? {} : { stage: tab }),
    ...(beforeMs === null ? {} : { beforeMs }),
  });
}

/** A later page may repeat a row the owner already has (joins at the same moment): keep the first. */
function appendNew(prev: CustomerRow[], next: CustomerRow[]): CustomerRow[] {
  const seen = new Set(prev.map((c) => c.openid));
  return [...prev, ...next.filter((c) => !seen.has(c.openid))];
}

function orderSummary(order: DetailOrder): string {
  if (order.kind === 'topup') return '储值充值';
  const first = order.lines[0];
  if (first === undefined) return '';
  const what = order.lines.length > 1 ? `${first.name} 等${order.lines.length}件` : `${first.name} x ${first.qty}`;
  return order.kind === 'group' ? `拼团 · ${what}` : what;
}

function orderAmount(order: DetailOrder): string {
  return order.payMethod === 'points' ? `${order.pointsUsed} 积分` : formatFen(order.payableFen);
}

function Tabs({ tab, counts, onPick }: { tab: Tab; counts: Counts | null; onPick: (t: Tab) => void }) {
  return (
    <View className="owner-customers__tabs">
      {TABS.map((t) => (
        <View
          key={t.key}
          id={`customers-tab-${t.key}`}
          className={`owner-customers__tab${t.key === tab ? ' owner-customers__tab--active' : ''}`}
          onClick={() => onPick(t.key)}
        >
          <Text className="owner-customers__tab-label">{t.label}</Text>
          <Text className="owner-customers__count">{counts === null ? '-' : `${countOf(counts, t.key)}`}</Text>
        </View>
      ))}
    </View>
  );
}

function Stat({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <View className="owner-customer__stat">
      <Text className="muted">{label}</Text>
      <Text id={id} className="owner-customer__stat-value">{value}</Text>
    </View>
  );
}

function DetailOrderRow({ order }: { order: DetailOrder }) {
  const id = order._id;
  return (
    <View id={`customer-order-${id}`} className="owner-customer__order">
      <View className="row">
        <Text>{orderSummary(order)}</Text>
        <Text id={`customer-order-status-${id}`} className={`owner-customer__order-status owner-customer__order-status--${order.status}`}>
          {ORDER_STATUS_LABEL[order.status]}
        </Text>
      </View>
      <View className="row">
        <Text className="muted">{formatDateTime(order.createdAtMs)}</Text>
        <Text className="price">{orderAmount(order)}</Text>
      </View>
    </View>
  );
}

function DetailPanel({ detail, error }: { detail: CustomerDetail | null; error: string | null }) {
  return (
    <View id="customer-detail" className="owner-customer__detail">
      {error !== null && <Text id="customer-detail-error" className="error">{error}</Text>}
      {detail === null && error === null && <Text className="muted">加载中…</Text>}
      {detail !== null && (
        <View>
          <View className="owner-customer__stats">
            <Stat id="customer-points" label="积分" value={`${detail.balances.points}`} />
            <Stat id="customer-principal" label="储值本金" value={formatFen(detail.balances.principalFen)} />
            <Stat id="customer-bonus" label="储值赠送" value={formatFen(detail.balances.bonusFen)} />
          </View>
          {detail.customer.stageUntilMs !== null && (
            <Text className="owner-customer__until muted">{`${STAGE_LABEL[detail.customer.stage]}有效期至 ${formatDate(detail.customer.stageUntilMs)}`}</Text>
          )}
          <Text className="owner-customer__orders-title">最近订单</Text>
          {detail.orders.length === 0 && <Text id="customer-orders-empty" className="muted">还没有订单</Text>}
          {detail.orders.map((o) => <DetailOrderRow key={o._id} order={o} />)}
        </View>
      )}
    </View>
  );
}

interface RowProps {
  customer: CustomerRow;
  open: boolean;
  onToggle: () => void;
  detail: CustomerDetail | null;
  detailError: string | null;
}

function CustomerCard({ customer: c, open, onToggle, detail, detailError }: RowProps) {
  const id = c.openid;
  return (
    <View className={`owner-customer card${open ? ' owner-customer--open' : ''}`}>
      <View id={`customer-${id}`} className="owner-customer__summary" onClick={onToggle}>
        <View className="row">
          <Text className="owner-customer__name">{c.nickname || c.openid}</Text>
          <Text id={`customer-stage-${id}`} className={`tag owner-customer__stage--${c.stage}`}>{STAGE_LABEL[c.stage]}</Text>
        </View>
        <View className="row">
          <Text id={`customer-orders-${id}`} className="muted">{`已付 ${c.paidOrderCount} 单`}</Text>
          <Text id={`customer-spent-${id}`} className="price">{formatFen(c.spentFen)}</Text>
        </View>
        <View className="row">
          <Text id={`customer-referrer-${id}`} className="muted">{`推荐人 ${c.referrerNickname ?? '无'}`}</Text>
          <Text className="muted">{`${formatDate(c.createdAtMs)} 加入 ${open ? '▴' : '▾'}`}</Text>
        </View>
      </View>
      {open && <DetailPanel detail={detail} error={detailError} />}
    </View>
  );
}

export default function OwnerCustomersPage() {
  const [tab, setTab] = useState<Tab>('all');
  const [customers, setCustomers] = useState<CustomerRow[] | null>(null);
  const [nextBeforeMs, setNextBeforeMs] = useState<number | null>(null);
  const [counts, setCounts] = useState<Counts | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [detail, setDetail] = useState<CustomerDetail | null>(null);
  const [detailError, setDetailError] = useState<string | null>(null);
  // Answers to a tab the owner has since left, or a customer since closed, are dropped.
  const listSeq = useRef(0);
  const detailSeq = useRef(0);

  const reload = (t: Tab) => {
    const seq = ++listSeq.current;
    setLoadingMore(false);
    fetchPage(t, null)
      .then((res) => {
        if (seq !== listSeq.current) return;
        setCustomers(res.customers);
        setNextBeforeMs(res.nextBeforeMs);
        setCounts(res.counts);
        setError(null);
      })
      .catch((e: unknown) => {
        if (seq === listSeq.current) setError(errorMessage(e));
      });
  };

  const loadDetail = (openid: string) => {
    const seq = ++detailSeq.current;
    setDetailError(null);
    admin('customer.get', { openid })
      .then((res) => {
        if (seq === detailSeq.current) setDetail(res);
      })
      .catch((e: unknown) => {
        if (seq === detailSeq.current) setDetailError(errorMessage(e));
      });
  };

  useDidShow(() => {
    reload(tab);
    if (openId !== null) loadDetail(openId);
  });

  const pick = (t: Tab) => {
    setTab(t);
    setCustomers(null);
    setNextBeforeMs(null);
    setError(null);
    setOpenId(null);
    setDetail(null);
    detailSeq.current += 1;
    reload(t);
  };

  const loadMore = () => {
    if (loadingMore || nextBeforeMs === null) return;
    const seq = listSeq.current;
    setLoadingMore(true);
    fetchPage(tab, nextBeforeMs)
      .then((res) => {
        if (seq !== listSeq.current) return;
        setCustomers((prev) => appendNew(prev ?? [], res.customers));
        setNextBeforeMs(res.nextBeforeMs);
        setCounts(res.counts);
      })
      .catch((e: unknown) => {
        if (seq === listSeq.current) void Taro.showToast({ title: errorMessage(e), icon: 'none' });
      })
      .finally(() => {
        if (seq === listSeq.current) setLoadingMore(false);
      });
  };

  const toggle = (openid: string) => {
    setDetail(null);
    if (openId === openid) {
      setOpenId(null);
      detailSeq.current += 1;
      return;
    }
    setOpenId(openid);
    loadDetail(openid);
  };

  const label = TABS.find((t) => t.key === tab)?.label ?? '';

  return (
    <View className="owner-customers page">
      <Tabs tab={tab} counts={counts} onPick={pick} />
      {error !== null && <Text id="owner-error" className="error">{error}</Text>}
      {customers === null && error === null && <Text className="muted">加载中…</Text>}
      {customers !== null && customers.length === 0 && (
        <Text id="customers-empty" className="muted">{tab === 'all' ? '还没有顾客' : `还没有${label}`}</Text>
      )}
      {customers?.map((c) => (
        <CustomerCard
          key={c.openid}
          customer={c}
          open={openId === c.openid}
          onToggle={() => toggle(c.openid)}
          detail={openId === c.openid ? detail : null}
          detailError={openId === c.openid ? detailError : null}
        />
      ))}
      {customers !== null && nextBeforeMs !== null && (
        <Button id="customers-more" className="owner-customers__more" size="mini" loading={flag(loadingMore)} disabled={flag(loadingMore)} onClick={loadMore}>
          加载更多
        </Button>
      )}
      {customers !== null && customers.length > 0 && nextBeforeMs === null && (
        <Text id="customers-end" className="owner-customers__end muted">没有更多了</Text>
      )}
    </View>
  );
}
