// Draws the app's pictures from SVG with resvg (deterministic: same input, same bytes): the tab
// bar icons (weapp wants local image files, no remote assets) and the demo store's logo. Empty
// states draw an icon on a disc in CSS instead of pictures (package size: docs/DECISIONS.md).
// Run `npx tsx scripts/draw-assets.ts` after changing a drawing; the PNGs are committed.
import fs from 'fs';
import path from 'path';
import { Resvg } from '@resvg/resvg-js';
import { iconSvg } from '../src/components/ui/iconPaths';
import { THEME } from '../src/theme/tokens';

const ROOT = path.resolve(__dirname, '..');
const GREY = THEME.text3;
const BRAND = THEME.brand;

const TABS = ['home', 'category', 'cart', 'me'] as const;

/** 81×81, the size WeChat recommends for tab icons; the selected one is bolder and tinted. */
function tabSvg(name: (typeof TABS)[number], colour: string, active: boolean): string {
  const svg = iconSvg(name, colour, active ? 2 : 1.7, active ? colour : 'none');
  return svg.replace('<svg ', '<svg width="81" height="81" ').replace(`fill="${colour}"`, `fill="${colour}" fill-opacity="0.12"`);
}

const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96" width="192" height="192"><rect width="96" height="96" rx="22" fill="${BRAND}"/><g fill="none" stroke="${THEME.surface}" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"><path d="M26 38h44l-4 34a4 4 0 0 1-4 3.5H34a4 4 0 0 1-4-3.5z"/><path d="M38 38v-4a10 10 0 0 1 20 0v4"/><path d="M40 52c2 5 14 5 16 0"/></g></svg>`;

function write(relative: string, svg: string): void {
  const png = new Resvg(svg, { font: { loadSystemFonts: false } }).render().asPng();
  const file = path.join(ROOT, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, png);
  console.log(`${relative} ${png.length} bytes`);
}

for (const name of TABS) {
  write(`src/assets/tab/${name}.png`, tabSvg(name, GREY, false));
  write(`src/assets/tab/${name}-active.png`, tabSvg(name, BRAND, true));
}
write('local/media/logo.png', LOGO_SVG);
