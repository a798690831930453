import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { admin, errorMessage, type ClientOutput } from '../../../api/client';
import { Avatar, Badge, EmptyState, Loadable, Section, Skeleton } from '../../../components/ui';
import type { Grade, Newcomer } from '../../../contracts';
import { useQuery } from '../../../hooks/useQuery';
import { formatDateTime, formatRatioPct } from '../../../utils/format';
import { newRequestId } from '../../../utils/requestId';
import { presetRange, RangeBar, type DayRange, type RangeKey } from '../../components/RangeBar';
import { CHANNEL_LABEL, GRADE_LABEL, GRADES } from '../../analyticsLabels';
import '../../analytics.scss';
import './index.scss';

type GradesData = ClientOutput<'admin', 'analytics.grades'>;

/** One row per channel: newcomers and each grade's share, so the owner sees which channel brings good customers. */
function ByChannel({ d }: { d: GradesData }) {
  const rows = d.channels.filter((c) => c.arrived > 0);
  if (rows.length === 0) return <EmptyState id="grades-empty" compact title="这段时间没有新访客" description="分享商品或开一场拼团，新访客会出现在这里" picture="team" />;
  return (
    <View className="an-grades">
      <View className="an-grades__row an-grades__head">
        <Text className="an-grades__channel">渠道</Text>
        <Text className="an-grades__cell">人数</Text>
        {GRADES.map((g) => <Text key={g} className="an-grades__cell">{g}</Text>)}
      </View>
      {rows.map((c) => (
        <View key={c.channel} id={`grades-${c.channel}`} className="an-grades__row">
          <Text className="an-grades__channel">{CHANNEL_LABEL[c.channel]}</Text>
          <Text className="an-grades__cell">{`${c.arrived}`}</Text>
          {GRADES.map((g) => <Text key={g} className={`an-grades__cell an-grades__cell--${g}`}>{formatRatioPct(c.shares[g])}</Text>)}
        </View>
      ))}
      <Text className="an-hint">{GRADES.map((g) => `${g} ${GRADE_LABEL[g]}`).join(' · ')}（到店 14 天内的表现）</Text>
    </View>
  );
}

function NewcomerRow({ n, onChange }: { n: Newcomer; onChange: (grade: Grade | null) => void }) {
  const choose = async () => {
    const options = [...GRADES.map((g) => `${g} ${GRADE_LABEL[g]}`), '恢复自动评级'];
    try {
      const { tapIndex } = await Taro.showActionSheet({ itemList: options });
      onChange(tapIndex < GRADES.length ? GRADES[tapIndex] : null);
    } catch {
      // The owner closed the sheet.
    }
  };
  return (
    <View id={`newcomer-${n.person.openid}`} className="an-person" onClick={choose}>
      <Avatar name={n.person.nickname} picture={n.person.avatar} size="s" />
      <View className="an-person__main">
        <Text className="an-person__name">{n.person.nickname}</Text>
        <Text className="an-person__meta">{`${CHANNEL_LABEL[n.channel]}${n.partner ? ` · ${n.partner}` : ''} · ${formatDateTime(n.arrivedAtMs)}`}</Text>
      </View>
      <View className="an-person__side">
        <Badge id={`grade-${n.person.openid}`} text={`${n.grade} ${GRADE_LABEL[n.grade]}`} tone={n.grade === 'A' ? 'success' : n.grade === 'B' ? 'brand' : n.grade === 'E' ? 'warning' : 'grey'} />
        <Text className="an-person__meta">{n.overridden ? '店主调整' : '自动评级'}</Text>
      </View>
    </View>
  );
}

export default function GradesPage() {
  const [key, setKey] = useState<RangeKey>('d30');
  const [range, setRange] = useState<DayRange>(() => presetRange('d30'));
  const q = useQuery(() => admin('analytics.grades', range), { key: range });
  const override = async (n: Newcomer, grade: Grade | null) => {
    try {
      await admin('analytics.grade.set', { requestId: newRequestId(), openid: n.person.openid, grade });
      void Taro.showToast({ title: '已调整，几分钟内计入统计', icon: 'none' });
      if (q.data) q.set({ ...q.data, newcomers: q.data.newcomers.map((x) => (x.person.openid === n.person.openid ? { ...x, grade: grade ?? x.grade, overridden: grade !== null } : x)) });
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    }
  };
  return (
    <View className="an-page page">
      <RangeBar active={key} range={range} onChange={(k, r) => { setKey(k); setRange(r); }} />
      <Loadable query={q} skeleton={<Skeleton variant="card" rows={4} />}>
        {(d) => (
          <View>
            <Section id="grades-table" title={`新访客 ${d.total.arrived} 人 · 按来源`}>
              <ByChannel d={d} />
            </Section>
            <Section id="grades-newcomers" title="最近的新访客（点一下可调整评级）">
              {d.newcomers.length === 0
                ? <Text className="an-meta">汇总后这里会列出每一位新访客</Text>
                : d.newcomers.map((n) => <NewcomerRow key={n.person.openid} n={n} onChange={(g) => void override(n, g)} />)}
            </Section>
          </View>
        )}
      </Loadable>
    </View>
  );
}
