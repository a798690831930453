import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { shop } from '../../api/client';
import { BottomBar, Fact, Icon, Loadable, OfferTag, Price, ProductPicture, Section, Skeleton, Stepper, StruckPrice } from '../../components/ui';
import type { Campaign, Me, PriceOffer, Product } from '../../contracts';
import { useQuery } from '../../hooks/useQuery';
import { addToCart, cartCount, readCart } from '../../utils/cart';
import { formatFen } from '../../utils/format';
import { KIND_LABEL, STAGE_LABEL } from '../../utils/labels';
import { usePageShare } from '../../utils/share';
import { ShareEarnStrip } from '../../components/ShareEarn';
import './index.scss';

const MAX_QTY = 99;

interface Detail {
  product: Product;
  offer: PriceOffer;
  campaign: Campaign | null;
  me: Me | null;
}

async function loadDetail(productId: string): Promise<Detail> {
  const [view, campaigns, session] = await Promise.all([
    shop('product.get', { productId }),
    shop('groupbuy.campaign.list', {}).catch(() => ({ campaigns: [] as Campaign[] })),
    shop('session.get', {}).catch(() => null),
  ]);
  const campaign = campaigns.campaigns.find((c) => c.productId === productId && c.phase === 'running') ?? null;
  const offer = view.offer ?? { payFen: view.myPriceFen, payLabel: null, next: null };
  return { product: view.product, offer, campaign, me: session?.me ?? null };
}

const go = (url: string) => () => void Taro.navigateTo({ url });

function PriceBlock({ product, offer }: { product: Product; offer: PriceOffer }) {
  return (
    <View className="product-price">
      <View className="product-price__row">
        <Price id="product-price" fen={offer.payFen} size="l" />
        {offer.payFen < product.listPriceFen && <StruckPrice id="product-list-price" fen={product.listPriceFen} />}
        <OfferTag id="product-offer" offer={offer} />
      </View>
      <Text id="product-name" className="product-price__name">{product.name}</Text>
      <Text className="product-price__subtitle">{product.subtitle}</Text>
    </View>
  );
}

/** The next stage's price as an incentive, the running group buy, the partner's share entry. */
function Strips({ detail }: { detail: Detail }) {
  const { offer, campaign } = detail;
  const next = offer.next;
  return (
    <View>
      {next?.stage === 'member' && next.saveFen !== null && next.priceFen !== null && (
        <View id="product-next" className="product-strip product-strip--gold" onClick={go('/pages/member/index')}>
          <Text className="product-strip__title">{`会员价 ${formatFen(next.priceFen)}`}</Text>
          <Text className="product-strip__note">{`开卡立省 ${formatFen(next.saveFen)} / 件`}</Text>
          <Text className="product-strip__go">去开卡 ›</Text>
        </View>
      )}
      {next?.stage === 'partner' && (
        <View id="product-next" className="product-strip product-strip--gold" onClick={go('/partner/pages/center/index')}>
          <Text className="product-strip__title">升级合伙人</Text>
          <Text className="product-strip__note">自购享拿货价，分享赚佣金</Text>
          <Text className="product-strip__go">了解 ›</Text>
        </View>
      )}
      {campaign !== null && (
        <View id="product-groupbuy" className="product-strip" onClick={go(`/groupbuy/pages/campaign/index?id=${campaign._id}`)}>
          <Text className="product-strip__title">{`拼团价 ${formatFen(campaign.groupPriceFen)}`}</Text>
          <Text className="product-strip__note">{`${campaign.groupSize} 人成团`}</Text>
          <Text className="product-strip__go">去拼团 ›</Text>
        </View>
      )}
    </View>
  );
}

function grantText(p: Product): string | null {
  if (p.grantsStage === null) return null;
  return `购买即成为${STAGE_LABEL[p.grantsStage]}${p.grantsDays === null ? '，长期有效' : `，有效期 ${p.grantsDays} 天`}`;
}

function DetailSection({ product }: { product: Product }) {
  const grant = grantText(product);
  return (
    <Section title="商品详情">
      <Fact label="类别"><Text>{KIND_LABEL[product.kind]}</Text></Fact>
      <Fact label="库存"><Text id="product-stock">{`${product.stock} 件`}</Text></Fact>
      {grant !== null && <Fact label="权益"><Text>{grant}</Text></Fact>}
      <Text className="product-detail__text">{product.subtitle}</Text>
    </Section>
  );
}

export default function ProductPage() {
  const productId = useRouter().params.id ?? '';
  const q = useQuery(() => loadDetail(productId), { key: productId });
  usePageShare('product', { title: q.data?.product.name ?? '好物推荐', params: { id: productId } });
  const [qty, setQty] = useState(1);
  const [inCart, setInCart] = useState(() => cartCount(readCart()));
  useDidShow(() => setInCart(cartCount(readCart())));

  return (
    <View className="product page page--with-bar">
      <Loadable query={q} skeleton={<Skeleton variant="detail" rows={2} />}>
        {(detail) => {
          const { product } = detail;
          const soldOut = product.stock === 0 || !product.onSale;
          const maxQty = Math.max(1, Math.min(MAX_QTY, product.stock));
          const buy = () => void Taro.navigateTo({ url: `/pages/checkout/index?productId=${product._id}&qty=${qty}` });
          const add = () => {
            setInCart(cartCount(addToCart(product._id, qty)));
            void Taro.showToast({ title: '已加入购物车', icon: 'success' });
          };
          return (
            <View>
              <View className="product-hero"><ProductPicture product={product} size="hero" /></View>
              <PriceBlock product={product} offer={detail.offer} />
              <ShareEarnStrip target={{ productId: product._id }} />
              <Strips detail={detail} />
              <Section>
                <View className="product-qty">
                  <Text>数量</Text>
                  <Stepper id="qty" value={qty} min={1} max={maxQty} disabled={soldOut} onChange={setQty} />
                </View>
              </Section>
              <DetailSection product={product} />
              <BottomBar>
                <View id="bar-home" className="product-bar__icon" onClick={() => void Taro.switchTab({ url: '/pages/index/index' })}>
                  <Icon name="home" size={22} />
                  <Text>首页</Text>
                </View>
                <View id="bar-cart" className="product-bar__icon" onClick={() => void Taro.switchTab({ url: '/pages/cart/index' })}>
                  <Icon name="cart" size={22} />
                  <Text>{inCart > 0 ? `购物车(${inCart})` : '购物车'}</Text>
                </View>
                <Button id="add-to-cart" className="product-bar__button product-bar__button--cart" disabled={soldOut} onClick={add}>加入购物车</Button>
                <Button id="buy-now" className="product-bar__button" type="primary" disabled={soldOut} onClick={buy}>{soldOut ? '已售罄' : '立即购买'}</Button>
              </BottomBar>
            </View>
          );
        }}
      </Loadable>
    </View>
  );
}
