import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { errorMessage, shop } from '../../api/client';
import { PriceTags } from '../../components/PriceTags';
import type { Product } from '../../contracts';
import { flag } from '../../utils/flag';
import './index.scss';

const MAX_QTY = 99;

export default function ProductPage() {
  const productId = useRouter().params.id ?? '';
  const [product, setProduct] = useState<Product | null>(null);
  const [myPriceFen, setMyPriceFen] = useState<number | undefined>(undefined);
  const [qty, setQty] = useState(1);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    shop('product.get', { productId })
      .then((res) => {
        setProduct(res.product);
        setMyPriceFen(res.myPriceFen);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [productId]);

  if (error !== null) return <View className="page"><Text className="error">{error}</Text></View>;
  if (product === null) return <View className="page"><Text className="muted">加载中…</Text></View>;

  const maxQty = Math.max(1, Math.min(MAX_QTY, product.stock));
  const soldOut = product.stock === 0 || !product.onSale;
  const buy = () => void Taro.navigateTo({ url: `/pages/checkout/index?productId=${product._id}&qty=${qty}` });

  return (
    <View className="product page">
      <View className="product__cover" style={{ background: product.coverColor }} />
      <View className="card">
        <Text className="product__name">{product.name}</Text>
        <Text className="product__subtitle muted">{product.subtitle}</Text>
        <PriceTags product={product} myPriceFen={myPriceFen} />
        <Text className="product__stock muted">{`库存 ${product.stock}`}</Text>
      </View>
      <View className="card row">
        <Text>数量</Text>
        <View className="stepper">
          <Button id="qty-minus" className="stepper__button" disabled={flag(qty <= 1)} onClick={() => setQty(Math.max(1, qty - 1))}>
            -
          </Button>
          <Text id="qty-value" className="stepper__value">{qty}</Text>
          <Button id="qty-plus" className="stepper__button" disabled={flag(qty >= maxQty)} onClick={() => setQty(Math.min(maxQty, qty + 1))}>
            +
          </Button>
        </View>
      </View>
      <Button id="buy-now" className="primary-button" disabled={flag(soldOut)} onClick={buy}>
        {soldOut ? '已售罄' : '立即购买'}
      </Button>
    </View>
  );
}
