import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { shop } from '../../api/client';
import { IdentityPicker } from '../../components/IdentityPicker';
import { Avatar, Badge, ErrorBar, Icon, Section, Stat, type IconName } from '../../components/ui';
import type { Me, OrderTab } from '../../contracts';
import { useQuery } from '../../hooks/useQuery';
import { refreshCartBadge } from '../../utils/cart';
import { isDevSignInAvailable } from '../../utils/dev';
import { formatDate, formatFen } from '../../utils/format';
import { STAGE_LABEL } from '../../utils/labels';
import './index.scss';

interface Mine {
  me: Me;
  /** Partners: commission they can withdraw (null for everyone else, or when it could not be read). */
  commissionFen: number | null;
}

async function loadMine(): Promise<Mine> {
  const { me } = await shop('session.get', {});
  if (me.stage !== 'partner') return { me, commissionFen: null };
  const center = await shop('partner.center', {}).catch(() => null);
  return { me, commissionFen: center === null ? null : center.balances.availableFen };
}

const go = (url: string) => () => void Taro.navigateTo({ url });

function stageNote(me: Me): string {
  if (me.stageUntilMs !== null) return `${STAGE_LABEL[me.stage]}至 ${formatDate(me.stageUntilMs)}`;
  return me.stage === 'fan' || me.stage === 'customer' ? '开通会员卡，享会员价' : '长期有效';
}

function Header({ me }: { me: Me | null }) {
  return (
    <View className="me-header">
      <View id="go-profile" onClick={go('/pages/profile/index')}><Avatar name={me?.nickname ?? '我'} picture={me?.avatar} size="l" /></View>
      <View className="me-header__text">
        <Text id="me-nickname" className="me-header__name" onClick={go('/pages/profile/index')}>{me?.nickname ?? '未能加载'}</Text>
        {me !== null && !me.profileSet && <Text id="me-set-profile" className="me-header__note" onClick={go('/pages/profile/index')}>设置头像和昵称 ›</Text>}
        {me !== null && (
          <View className="me-header__stage" onClick={go('/pages/member/index')}>
            <Badge id="me-stage" text={STAGE_LABEL[me.stage]} tone="gold" />
            <Text id="me-validity" className="me-header__note">{stageNote(me)}</Text>
          </View>
        )}
      </View>
    </View>
  );
}

function Assets({ mine }: { mine: Mine | null }) {
  const me = mine?.me ?? null;
  return (
    <View className="me-assets">
      <Stat id="me-wallet" value={me === null ? '-' : formatFen(me.wallet.principalFen + me.wallet.bonusFen)} label="余额" onClick={go('/pages/wallet/index')} />
      <Stat id="me-points" value={me === null ? '-' : `${me.pointsBalance}`} label="积分" onClick={go('/pages/points/index')} />
      {mine?.commissionFen !== null && mine?.commissionFen !== undefined && (
        <Stat id="me-commission" value={formatFen(mine.commissionFen)} label="可提佣金" onClick={go('/partner/pages/earnings/index')} />
      )}
      {me !== null && <Stat id="me-paid-count" value={`${me.paidOrderCount}`} label="已购订单" onClick={go('/pages/orders/index')} />}
    </View>
  );
}

const SHORTCUTS: { tab: OrderTab; label: string; icon: IconName }[] = [
  { tab: 'unpaid', label: '待付款', icon: 'pay' },
  { tab: 'toShip', label: '待发货', icon: 'box' },
  { tab: 'toReceive', label: '待收货', icon: 'truck' },
  { tab: 'afterSale', label: '售后', icon: 'refund' },
];

function OrderShortcuts() {
  return (
    <Section title="我的订单" extra="全部订单" onExtra={go('/pages/orders/index')}>
      <View id="go-orders" className="me-grid" >
        {SHORTCUTS.map((s) => (
          <View key={s.tab} id={`orders-shortcut-${s.tab}`} className="me-grid__item" onClick={go(`/pages/orders/index?tab=${s.tab}`)}>
            <View className="me-grid__icon"><Icon name={s.icon} size={26} /></View>
            <Text className="me-grid__label">{s.label}</Text>
          </View>
        ))}
      </View>
    </Section>
  );
}

function Services({ me }: { me: Me | null }) {
  const items: { id: string; label: string; url: string; icon: IconName }[] = [
    { id: 'go-member', label: '会员中心', url: '/pages/member/index', icon: 'crown' },
    { id: 'go-my-groups', label: '我的拼团', url: '/groupbuy/pages/mine/index', icon: 'users' },
    { id: 'go-partner', label: '推广中心', url: '/partner/pages/center/index', icon: 'share' },
    { id: 'go-wallet', label: '我的钱包', url: '/pages/wallet/index', icon: 'wallet' },
    { id: 'go-points', label: '我的积分', url: '/pages/points/index', icon: 'coin' },
  ];
  // The console is only for the store's owners (the admin function refuses anyone else too).
  if (me?.isOwner) items.push({ id: 'go-owner', label: '店主后台', url: '/owner/pages/dashboard/index', icon: 'shield' });
  return (
    <Section title="我的服务">
      <View className="me-grid me-grid--wrap">
        {items.map((s) => (
          <View key={s.id} id={s.id} className="me-grid__item" onClick={go(s.url)}>
            <View className="me-grid__icon"><Icon name={s.icon} size={26} /></View>
            <Text className="me-grid__label">{s.label}</Text>
          </View>
        ))}
      </View>
    </Section>
  );
}

export default function MePage() {
  // Offline the page still shows what it can: the last profile kept on the device, the entries.
  const q = useQuery(loadMine, { cacheKey: 'me' });
  useDidShow(refreshCartBadge);
  const me = q.data?.me ?? null;
  return (
    <View className="me page">
      <View className="me-top">
        <Header me={me} />
        <Assets mine={q.data} />
      </View>
      {q.error !== null && <ErrorBar message={q.data === null ? q.error : `${q.error}（显示的是上次的信息）`} onRetry={() => void q.reload()} />}
      <OrderShortcuts />
      <Services me={me} />
      {isDevSignInAvailable() && <IdentityPicker title="切换身份（本地演示）" currentOpenid={me?.openid ?? null} onSignedIn={() => void q.reload()} />}
    </View>
  );
}
