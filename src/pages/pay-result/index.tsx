import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useRef } from 'react';
import { shop, type ClientOutput } from '../../api/client';
import { MemberBenefits } from '../../components/MemberBenefits';
import { Icon, Loadable, Price, Section, Skeleton } from '../../components/ui';
import type { Group, Order, Product } from '../../contracts';
import { useQuery } from '../../hooks/useQuery';
import { formatDate, formatFen } from '../../utils/format';
import { STAGE_LABEL } from '../../utils/labels';
import './index.scss';

type MemberInfo = ClientOutput<'shop', 'member.get'>;

interface Result {
  order: Order;
  member: MemberInfo;
  group: Group | null;
}

/** The payment callback can land a moment after the cashier closes: ask again this often, this many times. */
const POLL_MS = 1000;
const POLLS = 10;

async function loadResult(orderId: string): Promise<Result> {
  const [{ order }, member] = await Promise.all([shop('order.get', { orderId }), shop('member.get', {})]);
  const groupId = order.group?.groupId;
  const group = groupId ? (await shop('groupbuy.group.get', { groupId }).catch(() => null))?.group ?? null : null;
  return { order, member, group };
}

/** The stage this order granted (a card or the partner package), if the buyer holds it now. */
function grantedCard(r: Result): Product | null {
  const card = r.member.cards.find((c) => r.order.lines.some((l) => l.productId === c._id)) ?? null;
  return card !== null && card.grantsStage === r.member.me.stage ? card : null;
}

function headline(order: Order): { title: string; note: string } {
  if (order.status === 'PENDING') return { title: '支付结果确认中', note: '微信支付正在通知我们，请稍候' };
  if (order.status === 'GROUPING') return { title: '支付成功，拼团中', note: '邀请好友参团，人满即成团；未成团将原路退款' };
  if (order.kind === 'topup') return { title: '充值成功', note: '金额已存入你的余额，下单时可直接使用' };
  if (order.status === 'PAID' || order.status === 'COMPLETED') return { title: '支付成功', note: '店主正在为你备货，发货后可在订单中查看进度' };
  return { title: '订单状态已更新', note: '请在订单详情查看' };
}

function Congrats({ r, card }: { r: Result; card: Product }) {
  const { me } = r.member;
  const until = me.stageUntilMs === null ? '长期有效' : `有效期至 ${formatDate(me.stageUntilMs)}`;
  return (
    <View id="congrats" className="result-congrats">
      <Text id="congrats-title" className="result-congrats__title">{`恭喜成为${STAGE_LABEL[me.stage]}`}</Text>
      <Text className="result-congrats__note">{until}</Text>
      {card.grantsStage === 'member' ? (
        <MemberBenefits privileges={r.member.privileges} tiers={r.member.tiers} card={card} />
      ) : (
        <Text className="result-congrats__note">自购享合伙人价，分享好物赚佣金，去推广中心生成你的海报吧</Text>
      )}
    </View>
  );
}

function GroupNext({ group }: { group: Group }) {
  const open = () => void Taro.redirectTo({ url: `/groupbuy/pages/group/index?id=${group._id}` });
  return (
    <Section>
      <Text id="result-group" className="result-group">{group.status === 'OPEN' ? `还差 ${group.seatsLeft} 人成团` : group.status === 'SUCCEEDED' ? '拼团成功' : '拼团未成功，将原路退款'}</Text>
      <Button id="result-invite" type="primary" block onClick={open}>{group.status === 'OPEN' ? '邀请好友参团' : '查看拼团'}</Button>
    </Section>
  );
}

export default function PayResultPage() {
  const orderId = useRouter().params.id ?? '';
  const q = useQuery(() => loadResult(orderId), { key: orderId });
  const polls = useRef(0);
  const pending = q.data?.order.status === 'PENDING';
  useEffect(() => {
    if (!pending || q.loading || polls.current >= POLLS) return undefined;
    polls.current += 1;
    const timer = setTimeout(() => void q.reload(), POLL_MS);
    return () => clearTimeout(timer);
  }, [pending, q.loading, q.reload]);

  return (
    <View className="result page">
      <Loadable query={q} skeleton={<Skeleton variant="card" rows={2} />}>
        {(r) => {
          const card = grantedCard(r);
          const { title, note } = card === null ? headline(r.order) : { title: '支付成功', note: '权益已即刻生效' };
          return (
            <View>
              <View className={`result-head${r.order.status === 'PENDING' ? ' result-head--pending' : ''}`}>
                <Icon name={r.order.status === 'PENDING' ? 'clock' : 'success'} size={56} />
                <Text id="result-title" className="result-head__title">{title}</Text>
                {r.order.payMethod === 'points' ? <Text>{`${r.order.pointsUsed} 积分`}</Text> : <Price id="result-amount" fen={r.order.payableFen} size="l" tone="text" />}
                <Text className="result-head__note">{note}</Text>
                {r.order.pointsEarned > 0 && <Text id="result-points" className="result-head__points">{`本单获得 ${r.order.pointsEarned} 积分`}</Text>}
              </View>
              {card !== null && <Congrats r={r} card={card} />}
              {r.group !== null && <GroupNext group={r.group} />}
              <View className="result-actions">
                <Button id="result-order" onClick={() => void Taro.redirectTo({ url: `/pages/order/index?id=${r.order._id}` })}>查看订单</Button>
                <Button id="result-home" type="primary" onClick={() => void Taro.switchTab({ url: '/pages/index/index' })}>继续逛逛</Button>
              </View>
              {r.order.status === 'PENDING' && <Text className="result-hint">{`若已扣款，请稍后在订单中查看（${formatFen(r.order.payableFen)}）`}</Text>}
            </View>
          );
        }}
      </Loadable>
    </View>
  );
}
