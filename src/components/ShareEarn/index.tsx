import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { shop } from '../../api/client';
import { useQuery } from '../../hooks/useQuery';
import { earningAmountText, earningBasisText } from '../../utils/shareText';
import './index.scss';

const IS_H5 = process.env.TARO_ENV === 'h5';

export type ShareEarnTarget = { productId: string } | { campaignId: string };

/** The poster page of the partner package, for this target. */
export function posterUrl(t: ShareEarnTarget): string {
  return 'productId' in t ? `/partner/pages/share/index?kind=product&id=${t.productId}` : `/partner/pages/share/index?kind=campaign&id=${t.campaignId}`;
}

/**
 * 分享赚 ¥x: what one sale of this product (or a seat in this campaign) earns the viewer at their
 * own rate, from the server (partner.shareEarn.get), with the one-line basis and the share
 * buttons. Renders nothing for a viewer who earns nothing (or while it loads, or if it fails:
 * it is an extra, never a blocker). On weapp 分享 is the page's own share (onShareAppMessage,
 * which carries the viewer's code); 海报 opens the poster in the partner package.
 */
export function ShareEarnStrip({ target }: { target: ShareEarnTarget }) {
  const key = 'productId' in target ? `p:${target.productId}` : `c:${target.campaignId}`;
  const q = useQuery(() => shop('partner.shareEarn.get', target), { key, reloadOnShow: false });
  const earning = q.data?.earning ?? null;
  if (earning === null) return null;
  const poster = () => void Taro.navigateTo({ url: posterUrl(target) });
  return (
    <View id="share-earn" className="share-earn">
      <View className="share-earn__text">
        <Text className="share-earn__title">
          分享赚 <Text id="share-earn-amount" className="share-earn__amount">{earningAmountText(earning)}</Text>
        </Text>
        <Text id="share-earn-basis" className="share-earn__basis">{earningBasisText(earning)}</Text>
      </View>
      {!IS_H5 && <Button id="share-earn-share" className="share-earn__button" size="small" type="primary" openType="share">分享</Button>}
      <Button id="share-earn-poster" className="share-earn__button" size="small" onClick={poster}>海报</Button>
    </View>
  );
}
