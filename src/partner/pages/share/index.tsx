import { Button, Image, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useShareAppMessage, useShareTimeline } from '@tarojs/taro';
import { useCallback, useRef, useState } from 'react';
import { errorMessage, shop, type ClientOutput } from '../../../api/client';
import { SHARE_PAGE } from '../../../contracts';
import { flag } from '../../../utils/flag';
import { PARTNER_PAGES } from '../../labels';
import { h5LinkFor, isAlbumDenied, savePosterToAlbum } from './poster';
import '../../partner.scss';
import './index.scss';

type Share = ClientOutput<'shop', 'partner.code.get'>;

const SHARE_TITLE = '好物小店 · 会员专享好价，邀你一起买';
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

function Poster({ share, dataUrl, error }: { share: Share; dataUrl: string | null; error: string | null }) {
  const [saving, setSaving] = useState(false);
  const save = async () => {
    if (dataUrl === null || saving) return;
    setSaving(true);
    await savePoster(dataUrl, share.code);
    setSaving(false);
  };
  return (
    <View className="partner-share__poster card">
      <Text className="partner-title">{IS_H5 ? '扫码进店' : '我的海报'}</Text>
      {dataUrl !== null && <Image id="share-qr" className="partner-share__qr" src={dataUrl} mode="aspectFit" />}
      {dataUrl === null && error === null && <Text className="muted">小程序码生成中…</Text>}
      {error !== null && <Text className="error">{error}</Text>}
      <Text className="muted">{`好友扫码进店即与你绑定 · 推荐码 ${share.code}`}</Text>
      {!IS_H5 && (
        <Button id="save-poster" className="primary-button partner-share__button" loading={flag(saving)} disabled={flag(dataUrl === null || saving)} onClick={() => void save()}>
          保存海报
        </Button>
      )}
    </View>
  );
}

function LinkCard({ share }: { share: Share }) {
  const link = IS_H5 ? h5LinkFor(share.sharePath) : share.sharePath;
  const copy = (data: string, title: string) => void Taro.setClipboardData({ data }).then(() => Taro.showToast({ title, icon: 'none' }), () => undefined);
  return (
    <View className="card">
      <View className="row">
        <Text className="muted">我的推荐码</Text>
        <Text id="partner-code" className="partner-share__code">{share.code}</Text>
      </View>
      <Text className="muted">{IS_H5 ? '推广链接' : '分享路径'}</Text>
      <Text id="share-link" className="partner-share__link" userSelect>{link}</Text>
      <View className="partner-share__actions">
        <Button id="copy-code" size="mini" onClick={() => copy(share.code, '推荐码已复制')}>复制推荐码</Button>
        {IS_H5 && <Button id="copy-link" size="mini" onClick={() => copy(link, '链接已复制')}>复制链接</Button>}
        {!IS_H5 && <Button id="share-friend" className="primary-button" size="mini" openType="share">分享给好友</Button>}
      </View>
    </View>
  );
}

export default function PartnerSharePage() {
  const [share, setShare] = useState<Share | null>(null);
  const [poster, setPoster] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [posterError, setPosterError] = useState<string | null>(null);
  // The share hooks read the latest code synchronously when WeChat asks.
  const latest = useRef<Share | null>(null);

  const load = useCallback(async () => {
    try {
      const res = await shop('partner.code.get', {});
      latest.current = res;
      setShare(res);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
      return;
    }
    shop('partner.poster.get', {})
      .then((res) => {
        setPoster(res.dataUrl);
        setPosterError(null);
      })
      .catch((e: unknown) => setPosterError(errorMessage(e)));
  }, []);

  useDidShow(() => void load());

  useShareAppMessage(() => ({ title: SHARE_TITLE, path: latest.current?.sharePath ?? `/${SHARE_PAGE}` }));
  // The timeline opens this page itself, with the query; the app binds from any landing page.
  useShareTimeline(() => ({ title: SHARE_TITLE, query: latest.current?.shareQuery ?? '' }));

  if (share === null) {
    return <View className="page">{error !== null ? <Text className="error">{error}</Text> : <Text className="muted">加载中…</Text>}</View>;
  }
  return (
    <View className="partner-share page">
      {!share.eligible && (
        <View id="share-not-earning" className="card" onClick={() => void Taro.navigateTo({ url: PARTNER_PAGES.center })}>
          <Text className="error">你当前的身份分享暂不能获得佣金，成为合伙人后即可获得。了解详情 ›</Text>
        </View>
      )}
      <LinkCard share={share} />
      <Poster share={share} dataUrl={poster} error={posterError} />
    </View>
  );
}
