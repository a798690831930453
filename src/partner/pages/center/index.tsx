import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { shop, type ClientOutput } from '../../../api/client';
import { Avatar, Entry, Icon, Loadable, Section, Skeleton } from '../../../components/ui';
import type { Product } from '../../../contracts';
import { useQuery } from '../../../hooks/useQuery';
import { formatFen } from '../../../utils/format';
import { Balances } from '../../components/Balances';
import { PARTNER_PAGES } from '../../labels';
import { pictureUrl } from '../../../utils/picture';
import { rateText } from '../../money';
import '../../partner.scss';
import './index.scss';

type Center = ClientOutput<'shop', 'partner.center'>;

const go = (url: string) => () => void Taro.navigateTo({ url });

async function loadCenter(): Promise<{ center: Center; pkg: Product | null }> {
  const center = await shop('partner.center', {});
  if (center.eligible) return { center, pkg: null };
  const { products } = await shop('catalog.list', {});
  return { center, pkg: products.find((p) => p.grantsStage === 'partner') ?? null };
}

/** My reward per level at my tier, and the ladder's, so nobody has to guess what a share earns. */
function Rates({ center }: { center: Center }) {
  if (center.rates.length === 0) return null;
  return (
    <Section id="partner-rates" title="我的奖励比例">
      {center.myRates !== null
        ? <Text id="my-rates" className="partner-text">{`${center.myRates.name}：${rateText(center.myRates)}`}</Text>
        : <Text id="my-rates" className="partner-text">当前身份暂不获得推荐奖励</Text>}
      {center.rates.map((r) => <Text key={r.stage} id={`rate-${r.stage}`} className="partner-note">{`${r.name} ${rateText(r)}`}</Text>)}
      <Text className="partner-note">{`按商品原价（或店主设定的佣金基数）计算，与好友实付价无关${center.rates.some((r) => r.reward === 'points') ? `；积分奖励 1 积分抵 ${formatFen(center.fenPerPoint)}，结算时可用` : ''}。`}</Text>
      {center.referralPoints > 0 && <Text id="referral-points" className="partner-note">{`推荐好友已获得 ${center.referralPoints} 积分`}</Text>}
    </Section>
  );
}

function Hero({ center }: { center: Center }) {
  return (
    <View className="partner-hero">
      <View className="partner-hero__row">
        {center.me !== undefined && <Avatar name={center.me.nickname} url={pictureUrl(center.me.avatar) || null} size="m" />}
        <View className="partner-hero__text">
          <Text className="partner-hero__name">{center.me?.nickname ?? '推广中心'}</Text>
          <View className="partner-hero__referrer">
            <Text className="partner-hero__note">推荐人 </Text>
            {center.referrer !== null && <Avatar name={center.referrer.nickname} picture={center.referrer.avatar} size="s" />}
            <Text id="partner-referrer" className="partner-hero__note">{center.referrer?.nickname ?? '无'}</Text>
          </View>
        </View>
        <Text id="partner-code" className="partner-code">{center.code ?? '未生成'}</Text>
      </View>
      <View className="partner-center__team">
        <View className="partner-center__team-cell">
          <Text id="team-direct-count" className="partner-center__team-value">{`${center.team.direct}`}</Text>
          <Text className="partner-hero__note">直推（人）</Text>
        </View>
        <View className="partner-center__team-cell">
          <Text id="team-second-count" className="partner-center__team-value">{`${center.team.second}`}</Text>
          <Text className="partner-hero__note">二级（人）</Text>
        </View>
      </View>
    </View>
  );
}

/** Shown when the viewer's tier earns nothing: how to become a partner, and the package to buy. */
function NotEligible({ pkg }: { pkg: Product | null }) {
  return (
    <Section id="partner-ineligible" title="成为合伙人，分享赚佣金">
      <Text className="partner-text">你当前的身份还不能获得推广佣金。购买合伙人礼包成为合伙人后，好友通过你的分享链接或小程序码下单，你即可获得佣金；好友再推荐的人下单，你还能获得二级佣金。</Text>
      {pkg !== null && (
        <Button id="go-partner-package" className="partner-center__cta" type="primary" block onClick={go(`/pages/product/index?id=${pkg._id}`)}>
          {`了解${pkg.name} ${formatFen(pkg.listPriceFen)}`}
        </Button>
      )}
    </Section>
  );
}

export default function PartnerCenterPage() {
  const q = useQuery(loadCenter);
  return (
    <View className="partner-center page">
      <Loadable query={q} skeleton={<Skeleton variant="card" rows={3} />}>
        {({ center, pkg }) => (
          <View>
            <Hero center={center} />
            {!center.eligible && <NotEligible pkg={pkg} />}
            <Rates center={center} />
            <Balances balances={center.balances} refundWindowDays={center.refundWindowDays} />
            <View className="partner-links">
              <Entry id="go-partner-share" icon={<Icon name="qr" />} title="推广海报与链接" value="推荐码与海报" onClick={go(PARTNER_PAGES.share)} />
              <Entry id="go-partner-team" icon={<Icon name="users" />} title="我的团队" value={`${center.team.direct + center.team.second} 人`} onClick={go(PARTNER_PAGES.team)} />
              <Entry id="go-partner-earnings" icon={<Icon name="order" />} title="收益明细" value="按订单查看" onClick={go(PARTNER_PAGES.earnings)} />
              <Entry id="go-partner-withdraw" icon={<Icon name="wallet" />} title="提现" value={`满 ${formatFen(center.minWithdrawFen)} 可提`} onClick={go(PARTNER_PAGES.withdraw)} />
            </View>
          </View>
        )}
      </Loadable>
    </View>
  );
}
