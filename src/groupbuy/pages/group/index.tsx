import { Button, Image, Text, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, shop, type ClientOutput } from '../../../api/client';
import { payOrder } from '../../../api/pay';
import { Countdown } from '../../../components/Countdown';
import type { Group, GroupMember } from '../../../contracts';
import { flag } from '../../../utils/flag';
import { ORDER_STATUS_LABEL } from '../../../utils/labels';
import { formatFen } from '../../../utils/format';
import { newRequestId } from '../../../utils/requestId';
import { arriveWith } from '../../../utils/referral';
import { fillOnExpiryText, groupSharePath, groupStatusText, initialOf, isMember } from '../../rules';
import './index.scss';

type Detail = ClientOutput<'shop', 'groupbuy.group.get'>;

const GROUP_PAGE_PATH = 'groupbuy/pages/group/index';
interface Loaded {
  detail: Detail;
  /** Server clock minus this device's clock: the countdown follows the server. */
  offsetMs: number;
}

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

/** The group as the server last said, reloaded on show, on a timer while it may change, and on demand. */
function useGroup(groupId: string) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [visible, setVisible] = useState(true);

  const load = useCallback(async () => {
    // A scanned poster names its group only after groupbuy.scene.resolve answers.
    if (groupId === '') return;
    try {
      const detail = await shop('groupbuy.group.get', { groupId });
      const measured = detail.nowMs - Date.now();
      setLoaded((prev) => {
        const keep = prev !== null && Math.abs(prev.offsetMs - measured) < OFFSET_JITTER_MS;
        return { detail, offsetMs: keep ? prev.offsetMs : measured };
      });
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [groupId]);

  useDidShow(() => {
    setVisible(true);
    void load();
  });
  useDidHide(() => setVisible(false));

  const moving = loaded !== null && stillMoving(loaded.detail);
  useEffect(() => {
    if (!visible || !moving) return undefined;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [visible, moving, load]);

  return { loaded, error, load };
}

function MemberAvatar({ member }: { member: GroupMember }) {
  const note = member.leader ? '团长' : member.paid ? '' : '待支付';
  return (
    <View className={`gb-member${member.isMe ? ' gb-member--me' : ''}`}>
      <View className={`gb-member__avatar${member.paid ? '' : ' gb-member__avatar--unpaid'}`}>
        <Text>{initialOf(member.nickname)}</Text>
      </View>
      <Text className="gb-member__name">{member.isMe ? '我' : member.nickname}</Text>
      {note !== '' && <Text className="gb-member__note">{note}</Text>}
    </View>
  );
}

function Members({ group }: { group: Group }) {
  const empty = Array.from({ length: group.seatsLeft }, (_, i) => i);
  return (
    <View className="card">
      <Text className="gb-section-title">{`团成员（已付款 ${group.paidCount}/${group.groupSize}）`}</Text>
      <View id="group-members" className="gb-members">
        {group.members.map((m) => <MemberAvatar key={`${m.joinedAtMs}-${m.nickname}`} member={m} />)}
        {empty.map((i) => (
          <View key={`empty-${i}`} className="gb-member">
            <View className="gb-member__avatar gb-member__avatar--empty"><Text>?</Text></View>
            <Text className="gb-member__name muted">待加入</Text>
          </View>
        ))}
      </View>
    </View>
  );
}

function StatusCard({ loaded, onEnd }: { loaded: Loaded; onEnd: () => void }) {
  const { group, myOrder } = loaded.detail;
  const fill = fillOnExpiryText(group.fillOnExpiryMinPaid);
  return (
    <View className="card">
      <View className="row">
        <Text id="group-status" className={`gb-status gb-status--${group.status}`}>{groupStatusText(group.status, myOrder)}</Text>
        {group.status === 'OPEN' && <Text id="seats-left" className="gb-seats">{`还剩 ${group.seatsLeft} 个名额`}</Text>}
      </View>
      {group.status === 'OPEN' && (
        <View className="row">
          <Text className="muted">距结束</Text>
          <Countdown id="countdown" expiresAtMs={group.expiresAtMs} serverOffsetMs={loaded.offsetMs} onEnd={onEnd} />
        </View>
      )}
      {group.status === 'SUCCEEDED' && group.filledOnExpiry && (
        <Text className="gb-note muted">{`到期时已付款 ${group.paidCount} 人，空位由店铺补齐，成团`}</Text>
      )}
      {group.status === 'OPEN' && fill !== null && <Text id="group-fill" className="gb-note muted">{fill}</Text>}
    </View>
  );
}

function Heading({ detail }: { detail: Detail }) {
  const { group, campaign } = detail;
  return (
    <View className="card">
      <View className="gb-heading">
        <View className="gb-heading__cover" style={{ background: campaign.coverColor }} />
        <View className="gb-heading__body">
          <Text className="gb-heading__title">{group.title}</Text>
          <Text className="muted">{group.productName}</Text>
          <View className="gb-prices">
            <Text className="price gb-prices__group">{`${group.groupSize} 人团 ${formatFen(group.priceFen)}`}</Text>
            <Text className="gb-prices__list muted">{`单买 ${formatFen(campaign.listPriceFen)}`}</Text>
          </View>
          {group.leaderPriceFen !== null && <Text className="tag">{`团长价 ${formatFen(group.leaderPriceFen)}`}</Text>}
        </View>
      </View>
    </View>
  );
}

/** A poster: the group's mini program code (its scene names the group and the sharer's code). */
function PosterCard({ groupId }: { groupId: string }) {
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
      <View className="card gb-poster">
        <Image id="group-poster" className="gb-poster__code" src={dataUrl} mode="aspectFit" />
        <Text className="muted">好友微信扫码即可参团</Text>
      </View>
    );
  }
  return <Button id="make-poster" className="gb-secondary-button" loading={flag(busy)} onClick={() => void make()}>生成拼团海报</Button>;
}

