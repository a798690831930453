// The demo store's product illustrations: a cover and detail shots for each product of
// local/seed/demo.ts, and the store's logo. Plain SVG in the product's own colour; rendered to PNG
// at seed time (./index.ts). Every coordinate is a constant, so a drawing is the same everywhere.
import { SIZE, confetti, floorShadow, group, picture, shade, sparkle, star, tint } from './svg';

const WHITE = '#ffffff';

/** A diaper seen from the front (briefs-shaped, elastic leg cuffs), 200 wide, its waistband at y = 0. */
function diaper(color: string, pattern: string): string {
  const body = 'M-100 10 L100 10 L100 84 Q52 96 34 166 L-34 166 Q-52 96 -100 84 Z';
  const cuffs = 'M100 84 Q52 96 34 166 M-100 84 Q-52 96 -34 166';
  return [
    `<path d="${body}" fill="${WHITE}"/>`,
    `<path d="M-34 166 L34 166 Q40 130 0 124 Q-40 130 -34 166 Z" fill="${tint(color, 0.8)}"/>`,
    `<path d="${cuffs}" fill="none" stroke="${tint(color, 0.45)}" stroke-width="10" stroke-linecap="round"/>`,
    `<rect x="-104" y="-6" width="208" height="34" rx="14" fill="${color}"/>`,
    `<rect x="-122" y="4" width="30" height="22" rx="8" fill="${shade(color, 0.15)}"/><rect x="92" y="4" width="30" height="22" rx="8" fill="${shade(color, 0.15)}"/>`,
    pattern,
  ].join('');
}

const diaperDots = (color: string) => [star(-44, 56, 13, tint(color, 0.3)), star(40, 62, 10, tint(color, 0.45)), star(0, 92, 9, tint(color, 0.3))].join('');

// ---- 纸尿裤试用装: a small pouch of three ----------------------------------------------------

function trialCover(color: string): string {
  const zigzag = Array.from({ length: 14 }, (_, i) => `${170 + i * 20},${i % 2 === 0 ? 140 : 152}`).join(' ');
  return picture(color, [
    floorShadow(300, 500, 170),
    `<polygon points="170,160 ${zigzag} 430,160" fill="${shade(color, 0.12)}"/>`,
    `<rect x="170" y="150" width="260" height="340" rx="34" fill="${color}"/>`,
    `<rect x="170" y="150" width="260" height="54" rx="20" fill="${shade(color, 0.1)}"/>`,
    `<circle cx="300" cy="345" r="104" fill="${tint(color, 0.85)}"/>`,
    group('translate(300 290) scale(0.8)', diaper(color, diaperDots(color))),
    `<circle cx="420" cy="176" r="44" fill="#d1495b"/>`,
    confetti([WHITE], [[400, 176, 8], [420, 176, 8], [440, 176, 8]]),
    sparkle(116, 150, 22, WHITE), sparkle(496, 300, 16, WHITE),
  ].join(''));
}

function trialDiaper(color: string): string {
  return picture(color, [floorShadow(300, 500, 190), group('translate(300 170) scale(1.55)', diaper(color, diaperDots(color))), sparkle(120, 130, 20, WHITE), sparkle(480, 440, 14, WHITE)].join(''));
}

function trialThree(color: string): string {
  const cloud = `<path d="M110 420 Q100 330 190 330 Q210 250 300 262 Q390 240 420 320 Q510 318 500 420 Z" fill="${tint(color, 0.9)}"/>`;
  return picture(color, [
    cloud, floorShadow(300, 470, 220),
    group('translate(170 300) scale(0.62) rotate(-10)', diaper(color, diaperDots(color))),
    group('translate(430 300) scale(0.62) rotate(10)', diaper(color, diaperDots(color))),
    group('translate(300 262) scale(0.75)', diaper(color, diaperDots(color))),
    sparkle(300, 150, 18, WHITE),
  ].join(''));
}

// ---- 年度会员卡: a gold card with a crown ------------------------------------------------------

function crown(cx: number, cy: number, s: number, fill: string): string {
  const d = 'M-50 30 L-56 -24 L-26 4 L0 -36 L26 4 L56 -24 L50 30 Z';
  return group(`translate(${cx} ${cy}) scale(${s})`, `<path d="${d}" fill="${fill}"/><rect x="-50" y="34" width="100" height="14" rx="5" fill="${fill}"/>`);
}

