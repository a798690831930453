import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { admin } from '../../../api/client';
import { Avatar, Badge, EmptyState, Loadable, Section, Skeleton, Tabs } from '../../../components/ui';
import type { AdminGroup, GroupStatus } from '../../../contracts';
import { useQuery } from '../../../hooks/useQuery';
import { formatDateTime, formatFen } from '../../../utils/format';
import '../../owner.scss';
import './index.scss';

type Filter = GroupStatus | 'all';

const STATUS_LABEL: Record<GroupStatus, string> = { OPEN: '拼团中', SUCCEEDED: '已成团', FAILED: '已失败' };
const STATUS_TONE = { OPEN: 'brand', SUCCEEDED: 'success', FAILED: 'grey' } as const;
const FILTERS: { key: Filter; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'OPEN', label: STATUS_LABEL.OPEN },
  { key: 'SUCCEEDED', label: STATUS_LABEL.SUCCEEDED },
  { key: 'FAILED', label: STATUS_LABEL.FAILED },
];

function closedText(g: AdminGroup): string {
  if (g.status === 'OPEN') return `${formatDateTime(g.expiresAtMs)} 截止`;
  const how = g.filledOnExpiry ? '（到期补位成团）' : '';
  return g.closedAtMs === null ? how : `${formatDateTime(g.closedAtMs)} 结束${how}`;
}

function GroupCard({ group: g }: { group: AdminGroup }) {
  return (
    <Section id={`owner-group-${g._id}`}>
      <View className="owner-card-head">
        <Text className="owner-line">{`${g.paidCount}/${g.groupSize} 人已付款 · ${formatFen(g.priceFen)}`}</Text>
        <Badge id={`owner-group-status-${g._id}`} text={STATUS_LABEL[g.status]} tone={STATUS_TONE[g.status]} />
      </View>
      <Text className="owner-meta">{`${formatDateTime(g.openedAtMs)} 开团 · ${closedText(g)}`}</Text>
      <View className="owner-group__members">
        {g.members.map((m) => (
          <View key={m.orderId} className="owner-group__member">
            <Avatar name={m.nickname} picture={m.avatar} size="s" />
            <Text className="owner-group__name">{m.nickname}</Text>
            <Text className="owner-meta">{`${m.leader ? '团长 · ' : ''}${m.paid ? '已付款' : '待支付'}`}</Text>
          </View>
        ))}
      </View>
    </Section>
  );
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export default function OwnerGroupBuyGroupsPage() {
  const { params } = useRouter();
  const campaignId = params.id ?? '';
  const title = safeDecode(params.title ?? '');
  const [filter, setFilter] = useState<Filter>('all');
  const q = useQuery(async () => (await admin('groupbuy.campaign.groups', filter === 'all' ? { campaignId } : { campaignId, status: filter })).groups, { key: [campaignId, filter] });
  return (
    <View className="owner-groups page">
      <Tabs idPrefix="filter" items={FILTERS} active={filter} onChange={setFilter} sticky />
      <View className="owner-toolbar">
        <Text className="owner-card-title">{title}</Text>
        <Button id="owner-groups-reload" size="small" onClick={() => void q.reload()}>刷新</Button>
      </View>
      <Loadable
        query={q}
        skeleton={<Skeleton variant="card" rows={3} />}
        isEmpty={(groups) => groups.length === 0}
        empty={<EmptyState id="groups-empty" title="这里还没有团" picture="team" />}
      >
        {(groups) => groups.map((g) => <GroupCard key={g._id} group={g} />)}
      </Loadable>
    </View>
  );
}
