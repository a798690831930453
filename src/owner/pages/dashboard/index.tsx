import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { admin } from '../../../api/client';
import { Icon, Loadable, Section, Skeleton, Stat, type IconName } from '../../../components/ui';
import type { StoreSummary } from '../../../contracts';
import { useQuery } from '../../../hooks/useQuery';
import { useStore } from '../../../hooks/useStore';
import { formatDateTime, formatFen } from '../../../utils/format';
import '../../owner.scss';
import './index.scss';

interface Dashboard {
  summary: StoreSummary;
  /** Withdrawals waiting for the owner (待审核), at most the first page's worth. */
  pendingWithdrawals: number;
  /** Payment anomalies (late, second, wrong amount, unknown order) and how many wait for the owner. */
  anomalies: { total: number; waiting: number };
}

async function loadDashboard(): Promise<Dashboard> {
  // store.summary first: for anyone but the owner it answers FORBIDDEN and the page says so.
  const { summary } = await admin('store.summary', {});
  const { withdrawals } = await admin('partner.withdrawals.list', { status: 'requested', limit: 100 });
  const { counts } = await admin('payments.anomalies', { limit: 1 });
  return { summary, pendingWithdrawals: withdrawals.length, anomalies: counts };
}

const go = (url: string) => () => void Taro.navigateTo({ url });

function Figures({ summary }: { summary: StoreSummary }) {
  return (
    <View className="owner-hero">
      <Text className="owner-hero__label">累计销售额（元）</Text>
      <Text id="owner-sales" className="owner-hero__sales">{formatFen(summary.salesFen)}</Text>
      <View className="owner-hero__row">
        <Stat id="owner-paid-orders" value={`${summary.paidOrderCount}`} label="已支付订单" />
        <Stat id="owner-customers" value={`${summary.customerCount}`} label="顾客数" />
      </View>
    </View>
  );
}

function Todo({ dashboard }: { dashboard: Dashboard }) {
  return (
    <Section title="待办">
      <View className="owner-todo">
        <View id="todo-withdrawals" className="owner-todo__item" onClick={go('/owner/pages/withdrawals/index')}>
          <Text className={`owner-todo__count${dashboard.pendingWithdrawals > 0 ? ' owner-todo__count--hot' : ''}`}>{`${dashboard.pendingWithdrawals}`}</Text>
          <Text className="owner-todo__label">待审核提现</Text>
        </View>
        <View id="todo-anomalies" className="owner-todo__item" onClick={go('/owner/pages/anomalies/index')}>
          <Text id="todo-anomalies-count" className={`owner-todo__count${dashboard.anomalies.waiting > 0 ? ' owner-todo__count--hot' : ''}`}>{`${dashboard.anomalies.total}`}</Text>
          <Text className="owner-todo__label">异常付款</Text>
        </View>
        <View id="todo-orders" className="owner-todo__item" onClick={go('/owner/pages/orders/index')}>
          <Icon name="order" size={26} />
          <Text className="owner-todo__label">订单与售后</Text>
        </View>
        <View id="todo-groupbuy" className="owner-todo__item" onClick={go('/owner/pages/groupbuy/index')}>
          <Icon name="users" size={26} />
          <Text className="owner-todo__label">拼团进度</Text>
        </View>
      </View>
    </Section>
  );
}

/** What the store still owes its members; rolled up by the cron, so it carries its time. */
function Liabilities({ summary }: { summary: StoreSummary }) {
  const at = summary.rolledUpAtMs === null ? '尚未统计' : `统计于 ${formatDateTime(summary.rolledUpAtMs)}`;
  return (
    <Section title="负债">
      <View className="owner-figures">
        <Stat id="owner-sv-principal" value={formatFen(summary.storedValuePrincipalFen)} label="储值本金" />
        <Stat id="owner-sv-bonus" value={formatFen(summary.storedValueBonusFen)} label="储值赠送" />
        <Stat id="owner-points" value={`${summary.pointsOutstanding}`} label="积分余额" />
      </View>
      <Text id="owner-rolled-up-at" className="owner-meta">{at}</Text>
    </Section>
  );
}

const LINKS: { id: string; title: string; url: string; icon: IconName }[] = [
  { id: 'go-owner-orders', title: '订单管理', url: '/owner/pages/orders/index', icon: 'order' },
  { id: 'go-owner-customers', title: '顾客管理', url: '/owner/pages/customers/index', icon: 'users' },
  { id: 'go-owner-tiers', title: '会员等级', url: '/owner/pages/tiers/index', icon: 'crown' },
  { id: 'go-owner-products', title: '商品与价格', url: '/owner/pages/products/index', icon: 'store' },
  { id: 'go-owner-wallet-refund', title: '储值退款', url: '/owner/pages/wallet-refund/index', icon: 'wallet' },
  { id: 'go-owner-commission', title: '佣金设置', url: '/owner/pages/commission/index', icon: 'setting' },
  { id: 'go-owner-withdrawals', title: '提现审核', url: '/owner/pages/withdrawals/index', icon: 'coin' },
  { id: 'go-owner-groupbuy', title: '拼团活动', url: '/owner/pages/groupbuy/index', icon: 'share' },
];

function Links() {
  return (
    <Section title="经营管理">
      <View className="owner-links">
        {LINKS.map((link) => (
          <View key={link.id} id={link.id} className="owner-links__item" onClick={go(link.url)}>
            <View className="owner-links__icon"><Icon name={link.icon} size={24} /></View>
            <Text className="owner-links__label">{link.title}</Text>
          </View>
        ))}
      </View>
    </Section>
  );
}

export default function OwnerDashboardPage() {
  const q = useQuery(loadDashboard);
  const store = useStore();
  return (
    <View className="owner-dashboard page">
      {store !== null && <Text className="owner-dashboard__store">{`${store.name} · 店主后台`}</Text>}
      {/* Only the owner sees the console: the entries render with the owner's figures, never before. */}
      <Loadable query={q} skeleton={<Skeleton variant="card" rows={3} />}>
        {(dashboard) => (
          <View>
            <Figures summary={dashboard.summary} />
            <Todo dashboard={dashboard} />
            <Links />
            <Liabilities summary={dashboard.summary} />
          </View>
        )}
      </Loadable>
    </View>
  );
}
