import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { errorMessage, shop } from '../../../api/client';
import type { Campaign } from '../../../contracts';
import { formatDateTime } from '../../../utils/format';
import { formatFen } from '../../../utils/format';
import { durationText } from '../../rules';
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
    <View id={`campaign-${c._id}`} className="card gb-heading" onClick={open}>
      <View className="gb-heading__cover" style={{ background: c.coverColor }} />
      <View className="gb-heading__body">
        <Text className="gb-heading__title">{c.title}</Text>
        <Text className="muted">{c.productName}</Text>
        <View className="gb-prices">
          <Text className="price gb-prices__group">{`${c.groupSize} 人团 ${formatFen(c.groupPriceFen)}`}</Text>
          <Text className="gb-prices__list muted">{formatFen(c.listPriceFen)}</Text>
        </View>
        <Text className="gb-campaign-card__meta muted">{`${durationText(c.timeLimitMs)}内成团 · 剩余 ${c.stockLeft} 件`}</Text>
        {note !== null && <Text className="tag">{note}</Text>}
      </View>
    </View>
  );
}

export default function CampaignsPage() {
  const [campaigns, setCampaigns] = useState<Campaign[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useDidShow(() => {
    shop('groupbuy.campaign.list', {})
      .then((res) => {
        setCampaigns(res.campaigns);
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  });

  return (
    <View className="gb-campaigns page">
      {error !== null && <Text className="error">{error}</Text>}
      {campaigns === null && error === null && <Text className="muted">加载中…</Text>}
      {campaigns !== null && campaigns.length === 0 && <Text className="muted">暂无拼团活动</Text>}
      {campaigns?.map((c) => <CampaignCard key={c._id} campaign={c} />)}
      <View id="go-my-groups-from-list" className="card row" onClick={() => void Taro.navigateTo({ url: '/groupbuy/pages/mine/index' })}>
        <Text>我的拼团</Text>
        <Text className="muted">›</Text>
      </View>
    </View>
  );
}
