import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { errorMessage, shop } from '../../api/client';
import { Countdown } from '../../components/Countdown';
import { BottomBar, Fact, Loadable, Price, ProductPicture, Section, Skeleton } from '../../components/ui';
import type { Order, OrderLine } from '../../contracts';
import { useQuery } from '../../hooks/useQuery';
import { confirmCancel, payAndShowResult } from '../../utils/afterPay';
import { useConsent } from '../../hooks/useConsent';
import { formatDateTime, formatFen } from '../../utils/format';
import { shopperStatusLabel } from '../../utils/labels';
import { AfterSales, canAskAfterSale, FulfilmentCard, Parcels } from './Fulfilment';
import { askReceipt } from '../../utils/receipt';
import './index.scss';

const PAY_METHOD_LABEL: Record<NonNullable<Order['payMethod']>, string> = { wxpay: '微信支付', balance: '余额支付', points: '积分兑换' };

/** What the status means for the shopper, in one line under it. */
function statusNote(order: Order): string {
  switch (order.status) {
    case 'PENDING': return '超时未支付，订单将自动取消';
    case 'PAID': return order.kind === 'topup' ? '已存入你的余额' : order.fulfilment?.mode === 'pickup' ? '请凭提货码到店自提' : '店主正在备货，发货后可在这里查看';
    case 'GROUPING': return '已支付，等待好友参团';
    case 'COMPLETED': return '订单已完成，感谢你的支持';
    case 'CLOSED': return '订单已取消，积分与库存已退回';
    case 'REFUNDING': return '退款处理中，将原路退回';
    case 'REFUNDED': return '退款已原路退回';
    case 'SHIPPED': return '商品已发出，收到后请确认收货';
    case 'RECEIVED': return '已确认收货，感谢你的支持';
    case 'PICKED_UP': return '已到店自提，感谢你的支持';
  }
}

function StatusBanner({ order, onExpire }: { order: Order; onExpire: () => void }) {
  return (
    <View className={`order-banner order-banner--${order.status}`}>
      <Text id="order-status" className="order-banner__status">{shopperStatusLabel(order)}</Text>
      {order.status === 'PENDING' ? (
        <View className="order-banner__note">
          <Text>剩余支付时间 </Text>
          <Countdown id="order-countdown" expiresAtMs={order.expiresAtMs} onEnd={onExpire} />
        </View>
      ) : (
        <Text className="order-banner__note">{statusNote(order)}</Text>
      )}
    </View>
  );
}

function LineRow({ line }: { line: OrderLine }) {
  return (
    <View className="order-line">
      <ProductPicture product={{ name: line.name, pictures: line.picture === null ? [] : [line.picture] }} size="small" />
      <View className="order-line__text">
        <Text className="order-line__name">{line.name}</Text>
        {line.specName !== '' && <Text className="order-line__meta">{line.specName}</Text>}
        <Text className="order-line__meta">{`${formatFen(line.unitPriceFen)} × ${line.qty}`}</Text>
      </View>
      <Price fen={line.amountFen} size="s" tone="text" />
    </View>
  );
}

function Amounts({ order }: { order: Order }) {
  const listFen = order.lines.reduce((sum, l) => sum + l.listPriceFen * l.qty, 0);
  const savedFen = listFen - order.totalFen;
  return (
    <Section>
      {order.lines.map((line) => <LineRow key={line.lineId} line={line} />)}
      <View className="order-amounts">
        <Fact label="商品总额"><Text>{formatFen(listFen)}</Text></Fact>
        {savedFen > 0 && <Fact label="会员优惠"><Text className="order-amounts__minus">{`-${formatFen(savedFen)}`}</Text></Fact>}
        {order.pointsDiscountFen > 0 && <Fact label={`积分抵扣（${order.pointsUsed} 积分）`}><Text className="order-amounts__minus">{`-${formatFen(order.pointsDiscountFen)}`}</Text></Fact>}
        {order.fulfilment?.mode === 'delivery' && <Fact label="运费"><Text id="order-shipping">{order.shippingFen === 0 ? '包邮' : formatFen(order.shippingFen)}</Text></Fact>}
        {order.refundedFen > 0 && <Fact label="已退款"><Text id="order-refunded" className="order-amounts__minus">{formatFen(order.refundedFen)}</Text></Fact>}
        <Fact label={order.status === 'PENDING' ? '需付款' : '实付款'} strong>
          {order.payMethod === 'points' ? <Text>{`${order.pointsUsed} 积分`}</Text> : <Price id="order-payable" fen={order.payableFen} size="m" />}
        </Fact>
      </View>
    </Section>
  );
}

