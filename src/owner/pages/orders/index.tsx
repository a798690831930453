import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { admin, errorMessage, type ClientOutput } from '../../../api/client';
import { Avatar, Badge, EmptyState, Loadable, Price, Skeleton, Tabs } from '../../../components/ui';
import type { OwnerOrderFilter, Parcel } from '../../../contracts';
import { AfterSaleList } from './AfterSaleList';
import { PickupSheet } from './PickupSheet';
import { ShipSheet } from './ShipSheet';
import { useQuery } from '../../../hooks/useQuery';
import { formatDateTime, formatFen } from '../../../utils/format';
import { ORDER_STATUS_LABEL, orderSummary } from '../../../utils/labels';
import '../../owner.scss';
import './index.scss';

type OwnerOrder = ClientOutput<'admin', 'order.list'>['orders'][number];

const REFUND_REASON = '店主操作退款';
// A WeChat Pay refund settles through its callback, normally within seconds: look again once.
const RECHECK_AFTER_MS = 1500;

// 完成 is for orders made before delivery existed (handed over outside the app); the rest ship or are picked up.
const canComplete = (o: OwnerOrder) => o.status === 'PAID' && o.fulfilment === null && o.afterSaleOpen === null;
const canShip = (o: OwnerOrder) => o.status === 'PAID' && o.kind !== 'topup' && o.fulfilment?.mode !== 'pickup' && o.afterSaleOpen === null;
// Top-ups go back through 储值退款; group-buy seats are refunded by the group-buy flow itself; after-sales own partial refunds.
const canRefund = (o: OwnerOrder) => o.kind === 'goods' && ['PAID', 'COMPLETED', 'SHIPPED', 'RECEIVED', 'PICKED_UP'].includes(o.status) && o.refundedFen === 0 && o.afterSaleOpen === null;

type Filter = 'all' | OwnerOrderFilter;
const FILTERS: { key: Filter; label: string }[] = [
  { key: 'all', label: '全部' }, { key: 'toShip', label: '待发货' }, { key: 'toPickUp', label: '待自提' }, { key: 'afterSale', label: '售后' },
];

function filterFromUrl(raw: string | undefined): Filter {
  return FILTERS.find((f) => f.key === raw)?.key ?? 'all';
}

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
  onShip: () => void;
}

function fulfilmentNote(o: OwnerOrder): string | null {
  if (o.fulfilment?.mode === 'pickup') return '到店自提';
  if (o.fulfilment?.mode === 'delivery') return `寄 ${o.fulfilment.address.name} · ${o.fulfilment.address.city}${o.fulfilment.address.district}`;
  return null;
}

function OrderRow({ order, busy, onComplete, onRefund, onShip }: RowProps) {
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
          {fulfilmentNote(order) !== null && <Text className="owner-meta">{fulfilmentNote(order)}</Text>}
          {order.shipments.length > 0 && <Text className="owner-meta">{order.shipments.map((p) => `${p.carrier} ${p.trackingNo}`).join('，')}</Text>}
        </View>
        <Amount order={order} />
      </View>
      {(canComplete(order) || canRefund(order) || canShip(order)) && (
        <View className="owner-actions">
          {canComplete(order) && <Button id={`complete-${id}`} size="small" disabled={busy} onClick={onComplete}>完成</Button>}
          {canShip(order) && <Button id={`ship-${id}`} size="small" type="primary" disabled={busy} onClick={onShip}>发货</Button>}
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
  // The dashboard's to-dos open the list on their filter (?filter=toShip).
  const [filter, setFilter] = useState<Filter>(() => filterFromUrl(Taro.getCurrentInstance().router?.params?.filter));
  const q = useQuery(async () => (await admin('order.list', { limit: 50, ...(filter === 'all' ? {} : { filter }) })).orders, { key: filter });
  const counts = useQuery(async () => admin('fulfilment.counts', {}));
  const [busyId, setBusyId] = useState<string | null>(null);
  const [shipping, setShipping] = useState<OwnerOrder | null>(null);
  const [checking, setChecking] = useState(false);
  const reloadAll = () => { void q.reload(); void counts.reload(); };

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
      reloadAll();
    }
  };

  const ship = (order: OwnerOrder, parcels: Parcel[]) => run(order._id, async () => {
    await admin('order.ship', { orderId: order._id, parcels });
    setShipping(null);
    return '已发货';
  });

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

  const c = counts.data;
  const items = FILTERS.map((f) => ({ ...f, ...(f.key === 'all' ? {} : { count: c ? c[f.key] : null }) }));
  return (
    <View className="owner-orders page">
      <Tabs items={items} active={filter} onChange={setFilter} idPrefix="owner-orders-filter" sticky />
      <View className="owner-toolbar">
        <Text className="owner-meta">{filter === 'all' ? '最近 50 笔订单' : FILTERS.find((f) => f.key === filter)?.label}</Text>
        <View className="owner-actions">
          <Button id="owner-pickup-check" size="small" onClick={() => setChecking(true)}>核销提货码</Button>
          <Button id="owner-orders-reload" size="small" onClick={reloadAll}>刷新</Button>
        </View>
      </View>
      {filter === 'afterSale' && <AfterSaleList defaultAddress="" onChanged={reloadAll} />}
      {filter !== 'afterSale' && <Loadable
        query={q}
        skeleton={<Skeleton variant="list" rows={4} />}
        isEmpty={(orders) => orders.length === 0}
        empty={<EmptyState id="owner-orders-empty" title="还没有订单" description="顾客下单后会出现在这里" picture="orders" />}
      >
        {(orders) => orders.map((o) => <OrderRow key={o._id} order={o} busy={busyId === o._id} onComplete={() => void complete(o)} onRefund={() => void refund(o)} onShip={() => setShipping(o)} />)}
      </Loadable>}
      {shipping !== null && <ShipSheet order={shipping} busy={busyId !== null} onClose={() => setShipping(null)} onShip={(parcels) => void ship(shipping, parcels)} />}
      {checking && <PickupSheet onClose={() => setChecking(false)} onDone={() => { setChecking(false); reloadAll(); }} />}
    </View>
  );
}
