import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import { defaultFulfilment } from '../../../utils/fulfilmentChoice';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { errorMessage, shop } from '../../../api/client';
import { Avatar, Badge, BottomBar, EmptyState, ErrorBar, Loadable, ProductPicture, Section, Skeleton, Stat } from '../../../components/ui';
import type { Campaign, Group } from '../../../contracts';
import { useQuery } from '../../../hooks/useQuery';
import { payOrder } from '../../../api/pay';
import { useConsent } from '../../../hooks/useConsent';
import { formatDateTime, formatDuration, formatFen } from '../../../utils/format';
import { newRequestId } from '../../../utils/requestId';
import { fillOnExpiryText, isMember } from '../../rules';
import './index.scss';
import { track } from '../../../utils/track';
import { ShareEarnStrip } from '../../../components/ShareEarn';
import { usePageShare } from '../../../utils/share';

const groupUrl = (groupId: string) => `/groupbuy/pages/group/index?id=${groupId}`;

function CampaignCard({ campaign: c }: { campaign: Campaign }) {
  const fill = fillOnExpiryText(c.fillOnExpiryMinPaid);
  return (
    <Section>
      <View className="gb-heading">
        <View className="gb-heading__picture"><ProductPicture product={{ name: c.productName, coverColor: c.coverColor, pictures: c.pictures }} size="thumb" /></View>
        <View className="gb-heading__body">
          <Text className="gb-heading__title">{c.title}</Text>
          <Text className="gb-heading__product">{c.specName ? `${c.productName} ${c.specName}` : c.productName}</Text>
          {c.leaderPriceFen !== null && <Badge text={`团长价 ${formatFen(c.leaderPriceFen)}`} tone="gold" />}
          <View className="gb-prices">
            <Text id="campaign-group-price" className="gb-prices__group">{`拼团价 ${formatFen(c.groupPriceFen)}`}</Text>
            <Text id="campaign-list-price" className="gb-prices__list">{`单买 ${formatFen(c.listPriceFen)}`}</Text>
          </View>
        </View>
      </View>
      <View className="gb-facts">
        <Stat id="campaign-size" value={`${c.groupSize} 人`} label="成团人数" />
        <Stat id="campaign-time-limit" value={formatDuration(c.timeLimitMs)} label="成团时限" />
        <Stat value={`${c.stockLeft} 件`} label="剩余库存" />
        <Stat value={`${c.perUserLimit} 次`} label="每人限参" />
      </View>
      {fill !== null && <Text id="campaign-fill" className="gb-fill">{fill}</Text>}
      <Text className="gb-rules">{c.rulesText}</Text>
    </Section>
  );
}

function OpenGroupRow({ group }: { group: Group }) {
  const leader = group.members.find((m) => m.leader) ?? group.members[0];
  const mine = isMember(group);
  return (
    <View id={`group-${group._id}`} className="gb-open-group" onClick={() => void Taro.navigateTo({ url: groupUrl(group._id) })}>
      <Avatar name={leader?.nickname ?? '?'} picture={leader?.avatar} size="s" />
      <View className="gb-open-group__text">
        <Text>{`${leader?.nickname ?? ''} 的团`}</Text>
        <Text className="gb-note">{`还差 ${group.seatsLeft} 人 · ${formatDateTime(group.expiresAtMs)} 截止`}</Text>
      </View>
      <Button size="small" type={mine ? 'default' : 'primary'}>{mine ? '我的团' : '去参团'}</Button>
    </View>
  );
}

function phaseBlock(c: Campaign): string | null {
  if (c.phase === 'upcoming') return `活动 ${formatDateTime(c.startAtMs)} 开始`;
  if (c.phase === 'ended' || c.phase === 'stopped') return '活动已结束';
  if (c.stockLeft < c.groupSize) return '活动名额已抢完';
  return null;
}

export default function CampaignPage() {
  const campaignId = useRouter().params.id ?? '';
  const q = useQuery(() => shop('groupbuy.campaign.get', { campaignId }), { key: campaignId });
  usePageShare('campaign', { title: q.data?.campaign.title ?? '一起拼团更优惠', params: { id: campaignId } });
  const [requestId, setRequestId] = useState(newRequestId);
  const [busy, setBusy] = useState(false);
  const askConsent = useConsent(['orderPaid', 'groupResult']);
  const [error, setError] = useState<string | null>(null);

  /** Opens a group (the server holds the seat and the stock), pays, then shows the group either way. */
  const openGroup = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    await askConsent(); // from the tap, first: 支付成功 and 拼团结果
    try {
      const fulfilment = await defaultFulfilment();
      const { group, order } = await shop('groupbuy.group.open', { requestId, campaignId, ...(fulfilment ? { fulfilment } : {}) });
      track('group_join', campaignId);
      setRequestId(newRequestId());
      try {
        await payOrder(order._id, 'wxpay');
      } catch (e) {
        // The seat stays held for the payment window; the group page offers 去支付 again.
        void Taro.showToast({ title: errorMessage(e), icon: 'none' });
      }
      // The group page is the result of a group buy: 还差 N 人, the countdown, the invite.
      void Taro.redirectTo({ url: groupUrl(group._id) });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="gb-campaign page page--with-bar">
      <Loadable query={q} skeleton={<Skeleton variant="card" rows={2} />}>
        {({ campaign: c, openGroups }) => {
          const blocked = phaseBlock(c);
          return (
            <View>
              <CampaignCard campaign={c} />
              <ShareEarnStrip target={{ campaignId: c._id }} />
              <Section id="open-groups" title="正在拼的团">
                {openGroups.length === 0 && <EmptyState title="暂时没有可参加的团" description="开一个，邀请好友一起拼" picture="team" compact />}
                {openGroups.map((g) => <OpenGroupRow key={g._id} group={g} />)}
              </Section>
              {error !== null && <ErrorBar message={error} onRetry={() => void openGroup()} />}
              {error !== null && <Text id="campaign-error" className="gb-note">{error}</Text>}
              <BottomBar>
                <View className="gb-bar__single" onClick={() => void Taro.navigateTo({ url: `/pages/product/index?id=${c.productId}` })}>
                  <Text className="gb-bar__price">{formatFen(c.listPriceFen)}</Text>
                  <Text className="gb-bar__label">单独购买</Text>
                </View>
                <Button id="open-group" className="gb-bar__open" type="primary" loading={busy} disabled={busy || blocked !== null} onClick={() => void openGroup()}>
                  {blocked ?? `发起拼团 ${formatFen(c.leaderPriceFen ?? c.groupPriceFen)}`}
                </Button>
              </BottomBar>
            </View>
          );
        }}
      </Loadable>
    </View>
  );
}