function cardFace(color: string): string {
  return [
    `<rect x="-190" y="-120" width="380" height="240" rx="26" fill="${color}"/>`,
    `<path d="M-190 40 Q0 -40 190 10 L190 94 Q190 120 164 120 L-164 120 Q-190 120 -190 94 Z" fill="${shade(color, 0.12)}"/>`,
    `<rect x="-150" y="-70" width="64" height="48" rx="10" fill="${tint(color, 0.55)}"/>`,
    `<path d="M-150 -46 H-86 M-118 -70 V-22" stroke="${shade(color, 0.2)}" stroke-width="4"/>`,
    crown(110, -40, 0.8, WHITE),
    confetti([tint(color, 0.6)], [[-140, 70, 9], [-110, 70, 9], [-80, 70, 9], [-50, 70, 9]]),
  ].join('');
}

function cardCover(color: string): string {
  return picture(color, [
    floorShadow(300, 470, 200),
    group('translate(312 296) rotate(-8)', `<rect x="-190" y="-120" width="380" height="240" rx="26" fill="${shade(color, 0.35)}"/>`),
    group('translate(300 280) rotate(-8)', cardFace(color)),
    sparkle(110, 120, 26, color), sparkle(500, 160, 16, WHITE), sparkle(480, 470, 20, color),
  ].join(''));
}

function cardBenefits(color: string): string {
  const calendar = [
    `<rect x="-80" y="-70" width="160" height="150" rx="18" fill="${WHITE}"/>`,
    `<rect x="-80" y="-70" width="160" height="42" rx="18" fill="${color}"/>`,
    ...[0, 1, 2].flatMap((r) => [0, 1, 2, 3].map((c) => `<rect x="${-62 + c * 32}" y="${-16 + r * 30}" width="22" height="20" rx="5" fill="${tint(color, r === 1 && c === 2 ? 0 : 0.7)}"/>`)),
  ].join('');
  return picture(color, [
    floorShadow(300, 480, 200),
    group('translate(190 300)', calendar),
    star(400, 250, 70, color), star(450, 360, 46, tint(color, 0.35)),
    sparkle(120, 140, 18, WHITE), sparkle(500, 120, 22, WHITE),
  ].join(''));
}

// ---- 臻选滋补礼盒: a red gift box, and what is inside ------------------------------------------

function giftBox(color: string): string {
  const gold = '#e9c46a';
  return [
    `<rect x="-150" y="-40" width="300" height="200" rx="14" fill="${color}"/>`,
    `<rect x="-166" y="-86" width="332" height="62" rx="14" fill="${shade(color, 0.12)}"/>`,
    `<rect x="-22" y="-86" width="44" height="246" fill="${gold}"/>`,
    `<path d="M0 -86 Q-90 -170 -96 -110 Q-100 -80 0 -86 Z" fill="${gold}"/><path d="M0 -86 Q90 -170 96 -110 Q100 -80 0 -86 Z" fill="${gold}"/>`,
    `<circle cx="0" cy="-88" r="18" fill="${shade(gold, 0.15)}"/>`,
  ].join('');
}

function tonicCover(color: string): string {
  return picture(color, [floorShadow(300, 480, 200), group('translate(300 320)', giftBox(color)), sparkle(120, 140, 22, WHITE), sparkle(490, 200, 18, '#e9c46a'), sparkle(470, 470, 14, WHITE)].join(''));
}

function jar(color: string, s: number): string {
  return group(`scale(${s})`, [
    `<rect x="-50" y="-60" width="100" height="130" rx="22" fill="${tint(color, 0.82)}"/>`,
    `<rect x="-56" y="-84" width="112" height="34" rx="10" fill="${shade(color, 0.2)}"/>`,
    `<rect x="-50" y="-10" width="100" height="44" fill="${color}"/>`,
    `<circle cx="0" cy="12" r="12" fill="#e9c46a"/>`,
  ].join(''));
}

