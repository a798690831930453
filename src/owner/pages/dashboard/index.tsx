import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { admin } from '../../../api/client';
import { Icon, Loadable, Section, Skeleton, Stat, type IconName } from '../../../components/ui';
import type { Dashboard, Todo } from '../../../contracts';
import { useQuery } from '../../../hooks/useQuery';
import { useStore } from '../../../hooks/useStore';
import { THEME } from '../../../theme/tokens';
import { formatChange, formatDateTime, formatDayShort, formatFen, formatFenCompact, formatFenPer, formatRatioPct } from '../../../utils/format';
import { Chart } from '../../components/Chart';
import '../../analytics.scss';
import './index.scss';

const go = (url: string) => () => void Taro.navigateTo({ url });

/** 今日销售 · 订单 · 新客, each against yesterday. */
function Today({ d }: { d: Dashboard }) {
  const change = (now: number, before: number) => `较昨日 ${formatChange(now, before)}`;
  return (
    <View className="an-hero">
      <Text className="an-hero__label">今日销售（元）</Text>
      <Text id="owner-sales" className="an-hero__sales">{formatFen(d.today.salesFen)}</Text>
      <Text id="dash-sales-change" className="an-hero__change">{change(d.today.salesFen, d.yesterday.salesFen)}</Text>
      <View className="an-hero__row">
        <View className="an-hero__cell">
          <Stat id="owner-paid-orders" value={`${d.today.orders}`} label="订单" />
          <Text className="an-hero__change">{change(d.today.orders, d.yesterday.orders)}</Text>
        </View>
        <View className="an-hero__cell">
          <Stat id="dash-newcomers" value={`${d.today.newcomers}`} label="新客" />
          <Text className="an-hero__change">{change(d.today.newcomers, d.yesterday.newcomers)}</Text>
        </View>
        <View className="an-hero__cell">
          <Stat id="dash-aov" value={formatFenPer({ num: d.today.salesFen, den: d.today.orders })} label="客单价" />
          <Text id="owner-refunds-today" className="an-hero__change">{`退款 ${formatFen(d.today.refundsFen)}`}</Text>
        </View>
      </View>
    </View>
  );
}

function Trend({ d }: { d: Dashboard }) {
  return (
    <Section id="dash-trend" title="近 30 天" extra="收益明细" onExtra={go('/owner/pages/earnings/index')}>
      <Chart
        id="dash-chart"
        categories={d.series.map((s) => formatDayShort(s.day))}
        series={[
          { name: '销售额', kind: 'column', color: THEME.brand, data: d.series.map((s) => s.salesFen) },
          { name: '订单', kind: 'line', color: THEME.info, data: d.series.map((s) => s.orders) },
        ]}
        formatColumn={formatFenCompact}
        formatLine={(n) => `${n}`}
      />
    </Section>
  );
}

/** Whatever the server lists (analytics/services/todos.ts): a feature adds its to-do there, not here. */
function Todos({ todos }: { todos: Todo[] }) {
  return (
    <Section id="dash-todos" title="待办">
      <View className="an-todos">
        {todos.map((t) => (
          <View key={t.key} id={`todo-${t.key}`} className="an-todos__item" onClick={t.url ? go(t.url) : undefined}>
            <Text className={`an-todos__count${t.count > 0 ? ' an-todos__count--hot' : ''}`}>{`${t.count}`}</Text>
            <Text className="an-todos__label">{t.label}</Text>
          </View>
        ))}
      </View>
    </Section>
  );
}

const INSIGHTS: { id: string; title: string; url: string; icon: IconName; note: (d: Dashboard) => string }[] = [
  { id: 'go-earnings', title: '收益', url: '/owner/pages/earnings/index', icon: 'chart', note: () => '销售 · 佣金 · 净收益' },
  { id: 'go-funnel', title: '客户阶梯', url: '/owner/pages/funnel/index', icon: 'users', note: () => '粉丝 → 合伙人转化' },
  { id: 'go-repeat', title: '复购', url: '/owner/pages/repeat/index', icon: 'order', note: () => '复购贡献 · 件单价' },
  { id: 'go-top', title: '贡献前 20%', url: '/owner/pages/lists/index?list=top', icon: 'crown', note: (d) => (d.lists ? `贡献 ${formatRatioPct(d.lists.topShare)} 收入` : '统计中') },
  { id: 'go-due', title: '本周应回购', url: '/owner/pages/lists/index?list=due', icon: 'clock', note: (d) => (d.lists ? `${d.lists.dueThisWeek} 人 · 逾期 ${d.lists.overdue} 人` : '统计中') },
  { id: 'go-grades', title: '新客质量', url: '/owner/pages/grades/index', icon: 'share', note: () => 'ABCDE 分级 · 渠道' },
];

