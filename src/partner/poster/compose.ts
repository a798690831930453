/**
 * Composing a poster on the page's Taro <Canvas type="2d"> (weapp and H5), saving it to the
 * album (weapp) or downloading it (H5). Platform facts (docs/DECISIONS.md, "Posters"):
 * - weapp Canvas 2D: the node comes from SelectorQuery `.node()`; images are made with
 *   `canvas.createImage()` from local paths (cloud files through `wx.cloud.downloadFile`, the
 *   mini program code written to a user file); export with `canvasToTempFilePath({ canvas })`.
 * - `saveImageToPhotosAlbum` needs the user's consent to `scope.writePhotosAlbum`: ask with
 *   `authorize` when never asked; once refused, only `openSetting` can turn it on (its page lists
 *   only scopes asked before).
 * - H5: the same canvas node is an HTMLCanvasElement; images load with `new Image()` from the
 *   gateway (same origin, so the canvas stays exportable); export with `toBlob`, download with
 *   an <a download>.
 */
import Taro from '@tarojs/taro';
import type { PosterPayload } from '../../contracts';
import { pictureUrl } from '../../utils/picture';
import { drawPoster } from './draw';
import { POSTER_HEIGHT, POSTER_WIDTH, posterLayout, type PosterImageKey } from './layout';

const IS_H5 = process.env.TARO_ENV === 'h5';
const DATA_URL_PREFIX = /^data:image\/[a-z]+;base64,/;

export interface PosterCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): CanvasRenderingContext2D;
  createImage?: () => HTMLImageElement;
  toBlob?: (cb: (b: Blob | null) => void, type?: string) => void;
}

/** The canvas node of `#id` on the current page. */
export function canvasNode(id: string): Promise<PosterCanvas> {
  return new Promise((resolve, reject) => {
    Taro.createSelectorQuery().select(`#${id}`).node().exec((res: { node?: PosterCanvas }[]) => {
      let node = res?.[0]?.node ?? null;
      // H5: the query may answer Taro's wrapper; the real <canvas> is inside it.
      if (IS_H5 && (node === null || typeof node.getContext !== 'function')) node = document.querySelector<HTMLCanvasElement>(`#${id} canvas, canvas#${id}`) as unknown as PosterCanvas | null;
      if (node === null || typeof node.getContext !== 'function') reject(new Error('poster canvas not found'));
      else resolve(node);
    });
  });
}

function loadImage(canvas: PosterCanvas, src: string): Promise<CanvasImageSource | null> {
  return new Promise((resolve) => {
    const img = canvas.createImage && !IS_H5 ? canvas.createImage() : new Image();
    img.onload = () => resolve(img);
    img.onerror = () => resolve(null); // a missing picture leaves its placeholder
    img.src = src;
  });
}

/** weapp: a local path for a cloud fileID or the code's data URL; H5: a URL the browser loads. */
async function sourceFor(key: PosterImageKey, value: string, code: string): Promise<string | null> {
  if (IS_H5) return key === 'qr' ? value : pictureUrl(value) || null;
  if (key === 'qr') {
    const filePath = `${Taro.env.USER_DATA_PATH}/poster-code-${code}.png`;
    Taro.getFileSystemManager().writeFileSync(filePath, value.replace(DATA_URL_PREFIX, ''), 'base64');
    return filePath;
  }
  const res = await Taro.cloud.downloadFile({ fileID: value }).catch(() => null);
  return res?.tempFilePath ?? null;
}

async function loadImages(canvas: PosterCanvas, p: PosterPayload, qrDataUrl: string): Promise<Partial<Record<PosterImageKey, CanvasImageSource>>> {
  const wanted: [PosterImageKey, string | null][] = [['picture', p.picture], ['avatar', p.sharer.avatar], ['qr', qrDataUrl]];
  const loaded = await Promise.all(wanted.map(async ([key, value]) => {
    if (!value) return [key, null] as const;
    const src = await sourceFor(key, value, p.code);
    return [key, src === null ? null : await loadImage(canvas, src)] as const;
  }));
  const out: Partial<Record<PosterImageKey, CanvasImageSource>> = {};
  for (const [key, img] of loaded) if (img) out[key] = img;
  return out;
}

/** Draws the poster at `pixelRatio`; answers how long it took (images included). */
export async function composePoster(canvas: PosterCanvas, p: PosterPayload, qrDataUrl: string, pixelRatio: number): Promise<number> {
  const started = Date.now();
  const images = await loadImages(canvas, p, qrDataUrl);
  canvas.width = POSTER_WIDTH * pixelRatio;
  canvas.height = POSTER_HEIGHT * pixelRatio;
  const has = { picture: images.picture !== undefined, avatar: images.avatar !== undefined, qr: images.qr !== undefined };
  drawPoster(canvas.getContext('2d'), posterLayout(p, has), images, pixelRatio);
  return Date.now() - started;
}

/** H5: the poster as a PNG blob. */
export function posterBlob(canvas: PosterCanvas): Promise<Blob> {
  return new Promise((resolve, reject) => {
    if (!canvas.toBlob) return reject(new Error('toBlob unavailable'));
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('empty poster'))), 'image/png');
  });
}

/** H5: downloads the blob as `name`. */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export type AlbumOutcome = 'saved' | 'denied' | 'failed';

/** weapp: asks for scope.writePhotosAlbum the proper way; 'denied' when the user refuses (the page offers openSetting). */
async function albumAllowed(): Promise<boolean> {
  const { authSetting } = await Taro.getSetting();
  const state = (authSetting as Record<string, boolean | undefined>)['scope.writePhotosAlbum'];
  if (state === true) return true;
  if (state === false) return false; // refused before: authorize would fail at once without asking
  try {
    await Taro.authorize({ scope: 'scope.writePhotosAlbum' });
    return true;
  } catch {
    return false;
  }
}

/** weapp: exports the canvas and saves it to the album. */
export async function savePosterToAlbum(canvas: PosterCanvas): Promise<AlbumOutcome> {
  if (!(await albumAllowed())) return 'denied';
  try {
    const { tempFilePath } = await Taro.canvasToTempFilePath({ canvas: canvas as never, fileType: 'png' } as Taro.canvasToTempFilePath.Option);
    await Taro.saveImageToPhotosAlbum({ filePath: tempFilePath });
    return 'saved';
  } catch (e) {
    const errMsg = typeof e === 'object' && e !== null ? String((e as { errMsg?: unknown }).errMsg ?? '') : '';
    return /auth|deny/.test(errMsg) ? 'denied' : 'failed';
  }
}

/** weapp: after a refusal, the settings page is the only way back; true when the user turned it on there. */
export async function reopenAlbumSetting(): Promise<boolean> {
  const { authSetting } = await Taro.openSetting();
  return (authSetting as Record<string, boolean | undefined>)['scope.writePhotosAlbum'] === true;
}