/** The path a share opens; on H5 the same page as a link the shopper copies. */
function ShareCard({ path, groupId }: { path: string; groupId: string }) {
  if (process.env.TARO_ENV !== 'h5') {
    return (
      <View>
        <Button id="share-group" className="gb-share-button" openType="share">邀请好友参团</Button>
        <PosterCard groupId={groupId} />
      </View>
    );
  }
  const link = `${window.location.origin}${window.location.pathname}#/${path}`;
  return (
    <View className="card">
      <Text className="gb-section-title">邀请好友参团</Text>
      <Text id="share-link" className="gb-share-link" userSelect>{link}</Text>
      <Text className="muted">复制链接发给好友，好友打开即可参团</Text>
      <PosterCard groupId={groupId} />
    </View>
  );
}

interface ActionsProps {
  detail: Detail;
  busy: boolean;
  onJoin: () => void;
  onPay: () => void;
}

function Actions({ detail, busy, onJoin, onPay }: ActionsProps) {
  const { group, myOrder } = detail;
  const open = group.status === 'OPEN';
  if (open && myOrder?.status === 'PENDING') {
    return (
      <Button id="pay-seat" className="primary-button" loading={flag(busy)} disabled={flag(busy)} onClick={onPay}>
        {`去支付 ${formatFen(myOrder.payableFen)}（名额保留中）`}
      </Button>
    );
  }
  if (open && !isMember(group)) {
    const full = group.seatsLeft <= 0;
    return (
      <Button id="join-group" className="primary-button" loading={flag(busy)} disabled={flag(busy || full)} onClick={onJoin}>
        {full ? '名额已满' : `参团 ${formatFen(group.priceFen)}`}
      </Button>
    );
  }
  if (!open) {
    const url = `/groupbuy/pages/campaign/index?id=${group.campaignId}`;
    return <Button id="go-campaign" className="gb-secondary-button" onClick={() => void Taro.navigateTo({ url })}>查看活动，再开一团</Button>;
  }
  return null;
}

