import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { admin, errorMessage } from '../../../api/client';
import type { StoreSummary } from '../../../contracts';
import { formatDateTime } from '../../../utils/format';
import { formatFen } from '../../../utils/format';
import './index.scss';

function Stat({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <View className="owner-stat">
      <Text className="muted">{label}</Text>
      <Text id={id} className="owner-stat__value">{value}</Text>
    </View>
  );
}

function Sales({ summary }: { summary: StoreSummary }) {
  return (
    <View className="card">
      <Text className="owner-dashboard__title">经营概况</Text>
      <View className="owner-stats">
        <Stat id="owner-sales" label="销售额" value={formatFen(summary.salesFen)} />
        <Stat id="owner-paid-orders" label="已支付订单" value={`${summary.paidOrderCount}`} />
        <Stat id="owner-customers" label="顾客数" value={`${summary.customerCount}`} />
      </View>
    </View>
  );
}

/** What the store still owes its members; rolled up by the cron, so it carries its time. */
function Liabilities({ summary }: { summary: StoreSummary }) {
  const at = summary.rolledUpAtMs === null ? '尚未统计' : `统计于 ${formatDateTime(summary.rolledUpAtMs)}`;
  return (
    <View className="card">
      <Text className="owner-dashboard__title">负债</Text>
      <View className="owner-stats">
        <Stat id="owner-sv-principal" label="储值本金" value={formatFen(summary.storedValuePrincipalFen)} />
        <Stat id="owner-sv-bonus" label="储值赠送" value={formatFen(summary.storedValueBonusFen)} />
        <Stat id="owner-points" label="积分余额" value={`${summary.pointsOutstanding}`} />
      </View>
      <Text id="owner-rolled-up-at" className="owner-dashboard__note muted">{at}</Text>
    </View>
  );
}

const LINKS = [
  { id: 'go-owner-orders', title: '订单管理', url: '/owner/pages/orders/index' },
  { id: 'go-owner-customers', title: '顾客管理', url: '/owner/pages/customers/index' },
  { id: 'go-owner-tiers', title: '会员等级', url: '/owner/pages/tiers/index' },
  { id: 'go-owner-products', title: '商品与价格', url: '/owner/pages/products/index' },
  { id: 'go-owner-wallet-refund', title: '储值退款', url: '/owner/pages/wallet-refund/index' },
  { id: 'go-owner-commission', title: '佣金设置', url: '/owner/pages/commission/index' },
  { id: 'go-owner-withdrawals', title: '提现审核', url: '/owner/pages/withdrawals/index' },
  { id: 'go-owner-groupbuy', title: '拼团活动', url: '/owner/pages/groupbuy/index' },
];

function Links() {
  return (
    <View className="card">
      {LINKS.map((link) => (
        <View key={link.id} id={link.id} className="owner-link row" onClick={() => void Taro.navigateTo({ url: link.url })}>
          <Text>{link.title}</Text>
          <Text className="muted">›</Text>
        </View>
      ))}
    </View>
  );
}

export default function OwnerDashboardPage() {
  const [summary, setSummary] = useState<StoreSummary | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    admin('store.summary', {})
      .then((res) => {
        setSummary(res.summary);
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  useDidShow(load);

  return (
    <View className="owner-dashboard page">
      {error !== null && <Text id="owner-error" className="error">{error}</Text>}
      {summary === null && error === null && <Text className="muted">加载中…</Text>}
      {summary !== null && <Sales summary={summary} />}
      {summary !== null && <Liabilities summary={summary} />}
      <Links />
    </View>
  );
}
