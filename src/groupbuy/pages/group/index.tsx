import { Button } from '@nutui/nutui-react-taro';
import { Image, Text, View } from '@tarojs/components';
import { defaultFulfilment } from '../../../utils/fulfilmentChoice';
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { errorMessage, shop, type ClientOutput } from '../../../api/client';
import { payOrder } from '../../../api/pay';
import { useConsent } from '../../../hooks/useConsent';
import { Countdown } from '../../../components/Countdown';
import { Avatar, Badge, ErrorBar, ErrorState, Entry, ProductPicture, Section, Skeleton } from '../../../components/ui';
import type { Group, GroupMember } from '../../../contracts';
import { useQuery } from '../../../hooks/useQuery';
import { formatFen } from '../../../utils/format';
import { shopperStatusLabel } from '../../../utils/labels';
import { newRequestId } from '../../../utils/requestId';
import { arriveWith } from '../../../utils/referral';
import { fillOnExpiryText, groupStatusText, isMember } from '../../rules';
import { usePageShare } from '../../../utils/share';
import { pageShare } from '../../../contracts';
import './index.scss';
import { track } from '../../../utils/track';

type Detail = ClientOutput<'shop', 'groupbuy.group.get'>;

const GROUP_PAGE_PATH = 'groupbuy/pages/group/index';
/** While a group is forming (or a refund is on its way) the page asks again this often. */
const POLL_MS = 4000;
/** A new clock offset within this of the old one is noise: keeping it spares the countdown a restart. */
const OFFSET_JITTER_MS = 1000;

/** Whether the server may still change what this page shows: the group, or the viewer's money in it. */
function stillMoving({ group, myOrder }: Detail): boolean {
  if (group.status === 'OPEN') return true;
  const status = myOrder?.status;
  // A closed group still settles its seats: GROUPING turns PAID, a failed group's seats are refunded.
  return status === 'PENDING' || status === 'GROUPING' || status === 'REFUNDING' || (group.status === 'FAILED' && status === 'PAID');
}

/** The group as the server last said (useQuery), asked again on a timer while it may change. */
function useGroup(groupId: string) {
  const q = useQuery(async () => {
    const detail = await shop('groupbuy.group.get', { groupId });
    return { detail, measuredOffsetMs: detail.nowMs - Date.now() };
  }, { key: groupId, enabled: groupId !== '' });
  // Server clock minus this device's clock, kept steady unless it really moved (the countdown follows the server).
  const offset = useRef<number | null>(null);
  if (q.data !== null && (offset.current === null || Math.abs(offset.current - q.data.measuredOffsetMs) >= OFFSET_JITTER_MS)) {
    offset.current = q.data.measuredOffsetMs;
  }
  const [visible, setVisible] = useState(true);
  useDidShow(() => setVisible(true));
  useDidHide(() => setVisible(false));
  const moving = q.data !== null && stillMoving(q.data.detail);
  const { reload } = q;
  useEffect(() => {
    if (!visible || !moving) return undefined;
    const timer = setInterval(() => void reload(), POLL_MS);
    return () => clearInterval(timer);
  }, [visible, moving, reload]);
  return { q, detail: q.data?.detail ?? null, offsetMs: offset.current ?? 0 };
}

function MemberAvatar({ member }: { member: GroupMember }) {
  const note = member.leader ? '团长' : member.paid ? '' : '待支付';
  return (
    <View className={`gb-member${member.paid ? '' : ' gb-member--unpaid'}`}>
      <Avatar name={member.nickname} picture={member.avatar} size="m" />
      {note !== '' && <Text className="gb-member__note">{note}</Text>}
      <Text className="gb-member__name">{member.isMe ? '我' : member.nickname}</Text>
    </View>
  );
}

function Members({ group }: { group: Group }) {
  const empty = Array.from({ length: group.seatsLeft }, (_, i) => i);
  return (
    <Section title={`团成员（已付款 ${group.paidCount}/${group.groupSize}）`}>
      <View id="group-members" className="gb-members">
        {group.members.map((m) => <MemberAvatar key={`${m.joinedAtMs}-${m.nickname}`} member={m} />)}
        {empty.map((i) => (
          <View key={`empty-${i}`} className="gb-member">
            <View className="gb-member__empty"><Text>?</Text></View>
            <Text className="gb-member__name">待加入</Text>
          </View>
        ))}
      </View>
    </Section>
  );
}

