// Draws the tab bar's icons from SVG with resvg (deterministic: same input, same bytes): weapp
// wants local image files for them, no remote assets. Empty states draw an icon on a disc in CSS
// instead of pictures (package size: docs/DECISIONS.md).
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
