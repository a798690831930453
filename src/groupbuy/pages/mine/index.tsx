import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { errorMessage, shop, type ClientOutput } from '../../../api/client';
import { ORDER_STATUS_LABEL } from '../../../utils/labels';
import { formatFen } from '../../../utils/format';
import { groupStatusText } from '../../rules';
import './index.scss';

type Entry = ClientOutput<'shop', 'groupbuy.mine'>['entries'][number];

/** One card per group: its newest order (entries come newest first), e.g. a rejoin after a lapsed seat. */
function newestPerGroup(entries: Entry[]): Entry[] {
  const seen = new Set<string>();
  return entries.filter((e) => !seen.has(e.group._id) && seen.add(e.group._id) !== undefined);
}

function EntryCard({ entry: { group, order } }: { entry: Entry }) {
  const open = () => void Taro.navigateTo({ url: `/groupbuy/pages/group/index?id=${group._id}` });
  const progress = group.status === 'OPEN' ? ` · 已付款 ${group.paidCount}/${group.groupSize}` : '';
  return (
    <View id={`group-${group._id}`} className="card" onClick={open}>
      <View className="row">
        <Text className="gb-heading__title">{group.title}</Text>
        <Text id={`group-status-${group._id}`} className={`gb-mine__status gb-mine__status--${group.status}`}>
          {groupStatusText(group.status, order)}
        </Text>
      </View>
      <Text className="muted">{`${group.productName}${progress}`}</Text>
      <View className="row">
        <Text className="muted">{`${order.group?.leader ? '我开的团' : '我参的团'} · 订单${ORDER_STATUS_LABEL[order.status]}`}</Text>
        <Text className="price">{formatFen(order.payableFen)}</Text>
      </View>
    </View>
  );
}

export default function MyGroupsPage() {
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useDidShow(() => {
    shop('groupbuy.mine', {})
      .then((res) => {
        setEntries(newestPerGroup(res.entries));
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  });

  const browse = () => void Taro.navigateTo({ url: '/groupbuy/pages/campaigns/index' });
  return (
    <View className="gb-mine page">
      {error !== null && <Text className="error">{error}</Text>}
      {entries === null && error === null && <Text className="muted">加载中…</Text>}
      {entries !== null && entries.length === 0 && (
        <View className="card">
          <Text className="muted">还没有参加过拼团</Text>
          <View id="go-campaigns" className="row" onClick={browse}>
            <Text>去看看拼团活动</Text>
            <Text className="muted">›</Text>
          </View>
        </View>
      )}
      {entries?.map((e) => <EntryCard key={e.order._id} entry={e} />)}
    </View>
  );
}
