import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { errorMessage, shop } from '../../api/client';
import { EmptyState, Loadable, Price, ProductPicture, Skeleton, Tabs } from '../../components/ui';
import { ORDER_TABS, OrderTab, type Order } from '../../contracts';
import { useQuery } from '../../hooks/useQuery';
import { confirmCancel, payAndShowResult } from '../../utils/afterPay';
import { useConsent } from '../../hooks/useConsent';
import { formatDateTime } from '../../utils/format';
import { lineName, shopperStatusLabel } from '../../utils/labels';
import './index.scss';

function summary(order: Order): string {
  const first = order.lines[0];
  if (order.kind === 'topup') return first?.name ?? '储值充值';
  if (first === undefined) return '';
  return order.lines.length > 1 ? `${lineName(first)} 等 ${order.lines.length} 件` : lineName(first);
}

const units = (order: Order) => order.lines.reduce((n, l) => n + l.qty, 0);

interface ItemProps {
  order: Order;
  busy: boolean;
  onCancel: () => void;
  onPay: () => void;
}

function OrderItem({ order, busy, onCancel, onPay }: ItemProps) {
  const open = () => void Taro.navigateTo({ url: `/pages/order/index?id=${order._id}` });
  const first = order.lines[0];
  return (
    <View id={`order-${order._id}`} className="orders-item">
      <View className="orders-item__head" onClick={open}>
        <Text className="orders-item__no">{order.orderNo === null ? formatDateTime(order.createdAtMs) : `订单号 ${order.orderNo}`}</Text>
        <Text id={`order-status-${order._id}`} className={`orders-item__status orders-item__status--${order.status}`}>{shopperStatusLabel(order)}</Text>
      </View>
      <View className="orders-item__body" onClick={open}>
        {first !== undefined && <ProductPicture product={{ name: first.name, pictures: first.picture === null ? [] : [first.picture] }} size="small" />}
        <View className="orders-item__text">
          <Text className="orders-item__name">{summary(order)}</Text>
          <Text className="orders-item__meta">{`共 ${units(order)} 件`}</Text>
        </View>
        <View className="orders-item__amount">
          <Text className="orders-item__meta">实付</Text>
          {order.payMethod === 'points' ? <Text>{`${order.pointsUsed} 积分`}</Text> : <Price fen={order.payableFen} size="s" tone="text" />}
        </View>
      </View>
      {order.status === 'PENDING' && (
        <View className="orders-item__foot">
          <Text className="orders-item__deadline">{`请在 ${formatDateTime(order.expiresAtMs)} 前支付`}</Text>
          <Button id={`cancel-${order._id}`} size="small" disabled={busy} onClick={onCancel}>取消订单</Button>
          <Button id={`pay-${order._id}`} size="small" type="primary" loading={busy} onClick={onPay}>去支付</Button>
        </View>
      )}
    </View>
  );
}

function initialTab(raw: string | undefined): OrderTab {
  const parsed = OrderTab.safeParse(raw);
  return parsed.success ? parsed.data : 'all';
}

const EMPTY_TEXT: Record<OrderTab, string> = {
  all: '还没有订单',
  unpaid: '没有待付款的订单',
  toShip: '没有待发货的订单',
  toReceive: '没有待收货的订单',
  afterSale: '没有售后订单',
};

export default function OrdersPage() {
  const { params } = useRouter();
  const [tab, setTab] = useState<OrderTab>(() => initialTab(params.tab));
  const q = useQuery(async () => (await shop('order.list', { tab })).orders, { key: tab });
  const [busyId, setBusyId] = useState<string | null>(null);

  const run = async (orderId: string, action: () => Promise<void>) => {
    if (busyId !== null) return;
    setBusyId(orderId);
    try {
      await action();
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    } finally {
      setBusyId(null);
      void q.reload();
    }
  };
  const cancel = (o: Order) => run(o._id, async () => {
    if (!(await confirmCancel())) return;
    await shop('order.cancel', { orderId: o._id });
    void Taro.showToast({ title: '订单已取消', icon: 'none' });
  });
  const askConsent = useConsent(['orderPaid']);
  const pay = (o: Order) => run(o._id, async () => {
    await askConsent();
    await payAndShowResult(o, 'wxpay', 'navigate');
  });
  const goShopping = () => void Taro.switchTab({ url: '/pages/index/index' });

  return (
    <View className="orders page">
      <Tabs idPrefix="orders-tab" items={ORDER_TABS.map((t) => ({ key: t.tab, label: t.label }))} active={tab} onChange={setTab} sticky />
      <Loadable
        query={q}
        skeleton={<Skeleton variant="list" rows={3} />}
        isEmpty={(orders) => orders.length === 0}
        empty={<EmptyState id="orders-empty" title={EMPTY_TEXT[tab]} picture="orders" action={{ id: 'go-shopping', text: '去逛逛', onClick: goShopping }} />}
      >
        {(orders) => orders.map((o) => <OrderItem key={o._id} order={o} busy={busyId === o._id} onCancel={() => void cancel(o)} onPay={() => void pay(o)} />)}
      </Loadable>
    </View>
  );
}