function MyOrderRow({ detail }: { detail: Detail }) {
  const order = detail.myOrder;
  if (order === null) return null;
  const open = () => void Taro.navigateTo({ url: `/pages/order/index?id=${order._id}` });
  return (
    <View id="my-order" className="card row" onClick={open}>
      <Text>{`我的订单 ${formatFen(order.payableFen)}`}</Text>
      <Text id="my-order-status" className="muted">{`${ORDER_STATUS_LABEL[order.status]} ›`}</Text>
    </View>
  );
}

export default function GroupPage() {
  const { params } = useRouter();
  const [groupId, setGroupId] = useState(params.id ?? '');
  const [sceneError, setSceneError] = useState<string | null>(null);
  // Arriving by a scanned poster: the scene names the group and the sharer's referral code.
  useEffect(() => {
    if (params.id || !params.scene) return;
    shop('groupbuy.scene.resolve', { scene: params.scene })
      .then(({ groupId: id, code }) => {
        setGroupId(id);
        if (code !== null) arriveWith(GROUP_PAGE_PATH, { ref: code });
      })
      .catch((e: unknown) => setSceneError(errorMessage(e)));
  }, [params.id, params.scene]);
  const { loaded, error, load } = useGroup(groupId);
  // The page was already shown when the scene resolved: load the group it names now.
  const fromScene = !params.id && groupId !== '';
  useEffect(() => {
    if (fromScene) void load();
  }, [fromScene, load]);
  const [requestId, setRequestId] = useState(newRequestId);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  const sharePath = loaded === null ? null : groupSharePath(groupId, loaded.detail.sharePath);
  const latest = useRef<{ title: string; path: string | null }>({ title: '', path: null });
  latest.current = { title: loaded === null ? '一起拼团' : `${loaded.detail.group.title}，还差 ${loaded.detail.group.seatsLeft} 人`, path: sharePath };
  useShareAppMessage(() => ({
    title: latest.current.title,
    path: `/${latest.current.path ?? groupSharePath(groupId, '')}`,
  }));

  /** Pays a seat's order, then shows the group as the server now has it, whatever happened. */
  const payAndReload = async (orderId: string) => {
    try {
      await payOrder(orderId, 'wxpay');
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    }
    await load();
  };

  const run = async (action: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setActionError(null);
    try {
      await action();
    } catch (e) {
      setActionError(errorMessage(e));
      await load();
    } finally {
      setBusy(false);
    }
  };

  const join = () => run(async () => {
    const { order } = await shop('groupbuy.group.join', { requestId, groupId });
    setRequestId(newRequestId());
    await payAndReload(order._id);
  });
  const pay = () => run(async () => {
    if (loaded?.detail.myOrder) await payAndReload(loaded.detail.myOrder._id);
  });

  if (loaded === null) {
    const shown = sceneError ?? error;
    return <View className="page">{shown !== null ? <Text className="error">{shown}</Text> : <Text className="muted">加载中…</Text>}</View>;
  }
  const { detail } = loaded;
  const showShare = detail.group.status === 'OPEN' && isMember(detail.group) && sharePath !== null;
  return (
    <View className="gb-group page">
      <Heading detail={detail} />
      <StatusCard loaded={loaded} onEnd={() => void load()} />
      <Members group={detail.group} />
      <MyOrderRow detail={detail} />
      {(actionError ?? error) !== null && <Text id="group-error" className="error">{actionError ?? error}</Text>}
      <Actions detail={detail} busy={busy} onJoin={() => void join()} onPay={() => void pay()} />
      {showShare && <ShareCard path={sharePath} groupId={groupId} />}
      <Text id="group-rules" className="gb-rules muted">{detail.campaign.rulesText}</Text>
    </View>
  );
}
