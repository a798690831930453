import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { admin, type ClientOutput } from '../../../api/client';
import { Avatar, Badge, EmptyState, Loadable, Section, Skeleton, Tabs } from '../../../components/ui';
import { ListName, type RhythmRow, type TopRow } from '../../../contracts';
import { useQuery } from '../../../hooks/useQuery';
import { formatDateTime, formatDayNo, formatDayRange, formatDayShort, formatFen, formatRatioPct } from '../../../utils/format';
import { STAGE_LABEL } from '../../../utils/labels';
import { LIST_LABEL } from '../../analyticsLabels';
import '../../analytics.scss';

type ListsData = ClientOutput<'admin', 'analytics.lists'>;
type Period = 30 | 90 | 365;

const TABS = (['top', 'due', 'overdue', 'steady'] as const).map((key) => ({ key, label: LIST_LABEL[key] }));
const PERIODS: readonly { key: `${Period}`; label: string }[] = [{ key: '30', label: '近30天' }, { key: '90', label: '近90天' }, { key: '365', label: '近一年' }];

const WHY: Record<ListName, string> = {
  top: '收入最高的前 20% 顾客（种子 003 的二八原则）：重点维护，优先邀请成为会员或合伙人。',
  due: '按每位顾客自己的购买间隔，预计本周该再买了：适合发一条提醒或优惠。',
  overdue: '超过自己平常间隔 1.5 倍还没回来：可能流失，值得主动联系。',
  steady: '间隔和数量都很稳定的老顾客（种子 000 的固定忠诚客户）：可以为他们备货。',
};

function Person({ p, meta, side, id }: { id: string; p: TopRow['person']; meta: string; side: string }) {
  return (
    <View id={id} className="an-person">
      <Avatar name={p.nickname} picture={p.avatar} size="s" />
      <View className="an-person__main">
        <Text className="an-person__name">{p.nickname}</Text>
        <Text className="an-person__meta">{meta}</Text>
      </View>
      <View className="an-person__side">
        <Text className="an-row__value">{side}</Text>
        <Badge text={STAGE_LABEL[p.stage]} tone={p.stage === 'member' ? 'gold' : p.stage === 'partner' ? 'brand' : 'grey'} />
      </View>
    </View>
  );
}

function TopRows({ d }: { d: ListsData }) {
  const t = d.top;
  return (
    <View>
      {t && (
        <Text id="top-share" className="an-meta">
          {`${formatDayRange(t.fromDay, t.toDay)}：${t.customers} 位付款顾客中，前 ${t.topCount} 位贡献了 ${formatRatioPct(t.share)} 的收入（${formatFen(t.topRevenueFen)} / ${formatFen(t.totalRevenueFen)}）`}
        </Text>
      )}
      {d.topRows.map((r, i) => (
        <Person key={r.person.openid} id={`top-row-${i}`} p={r.person} meta={`${r.orders} 单 · 最近 ${r.lastPaidDay === null ? '—' : formatDayNo(r.lastPaidDay)}`} side={formatFen(r.revenueFen)} />
      ))}
    </View>
  );
}

function RhythmRows({ d, list }: { d: ListsData; list: ListName }) {
  const meta = (r: RhythmRow) => `平均每 ${r.usualIntervalDays} 天买一次 · 上次 ${formatDayNo(r.lastDay)}`;
  const side = (r: RhythmRow) => (list === 'overdue' ? `已 ${d.todayDay - r.lastDay} 天` : list === 'due' ? `预计 ${formatDayShort(r.expectedNextDay)}` : formatFen(r.revenueFen));
  return (
    <View>
      <Text id="list-count" className="an-meta">{`共 ${d.count} 人${d.count > d.rhythmRows.length ? `，列出前 ${d.rhythmRows.length} 位` : ''}`}</Text>
      {d.rhythmRows.map((r, i) => <Person key={r.person.openid} id={`${list}-row-${i}`} p={r.person} meta={meta(r)} side={side(r)} />)}
    </View>
  );
}

export default function CustomerListsPage() {
  const initial = ListName.safeParse(useRouter().params.list);
  const [list, setList] = useState<ListName>(initial.success ? initial.data : 'top');
  const [period, setPeriod] = useState<`${Period}`>('30');
  const q = useQuery(() => admin('analytics.lists', { list, period: Number(period) as Period }), { key: [list, period] });
  const empty = (d: ListsData) => d.topRows.length === 0 && d.rhythmRows.length === 0;
  return (
    <View className="an-page page">
      <Tabs items={TABS} active={list} onChange={setList} idPrefix="list" sticky />
      {list === 'top' && <Tabs items={PERIODS} active={period} onChange={setPeriod} idPrefix="period" />}
      <Text className="an-hint">{WHY[list]}</Text>
      <Loadable
        query={q}
        skeleton={<Skeleton variant="list" rows={5} />}
        isEmpty={empty}
        empty={<EmptyState id="list-empty" title={q.data?.computedAtMs === null ? '名单统计中' : '名单里还没有人'} description={q.data?.computedAtMs === null ? '名单每小时更新一次，稍后再来看看' : '老顾客多了以后，这里会列出值得联系的人'} picture="team" action={{ id: 'list-to-customers', text: '去看顾客', onClick: () => void Taro.navigateTo({ url: '/owner/pages/customers/index' }) }} />}
      >
        {(d) => (
          <Section id={`list-${list}`}>
            {list === 'top' ? <TopRows d={d} /> : <RhythmRows d={d} list={list} />}
            {d.computedAtMs !== null && <Text className="an-meta">{`名单更新于 ${formatDateTime(d.computedAtMs)}（每小时一次）`}</Text>}
          </Section>
        )}
      </Loadable>
    </View>
  );
}
