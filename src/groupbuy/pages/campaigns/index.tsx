import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { shop } from '../../../api/client';
import { Badge, Entry, EmptyState, Loadable, ProductPicture, Skeleton } from '../../../components/ui';
import type { Campaign } from '../../../contracts';
import { useQuery } from '../../../hooks/useQuery';
import { formatDateTime, formatDuration, formatFen } from '../../../utils/format';
import './index.scss';

function phaseNote(c: Campaign): string | null {
  if (c.phase === 'upcoming') return `${formatDateTime(c.startAtMs)} 开始`;
  if (c.phase === 'running') return null;
  return '活动已结束';
}

function CampaignCard({ campaign: c }: { campaign: Campaign }) {
  const open = () => void Taro.navigateTo({ url: `/groupbuy/pages/campaign/index?id=${c._id}` });
  const note = phaseNote(c);
  return (
    <View id={`campaign-${c._id}`} className="gb-campaign-card gb-heading" onClick={open}>
      <View className="gb-heading__picture"><ProductPicture product={{ name: c.productName, coverColor: c.coverColor, pictures: c.pictures }} size="thumb" /></View>
      <View className="gb-heading__body">
        <Text className="gb-heading__title">{c.title}</Text>
        <Text className="gb-heading__product">{`${formatDuration(c.timeLimitMs)}内成团 · 剩余 ${c.stockLeft} 件`}</Text>
        {note !== null && <Badge text={note} tone="grey" />}
        <View className="gb-prices">
          <Text className="gb-prices__size">{`${c.groupSize}人团`}</Text>
          <Text className="gb-prices__group">{formatFen(c.groupPriceFen)}</Text>
          <Text className="gb-prices__list">{formatFen(c.listPriceFen)}</Text>
        </View>
      </View>
      <Text className="gb-campaign-card__go">去拼团</Text>
    </View>
  );
}

export default function CampaignsPage() {
  const q = useQuery(async () => (await shop('groupbuy.campaign.list', {})).campaigns);
  const home = () => void Taro.switchTab({ url: '/pages/index/index' });
  return (
    <View className="gb-campaigns page">
      <Loadable
        query={q}
        skeleton={<Skeleton variant="list" rows={3} />}
        isEmpty={(list) => list.length === 0}
        empty={<EmptyState id="campaigns-empty" title="暂无拼团活动" description="新的拼团活动上线后会出现在这里" picture="team" action={{ id: 'go-shopping', text: '去逛逛', onClick: home }} />}
      >
        {(list) => list.map((c) => <CampaignCard key={c._id} campaign={c} />)}
      </Loadable>
      <View className="gb-campaigns__mine">
        <Entry id="go-my-groups-from-list" title="我的拼团" value="开团与参团记录" onClick={() => void Taro.navigateTo({ url: '/groupbuy/pages/mine/index' })} />
      </View>
    </View>
  );
}