function StatusHero({ detail, offsetMs, onEnd }: { detail: Detail; offsetMs: number; onEnd: () => void }) {
  const { group, myOrder } = detail;
  const fill = fillOnExpiryText(group.fillOnExpiryMinPaid);
  return (
    <View className={`gb-hero gb-hero--${group.status}`}>
      <Text id="group-status" className="gb-hero__status">{groupStatusText(group.status, myOrder)}</Text>
      {group.status === 'OPEN' && (
        <View className="gb-hero__row">
          <Text id="seats-left" className="gb-hero__seats">{`还剩 ${group.seatsLeft} 个名额`}</Text>
          <Text className="gb-hero__sep">·</Text>
          <Text>距结束 </Text>
          <Countdown id="countdown" expiresAtMs={group.expiresAtMs} serverOffsetMs={offsetMs} onEnd={onEnd} />
        </View>
      )}
      {group.status === 'SUCCEEDED' && group.filledOnExpiry && <Text className="gb-hero__note">{`到期时已付款 ${group.paidCount} 人，空位由店铺补齐，成团`}</Text>}
      {group.status === 'OPEN' && fill !== null && <Text id="group-fill" className="gb-hero__note">{fill}</Text>}
    </View>
  );
}

function Heading({ detail }: { detail: Detail }) {
  const { group, campaign } = detail;
  return (
    <Section>
      <View className="gb-heading">
        <View className="gb-heading__picture"><ProductPicture product={{ name: group.productName, coverColor: campaign.coverColor, pictures: campaign.pictures }} size="thumb" /></View>
        <View className="gb-heading__body">
          <Text className="gb-heading__title">{group.title}</Text>
          <Text className="gb-heading__product">{group.productName}</Text>
          {group.leaderPriceFen !== null && <Badge text={`团长价 ${formatFen(group.leaderPriceFen)}`} tone="gold" />}
          <View className="gb-prices">
            <Text className="gb-prices__size">{`${group.groupSize}人团`}</Text>
            <Text className="gb-prices__group">{formatFen(group.priceFen)}</Text>
            <Text className="gb-prices__list">{`单买 ${formatFen(campaign.listPriceFen)}`}</Text>
          </View>
        </View>
      </View>
    </Section>
  );
}

