import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { errorMessage, shop, type ClientOutput } from '../../../api/client';
import { payOrder } from '../../../api/pay';
import type { Campaign, Group } from '../../../contracts';
import { formatDateTime } from '../../../utils/format';
import { flag } from '../../../utils/flag';
import { formatFen } from '../../../utils/format';
import { newRequestId } from '../../../utils/requestId';
import { durationText, fillOnExpiryText, initialOf, isMember } from '../../rules';
import './index.scss';

type Detail = ClientOutput<'shop', 'groupbuy.campaign.get'>;

const groupUrl = (groupId: string) => `/groupbuy/pages/group/index?id=${groupId}`;

function Fact({ id, label, value }: { id?: string; label: string; value: string }) {
  return (
    <View className="gb-fact">
      <Text className="muted">{label}</Text>
      <Text id={id} className="gb-fact__value">{value}</Text>
    </View>
  );
}

function CampaignCard({ campaign: c }: { campaign: Campaign }) {
  const fill = fillOnExpiryText(c.fillOnExpiryMinPaid);
  return (
    <View className="card">
      <View className="gb-heading">
        <View className="gb-heading__cover" style={{ background: c.coverColor }} />
        <View className="gb-heading__body">
          <Text className="gb-heading__title">{c.title}</Text>
          <Text className="muted">{c.productName}</Text>
          <View className="gb-prices">
            <Text id="campaign-group-price" className="price gb-prices__group">{`拼团价 ${formatFen(c.groupPriceFen)}`}</Text>
            <Text id="campaign-list-price" className="gb-prices__list muted">{`单买 ${formatFen(c.listPriceFen)}`}</Text>
          </View>
          {c.leaderPriceFen !== null && <Text className="tag">{`团长价 ${formatFen(c.leaderPriceFen)}`}</Text>}
        </View>
      </View>
      <View className="gb-facts">
        <Fact id="campaign-size" label="成团人数" value={`${c.groupSize} 人`} />
        <Fact id="campaign-time-limit" label="成团时限" value={durationText(c.timeLimitMs)} />
        <Fact label="剩余库存" value={`${c.stockLeft} 件`} />
        <Fact label="每人限参" value={`${c.perUserLimit} 次`} />
      </View>
      {fill !== null && <Text id="campaign-fill" className="gb-note tag">{fill}</Text>}
      <Text className="gb-rules muted">{c.rulesText}</Text>
    </View>
  );
}

function OpenGroupRow({ group }: { group: Group }) {
  const leader = group.members.find((m) => m.leader) ?? group.members[0];
  const mine = isMember(group);
  return (
    <View id={`group-${group._id}`} className="gb-open-group row" onClick={() => void Taro.navigateTo({ url: groupUrl(group._id) })}>
      <View>
        <Text>{`${leader === undefined ? '?' : initialOf(leader.nickname)} ${leader?.nickname ?? ''} 的团`}</Text>
        <Text className="gb-note muted">{`还剩 ${group.seatsLeft} 个名额 · ${formatDateTime(group.expiresAtMs)} 截止`}</Text>
      </View>
      <Button className="gb-open-group__join" size="mini">{mine ? '我的团' : '去参团'}</Button>
    </View>
  );
}

function OpenGroups({ groups }: { groups: Group[] }) {
  return (
    <View id="open-groups" className="card">
      <Text className="gb-section-title">正在拼的团</Text>
      {groups.length === 0 && <Text className="muted">暂时没有可参加的团，开一个吧</Text>}
      {groups.map((g) => <OpenGroupRow key={g._id} group={g} />)}
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
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [requestId, setRequestId] = useState(newRequestId);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    shop('groupbuy.campaign.get', { campaignId })
      .then((res) => {
        setDetail(res);
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [campaignId]);

  useDidShow(load);

  /** Opens a group (the server holds the seat and the stock), pays, then shows the group either way. */
  const openGroup = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const { group, order } = await shop('groupbuy.group.open', { requestId, campaignId });
      setRequestId(newRequestId());
      try {
        await payOrder(order._id, 'wxpay');
      } catch (e) {
        // The seat stays held for the payment window; the group page offers 去支付 again.
        void Taro.showToast({ title: errorMessage(e), icon: 'none' });
      }
      void Taro.redirectTo({ url: groupUrl(group._id) });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (detail === null) {
    return <View className="page">{error !== null ? <Text className="error">{error}</Text> : <Text className="muted">加载中…</Text>}</View>;
  }
  const c = detail.campaign;
  const blocked = phaseBlock(c);
  const leaderPays = c.leaderPriceFen ?? c.groupPriceFen;
  return (
    <View className="gb-campaign page">
      <CampaignCard campaign={c} />
      <OpenGroups groups={detail.openGroups} />
      {error !== null && <Text id="campaign-error" className="error">{error}</Text>}
      <Button id="open-group" className="primary-button" loading={flag(busy)} disabled={flag(busy || blocked !== null)} onClick={() => void openGroup()}>
        {blocked ?? `我要开团 ${formatFen(leaderPays)}`}
      </Button>
    </View>
  );
}