function tonicOpen(color: string): string {
  return picture(color, [
    floorShadow(300, 490, 220),
    `<rect x="110" y="300" width="380" height="170" rx="16" fill="${shade(color, 0.1)}"/>`,
    group('translate(190 320)', jar(color, 0.9)), group('translate(300 310)', jar(color, 1)), group('translate(410 320)', jar(color, 0.9)),
    `<rect x="110" y="380" width="380" height="90" rx="16" fill="${color}"/>`,
    `<rect x="278" y="380" width="44" height="90" fill="#e9c46a"/>`,
  ].join(''));
}

function tonicJar(color: string): string {
  const berries: [number, number, number][] = [[150, 440, 12], [178, 452, 11], [430, 446, 12], [456, 432, 10], [470, 458, 11]];
  const leaf = (x: number, y: number, r: number) => group(`translate(${x} ${y}) rotate(${r})`, '<path d="M0 0 Q30 -30 60 0 Q30 30 0 0 Z" fill="#6a994e"/>');
  return picture(color, [floorShadow(300, 480, 170), group('translate(300 330) scale(1.7)', jar(color, 1)), confetti([color], berries), leaf(110, 410, -20), leaf(440, 400, 200), sparkle(470, 150, 20, WHITE)].join(''));
}

// ---- 婴儿纸尿裤 L 码（提）: the pack with a handle, and its sizes ------------------------------

/** The letter L as a block shape (no fonts). */
const letterL = (x: number, y: number, h: number, fill: string) => `<path d="M${x} ${y} h${h * 0.24} v${h * 0.76} h${h * 0.4} v${h * 0.24} h-${h * 0.64} Z" fill="${fill}"/>`;

function diaperPackCover(color: string): string {
  return picture(color, [
    floorShadow(300, 510, 190),
    `<path d="M240 150 Q240 90 300 90 Q360 90 360 150" fill="none" stroke="${shade(color, 0.25)}" stroke-width="18" stroke-linecap="round"/>`,
    `<rect x="150" y="140" width="300" height="360" rx="30" fill="${color}"/>`,
    `<rect x="150" y="430" width="300" height="70" rx="30" fill="${shade(color, 0.15)}"/>`,
    `<circle cx="300" cy="300" r="104" fill="${tint(color, 0.88)}"/>`,
    group('translate(300 250) scale(0.78)', diaper(color, diaperDots(color))),
    `<circle cx="408" cy="188" r="40" fill="${WHITE}"/>`, letterL(396, 168, 40, color),
    sparkle(100, 190, 20, WHITE), sparkle(510, 380, 16, WHITE),
  ].join(''));
}

function diaperFront(color: string): string {
  return picture(color, [floorShadow(300, 500, 190), group('translate(300 170) scale(1.55)', diaper(color, diaperDots(color))), sparkle(480, 120, 20, WHITE)].join(''));
}

function diaperSizes(color: string): string {
  const scales = [0.36, 0.44, 0.54, 0.64];
  const gap = 22;
  const total = scales.reduce((sum, k) => sum + 244 * k, 0) + gap * (scales.length - 1);
  let left = (SIZE - total) / 2;
  const shapes = scales.map((k, i) => {
    const cx = left + 122 * k;
    left += 244 * k + gap;
    const chosen = i === 2;
    const plate = chosen ? `<rect x="${cx - 122 * k - 14}" y="${340 - 166 * k}" width="${244 * k + 28}" height="${166 * k + 60}" rx="24" fill="${tint(color, 0.6)}"/>${letterL(cx - 16, 420, 56, color)}` : '';
    return plate + group(`translate(${cx} ${370 - 166 * k}) scale(${k})`, diaper(chosen ? color : tint(color, 0.4), ''));
  });
  return picture(color, [floorShadow(300, 392, 250), ...shapes].join(''));
}

// ---- 合伙人礼包（100 提）: a pallet of packs, growth, delivery ---------------------------------

function pack(x: number, y: number, color: string): string {
  return `<rect x="${x}" y="${y}" width="96" height="80" rx="10" fill="${color}"/><rect x="${x}" y="${y}" width="96" height="18" rx="8" fill="${shade(color, 0.15)}"/><circle cx="${x + 48}" cy="${y + 48}" r="16" fill="${tint(color, 0.8)}"/>`;
}

