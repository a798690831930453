import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { AFTER_SALE_LABEL, carrierName, type AfterSale, type Order } from '../../contracts';
import { Fact, Section } from '../../components/ui';
import { useQuery } from '../../hooks/useQuery';
import { shop } from '../../api/client';
import { formatDateTime, formatFen } from '../../utils/format';
import { addressLine } from '../../utils/labels';

/** Where the goods go: the address, or the store (with the pickup code once paid). */
export function FulfilmentCard({ order }: { order: Order }) {
  const f = order.fulfilment;
  if (f === null) return null;
  if (f.mode === 'delivery') {
    return (
      <Section id="order-address" title="收货地址">
        <Text className="order-address__who">{`${f.address.name}  ${f.address.phone}`}</Text>
        <Text className="order-address__line">{addressLine(f.address)}</Text>
      </Section>
    );
  }
  return <PickupCode order={order} />;
}

/** 提货码: a QR code the owner scans, and the digits to read out. */
function PickupCode({ order }: { order: Order }) {
  const shown = order.status === 'PAID' || order.status === 'PICKED_UP';
  const q = useQuery(async () => (shown ? shop('order.pickupCode', { orderId: order._id }) : null), { key: `${order._id}-${order.status}` });
  return (
    <Section id="order-pickup" title="到店自提">
      {q.data ? (
        <View className={`order-pickup${order.status === 'PICKED_UP' ? ' order-pickup--used' : ''}`}>
          <Image id="pickup-qr" className="order-pickup__qr" src={q.data.qr} mode="aspectFit" />
          <Text id="pickup-code" className="order-pickup__code">{q.data.code.replace(/(\d{4})(\d{4})/, '$1 $2')}</Text>
          <Text className="order-pickup__note">{order.status === 'PICKED_UP' ? '已提货' : '到店出示给店员扫码或报提货码'}</Text>
        </View>
      ) : (
        <Text className="order-pickup__note">{shown ? '提货码加载中…' : '付款后显示提货码'}</Text>
      )}
    </Section>
  );
}

/** 物流信息: each parcel's carrier and tracking number (tap to copy). */
export function Parcels({ order }: { order: Order }) {
  if (order.shipments.length === 0) return null;
  return (
    <Section id="order-parcels" title={order.shipments.length > 1 ? `已发出 ${order.shipments.length} 个包裹` : '物流信息'}>
      {order.shipments.map((s, i) => (
        <View key={s.trackingNo} className="order-parcel" onClick={() => void Taro.setClipboardData({ data: s.trackingNo }).catch(() => undefined)}>
          <Text className="order-parcel__carrier">{order.shipments.length > 1 ? `包裹 ${i + 1} · ${carrierName(s.carrier)}` : carrierName(s.carrier)}</Text>
          <Text id={`parcel-${i}`} className="order-parcel__no">{s.trackingNo}</Text>
          <Text className="order-parcel__time">{`${formatDateTime(s.shippedAtMs)} 发货 · 点击复制单号`}</Text>
        </View>
      ))}
    </Section>
  );
}

/** 售后进度: every request of this order, newest first. */
export function AfterSales({ items }: { items: AfterSale[] }) {
  if (items.length === 0) return null;
  return (
    <Section id="order-after-sales" title="售后进度">
      {items.map((a) => (
        <View key={a._id} id={`after-sale-${a._id}`} className="order-after-sale">
          <Fact label={a.kind === 'refund' ? '仅退款' : '退货退款'}><Text id={`after-sale-status-${a._id}`} className="order-after-sale__status">{AFTER_SALE_LABEL[a.status]}</Text></Fact>
          <Fact label="退款金额"><Text>{formatFen(a.amountFen)}</Text></Fact>
          <Text className="order-after-sale__note">{`原因：${a.reason}`}</Text>
          {a.returnAddress !== null && a.status === 'RETURNING' && <Text className="order-after-sale__note">{`请寄回：${a.returnAddress}`}</Text>}
          {a.refuseReason !== null && <Text className="order-after-sale__note">{`商家说明：${a.refuseReason}`}</Text>}
        </View>
      ))}
    </Section>
  );
}

/** Whether the buyer may ask for after-sales now: paid effects stand, nothing open, money left. */
export function canAskAfterSale(order: Order): boolean {
  const standing = ['PAID', 'SHIPPED', 'RECEIVED', 'PICKED_UP', 'COMPLETED'].includes(order.status);
  return standing && order.kind !== 'topup' && order.payMethod !== 'points' && order.afterSaleOpen === null && order.refundedFen < order.payableFen;
}