/** A poster: the group's mini program code (its scene names the group and the sharer's code). */
function Poster({ groupId }: { groupId: string }) {
  const [dataUrl, setDataUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const make = async () => {
    if (busy) return;
    setBusy(true);
    try {
      setDataUrl((await shop('groupbuy.poster.get', { groupId })).dataUrl);
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };
  if (dataUrl !== null) {
    return (
      <View className="gb-poster">
        <Image id="group-poster" className="gb-poster__code" src={dataUrl} mode="aspectFit" />
        <Text className="gb-note">好友微信扫码即可参团</Text>
      </View>
    );
  }
  return <Button id="make-poster" className="gb-poster__make" block loading={busy} onClick={() => void make()}>生成拼团海报</Button>;
}

/** The path a share opens; on H5 the same page as a link the shopper copies. */
function Share({ path, groupId }: { path: string; groupId: string }) {
  if (process.env.TARO_ENV !== 'h5') {
    return (
      <Section title="邀请好友参团">
        <Button id="share-group" type="primary" block openType="share">发给微信好友</Button>
        <Poster groupId={groupId} />
      </Section>
    );
  }
  const link = `${window.location.origin}${window.location.pathname}#/${path}`;
  return (
    <Section title="邀请好友参团">
      <Text id="share-link" className="gb-share-link" userSelect>{link}</Text>
      <Text className="gb-note">复制链接发给好友，好友打开即可参团</Text>
      <Poster groupId={groupId} />
    </Section>
  );
}

function Actions({ detail, busy, onJoin, onPay }: { detail: Detail; busy: boolean; onJoin: () => void; onPay: () => void }) {
  const { group, myOrder } = detail;
  const open = group.status === 'OPEN';
  if (open && myOrder?.status === 'PENDING') {
    return <Button id="pay-seat" type="primary" block loading={busy} disabled={busy} onClick={onPay}>{`去支付 ${formatFen(myOrder.payableFen)}（名额保留中）`}</Button>;
  }
  if (open && !isMember(group)) {
    const full = group.seatsLeft <= 0;
    return <Button id="join-group" type="primary" block loading={busy} disabled={busy || full} onClick={onJoin}>{full ? '名额已满' : `参团 ${formatFen(group.priceFen)}`}</Button>;
  }
  if (!open) {
    const url = `/groupbuy/pages/campaign/index?id=${group.campaignId}`;
    return <Button id="go-campaign" block onClick={() => void Taro.navigateTo({ url })}>查看活动，再开一团</Button>;
  }
  return null;
}

function MyOrder({ detail }: { detail: Detail }) {
  const order = detail.myOrder;
  if (order === null) return null;
  return (
    <View id="my-order" className="gb-my-order">
      <Entry id="my-order-status" title={`我的订单 ${formatFen(order.payableFen)}`} value={shopperStatusLabel(order)} onClick={() => void Taro.navigateTo({ url: `/pages/order/index?id=${order._id}` })} />
    </View>
  );
}

/** Arriving by a scanned poster: the scene names the group and the sharer's referral code. */
function useSceneGroup(params: Partial<Record<string, string>>) {
  const [groupId, setGroupId] = useState(params.id ?? '');
  const [sceneError, setSceneError] = useState<string | null>(null);
  useEffect(() => {
    if (params.id || !params.scene) return;
    shop('groupbuy.scene.resolve', { scene: params.scene })
      .then(({ groupId: id, code }) => {
        setGroupId(id);
        if (code !== null) arriveWith(GROUP_PAGE_PATH, { ref: code });
      })
      .catch((e: unknown) => setSceneError(errorMessage(e)));
  }, [params.id, params.scene]);
  return { groupId, sceneError };
}

export default function GroupPage() {
  const { params } = useRouter();
  const { groupId, sceneError } = useSceneGroup(params);
  const { q, detail, offsetMs } = useGroup(groupId);
  const [requestId, setRequestId] = useState(newRequestId);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const askConsent = useConsent(['orderPaid', 'groupResult']);

  // Chat and Moments reopen this group with my code when my tier earns (utils/share.ts): never an empty ref.
  const code = usePageShare('group', { title: detail === null ? '一起拼团' : `${detail.group.title}，还差 ${detail.group.seatsLeft} 人`, params: { id: groupId } });
  const sharePath = detail === null ? null : pageShare('group', { id: groupId }, code).path.replace(/^\//, '');

  const run = async (action: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setActionError(null);
    try {
      await action();
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setBusy(false);
      await q.reload();
    }
  };

  /** Pays a seat's order; the page then shows the group as the server has it, whatever happened. */
  const pay = async (orderId: string) => {
    try {
      await payOrder(orderId, 'wxpay');
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    }
  };
  const join = () => run(async () => {
    await askConsent(); // from the tap, first: 支付成功 and 拼团结果
    const fulfilment = await defaultFulfilment();
    const { order } = await shop('groupbuy.group.join', { requestId, groupId, ...(fulfilment ? { fulfilment } : {}) });
    track('group_join', groupId);
    setRequestId(newRequestId());
    await pay(order._id);
  });
  const paySeat = () => run(async () => {
    await askConsent();
    if (detail?.myOrder) await pay(detail.myOrder._id);
  });

  if (detail === null) {
    const shown = sceneError ?? q.error;
    return <View className="page">{shown !== null ? <ErrorState message={shown} onRetry={() => void q.reload()} /> : <Skeleton variant="card" rows={2} />}</View>;
  }
  const showShare = detail.group.status === 'OPEN' && isMember(detail.group) && sharePath !== null;
  const shownError = actionError ?? q.error;
  return (
    <View className="gb-group page">
      <StatusHero detail={detail} offsetMs={offsetMs} onEnd={() => void q.reload()} />
      <Heading detail={detail} />
      <Members group={detail.group} />
      <MyOrder detail={detail} />
      {shownError !== null && <ErrorBar message={shownError} onRetry={() => void q.reload()} />}
      {actionError !== null && <Text id="group-error" className="gb-note">{actionError}</Text>}
      <View className="gb-actions"><Actions detail={detail} busy={busy} onJoin={() => void join()} onPay={() => void paySeat()} /></View>
      {showShare && <Share path={sharePath} groupId={groupId} />}
      <Text id="group-rules" className="gb-rules">{detail.campaign.rulesText}</Text>
    </View>
  );
}
