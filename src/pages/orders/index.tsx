import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { errorMessage, shop } from '../../api/client';
import type { Order } from '../../contracts';
import { ORDER_STATUS_LABEL } from '../../utils/labels';
import { formatFen } from '../../utils/money';
import './index.scss';

function summary(order: Order): string {
  const first = order.lines[0];
  if (first === undefined) return '';
  return order.lines.length > 1 ? `${first.name} 等${order.lines.length}件` : `${first.name} x ${first.qty}`;
}

function OrderItem({ order }: { order: Order }) {
  const open = () => void Taro.navigateTo({ url: `/pages/order/index?id=${order._id}` });
  return (
    <View id={`order-${order._id}`} className="order-item card" onClick={open}>
      <View className="row">
        <Text className="muted">{`订单号 ${order._id}`}</Text>
        <Text className={`order-item__status order-item__status--${order.status}`}>{ORDER_STATUS_LABEL[order.status]}</Text>
      </View>
      <View className="row">
        <Text>{summary(order)}</Text>
        <Text className="price">{formatFen(order.payableFen)}</Text>
      </View>
    </View>
  );
}

export default function OrdersPage() {
  const [orders, setOrders] = useState<Order[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useDidShow(() => {
    shop('order.list', {})
      .then((res) => {
        setOrders(res.orders);
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  });

  return (
    <View className="orders page">
      {error !== null && <Text className="error">{error}</Text>}
      {orders === null && error === null && <Text className="muted">加载中…</Text>}
      {orders !== null && orders.length === 0 && <Text className="muted">还没有订单</Text>}
      {orders?.map((o) => <OrderItem key={o._id} order={o} />)}
    </View>
  );
}
