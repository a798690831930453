import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { errorMessage, shop } from '../../api/client';
import { payOrder } from '../../api/pay';
import type { Order, OrderLine } from '../../contracts';
import { ORDER_STATUS_LABEL } from '../../utils/labels';
import { formatFen } from '../../utils/money';
import { flag } from '../../utils/flag';
import './index.scss';

function LineRow({ line }: { line: OrderLine }) {
  return (
    <View className="order-line row">
      <View className="order-line__info">
        <Text className="order-line__name">{line.name}</Text>
        <Text className="muted">{`${formatFen(line.unitPriceFen)} x ${line.qty}`}</Text>
      </View>
      <Text>{formatFen(line.amountFen)}</Text>
    </View>
  );
}

export default function OrderPage() {
  const orderId = useRouter().params.id ?? '';
  const [order, setOrder] = useState<Order | null>(null);
  const [paying, setPaying] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useDidShow(() => {
    shop('order.get', { orderId })
      .then((res) => setOrder(res.order))
      .catch((e: unknown) => setError(errorMessage(e)));
  });

  const pay = async () => {
    if (paying) return;
    setPaying(true);
    try {
      setOrder(await payOrder(orderId));
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    } finally {
      setPaying(false);
    }
  };

  if (error !== null) return <View className="page"><Text className="error">{error}</Text></View>;
  if (order === null) return <View className="page"><Text className="muted">加载中…</Text></View>;

  return (
    <View className="order page">
      <View className="card row">
        <Text className="muted">{`订单号 ${order._id}`}</Text>
        <Text id="order-status" className={`order__status order__status--${order.status}`}>
          {ORDER_STATUS_LABEL[order.status]}
        </Text>
      </View>
      <View className="card">
        {order.lines.map((line) => <LineRow key={line.productId} line={line} />)}
        <View className="row">
          <Text className="muted">商品总额</Text>
          <Text>{formatFen(order.totalFen)}</Text>
        </View>
        <View className="row">
          <Text>实付金额</Text>
          <Text id="order-payable" className="price">{formatFen(order.payableFen)}</Text>
        </View>
      </View>
      {order.status === 'PENDING' && (
        <Button id="pay-order" className="primary-button" loading={flag(paying)} disabled={flag(paying)} onClick={() => void pay()}>
          去支付
        </Button>
      )}
    </View>
  );
}
