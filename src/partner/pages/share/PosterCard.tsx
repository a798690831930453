import { Button } from '@nutui/nutui-react-taro';
import { Canvas, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { errorMessage, shop, type ClientOutput } from '../../../api/client';
import { ErrorState, Skeleton } from '../../../components/ui';
import type { PosterTarget } from '../../../contracts';
import { useQuery } from '../../../hooks/useQuery';
import { canvasNode, composePoster, downloadBlob, posterBlob, reopenAlbumSetting, savePosterToAlbum, type PosterCanvas } from '../../poster/compose';
import { posterFileName } from './poster';

const IS_H5 = process.env.TARO_ENV === 'h5';
const CANVAS_ID = 'poster-canvas';

type Signed = ClientOutput<'shop', 'partner.poster.payload'>;

/** What the browser tier and the bench read after a poster is composed on H5. */
interface PosterFigures {
  composeMs: number;
  bytes: number;
}

function pixelRatio(): number {
  // The poster is 600 × 960 layout pixels: one device pixel each is sharp enough to post (and small).
  return 1;
}

async function saveToAlbum(canvas: PosterCanvas): Promise<void> {
  let outcome = await savePosterToAlbum(canvas);
  if (outcome === 'denied') {
    const { confirm } = await Taro.showModal({ title: '需要保存到相册的权限', content: '请在设置中打开「保存到相册」，即可保存海报', confirmText: '去设置' });
    if (confirm && (await reopenAlbumSetting())) outcome = await savePosterToAlbum(canvas);
  }
  if (outcome === 'saved') void Taro.showToast({ title: '已保存到相册', icon: 'success' });
  else if (outcome === 'failed') void Taro.showToast({ title: '保存失败，请稍后重试', icon: 'none' });
}

/**
 * The poster, composed on a Taro <Canvas type="2d"> from the server's signed data: the picture,
 * name and price (or group price and seats), the sharer's avatar and nickname, the mini program
 * code. weapp: 保存到相册; H5: 下载海报.
 */
export function PosterCard({ target }: { target: PosterTarget }) {
  const q = useQuery<Signed>(() => shop('partner.poster.payload', { target }), { key: JSON.stringify(target), reloadOnShow: false });
  const canvas = useRef<PosterCanvas | null>(null);
  const [composed, setComposed] = useState<number | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signed = q.data;

  useEffect(() => {
    if (signed === null) return;
    let live = true;
    setComposed(null);
    setFailure(null);
    // The canvas is in the page once the data is: wait a frame for the node.
    setTimeout(() => {
      void (async () => {
        try {
          const node = await canvasNode(CANVAS_ID);
          const ms = await composePoster(node, signed.payload, signed.qrDataUrl, pixelRatio());
          if (!live) return;
          canvas.current = node;
          setComposed(ms);
          if (IS_H5) {
            const figures: PosterFigures = { composeMs: ms, bytes: (await posterBlob(node)).size };
            (window as unknown as { __posterFigures?: PosterFigures }).__posterFigures = figures;
          }
        } catch (e) {
          if (live) setFailure(errorMessage(e));
        }
      })();
    }, 50);
    return () => { live = false; };
  }, [signed]);

  const save = async () => {
    if (canvas.current === null || busy || signed === null) return;
    setBusy(true);
    try {
      if (IS_H5) downloadBlob(await posterBlob(canvas.current), posterFileName(target, signed.payload.code));
      else await saveToAlbum(canvas.current);
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };

  if (q.error !== null && signed === null) return <View id="poster" className="share-poster"><ErrorState message={q.error} onRetry={() => void q.reload()} compact /></View>;
  return (
    <View id="poster" className="share-poster">
      {signed === null && <Skeleton variant="card" rows={3} />}
      {signed !== null && <Canvas type="2d" id={CANVAS_ID} className="share-poster__canvas" />}
      {failure !== null && <ErrorState message={`海报生成失败：${failure}`} onRetry={() => void q.reload()} compact />}
      {composed !== null && <Text id="poster-ready" className="share-poster__note">{`扫码进店，推荐码 ${signed?.payload.code ?? ''}`}</Text>}
      <Button id="save-poster" className="share-poster__save" type="primary" block loading={busy} disabled={composed === null || busy} onClick={() => void save()}>
        {IS_H5 ? '下载海报' : '保存到相册'}
      </Button>
    </View>
  );
}
