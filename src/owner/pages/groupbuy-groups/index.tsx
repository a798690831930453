import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { admin, errorMessage } from '../../../api/client';
import type { AdminGroup, GroupStatus } from '../../../contracts';
import { formatDateTime } from '../../../utils/format';
import { formatFen } from '../../../utils/format';
import './index.scss';

const STATUS_LABEL: Record<GroupStatus, string> = { OPEN: '拼团中', SUCCEEDED: '已成团', FAILED: '已失败' };
const FILTERS: Array<{ key: GroupStatus | 'all'; label: string }> = [
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
    <View id={`owner-group-${g._id}`} className="card">
      <View className="row">
        <Text>{`${g.paidCount}/${g.groupSize} 人已付款 · ${formatFen(g.priceFen)}`}</Text>
        <Text id={`owner-group-status-${g._id}`} className={`owner-group__status--${g.status}`}>{STATUS_LABEL[g.status]}</Text>
      </View>
      <Text className="muted">{`${formatDateTime(g.openedAtMs)} 开团 · ${closedText(g)}`}</Text>
      {g.members.map((m) => (
        <View key={m.orderId} className="owner-group__member">
          <Text>{`${m.leader ? '团长 ' : ''}${m.nickname}（${m.openid}）`}</Text>
          <Text className="muted">{`${m.paid ? '已付款' : '待支付'} · ${m.orderId}`}</Text>
        </View>
      ))}
    </View>
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
  const [filter, setFilter] = useState<GroupStatus | 'all'>('all');
  const [groups, setGroups] = useState<AdminGroup[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    admin('groupbuy.campaign.groups', filter === 'all' ? { campaignId } : { campaignId, status: filter })
      .then((res) => {
        setGroups(res.groups);
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [campaignId, filter]);

  useEffect(load, [load]);

  return (
    <View className="owner-groups page">
      {title !== '' && <Text className="owner-groups__title">{title}</Text>}
      <View className="owner-groups__filters">
        {FILTERS.map((f) => (
          <Text key={f.key} id={`filter-${f.key}`} className={`owner-groups__filter${filter === f.key ? ' owner-groups__filter--on' : ''}`} onClick={() => setFilter(f.key)}>
            {f.label}
          </Text>
        ))}
      </View>
      {error !== null && <Text className="error">{error}</Text>}
      {groups === null && error === null && <Text className="muted">加载中…</Text>}
      {groups !== null && groups.length === 0 && <Text className="muted">暂无</Text>}
      {groups?.map((g) => <GroupCard key={g._id} group={g} />)}
      <Button id="owner-groups-reload" size="mini" onClick={load}>刷新</Button>
    </View>
  );
}
