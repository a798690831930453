import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { admin, errorMessage, type ClientOutput } from '../../../api/client';
import { flag } from '../../../utils/flag';
import { ORDER_STATUS_LABEL } from '../../../utils/labels';
import { formatDateTime } from '../../../utils/format';
import { formatFen } from '../../../utils/format';
import './index.scss';

type OwnerOrder = ClientOutput<'admin', 'order.list'>['orders'][number];

const REFUND_REASON = '店主操作退款';
// A WeChat Pay refund settles through its callback, normally within seconds: look again once.
const RECHECK_AFTER_MS = 1500;

const canComplete = (o: OwnerOrder) => o.status === 'PAID';
// Top-ups go back through 储值退款; group-buy seats are refunded by the group-buy flow itself.
const canRefund = (o: OwnerOrder) => o.kind === 'goods' && (o.status === 'PAID' || o.status === 'COMPLETED');

function summary(order: OwnerOrder): string {
  if (order.kind === 'topup') return '储值充值';
  const first = order.lines[0];
  if (first === undefined) return '';
  const what = order.lines.length > 1 ? `${first.name} 等${order.lines.length}件` : `${first.name} x ${first.qty}`;
  return order.kind === 'group' ? `拼团 · ${what}` : what;
}

function amount(order: OwnerOrder): string {
  return order.payMethod === 'points' ? `${order.pointsUsed} 积分` : formatFen(order.payableFen);
}

interface RowProps {
  order: OwnerOrder;
  busy: boolean;
  onComplete: () => void;
  onRefund: () => void;
}

function OrderRow({ order, busy, onComplete, onRefund }: RowProps) {
  const id = order._id;
  return (
    <View id={`owner-order-${id}`} className="owner-order card">
      <View className="row">
        <Text className="muted">{`订单号 ${id}`}</Text>
        <Text id={`owner-order-status-${id}`} className={`owner-order__status owner-order__status--${order.status}`}>
          {ORDER_STATUS_LABEL[order.status]}
        </Text>
      </View>
      <View className="row">
        <Text>{summary(order)}</Text>
        <Text id={`owner-order-amount-${id}`} className="price">{amount(order)}</Text>
      </View>
      <View className="row">
        <Text className="muted">{`顾客 ${order.openid}`}</Text>
        <Text className="muted">{formatDateTime(order.createdAtMs)}</Text>
      </View>
      {(canComplete(order) || canRefund(order)) && (
        <View className="owner-order__actions">
          {canComplete(order) && (
            <Button id={`complete-${id}`} className="owner-order__button" size="mini" disabled={flag(busy)} onClick={onComplete}>完成</Button>
          )}
          {canRefund(order) && (
            <Button id={`refund-${id}`} className="owner-order__button primary-button" size="mini" loading={flag(busy)} disabled={flag(busy)} onClick={onRefund}>退款</Button>
          )}
        </View>
      )}
    </View>
  );
}

async function confirmRefund(order: OwnerOrder): Promise<boolean> {
  const how = order.payMethod === 'wxpay' ? '原路退回微信支付' : order.payMethod === 'points' ? '积分退回账户' : '退回储值余额';
  const { confirm } = await Taro.showModal({
    title: `退款 ${amount(order)}`,
    content: `${how}，并扣回本单积分与权益。退款原因：${REFUND_REASON}`,
    confirmText: '退款',
    cancelText: '取消',
  });
  return confirm;
}

export default function OwnerOrdersPage() {
  const [orders, setOrders] = useState<OwnerOrder[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const load = useCallback(() => {
    admin('order.list', { limit: 50 })
      .then((res) => {
        setOrders(res.orders);
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  useDidShow(load);

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
      load();
    }
  };

  const complete = (order: OwnerOrder) =>
    run(order._id, async () => {
      await admin('order.complete', { orderId: order._id });
      return '订单已完成';
    });

  const refund = (order: OwnerOrder) =>
    run(order._id, async () => {
      if (!(await confirmRefund(order))) return null;
      const res = await admin('order.refund', { orderId: order._id, reason: REFUND_REASON });
      if (res.status === 'SUCCESS') return '已退款';
      setTimeout(load, RECHECK_AFTER_MS);
      return '退款已提交';
    });

  return (
    <View className="owner-orders page">
      <View className="owner-orders__toolbar">
        <Text className="muted">最近 50 笔订单</Text>
        <Button id="owner-orders-reload" className="owner-orders__reload" size="mini" onClick={load}>刷新</Button>
      </View>
      {error !== null && <Text id="owner-error" className="error">{error}</Text>}
      {orders === null && error === null && <Text className="muted">加载中…</Text>}
      {orders !== null && orders.length === 0 && <Text className="muted">还没有订单</Text>}
      {orders?.map((o) => (
        <OrderRow key={o._id} order={o} busy={busyId === o._id} onComplete={() => void complete(o)} onRefund={() => void refund(o)} />
      ))}
    </View>
  );
}
