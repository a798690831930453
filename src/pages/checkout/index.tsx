import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { errorMessage, isApiClientError, shop } from '../../api/client';
import { payOrder } from '../../api/pay';
import type { Order, Product } from '../../contracts';
import { formatFen } from '../../utils/money';
import { flag } from '../../utils/flag';
import './index.scss';

/** One key per checkout page view: a double tap or a retry creates one order, not two. */
function newRequestId(): string {
  const random = Math.random().toString(36).slice(2, 12);
  return `r${Date.now().toString(36)}${random}`;
}

function parseQty(raw: string | undefined): number {
  const qty = Number.parseInt(raw ?? '1', 10);
  return Number.isFinite(qty) ? Math.min(99, Math.max(1, qty)) : 1;
}

export default function CheckoutPage() {
  const { params } = useRouter();
  const productId = params.productId ?? '';
  const qty = parseQty(params.qty);
  const [requestId] = useState(newRequestId);
  const [product, setProduct] = useState<Product | null>(null);
  const [order, setOrder] = useState<Order | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    shop('product.get', { productId })
      .then((res) => setProduct(res.product))
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [productId]);

  const pay = async (created: Order) => {
    try {
      await payOrder(created._id);
    } catch (e) {
      // The order exists either way; its detail page offers 去支付 again.
      if (isApiClientError(e)) void Taro.showToast({ title: e.message, icon: 'none' });
    }
    void Taro.redirectTo({ url: `/pages/order/index?id=${created._id}` });
  };

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const created = order ?? (await shop('order.create', { requestId, lines: [{ productId, qty }] })).order;
      setOrder(created);
      await pay(created);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="checkout page">
      {product !== null && (
        <View className="card checkout__line">
          <Text className="checkout__name">{product.name}</Text>
          <View className="row">
            <Text className="muted">{`标价 ${formatFen(product.listPriceFen)}`}</Text>
            <Text id="checkout-qty">{`x ${qty}`}</Text>
          </View>
        </View>
      )}
      <View className="card row">
        <Text>实付金额</Text>
        {order === null ? (
          <Text className="muted">提交后以服务端计算为准</Text>
        ) : (
          <Text id="checkout-payable" className="price">{formatFen(order.payableFen)}</Text>
        )}
      </View>
      {error !== null && <Text className="error">{error}</Text>}
      <Button
        id="submit-order"
        className="primary-button"
        disabled={flag(busy || product === null)}
        loading={flag(busy)}
        onClick={() => void submit()}
      >
        提交订单并支付
      </Button>
    </View>
  );
}
