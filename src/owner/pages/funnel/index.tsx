import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { admin, type ClientOutput } from '../../../api/client';
import { Avatar, Badge, EmptyState, Loadable, Section, Skeleton } from '../../../components/ui';
import { useQuery } from '../../../hooks/useQuery';
import { formatDateTime, formatDayRange, formatRatioPct } from '../../../utils/format';
import { STAGE_LABEL, STAGE_ORDER } from '../../../utils/labels';
import { presetRange, RangeBar, type DayRange, type RangeKey } from '../../components/RangeBar';
import '../../analytics.scss';
import './index.scss';

type FunnelData = ClientOutput<'admin', 'analytics.funnel'>;

/** Head-counts as bars (widths against the widest stage), and the step's conversion between them. */
function Ladder({ f }: { f: FunnelData['funnel'] }) {
  const widest = Math.max(1, ...STAGE_ORDER.map((s) => f.headcounts[s]));
  return (
    <View className="an-funnel">
      {STAGE_ORDER.map((s, i) => (
        <View key={s}>
          <View id={`funnel-${s}`} className="an-funnel__stage">
            <Text className="an-funnel__name">{STAGE_LABEL[s]}</Text>
            <View className="an-funnel__track">
              <View className="an-bar"><View className="an-bar__fill" style={{ width: `${Math.max(2, Math.round((f.headcounts[s] * 100) / widest))}%` }} /></View>
            </View>
            <Text className="an-funnel__count">{`${f.headcounts[s]} 人`}</Text>
          </View>
          {i < 3 && (
            <Text id={`funnel-step-${i}`} className="an-funnel__step">
              {`↓ 转化 ${formatRatioPct(f.conversion[i])}（${f.crossed[i]} / ${f.conversion[i].den} 人，期初${STAGE_LABEL[s]} + 期间新进）`}
            </Text>
          )}
        </View>
      ))}
    </View>
  );
}

function Moves({ f }: { f: FunnelData['funnel'] }) {
  if (f.moves.length === 0) return <EmptyState id="funnel-moves-empty" compact title="这段时间没有人升降级" description="顾客首次付款、开通会员卡、升级合伙人都会出现在这里" picture="team" />;
  return (
    <View>
      {f.moves.map((m, i) => (
        <View key={`${m.person.openid}-${m.atMs}-${i}`} className="an-person">
          <Avatar name={m.person.nickname} picture={m.person.avatar} size="s" />
          <View className="an-person__main">
            <Text className="an-person__name">{m.person.nickname}</Text>
            <Text className="an-person__meta">{formatDateTime(m.atMs)}</Text>
          </View>
          <Badge text={`${STAGE_LABEL[m.from]} → ${STAGE_LABEL[m.to]}`} tone={STAGE_ORDER.indexOf(m.to) > STAGE_ORDER.indexOf(m.from) ? 'success' : 'grey'} />
        </View>
      ))}
      {f.movesOmitted > 0 && <Text className="an-meta">{`另有 ${f.movesOmitted} 次变动未列出`}</Text>}
    </View>
  );
}

export default function FunnelPage() {
  const [key, setKey] = useState<RangeKey>('d30');
  const [range, setRange] = useState<DayRange>(() => presetRange('d30'));
  const q = useQuery(() => admin('analytics.funnel', range), { key: range });
  return (
    <View className="an-page page">
      <RangeBar active={key} range={range} onChange={(k, r) => { setKey(k); setRange(r); }} />
      <Loadable query={q} skeleton={<Skeleton variant="card" rows={4} />}>
        {(d) => (
          <View>
            <Section id="funnel" title="客户阶梯（当前人数）">
              <Ladder f={d.funnel} />
              <Text className="an-hint">{`转化按 ${formatDayRange(d.fromDay, d.toDay)} 计算：跨过这一级的人 ÷（期初在这一级的人 + 期间进入这一级的人）`}</Text>
            </Section>
            <Section id="funnel-moves" title="谁升级了">
              <Moves f={d.funnel} />
            </Section>
          </View>
        )}
      </Loadable>
    </View>
  );
}
