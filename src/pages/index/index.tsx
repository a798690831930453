import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { errorMessage, shop } from '../../api/client';
import { IdentityPicker } from '../../components/IdentityPicker';
import { PriceTags } from '../../components/PriceTags';
import type { Me, Product } from '../../contracts';
import { isDevSignInAvailable, whoami } from '../../utils/dev';
import './index.scss';

type SignIn = 'checking' | 'signed-out' | 'signed-in';

function ProductCard({ product, myPriceFen }: { product: Product; myPriceFen?: number }) {
  const open = () => void Taro.navigateTo({ url: `/pages/product/index?id=${product._id}` });
  return (
    <View id={`product-${product._id}`} className="product-card card" onClick={open}>
      <View className="product-card__cover" style={{ background: product.coverColor }} />
      <View className="product-card__body">
        <Text className="product-card__name">{product.name}</Text>
        <Text className="product-card__subtitle muted">{product.subtitle}</Text>
        <PriceTags product={product} myPriceFen={myPriceFen} />
      </View>
    </View>
  );
}

function GroupBuyBanner() {
  const open = () => void Taro.navigateTo({ url: '/groupbuy/pages/campaigns/index' });
  return (
    <View id="go-groupbuy" className="groupbuy-banner card" onClick={open}>
      <View className="groupbuy-banner__text">
        <Text className="groupbuy-banner__title">拼团</Text>
        <Text className="muted">约好友一起买，拼团价更低</Text>
      </View>
      <Text className="groupbuy-banner__go">去拼团 ›</Text>
    </View>
  );
}

export default function HomePage() {
  const [signIn, setSignIn] = useState<SignIn>(isDevSignInAvailable() ? 'checking' : 'signed-in');
  const [products, setProducts] = useState<Product[] | null>(null);
  const [myPrices, setMyPrices] = useState<Record<string, number>>({});
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (isDevSignInAvailable()) {
      const openid = await whoami().catch(() => null);
      setSignIn(openid === null ? 'signed-out' : 'signed-in');
      if (openid === null) return;
    }
    try {
      // session.get also registers the visitor as a fan; the header greets them by name.
      const [catalog, session] = await Promise.all([
        shop('catalog.list', {}),
        shop('session.get', {}).catch(() => null),
      ]);
      setProducts(catalog.products);
      setMyPrices(catalog.myPrices);
      setMe(session?.me ?? null);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);

  useDidShow(() => void load());

  return (
    <View className="home page">
      <View className="home__header">
        <Text className="home__title">会员商城</Text>
        {me !== null && <Text className="home__greeting muted">{`你好，${me.nickname}`}</Text>}
      </View>
      {signIn === 'signed-out' && (
        <IdentityPicker title="选择身份" currentOpenid={null} onSignedIn={() => void load()} />
      )}
      {error !== null && <Text className="error">{error}</Text>}
      {signIn === 'signed-in' && products === null && error === null && <Text className="muted">加载中…</Text>}
      {signIn === 'signed-in' && <GroupBuyBanner />}
      {products !== null && products.length === 0 && <Text className="muted">暂无商品</Text>}
      <View className="home__products">
        {products?.map((p) => <ProductCard key={p._id} product={p} myPriceFen={myPrices[p._id]} />)}
      </View>
    </View>
  );
}
