import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { admin, type ClientOutput } from '../../../api/client';
import { EmptyState, Entry, Icon, Loadable, Section, Skeleton, Stat } from '../../../components/ui';
import { useQuery } from '../../../hooks/useQuery';
import { THEME } from '../../../theme/tokens';
import { formatDayRange, formatFen, formatFenCompact, formatRatioDecimal, formatRatioPct } from '../../../utils/format';
import { Chart } from '../../components/Chart';
import { presetRange, RangeBar, type DayRange, type RangeKey } from '../../components/RangeBar';
import { PURCHASE_NO_LABEL } from '../../analyticsLabels';
import '../../analytics.scss';

type RepeatData = ClientOutput<'admin', 'analytics.repeat'>;

/** Items per order in tenths, so the chart carries integers (1.6 → 16). */
const tenths = (r: { num: number; den: number }): number => (r.den === 0 ? 0 : Math.round((r.num * 10) / r.den));

function Buckets({ d }: { d: RepeatData }) {
  return (
    <Section id="repeat-buckets" title="按第几次购买">
      <Chart
        id="repeat-chart"
        categories={[...PURCHASE_NO_LABEL]}
        series={[
          { name: '收入', kind: 'column', color: THEME.brand, data: d.buckets.map((b) => b.revenueFen) },
          { name: '件单量', kind: 'line', color: THEME.gold, data: d.itemsPerOrder.map(tenths) },
        ]}
        formatColumn={formatFenCompact}
        formatLine={(v) => formatRatioDecimal({ num: v, den: 10 })}
        heightPx={200}
      />
      {d.buckets.map((b, i) => (
        <View key={PURCHASE_NO_LABEL[i]} id={`repeat-bucket-${i}`} className="an-row">
          <Text className="an-row__label">{PURCHASE_NO_LABEL[i]}</Text>
          <Text className="an-row__value">{`${b.orders} 单 · 每单 ${formatRatioDecimal(d.itemsPerOrder[i])} 件 · ${formatFen(b.revenueFen)}`}</Text>
        </View>
      ))}
      <Text className="an-hint">种子 001 的例子：首购每单 1.1 件，第二次 1.6 件，第三次 2.5 件——老客买得更多。</Text>
    </Section>
  );
}

export default function RepeatPage() {
  const [key, setKey] = useState<RangeKey>('d30');
  const [range, setRange] = useState<DayRange>(() => presetRange('d30'));
  const q = useQuery(() => admin('analytics.repeat', range), { key: range });
  const go = (url: string) => () => void Taro.navigateTo({ url });
  return (
    <View className="an-page page">
      <RangeBar active={key} range={range} onChange={(k, r) => { setKey(k); setRange(r); }} />
      <Loadable
        query={q}
        skeleton={<Skeleton variant="card" rows={4} />}
        isEmpty={(d) => d.buckets.every((b) => b.orders === 0 && b.revenueFen === 0)}
        empty={<EmptyState id="repeat-empty" title="这段时间还没有成交" description="换个时间范围看看" picture="orders" action={{ id: 'repeat-try-30', text: '看近30天', onClick: () => { setKey('d30'); setRange(presetRange('d30')); } }} />}
      >
        {(d) => (
          <View>
            <Section id="repeat-share" title={formatDayRange(d.fromDay, d.toDay)}>
              <View className="an-figures an-figures--3">
                <Stat id="repeat-revenue-share" value={formatRatioPct(d.repurchaseShare)} label="复购收入占比" tone="brand" />
                <Stat id="repeat-order-share" value={formatRatioPct(d.repeatOrderShare)} label="复购订单占比" />
                <Stat value={formatRatioDecimal(d.itemsPerOrder[0])} label="首购每单件数" />
              </View>
              <Text className="an-hint">复购 = 同一顾客的第 2 次及以后的购买；按付款日计入，扣除之后的退款。</Text>
            </Section>
            <Buckets d={d} />
            <Section title="该回来的老顾客">
              <Entry id="go-overdue" title="逾期未回购" icon={<Icon name="clock" size={20} />} onClick={go('/owner/pages/lists/index?list=overdue')} />
              <Entry id="go-due-from-repeat" title="本周应回购" icon={<Icon name="users" size={20} />} onClick={go('/owner/pages/lists/index?list=due')} />
            </Section>
          </View>
        )}
      </Loadable>
    </View>
  );
}
