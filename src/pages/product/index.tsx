import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { shop } from '../../api/client';
import { SpecSheet, type SheetMode } from '../../components/SpecSheet';
import { BottomBar, DetailBlocks, Fact, Gallery, Icon, Loadable, OfferTag, Price, Section, Skeleton, StruckPrice, isSoldOut } from '../../components/ui';
import type { Campaign, Me, PriceOffer, Product } from '../../contracts';
import { useQuery } from '../../hooks/useQuery';
import { addToCart, cartCount, readCart } from '../../utils/cart';
import { formatFen } from '../../utils/format';
import { track } from '../../utils/track';
import { STAGE_LABEL } from '../../utils/labels';
import { usePageShare } from '../../utils/share';
import { ShareEarnStrip } from '../../components/ShareEarn';
import './index.scss';

interface Detail {
  product: Product;
  offer: PriceOffer;
  specOffers: Record<string, PriceOffer>;
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
  const offer = view.offer ?? { payFen: view.myPriceFen, listFen: view.product.listPriceFen, multiPrice: false, payLabel: null, next: null };
  return { product: view.product, offer, specOffers: view.specOffers, campaign, me: session?.me ?? null };
}

const go = (url: string) => () => void Taro.navigateTo({ url });

/** What the shopper pays: the chosen size's price, or the product's lowest ("起") until they choose. */
function PriceBlock({ product, offer, chosen }: { product: Product; offer: PriceOffer; chosen: boolean }) {
  return (
    <View className="product-price">
      <View className="product-price__row">
        <Price id="product-price" fen={offer.payFen} size="l" />
        {!chosen && offer.multiPrice && <Text className="product-price__from">起</Text>}
        {offer.payFen < offer.listFen && <StruckPrice id="product-list-price" fen={offer.listFen} />}
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
          <Text className="product-strip__note">{`${campaign.specName ? `${campaign.specName} · ` : ''}${campaign.groupSize} 人成团`}</Text>
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
      {grant !== null && <Fact label="权益"><Text>{grant}</Text></Fact>}
      {product.detail.length > 0 ? <DetailBlocks blocks={product.detail} /> : <Text className="product-detail__text">{product.subtitle}</Text>}
    </Section>
  );
}

/** The 规格 row: what is chosen (or that a size is to choose), opening the sheet. */
function SpecRow({ product, specId, qty, onOpen }: { product: Product; specId: string | null; qty: number; onOpen: () => void }) {
  const spec = product.specs.find((s) => s._id === specId);
  const single = product.specs.length === 1;
  const text = spec === undefined ? `请选择 ${product.specs.map((s) => s.name).join(' / ')}` : `${single ? '' : `${spec.name}，`}${qty} 件`;
  return (
    <Section>
      <View id="product-spec-row" className="product-spec" onClick={onOpen}>
        <Text className="product-spec__label">{single ? '数量' : '已选'}</Text>
        <Text id="product-spec-chosen" className="product-spec__value">{text}</Text>
        <Text className="product-spec__go">›</Text>
      </View>
      {!single && <Text className="product-spec__hint">{`共 ${product.specs.length} 种规格可选`}</Text>}
    </Section>
  );
}

export default function ProductPage() {
  const { params } = useRouter();
  const productId = params.id ?? '';
  const q = useQuery(() => loadDetail(productId), { key: productId });
  useEffect(() => track('view', productId), [productId]);
  usePageShare('product', { title: q.data?.product.name ?? '好物推荐', params: { id: productId } });
  const [choice, setChoice] = useState<{ specId: string | null; qty: number }>({ specId: params.spec ?? null, qty: 1 });
  const [mode, setMode] = useState<SheetMode | null>(params.sheet === '1' ? 'pick' : null);
  const [inCart, setInCart] = useState(() => cartCount(readCart()));
  useDidShow(() => setInCart(cartCount(readCart())));

  return (
    <View className="product page page--with-bar">
      <Loadable query={q} skeleton={<Skeleton variant="detail" rows={2} />}>
        {(detail) => {
          const { product } = detail;
          const specId = choice.specId ?? (product.specs.length === 1 ? product.specs[0]._id : null);
          const soldOut = isSoldOut(product);
          const perform = (action: 'cart' | 'buy', chosen: string) => {
            setMode(null);
            if (action === 'buy') {
              void Taro.navigateTo({ url: `/pages/checkout/index?productId=${product._id}&specId=${chosen}&qty=${choice.qty}` });
              return;
            }
            setInCart(cartCount(addToCart(product._id, chosen, choice.qty)));
            track('cart', product._id);
            void Taro.showToast({ title: '已加入购物车', icon: 'success' });
          };
          // A product with sizes asks which one in the sheet; a product with one acts at once.
          const tap = (action: 'cart' | 'buy') => (specId !== null && product.specs.length === 1 ? perform(action, specId) : setMode(action));
          return (
            <View>
              <View className="product-hero"><Gallery product={product} /></View>
              <PriceBlock product={product} offer={specId === null ? detail.offer : detail.specOffers[specId] ?? detail.offer} chosen={specId !== null} />
              <ShareEarnStrip target={{ productId: product._id }} />
              <Strips detail={detail} />
              <SpecRow product={product} specId={specId} qty={choice.qty} onOpen={() => setMode('pick')} />
              <DetailSection product={product} />
              <SpecSheet
                product={product} specOffers={detail.specOffers} offer={detail.offer} mode={mode} specId={specId} qty={choice.qty}
                onChange={(s, qty) => setChoice({ specId: s, qty })} onClose={() => setMode(null)}
                onConfirm={(action) => specId !== null && perform(action, specId)}
              />
              <BottomBar>
                <View id="bar-home" className="product-bar__icon" onClick={() => void Taro.switchTab({ url: '/pages/index/index' })}>
                  <Icon name="home" size={22} />
                  <Text>首页</Text>
                </View>
                <View id="bar-cart" className="product-bar__icon" onClick={() => void Taro.switchTab({ url: '/pages/cart/index' })}>
                  <Icon name="cart" size={22} />
                  <Text>{inCart > 0 ? `购物车(${inCart})` : '购物车'}</Text>
                </View>
                <Button id="add-to-cart" className="product-bar__button product-bar__button--cart" disabled={soldOut} onClick={() => tap('cart')}>加入购物车</Button>
                <Button id="buy-now" className="product-bar__button" type="primary" disabled={soldOut} onClick={() => tap('buy')}>{soldOut ? '已售罄' : '立即购买'}</Button>
              </BottomBar>
            </View>
          );
        }}
      </Loadable>
    </View>
  );
}
