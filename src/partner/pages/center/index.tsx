import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { errorMessage, shop, type ClientOutput } from '../../../api/client';
import type { Product } from '../../../contracts';
import { formatFen } from '../../../utils/format';
import { Balances } from '../../components/Balances';
import { PARTNER_PAGES } from '../../labels';
import '../../partner.scss';
import './index.scss';

type Center = ClientOutput<'shop', 'partner.center'>;

const go = (url: string) => () => void Taro.navigateTo({ url });

function Link({ id, title, value, url }: { id: string; title: string; value: string; url: string }) {
  return (
    <View id={id} className="partner-link row" onClick={go(url)}>
      <Text>{title}</Text>
      <Text className="muted">{`${value} ›`}</Text>
    </View>
  );
}

function Identity({ center }: { center: Center }) {
  return (
    <View className="partner-center__head card">
      <View className="row">
        <Text className="muted">我的推荐码</Text>
        <Text id="partner-code" className="partner-center__code">{center.code ?? '未生成'}</Text>
      </View>
      <View className="row">
        <Text className="muted">我的推荐人</Text>
        <Text id="partner-referrer">{center.referrer?.nickname ?? '无'}</Text>
      </View>
      <View className="row">
        <Text className="muted">团队</Text>
        <Text>
          <Text>直推 </Text>
          <Text id="team-direct-count">{`${center.team.direct}`}</Text>
          <Text> 人 · 二级 </Text>
          <Text id="team-second-count">{`${center.team.second}`}</Text>
          <Text> 人</Text>
        </Text>
      </View>
    </View>
  );
}

/** Shown when the viewer's tier earns nothing: how to become a partner, and the package to buy. */
function NotEligible({ pkg }: { pkg: Product | null }) {
  return (
    <View id="partner-ineligible" className="card">
      <Text className="partner-title">成为合伙人，分享赚佣金</Text>
      <Text className="partner-center__explain">
        你当前的身份还不能获得推广佣金。购买合伙人礼包成为合伙人后，好友通过你的分享链接或小程序码下单，你即可获得佣金；好友再推荐的人下单，你还能获得二级佣金。
      </Text>
      {pkg !== null && (
        <Button id="go-partner-package" className="primary-button partner-center__cta" onClick={go(`/pages/product/index?id=${pkg._id}`)}>
          {`了解${pkg.name} ${formatFen(pkg.listPriceFen)}`}
        </Button>
      )}
    </View>
  );
}

export default function PartnerCenterPage() {
  const [center, setCenter] = useState<Center | null>(null);
  const [pkg, setPkg] = useState<Product | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const res = await shop('partner.center', {});
      setCenter(res);
      setError(null);
      if (!res.eligible) {
        const { products } = await shop('catalog.list', {});
        setPkg(products.find((p) => p.grantsStage === 'partner') ?? null);
      }
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);

  useDidShow(() => void load());

  if (center === null) {
    return <View className="page">{error !== null ? <Text className="error">{error}</Text> : <Text className="muted">加载中…</Text>}</View>;
  }
  return (
    <View className="partner-center page">
      {error !== null && <Text className="error">{error}</Text>}
      {!center.eligible && <NotEligible pkg={pkg} />}
      <Identity center={center} />
      <Balances balances={center.balances} refundWindowDays={center.refundWindowDays} />
      <View className="card">
        <Link id="go-partner-share" title="推广" value="推荐码与海报" url={PARTNER_PAGES.share} />
        <Link id="go-partner-team" title="我的团队" value={`${center.team.direct + center.team.second} 人`} url={PARTNER_PAGES.team} />
        <Link id="go-partner-earnings" title="收益明细" value="按订单查看" url={PARTNER_PAGES.earnings} />
        <Link id="go-partner-withdraw" title="提现" value={`满 ${formatFen(center.minWithdrawFen)} 可提`} url={PARTNER_PAGES.withdraw} />
      </View>
    </View>
  );
}
