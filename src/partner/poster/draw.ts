// Draws the layout's operations on a 2D context (pure over the context: no Taro, no I/O).
import type { PosterImageKey, PosterOp } from './layout';

/** What the composer needs of a 2D context: the part weapp's and the browser's contexts share. */
export type Ctx2D = Pick<CanvasRenderingContext2D,
  'fillStyle' | 'strokeStyle' | 'lineWidth' | 'font' | 'textBaseline' | 'fillRect' | 'fillText' | 'measureText' | 'drawImage' | 'save' | 'restore' | 'beginPath' | 'arc' | 'clip' | 'fill' | 'moveTo' | 'lineTo' | 'stroke' | 'closePath' | 'scale'>;

/** Lines of `text` that fit `maxWidth`, at most `maxLines`, the last one cut with '…'. Characters, not words: Chinese has no spaces. */
export function wrapText(measure: (s: string) => number, text: string, maxWidth: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of Array.from(text)) {
    if (line === '' || measure(line + ch) <= maxWidth) {
      line += ch;
      continue;
    }
    lines.push(line);
    line = ch;
    if (lines.length === maxLines) return cutLast(measure, lines, maxWidth);
  }
  return line === '' ? lines : [...lines, line];
}

/** The last line ends with '…' (text was left over), shortened until it fits. */
function cutLast(measure: (s: string) => number, lines: string[], maxWidth: number): string[] {
  const last = Array.from(lines[lines.length - 1]);
  while (last.length > 0 && measure(`${last.join('')}…`) > maxWidth) last.pop();
  return [...lines.slice(0, -1), `${last.join('')}…`];
}

function roundRectPath(ctx: Ctx2D, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.lineTo(x + w - r, y);
  ctx.arc(x + w - r, y + r, r, -Math.PI / 2, 0);
  ctx.lineTo(x + w, y + h - r);
  ctx.arc(x + w - r, y + h - r, r, 0, Math.PI / 2);
  ctx.lineTo(x + r, y + h);
  ctx.arc(x + r, y + h - r, r, Math.PI / 2, Math.PI);
  ctx.lineTo(x, y + r);
  ctx.arc(x + r, y + r, r, Math.PI, (3 * Math.PI) / 2);
  ctx.closePath();
}

function drawText(ctx: Ctx2D, op: Extract<PosterOp, { kind: 'text' }>): void {
  ctx.font = op.font;
  ctx.fillStyle = op.color;
  ctx.textBaseline = 'alphabetic';
  const lines = wrapText((s) => ctx.measureText(s).width, op.text, op.maxWidth, op.maxLines);
  lines.forEach((l, i) => ctx.fillText(l, op.x, op.y + i * op.lineHeight));
  if (op.strike && lines[0]) {
    const w = ctx.measureText(lines[0]).width;
    ctx.strokeStyle = op.color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(op.x, op.y - op.lineHeight / 3);
    ctx.lineTo(op.x + w, op.y - op.lineHeight / 3);
    ctx.stroke();
  }
}

function drawDisc(ctx: Ctx2D, op: Extract<PosterOp, { kind: 'disc' }>): void {
  const r = op.d / 2;
  ctx.fillStyle = op.color;
  ctx.beginPath();
  ctx.arc(op.x + r, op.y + r, r, 0, 2 * Math.PI);
  ctx.fill();
  ctx.font = op.font;
  ctx.fillStyle = op.textColor;
  ctx.textBaseline = 'middle';
  ctx.fillText(op.text, op.x + r - ctx.measureText(op.text).width / 2, op.y + r);
}

/** Runs the operations at `scale` (device pixels per layout pixel). */
export function drawPoster(ctx: Ctx2D, ops: readonly PosterOp[], images: Partial<Record<PosterImageKey, CanvasImageSource>>, scale = 1): void {
  ctx.save();
  ctx.scale(scale, scale);
  for (const op of ops) {
    if (op.kind === 'rect') {
      ctx.fillStyle = op.color;
      if (op.radius > 0) {
        roundRectPath(ctx, op.x, op.y, op.w, op.h, op.radius);
        ctx.fill();
      } else ctx.fillRect(op.x, op.y, op.w, op.h);
    } else if (op.kind === 'text') drawText(ctx, op);
    else if (op.kind === 'disc') drawDisc(ctx, op);
    else {
      const img = images[op.key];
      if (!img) continue;
      ctx.save();
      if (op.round) {
        ctx.beginPath();
        ctx.arc(op.x + op.w / 2, op.y + op.h / 2, op.w / 2, 0, 2 * Math.PI);
        ctx.clip();
      }
      ctx.drawImage(img, op.x, op.y, op.w, op.h);
      ctx.restore();
    }
  }
  ctx.restore();
}