function Insights({ d }: { d: Dashboard }) {
  return (
    <Section title="经营分析">
      <View className="an-insights">
        {INSIGHTS.map((i) => (
          <View key={i.id} id={i.id} className="an-insights__item" onClick={go(i.url)}>
            <View className="an-insights__icon"><Icon name={i.icon} size={22} /></View>
            <View className="an-insights__text">
              <Text className="an-insights__title">{i.title}</Text>
              <Text className="an-insights__note">{i.note(d)}</Text>
            </View>
          </View>
        ))}
      </View>
    </Section>
  );
}

/** What the store owes now (current: the dashboard adds what happened since the last fold). */
function Liabilities({ d }: { d: Dashboard }) {
  const l = d.liabilities;
  return (
    <Section id="dash-liabilities" title="负债（实时）">
      <View className="an-figures">
        <Stat id="owner-sv-principal" value={formatFen(l.storedValuePrincipalFen)} label="储值本金" />
        <Stat id="owner-sv-bonus" value={formatFen(l.storedValueBonusFen)} label="储值赠送" />
        <Stat id="owner-points" value={`${l.pointsOutstanding}`} label="积分余额" />
        <Stat id="owner-commission-payable" value={formatFen(l.commissionPayableFen)} label="待付佣金" />
      </View>
    </Section>
  );
}

/** The console's entries; a feature with an owner page adds one line here. */
const LINKS: { id: string; title: string; url: string; icon: IconName }[] = [
  { id: 'go-owner-orders', title: '订单管理', url: '/owner/pages/orders/index', icon: 'order' },
  { id: 'go-owner-customers', title: '顾客管理', url: '/owner/pages/customers/index', icon: 'users' },
  { id: 'go-owner-products', title: '商品与价格', url: '/owner/pages/products/index', icon: 'store' },
  { id: 'go-owner-tiers', title: '会员等级', url: '/owner/pages/tiers/index', icon: 'crown' },
  { id: 'go-owner-groupbuy', title: '拼团活动', url: '/owner/pages/groupbuy/index', icon: 'share' },
  { id: 'go-owner-commission', title: '佣金设置', url: '/owner/pages/commission/index', icon: 'setting' },
  { id: 'go-owner-withdrawals', title: '提现审核', url: '/owner/pages/withdrawals/index', icon: 'coin' },
  { id: 'go-owner-wallet-refund', title: '储值退款', url: '/owner/pages/wallet-refund/index', icon: 'wallet' },
  { id: 'go-owner-settings', title: '店铺设置', url: '/owner/pages/settings/index', icon: 'setting' },
];

function Links() {
  return (
    <Section title="经营管理">
      <View className="an-links">
        {LINKS.map((link) => (
          <View key={link.id} id={link.id} className="an-links__item" onClick={go(link.url)}>
            <View className="an-links__icon"><Icon name={link.icon} size={24} /></View>
            <Text className="an-links__label">{link.title}</Text>
          </View>
        ))}
      </View>
    </Section>
  );
}

export default function OwnerDashboardPage() {
  const q = useQuery(async () => (await admin('analytics.dashboard', {})).dashboard);
  const store = useStore();
  return (
    <View className="an-page page">
      {store !== null && <Text className="an-page__store">{`${store.name} · 店主后台`}</Text>}
      <Loadable query={q} skeleton={<Skeleton variant="card" rows={4} />}>
        {(d) => (
          <View>
            <Today d={d} />
            <Trend d={d} />
            <Todos todos={d.todos} />
            <Insights d={d} />
            <Liabilities d={d} />
            <Links />
            <Text id="dash-freshness" className="an-meta">{d.foldedAtMs === 0 ? '实时数据' : `汇总于 ${formatDateTime(d.foldedAtMs)}，之后的变动已实时计入${d.lagging ? '（统计稍有延迟）' : ''}`}</Text>
          </View>
        )}
      </Loadable>
    </View>
  );
}