function Facts({ order }: { order: Order }) {
  const copy = () => void Taro.setClipboardData({ data: order.orderNo ?? '' }).catch(() => undefined);
  return (
    <Section title="订单信息">
      {order.orderNo !== null && (
        <Fact label="订单编号">
          <Text id="order-no" onClick={copy}>{order.orderNo}</Text>
        </Fact>
      )}
      <Fact label="下单时间"><Text>{formatDateTime(order.createdAtMs)}</Text></Fact>
      {order.paidAtMs !== null && <Fact label="支付时间"><Text>{formatDateTime(order.paidAtMs)}</Text></Fact>}
      {order.payMethod !== null && <Fact label="支付方式"><Text>{PAY_METHOD_LABEL[order.payMethod]}</Text></Fact>}
      {order.pointsEarned > 0 && <Fact label="获得积分"><Text>{`${order.pointsEarned}`}</Text></Fact>}
    </Section>
  );
}

export default function OrderPage() {
  const orderId = useRouter().params.id ?? '';
  const q = useQuery(async () => {
    const [{ order, wxTransactionId }, { afterSales }] = await Promise.all([shop('order.get', { orderId }), shop('afterSale.list', { orderId })]);
    return { ...order, wxTransactionId, afterSales };
  }, { key: orderId });
  const [busy, setBusy] = useState<'pay' | 'cancel' | 'receive' | null>(null);
  useDidShow(() => { if (q.data) void q.reload(); });

  const receive = async (transactionId: string | null) => {
    if (busy !== null || !(await askReceipt(transactionId))) return;
    setBusy('receive');
    try {
      await shop('order.confirmReceipt', { orderId });
      void Taro.showToast({ title: '已确认收货', icon: 'none' });
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    } finally {
      setBusy(null);
      void q.reload();
    }
  };
  const afterSale = () => void Taro.navigateTo({ url: `/pages/after-sale/index?orderId=${orderId}` });

  const cancel = async () => {
    if (busy !== null || !(await confirmCancel())) return;
    setBusy('cancel');
    try {
      const { order: closed } = await shop('order.cancel', { orderId });
      if (q.data) q.set({ ...q.data, ...closed });
      void Taro.showToast({ title: '订单已取消', icon: 'none' });
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
      void q.reload();
    } finally {
      setBusy(null);
    }
  };
  const askConsent = useConsent(['orderPaid']);
  const pay = async () => {
    if (busy !== null) return;
    setBusy('pay');
    await askConsent();
    await payAndShowResult({ _id: orderId });
    setBusy(null);
  };

  return (
    <View className="order page page--with-bar">
      <Loadable query={q} skeleton={<Skeleton variant="card" rows={3} />}>
        {(order) => (
          <View>
            <StatusBanner order={order} onExpire={() => void q.reload()} />
            <FulfilmentCard order={order} />
            <Parcels order={order} />
            <AfterSales items={order.afterSales} />
            <Amounts order={order} />
            <Facts order={order} />
            {(order.status === 'SHIPPED' || canAskAfterSale(order)) && (
              <BottomBar>
                <View className="order-bar__spacer" />
                {canAskAfterSale(order) && <Button id="ask-after-sale" disabled={busy !== null} onClick={afterSale}>申请售后</Button>}
                {order.status === 'SHIPPED' && (
                  <Button id="confirm-receipt" type="primary" disabled={busy !== null} loading={busy === 'receive'} onClick={() => void receive(order.wxTransactionId)}>确认收货</Button>
                )}
              </BottomBar>
            )}
            {order.status === 'PENDING' && (
              <BottomBar>
                <View className="order-bar__spacer" />
                <Button id="cancel-order" disabled={busy !== null} loading={busy === 'cancel'} onClick={() => void cancel()}>取消订单</Button>
                <Button id="pay-order" type="primary" disabled={busy !== null} loading={busy === 'pay'} onClick={() => void pay()}>
                  {`去支付 ${formatFen(order.payableFen)}`}
                </Button>
              </BottomBar>
            )}
          </View>
        )}
      </Loadable>
    </View>
  );
}
