import { Button } from '@nutui/nutui-react-taro';
import { Image, Text, View } from '@tarojs/components';
import Taro, { useShareAppMessage, useShareTimeline } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { shop, type ClientOutput } from '../../../api/client';
import { ErrorState, Loadable, Section, Skeleton } from '../../../components/ui';
import { SHARE_PAGE } from '../../../contracts';
import { useQuery } from '../../../hooks/useQuery';
import { useStore } from '../../../hooks/useStore';
import { PARTNER_PAGES } from '../../labels';
import { h5LinkFor, isAlbumDenied, savePosterToAlbum } from './poster';
import '../../partner.scss';
import './index.scss';

type Share = ClientOutput<'shop', 'partner.code.get'>;

const IS_H5 = process.env.TARO_ENV === 'h5';

async function savePoster(dataUrl: string, code: string): Promise<void> {
  try {
    await savePosterToAlbum(dataUrl, code);
    void Taro.showToast({ title: '已保存到相册', icon: 'success' });
  } catch (e) {
    if (!isAlbumDenied(e)) {
      void Taro.showToast({ title: '保存失败，请稍后重试', icon: 'none' });
      return;
    }
    const { confirm } = await Taro.showModal({ title: '需要相册权限', content: '请在设置中允许保存到相册', confirmText: '去设置' });
    if (confirm) void Taro.openSetting();
  }
}

/** The poster: the store's name, the pitch, the mini program code that binds whoever scans it. */
function Poster({ share, storeName }: { share: Share; storeName: string }) {
  const q = useQuery(async () => (await shop('partner.poster.get', {})).dataUrl, { reloadOnShow: false });
  const [saving, setSaving] = useState(false);
  const save = async () => {
    if (q.data === null || saving) return;
    setSaving(true);
    await savePoster(q.data, share.code);
    setSaving(false);
  };
  return (
    <View id="poster" className="share-poster">
      <Text className="share-poster__store">{storeName}</Text>
      <Text className="share-poster__pitch">会员专享好价 · 邀你一起买</Text>
      <View className="share-poster__code">
        {q.data !== null && <Image id="share-qr" className="share-poster__qr" src={q.data} mode="aspectFit" />}
        {q.data === null && q.error === null && <Skeleton variant="card" rows={1} />}
        {q.data === null && q.error !== null && <ErrorState message={q.error} onRetry={() => void q.reload()} compact />}
      </View>
      <Text className="share-poster__note">{`微信扫码进店 · 推荐码 ${share.code}`}</Text>
      {!IS_H5 && (
        <Button id="save-poster" className="share-poster__save" block loading={saving} disabled={q.data === null || saving} onClick={() => void save()}>保存海报到相册</Button>
      )}
    </View>
  );
}

function LinkCard({ share }: { share: Share }) {
  const link = IS_H5 ? h5LinkFor(share.sharePath) : share.sharePath;
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

export default function PartnerSharePage() {
  const q = useQuery(() => shop('partner.code.get', {}));
  const store = useStore();
  const title = `${store?.name ?? '好物小店'} · 会员专享好价，邀你一起买`;
  // The share hooks read the latest code synchronously when WeChat asks.
  const latest = useRef<Share | null>(null);
  latest.current = q.data;
  useShareAppMessage(() => ({ title, path: latest.current?.sharePath ?? `/${SHARE_PAGE}` }));
  // The timeline opens this page itself, with the query; the app binds from any landing page.
  useShareTimeline(() => ({ title, query: latest.current?.shareQuery ?? '' }));
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
            <Poster share={share} storeName={store?.name ?? ''} />
            <LinkCard share={share} />
          </View>
        )}
      </Loadable>
    </View>
  );
}
