import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { shop } from '../../api/client';
import { IdentityPicker } from '../../components/IdentityPicker';
import { Avatar, EmptyState, Icon, Loadable, ProductCard, Skeleton } from '../../components/ui';
import type { Campaign, Category, Me, PriceOffer, Product } from '../../contracts';
import { useQuery } from '../../hooks/useQuery';
import { useStore } from '../../hooks/useStore';
import { refreshCartBadge } from '../../utils/cart';
import { openCategory } from '../../utils/categoryLink';
import { isDevSignInAvailable, whoami } from '../../utils/dev';
import { formatDate, formatFen } from '../../utils/format';
import { pictureUrl } from '../../utils/picture';
import { STAGE_LABEL } from '../../utils/labels';
import { usePageShare } from '../../utils/share';
import { usePosterLanding } from '../../utils/posterLanding';
import './index.scss';

interface Home {
  signedIn: boolean;
  products: Product[];
  offers: Record<string, PriceOffer>;
  categories: Category[];
  me: Me | null;
  campaign: Campaign | null;
}

const SIGNED_OUT: Home = { signedIn: false, products: [], offers: {}, categories: [], me: null, campaign: null };

/** H5 demo: nobody signed in yet → the identity picker; weapp: WeChat supplies the caller. */
async function loadHome(): Promise<Home> {
  if (isDevSignInAvailable() && (await whoami().catch(() => null)) === null) return SIGNED_OUT;
  // session.get also registers the visitor as a fan.
  const [catalog, session, campaigns] = await Promise.all([
    shop('catalog.list', {}),
    shop('session.get', {}).catch(() => null),
    shop('groupbuy.campaign.list', {}).catch(() => ({ campaigns: [] as Campaign[] })),
  ]);
  const running = campaigns.campaigns.find((c) => c.phase === 'running') ?? null;
  return { signedIn: true, products: catalog.products, offers: catalog.offers, categories: catalog.categories, me: session?.me ?? null, campaign: running };
}

const go = (url: string) => () => void Taro.navigateTo({ url });

function Header({ signedIn }: { signedIn: boolean }) {
  const store = useStore({ setTitle: true, key: signedIn });
  const name = store?.name ?? '';
  return (
    <View className="home-header">
      <View className="home-header__brand">
        {/* weapp's <Image> takes the cloud fileID itself; H5 needs the gateway's URL (pictureUrl of the media work). */}
        <Avatar name={name || '店'} url={pictureUrl(store?.logo) || null} size="m" />
        <View className="home-header__text">
          <Text id="store-name" className="home-header__name">{name}</Text>
          <Text className="home-header__tagline">会员专享好价 · 正品保障</Text>
        </View>
      </View>
      <View id="home-search" className="home-search" onClick={() => openCategory(null, true)}>
        <Icon name="search" size={16} />
        <Text className="home-search__text">搜索商品</Text>
      </View>
    </View>
  );
}

function GroupBuyBanner({ campaign }: { campaign: Campaign | null }) {
  return (
    <View id="go-groupbuy" className="home-banner" onClick={go('/groupbuy/pages/campaigns/index')}>
      <View className="home-banner__text">
        <Text className="home-banner__kicker">限时拼团</Text>
        <Text className="home-banner__title">{campaign === null ? '约好友一起买，拼团价更低' : campaign.title}</Text>
        {campaign !== null && <Text className="home-banner__note">{`${campaign.groupSize} 人成团 · 单买 ${formatFen(campaign.listPriceFen)}`}</Text>}
      </View>
      <Text className="home-banner__go">去拼团</Text>
    </View>
  );
}

/** The shopper's stage and the next step up (开卡 / 合伙人). */
function StageStrip({ me }: { me: Me }) {
  if (me.stage === 'fan' || me.stage === 'customer') {
    return (
      <View id="stage-strip" className="home-stage home-stage--offer" onClick={go('/pages/member/index')}>
        <Text className="home-stage__title">开通会员卡</Text>
        <Text className="home-stage__note">全场会员价 · 积分翻倍</Text>
        <Text className="home-stage__go">去开卡 ›</Text>
      </View>
    );
  }
  const until = me.stageUntilMs === null ? '长期有效' : `有效期至 ${formatDate(me.stageUntilMs)}`;
  return (
    <View id="stage-strip" className="home-stage" onClick={go(me.stage === 'partner' ? '/partner/pages/center/index' : '/pages/member/index')}>
      <Text className="home-stage__title">{STAGE_LABEL[me.stage]}</Text>
      <Text className="home-stage__note">{me.stage === 'partner' ? '分享好物赚佣金' : until}</Text>
      <Text className="home-stage__go">{me.stage === 'partner' ? '推广中心 ›' : '会员中心 ›'}</Text>
    </View>
  );
}

/** The owner's categories as a row of icons (their picture, or the name's first character); 全部 at the end. */
function Categories({ categories }: { categories: readonly Category[] }) {
  if (categories.length === 0) return null;
  return (
    <View className="home-kinds">
      {categories.slice(0, 7).map((c) => (
        <View key={c._id} id={`home-category-${c._id}`} className="home-kinds__item" onClick={() => openCategory(c._id)}>
          <Avatar name={c.name} picture={c.picture} size="m" />
          <Text className="home-kinds__label">{c.name}</Text>
        </View>
      ))}
      <View id="home-category-all" className="home-kinds__item" onClick={() => openCategory(null)}>
        <View className="home-kinds__icon"><Icon name="store" size={24} /></View>
        <Text className="home-kinds__label">全部</Text>
      </View>
    </View>
  );
}

function Products({ home }: { home: Home }) {
  const open = (id: string) => void Taro.navigateTo({ url: `/pages/product/index?id=${id}` });
  return (
    <View className="home-grid">
      {home.products.map((p) => <ProductCard key={p._id} product={p} offer={home.offers[p._id]} onOpen={() => open(p._id)} />)}
    </View>
  );
}

export default function HomePage() {
  const q = useQuery(loadHome, { cacheKey: 'home' });
  const store = useStore();
  usePageShare('home', { title: `${store?.name ?? '好物小店'} · 会员专享好价` });
  usePosterLanding();
  const signedOut = q.data?.signedIn === false;
  Taro.useDidShow(refreshCartBadge);
  return (
    <View className="home page">
      <Header signedIn={q.data?.signedIn === true} />
      {signedOut && <IdentityPicker title="选择身份（本地演示）" currentOpenid={null} onSignedIn={() => void q.reload()} />}
      {!signedOut && (
        <Loadable query={q} skeleton={<Skeleton variant="grid" rows={4} />}>
          {(home) => (
            <View>
              <GroupBuyBanner campaign={home.campaign} />
              {home.me !== null && <StageStrip me={home.me} />}
              <Categories categories={home.categories} />
              <Text className="home-heading">为你推荐</Text>
              {home.products.length === 0 ? <EmptyState id="home-empty" title="店铺正在上新，敬请期待" picture="goods" /> : <Products home={home} />}
            </View>
          )}
        </Loadable>
      )}
    </View>
  );
}
