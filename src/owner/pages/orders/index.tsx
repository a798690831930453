import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { admin, errorMessage, type ClientOutput } from '../../../api/client';
import { Avatar, Badge, EmptyState, Loadable, Price, Skeleton } from '../../../components/ui';
import { useQuery } from '../../../hooks/useQuery';
import { formatDateTime, formatFen } from '../../../utils/format';
import { ORDER_STATUS_LABEL, orderSummary } from '../../../utils/labels';
import '../../owner.scss';
import './index.scss';

type OwnerOrder = ClientOutput<'admin', 'order.list'>['orders'][number];

const REFUND_REASON = '店主操作退款';
// A WeChat Pay refund settles through its callback, normally within seconds: look again once.
const RECHECK_AFTER_MS = 1500;

const canComplete = (o: OwnerOrder) => o.status === 'PAID';
// Top-ups go back through 储值退款; group-buy seats are refunded by the group-buy flow itself.
const canRefund = (o: OwnerOrder) => o.kind === 'goods' && (o.status === 'PAID' || o.status === 'COMPLETED');

const STATUS_TONE: Record<OwnerOrder['status'], 'brand' | 'gold' | 'grey' | 'success' | 'warning'> = {
  PENDING: 'warning', PAID: 'brand', GROUPING: 'gold', COMPLETED: 'success', CLOSED: 'grey', REFUNDING: 'warning', REFUNDED: 'grey', SHIPPED: 'brand', RECEIVED: 'success', PICKED_UP: 'success',
};


function Amount({ order }: { order: OwnerOrder }) {
  if (order.payMethod === 'points') return <Text id={`owner-order-amount-${order._id}`}>{`${order.pointsUsed} 积分`}</Text>;
  return <Price id={`owner-order-amount-${order._id}`} fen={order.payableFen} size="s" tone="text" />;
}

interface RowProps {
  order: OwnerOrder;
  busy: boolean;
  onComplete: () => void;
  onRefund: () => void;
}

function OrderRow({ order, busy, onComplete, onRefund }: RowProps) {
  const id = order._id;
  const who = order.nickname || '顾客';
  return (
    <View id={`owner-order-${id}`} className="owner-order">
      <View className="owner-card-head">
        <Text className="owner-meta">{order.orderNo === null ? formatDateTime(order.createdAtMs) : `订单号 ${order.orderNo}`}</Text>
        <Badge id={`owner-order-status-${id}`} text={ORDER_STATUS_LABEL[order.status]} tone={STATUS_TONE[order.status]} />
      </View>
      <View className="owner-order__body">
        <Avatar name={who} picture={order.avatar} size="s" />
        <View className="owner-order__text">
          <Text className="owner-line">{orderSummary(order)}</Text>
          <Text className="owner-meta">{`${who} · ${formatDateTime(order.createdAtMs)}`}</Text>
        </View>
        <Amount order={order} />
      </View>
      {(canComplete(order) || canRefund(order)) && (
        <View className="owner-actions">
          {canComplete(order) && <Button id={`complete-${id}`} size="small" disabled={busy} onClick={onComplete}>完成</Button>}
          {canRefund(order) && <Button id={`refund-${id}`} size="small" type="primary" loading={busy} disabled={busy} onClick={onRefund}>退款</Button>}
        </View>
      )}
    </View>
  );
}

async function confirmRefund(order: OwnerOrder): Promise<boolean> {
  const how = order.payMethod === 'wxpay' ? '原路退回微信支付' : order.payMethod === 'points' ? '积分退回账户' : '退回储值余额';
  const amount = order.payMethod === 'points' ? `${order.pointsUsed} 积分` : formatFen(order.payableFen);
  const { confirm } = await Taro.showModal({ title: `退款 ${amount}`, content: `${how}，并扣回本单积分与权益。退款原因：${REFUND_REASON}`, confirmText: '退款', cancelText: '取消' });
  return confirm;
}

export default function OwnerOrdersPage() {
  const q = useQuery(async () => (await admin('order.list', { limit: 50 })).orders);
  const [busyId, setBusyId] = useState<string | null>(null);

  /** One write at a time; the list always shows what the server says afterwards. */
  const run = async (orderId: string, write: () => Promise<string | null>) => {
    if (busyId !== null) return;
    setBusyId(orderId);
    try {
      const toast = await write();
      if (toast !== null) void Taro.showToast({ title: toast, icon: 'none' });
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    } finally {
      setBusyId(null);
      void q.reload();
    }
  };

  const complete = (order: OwnerOrder) => run(order._id, async () => {
    await admin('order.complete', { orderId: order._id });
    return '订单已完成';
  });

  const refund = (order: OwnerOrder) => run(order._id, async () => {
    if (!(await confirmRefund(order))) return null;
    const res = await admin('order.refund', { orderId: order._id, reason: REFUND_REASON });
    if (res.status === 'SUCCESS') return '已退款';
    setTimeout(() => void q.reload(), RECHECK_AFTER_MS);
    return '退款已提交';
  });

  return (
    <View className="owner-orders page">
      <View className="owner-toolbar">
        <Text className="owner-meta">最近 50 笔订单</Text>
        <Button id="owner-orders-reload" size="small" onClick={() => void q.reload()}>刷新</Button>
      </View>
      <Loadable
        query={q}
        skeleton={<Skeleton variant="list" rows={4} />}
        isEmpty={(orders) => orders.length === 0}
        empty={<EmptyState id="owner-orders-empty" title="还没有订单" description="顾客下单后会出现在这里" picture="orders" />}
      >
        {(orders) => orders.map((o) => <OrderRow key={o._id} order={o} busy={busyId === o._id} onComplete={() => void complete(o)} onRefund={() => void refund(o)} />)}
      </Loadable>
    </View>
  );
}
