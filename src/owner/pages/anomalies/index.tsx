import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { admin, errorMessage } from '../../../api/client';
import { Avatar, Badge, EmptyState, Fact, Loadable, Section, Skeleton } from '../../../components/ui';
import type { PaymentAnomaly } from '../../../contracts';
import { useQuery } from '../../../hooks/useQuery';
import { formatDateTime, formatFen } from '../../../utils/format';
import '../../owner.scss';
import './index.scss';

// Payments the store received but could not simply apply (issue 9), with what the store did:
// a late payment honoured, a second payment or a wrong amount refunded in full, an unknown order
// waiting for the owner. People by name, orders by number.

const KIND_LABEL: Record<PaymentAnomaly['kind'], string> = {
  late: '超时后付款',
  second_payment: '重复付款',
  amount_mismatch: '金额不符',
  unknown_order: '找不到订单',
};

const ACTION: Record<PaymentAnomaly['action'], { text: string; tone: 'success' | 'warning' | 'grey' }> = {
  applied_late: { text: '已补单', tone: 'success' },
  refunded: { text: '已自动退款', tone: 'grey' },
  waiting: { text: '待核实', tone: 'warning' },
};

const REFUND_STATE: Record<NonNullable<PaymentAnomaly['refundStatus']>, string> = {
  pending: '退款处理中',
  done: '已退回顾客',
  stuck: '微信支付多次未受理，请在商户平台核实',
};

/** What the store did, in the owner's words. */
function whatHappened(a: PaymentAnomaly): string {
  if (a.action === 'applied_late') return '订单已关闭后收到付款：已按原订单补单发货，用掉的积分已重新扣回';
  if (a.action === 'waiting') return '这笔付款对应的订单不在本店：请在微信支付商户平台核实后处理';
  if (a.kind === 'second_payment') return '订单已用其他方式支付，这笔微信付款已全额原路退回';
  if (a.kind === 'amount_mismatch') return '付款金额与订单不符，已全额原路退回，订单仍待支付';
  return '拼团名额已释放或拼团已结束，付款已全额原路退回';
}

function AnomalyCard({ a }: { a: PaymentAnomaly }) {
  const action = ACTION[a.action];
  const who = a.nickname ?? '未知顾客';
  return (
    <Section id={`anomaly-${a._id}`}>
      <View className="owner-card-head">
        <View className="owner-anomaly__who">
          <Avatar name={who} picture={a.avatar} size="s" />
          <Text className="owner-card-title">{KIND_LABEL[a.kind]}</Text>
        </View>
        <Badge id={`anomaly-action-${a._id}`} text={action.text} tone={action.tone} />
      </View>
      <Fact label="金额"><Text className="owner-anomaly__amount">{formatFen(a.amountFen)}</Text></Fact>
      <Fact label="顾客"><Text>{who}</Text></Fact>
      <Fact label="订单"><Text>{a.orderNo ?? '本店无此订单'}</Text></Fact>
      {a.refundNo !== null && (
        <Fact label="退款">
          <Text className={a.refundStatus === 'stuck' ? 'owner-anomaly__stuck' : ''}>{`${a.refundNo} · ${a.refundStatus === null ? '' : REFUND_STATE[a.refundStatus]}`}</Text>
        </Fact>
      )}
      <Text className="owner-line">{whatHappened(a)}</Text>
      <Text className="owner-meta">{formatDateTime(a.createdAtMs)}</Text>
    </Section>
  );
}

interface Page {
  anomalies: PaymentAnomaly[];
  nextBeforeMs: number | null;
}

export default function OwnerAnomaliesPage() {
  const q = useQuery<Page>(async () => {
    const { anomalies, nextBeforeMs } = await admin('payments.anomalies', { limit: 20 });
    return { anomalies, nextBeforeMs };
  });
  const [more, setMore] = useState<Page | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  const loadMore = async (before: number) => {
    if (loadingMore) return;
    setLoadingMore(true);
    try {
      const next = await admin('payments.anomalies', { limit: 20, beforeMs: before });
      setMore((m) => ({ anomalies: [...(m?.anomalies ?? []), ...next.anomalies], nextBeforeMs: next.nextBeforeMs }));
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <View className="owner-anomalies page">
      <Text className="owner-hint">顾客的付款偶尔会晚到、重复或对不上订单。系统会自动处理：超时后付款按原订单补单，重复付款和金额不符的付款全额原路退回；找不到订单的付款需要你核实。</Text>
      <Loadable
        query={q}
        skeleton={<Skeleton variant="card" rows={2} />}
        isEmpty={(page) => page.anomalies.length === 0}
        empty={<EmptyState id="anomalies-empty" title="没有异常付款" description="每一笔付款都已正常入账" picture="orders" action={{ id: 'anomalies-go-orders', text: '查看订单', onClick: () => void Taro.navigateTo({ url: '/owner/pages/orders/index' }) }} />}
      >
        {(page) => {
          const shown = [...page.anomalies, ...(more?.anomalies ?? [])];
          const next = more === null ? page.nextBeforeMs : more.nextBeforeMs;
          return (
            <View>
              {shown.map((a) => <AnomalyCard key={a._id} a={a} />)}
              {next !== null && (
                <Text id="anomalies-more" className="owner-anomaly__more" onClick={() => void loadMore(next)}>{loadingMore ? '加载中…' : '加载更多'}</Text>
              )}
            </View>
          );
        }}
      </Loadable>
    </View>
  );
}