function partnerCover(color: string): string {
  const rows = [[102, 206, 310, 414], [154, 258, 362], [206, 310]];
  const packs = rows.flatMap((xs, r) => xs.map((x, i) => pack(x, 382 - r * 86, (r + i) % 2 === 0 ? color : tint(color, 0.25))));
  return picture(color, [
    floorShadow(300, 500, 250),
    `<rect x="86" y="466" width="428" height="22" rx="6" fill="#b08968"/>`,
    ...packs,
    `<circle cx="470" cy="150" r="58" fill="#e9c46a"/>`, star(470, 150, 38, WHITE),
    sparkle(110, 160, 20, WHITE),
  ].join(''));
}

function partnerGrowth(color: string): string {
  const bars = [90, 140, 200, 270].map((h, i) => `<rect x="${130 + i * 90}" y="${460 - h}" width="60" height="${h}" rx="10" fill="${i === 3 ? color : tint(color, 0.45)}"/>`);
  return picture(color, [
    floorShadow(300, 470, 230), ...bars,
    `<path d="M140 330 L250 270 L330 290 L450 170" fill="none" stroke="${shade(color, 0.2)}" stroke-width="14" stroke-linecap="round" stroke-linejoin="round"/>`,
    `<path d="M420 160 L470 150 L460 200 Z" fill="${shade(color, 0.2)}"/>`,
    sparkle(120, 150, 20, WHITE), star(500, 120, 30, '#e9c46a'),
  ].join(''));
}

function partnerTruck(color: string): string {
  const wheel = (cx: number) => `<circle cx="${cx}" cy="430" r="36" fill="#2b2d42"/><circle cx="${cx}" cy="430" r="14" fill="${WHITE}"/>`;
  return picture(color, [
    floorShadow(300, 470, 250),
    `<rect x="80" y="230" width="300" height="190" rx="16" fill="${color}"/>`,
    `<path d="M380 280 H460 L520 350 V420 H380 Z" fill="${shade(color, 0.15)}"/>`,
    `<path d="M396 296 H454 L494 346 H396 Z" fill="${tint(color, 0.8)}"/>`,
    pack(110, 270, tint(color, 0.3)), pack(230, 270, tint(color, 0.5)),
    wheel(160), wheel(440),
    sparkle(120, 140, 20, WHITE), sparkle(470, 180, 16, WHITE),
  ].join(''));
}

// ---- the store's logo: an awning over a door with a heart ------------------------------------

export function logoSvg(): string {
  const red = '#d1495b';
  const pink = '#f7c9ce';
  const scallops = Array.from({ length: 5 }, (_, i) => `<path d="M${150 + i * 60} 250 a30 30 0 0 0 60 0 Z" fill="${i % 2 === 0 ? pink : WHITE}"/>`).join('');
  const stripes = Array.from({ length: 5 }, (_, i) => `<rect x="${150 + i * 60}" y="180" width="60" height="70" fill="${i % 2 === 0 ? pink : WHITE}"/>`).join('');
  const heart = '<path d="M300 372 C300 352 270 344 262 364 C254 384 300 408 300 418 C300 408 346 384 338 364 C330 344 300 352 300 372 Z" fill="#d1495b"/>';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">`,
    `<rect width="${SIZE}" height="${SIZE}" rx="132" fill="${red}"/>`,
    `<rect x="170" y="250" width="260" height="210" rx="10" fill="#fff4ec"/>`,
    stripes, scallops,
    `<rect x="140" y="160" width="320" height="26" rx="13" fill="#fff4ec"/>`,
    heart,
    `<rect x="140" y="452" width="320" height="22" rx="11" fill="#fff4ec"/>`,
    '</svg>',
  ].join('');
}

/** Each demo product's pictures, cover first. */
export const DEMO_DRAWINGS: Record<string, (color: string) => string[]> = {
  p_trial: (c) => [trialCover(c), trialDiaper(c), trialThree(c)],
  p_card: (c) => [cardCover(c), cardBenefits(c)],
  p_tonic: (c) => [tonicCover(c), tonicOpen(c), tonicJar(c)],
  p_diaper: (c) => [diaperPackCover(c), diaperFront(c), diaperSizes(c)],
  p_partner: (c) => [partnerCover(c), partnerGrowth(c), partnerTruck(c)],
};
