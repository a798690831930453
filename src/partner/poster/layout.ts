// The poster's layout (pure): what goes where on a 600 × 960 canvas, from the signed payload.
// The composer (compose.ts) draws these operations on a Taro <Canvas type="2d"> (weapp and H5).
import type { PosterPayload } from '../../contracts';
import { THEME } from '../../theme/tokens';
import { formatFen } from '../../utils/format';

export const POSTER_WIDTH = 600;
export const POSTER_HEIGHT = 960;

export type PosterImageKey = 'picture' | 'avatar' | 'qr';

export type PosterOp =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; color: string; radius: number }
  | { kind: 'image'; key: PosterImageKey; x: number; y: number; w: number; h: number; round: boolean }
  | { kind: 'disc'; x: number; y: number; d: number; color: string; text: string; textColor: string; font: string }
  | { kind: 'text'; text: string; x: number; y: number; font: string; color: string; maxWidth: number; maxLines: number; lineHeight: number; strike?: boolean };

const PAD = 40;
const PICTURE = POSTER_WIDTH - 2 * PAD;
const QR = 168;
const FONT = 'sans-serif';

function priceOps(p: PosterPayload, y: number): PosterOp[] {
  if (p.priceFen === null) return [{ kind: 'text', text: '会员专享好价 · 邀你一起买', x: PAD, y, font: `bold 34px ${FONT}`, color: THEME.brand, maxWidth: PICTURE, maxLines: 1, lineHeight: 40 }];
  const label = p.groupSize !== null ? `${p.groupSize}人团 ` : '';
  const ops: PosterOp[] = [{ kind: 'text', text: `${label}${formatFen(p.priceFen)}`, x: PAD, y, font: `bold 44px ${FONT}`, color: THEME.brand, maxWidth: 340, maxLines: 1, lineHeight: 48 }];
  if (p.listPriceFen !== null && p.listPriceFen > p.priceFen) {
    ops.push({ kind: 'text', text: `原价 ${formatFen(p.listPriceFen)}`, x: PAD + 350, y, font: `24px ${FONT}`, color: THEME.text3, maxWidth: PICTURE - 350, maxLines: 1, lineHeight: 28, strike: true });
  }
  return ops;
}

/** Everything the poster draws, in order. Images that failed to load are simply left out by the composer. */
export function posterLayout(p: PosterPayload, has: Record<PosterImageKey, boolean>): PosterOp[] {
  const ops: PosterOp[] = [
    { kind: 'rect', x: 0, y: 0, w: POSTER_WIDTH, h: POSTER_HEIGHT, color: THEME.surface, radius: 0 },
    { kind: 'text', text: p.storeName, x: PAD, y: 58, font: `bold 30px ${FONT}`, color: THEME.text, maxWidth: PICTURE, maxLines: 1, lineHeight: 36 },
  ];
  if (has.picture) ops.push({ kind: 'image', key: 'picture', x: PAD, y: 84, w: PICTURE, h: PICTURE, round: false });
  else ops.push({ kind: 'rect', x: PAD, y: 84, w: PICTURE, h: PICTURE, color: THEME.brandLight, radius: 16 }, { kind: 'disc', x: PAD + PICTURE / 2 - 80, y: 84 + PICTURE / 2 - 80, d: 160, color: THEME.brand, text: Array.from(p.title)[0] ?? '店', textColor: THEME.surface, font: `bold 80px ${FONT}` });
  ops.push({ kind: 'text', text: p.title, x: PAD, y: 650, font: `bold 32px ${FONT}`, color: THEME.text, maxWidth: PICTURE, maxLines: 2, lineHeight: 42 });
  ops.push(...priceOps(p, 748));
  ops.push({ kind: 'rect', x: PAD, y: 778, w: PICTURE, h: 2, color: THEME.border, radius: 0 });
  const avatarY = 812;
  if (has.avatar) ops.push({ kind: 'image', key: 'avatar', x: PAD, y: avatarY, w: 72, h: 72, round: true });
  else ops.push({ kind: 'disc', x: PAD, y: avatarY, d: 72, color: THEME.brandLight, text: p.sharer.initial, textColor: THEME.brand, font: `bold 34px ${FONT}` });
  ops.push({ kind: 'text', text: p.sharer.nickname, x: PAD + 88, y: avatarY + 30, font: `bold 28px ${FONT}`, color: THEME.text, maxWidth: PICTURE - QR - 104, maxLines: 1, lineHeight: 32 });
  ops.push({ kind: 'text', text: '长按识别小程序码', x: PAD + 88, y: avatarY + 66, font: `22px ${FONT}`, color: THEME.text2, maxWidth: PICTURE - QR - 104, maxLines: 1, lineHeight: 26 });
  if (has.qr) ops.push({ kind: 'image', key: 'qr', x: POSTER_WIDTH - PAD - QR, y: 780, w: QR, h: QR, round: false });
  return ops;
}
