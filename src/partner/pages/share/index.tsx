import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter, useShareAppMessage, useShareTimeline } from '@tarojs/taro';
import { useRef } from 'react';
import { shop, type ClientOutput } from '../../../api/client';
import { Loadable, Section, Skeleton } from '../../../components/ui';
import { pageShare, type PosterTarget } from '../../../contracts';
import { useQuery } from '../../../hooks/useQuery';
import { useStore } from '../../../hooks/useStore';
import { PARTNER_PAGES } from '../../labels';
import { PosterCard } from './PosterCard';
import { h5LinkFor, targetFromQuery } from './poster';
import '../../partner.scss';
import './index.scss';

type Share = ClientOutput<'shop', 'partner.code.get'>;

const IS_H5 = process.env.TARO_ENV === 'h5';

function LinkCard({ share, path }: { share: Share; path: string }) {
  const link = IS_H5 ? h5LinkFor(path) : path;
  const copy = (data: string, title: string) => void Taro.setClipboardData({ data }).then(() => Taro.showToast({ title, icon: 'none' }), () => undefined);
  return (
    <Section title="推广链接">
      <View className="share-code">
        <Text className="partner-note">我的推荐码</Text>
        <Text id="partner-code" className="partner-code">{share.code}</Text>
      </View>
      <Text id="share-link" className="share-link" userSelect>{link}</Text>
      <View className="share-actions">
        <Button id="copy-code" size="small" onClick={() => copy(share.code, '推荐码已复制')}>复制推荐码</Button>
        {IS_H5 && <Button id="copy-link" size="small" onClick={() => copy(link, '链接已复制')}>复制链接</Button>}
        {!IS_H5 && <Button id="share-friend" type="primary" size="small" openType="share">分享给好友</Button>}
      </View>
    </Section>
  );
}

/** What a share from this page opens: the poster's product or campaign, or the store. */
function sharedPage(target: PosterTarget, code: string | null): { path: string; query: string } {
  if (target.kind === 'product') return pageShare('product', { id: target.productId }, code);
  if (target.kind === 'campaign') return pageShare('campaign', { id: target.campaignId }, code);
  return pageShare('home', {}, code);
}

export default function PartnerSharePage() {
  const target = targetFromQuery(useRouter().params);
  const q = useQuery(() => shop('partner.code.get', {}));
  const store = useStore();
  const title = `${store?.name ?? '好物小店'} · 会员专享好价，邀你一起买`;
  // The share hooks read the latest code synchronously when WeChat asks.
  const latest = useRef<Share | null>(null);
  latest.current = q.data;
  useShareAppMessage(() => ({ title, path: sharedPage(target, latest.current?.eligible ? latest.current.code : null).path }));
  // The timeline opens this page itself, with the query; the app binds from any landing page.
  useShareTimeline(() => ({ title, query: latest.current?.eligible ? latest.current.shareQuery : '' }));
  return (
    <View className="partner-share page">
      <Loadable query={q} skeleton={<Skeleton variant="card" rows={2} />}>
        {(share) => (
          <View>
            {!share.eligible && (
              <View id="share-not-earning" className="share-warning" onClick={() => void Taro.navigateTo({ url: PARTNER_PAGES.center })}>
                <Text>你当前的身份分享暂不能获得佣金，成为合伙人后即可获得。了解详情 ›</Text>
              </View>
            )}
            <PosterCard target={target} />
            <LinkCard share={share} path={sharedPage(target, share.eligible ? share.code : null).path} />
          </View>
        )}
      </Loadable>
    </View>
  );
}
