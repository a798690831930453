import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { shop, type ClientOutput } from '../../../api/client';
import { Badge, EmptyState, Loadable, Price, Skeleton } from '../../../components/ui';
import { useQuery } from '../../../hooks/useQuery';
import { shopperStatusLabel } from '../../../utils/labels';
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
    <View id={`group-${group._id}`} className="gb-mine-card" onClick={open}>
      <View className="gb-mine-card__head">
        <Text className="gb-heading__title">{group.title}</Text>
        <Text id={`group-status-${group._id}`} className={`gb-mine__status gb-mine__status--${group.status}`}>{groupStatusText(group.status, order)}</Text>
      </View>
      <Text className="gb-note">{`${group.productName}${progress}`}</Text>
      <View className="gb-mine-card__foot">
        <Badge text={order.group?.leader ? '我开的团' : '我参的团'} tone="gold" />
        <Text className="gb-note">{`订单${shopperStatusLabel(order)}`}</Text>
        <Price fen={order.payableFen} size="s" />
      </View>
    </View>
  );
}

export default function MyGroupsPage() {
  const q = useQuery(async () => newestPerGroup((await shop('groupbuy.mine', {})).entries));
  const browse = () => void Taro.navigateTo({ url: '/groupbuy/pages/campaigns/index' });
  return (
    <View className="gb-mine page">
      <Loadable
        query={q}
        skeleton={<Skeleton variant="card" rows={3} />}
        isEmpty={(entries) => entries.length === 0}
        empty={<EmptyState id="mine-empty" title="还没有参加过拼团" description="约好友一起买，拼团价更低" picture="team" action={{ id: 'go-campaigns', text: '去看看拼团活动', onClick: browse }} />}
      >
        {(entries) => entries.map((e) => <EntryCard key={e.order._id} entry={e} />)}
      </Loadable>
    </View>
  );
}
