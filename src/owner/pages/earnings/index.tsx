import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { admin, type ClientOutput } from '../../../api/client';
import { EmptyState, Loadable, Section, Skeleton, Stat } from '../../../components/ui';
import { useQuery } from '../../../hooks/useQuery';
import { THEME } from '../../../theme/tokens';
import { formatDayRange, formatDayShort, formatFen, formatFenCompact, formatFenPer } from '../../../utils/format';
import { Chart } from '../../components/Chart';
import { presetRange, RangeBar, type DayRange, type RangeKey } from '../../components/RangeBar';
import '../../analytics.scss';

type EarningsData = ClientOutput<'admin', 'analytics.earnings'>;

function Row({ id, label, value }: { id?: string; label: string; value: string }) {
  return (
    <View className="an-row">
      <Text className="an-row__label">{label}</Text>
      <Text id={id} className="an-row__value">{value}</Text>
    </View>
  );
}

function Totals({ e }: { e: EarningsData }) {
  const t = e.total;
  return (
    <Section id="earn-totals" title={formatDayRange(e.fromDay, e.toDay)}>
      <Text className="an-hint">净收益（元）</Text>
      <Text id="earn-net" className="an-big">{formatFen(t.netEarningsFen)}</Text>
      <Text className="an-hint">= 微信支付 + 储值本金消费 − 其中的退款 − 佣金成本；储值赠送部分是门店让利，不计入</Text>
      <View className="an-figures an-figures--3">
        <Stat id="earn-sales" value={formatFen(t.salesFen)} label="销售额" />
        <Stat id="earn-orders" value={`${t.orders}`} label="订单" />
        <Stat id="earn-aov" value={formatFenPer(t.averageOrder)} label="客单价" />
      </View>
      <Row id="earn-wxpay" label="微信支付收款" value={formatFen(t.salesWxpayFen)} />
      <Row id="earn-principal" label="储值消费（本金）" value={formatFen(t.salesPrincipalFen)} />
      <Row id="earn-bonus" label="储值消费（赠送）" value={formatFen(t.salesBonusFen)} />
      <Row id="earn-refunds" label={`退款（${t.refunds} 笔，整单 ${t.ordersFullyRefunded}）`} value={formatFen(t.refundsFen)} />
      <Row label="净订单（扣除整单退款）" value={`${t.netOrders}`} />
      <Row id="earn-commission" label="佣金成本（计提 − 冲回）" value={formatFen(t.commissionCostFen)} />
      <Row label="充值收款（不计销售）" value={`${formatFen(t.topUpWxpayFen)} · ${t.topUps} 笔`} />
      <Row label="储值本金退款" value={formatFen(t.storedValueRefundFen)} />
    </Section>
  );
}

function ByDay({ e }: { e: EarningsData }) {
  if (e.byDay.length < 2) return null;
  return (
    <Section id="earn-by-day" title="按天">
      <Chart
        id="earn-chart"
        categories={e.byDay.map((d) => formatDayShort(d.day))}
        series={[
          { name: '销售额', kind: 'column', color: THEME.brand, data: e.byDay.map((d) => d.earnings.salesFen) },
          { name: '净收益', kind: 'line', color: THEME.gold, data: e.byDay.map((d) => Math.max(0, d.earnings.netEarningsFen)) },
        ]}
        formatColumn={formatFenCompact}
        formatLine={formatFenCompact}
        heightPx={220}
      />
    </Section>
  );
}

/** Commission by status and what the store owes: current, not waiting for a nightly job. */
function Owed({ e }: { e: EarningsData }) {
  const l = e.liabilities;
  return (
    <>
      <Section id="earn-commission-status" title="佣金（当前）">
        <View className="an-figures">
          <Stat id="commission-frozen" value={formatFen(l.commission.frozen)} label="冻结中" />
          <Stat id="commission-available" value={formatFen(l.commission.available)} label="可提现" />
          <Stat id="commission-withdrawing" value={formatFen(l.commission.withdrawing)} label="提现中" />
          <Stat id="commission-paid" value={formatFen(l.commission.paid)} label="已打款" />
        </View>
      </Section>
      <Section id="earn-liabilities" title="负债（当前）">
        <Row label="储值本金（可退）" value={formatFen(l.storedValuePrincipalFen)} />
        <Row label="储值赠送" value={formatFen(l.storedValueBonusFen)} />
        <Row label="积分余额" value={`${l.pointsOutstanding} 分`} />
        <Row id="earn-payable" label="待付佣金（冻结 + 可提现 + 提现中）" value={formatFen(l.commissionPayableFen)} />
      </Section>
    </>
  );
}

export default function EarningsPage() {
  const [key, setKey] = useState<RangeKey>('d7');
  const [range, setRange] = useState<DayRange>(() => presetRange('d7'));
  const q = useQuery(() => admin('analytics.earnings', range), { key: range });
  return (
    <View className="an-page page">
      <RangeBar active={key} range={range} onChange={(k, r) => { setKey(k); setRange(r); }} />
      <Loadable
        query={q}
        skeleton={<Skeleton variant="card" rows={4} />}
        isEmpty={(e) => e.total.orders === 0 && e.total.refunds === 0 && e.total.topUps === 0 && e.liabilities.commissionPayableFen === 0 && e.liabilities.storedValuePrincipalFen === 0}
        empty={<EmptyState id="earn-empty" title="这段时间还没有收入" description="换个时间范围看看，或去开一场拼团带来订单" picture="orders" action={{ id: 'earn-try-30', text: '看近30天', onClick: () => { setKey('d30'); setRange(presetRange('d30')); } }} />}
      >
        {(e) => (
          <View>
            <Totals e={e} />
            <ByDay e={e} />
            <Owed e={e} />
          </View>
        )}
      </Loadable>
    </View>
  );
}
