// The design system stays one system: no colour is written anywhere in src/ but the theme, the
// theme's JS copy matches its SCSS, and no page formats money, dates or durations by itself.
import fs from 'fs';
import path from 'path';
import { THEME, THEME_SCSS_NAMES } from '../../src/theme/tokens';

const SRC = path.resolve(__dirname, '../../src');
const THEME_DIR = path.join(SRC, 'theme');

function filesUnder(dir: string, exts: readonly string[]): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(full, exts);
    return exts.some((x) => e.name.endsWith(x)) ? [full] : [];
  });
}

const HEX = /#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})\b/;
const FUNCTIONAL = /\b(?:rgba?|hsla?)\s*\(/;
const COLOUR_NAMES = 'white|black|red|green|blue|gray|grey|orange|yellow|gold|purple|pink|silver';
// Named colours: as a value in a stylesheet, or in a style object's colour property in code
// (the design system's tone names such as tone="gold" are not colours).
const NAMED_CSS = new RegExp(`:\\s*[^;]*(?<![\\w$-])(?:${COLOUR_NAMES})(?![\\w-])`);
const NAMED_STYLE = new RegExp(`(?:color|background|border)\\w*\\s*:\\s*['"](?:${COLOUR_NAMES})['"]`, 'i');

/** Each line of src/ (outside the theme) that writes a colour. */
function colourLiterals(): string[] {
  const hits: string[] = [];
  for (const file of filesUnder(SRC, ['.scss', '.tsx', '.ts', '.wxss', '.js'])) {
    if (file.startsWith(THEME_DIR + path.sep)) continue;
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '').replace(/\/\*.*?\*\//g, '');
      const css = file.endsWith('.scss') || file.endsWith('.wxss');
      // app.json's tabBar.borderStyle and navigationBarTextStyle are enums ('black' | 'white').
      const weappEnum = /\b(?:borderStyle|navigationBarTextStyle|backgroundTextStyle)\b/.test(code);
      const named = css ? NAMED_CSS.test(code) : !weappEnum && NAMED_STYLE.test(code);
      if (HEX.test(code) || FUNCTIONAL.test(code) || named) hits.push(`${path.relative(SRC, file)}:${i + 1}: ${line.trim()}`);
    });
  }
  return hits;
}

test('no colour literal in src/ outside src/theme', () => {
  expect(colourLiterals()).toEqual([]);
});

test('the scan finds the colours it is meant to find', () => {
  // The patterns themselves, so a broken regex cannot make the test above pass vacuously.
  const scan = (line: string, css: boolean) => HEX.test(line) || FUNCTIONAL.test(line) || (css ? NAMED_CSS : NAMED_STYLE).test(line);
  for (const [line, css] of [['color: #c0392b;', true], ['background: #fff;', true], ['color: rgba(0, 0, 0, 0.5);', true], ['border: 1px solid white;', true], ["style={{ color: 'red' }}", false], ["{ backgroundColor: 'white' }", false]] as const) {
    expect([line, scan(line, css)]).toEqual([line, true]);
  }
  for (const [line, css] of [['<Text>会员价</Text>', false], ["id={`order-${id}`}", false], ['<Badge tone="gold" />', false], ['color: $color-gold;', true], ['.ui-badge--gold { }', true]] as const) {
    expect([line, scan(line, css)]).toEqual([line, false]);
  }
});

test('the theme in TypeScript is the theme in SCSS', () => {
  const scss = fs.readFileSync(path.join(THEME_DIR, 'tokens.scss'), 'utf8');
  for (const [key, value] of Object.entries(THEME)) {
    const name = THEME_SCSS_NAMES[key as keyof typeof THEME];
    const m = new RegExp(`\\$${name}:\\s*([^;]+);`).exec(scss);
    expect([key, m?.[1]?.trim()]).toEqual([key, value]);
  }
});

/** Money, dates and durations are formatted only in utils/format.ts (one formatter module). */
test('no page formats fen, dates or durations by itself', () => {
  const FORBIDDEN = [/\/\s*100\b/, /\.toFixed\(/, /toLocale(?:Date|Time)?String\(/, /\.get(?:UTC)?(?:Hours|Minutes|Date|Month|FullYear)\(/, /padStart\(2/];
  const hits: string[] = [];
  for (const file of filesUnder(SRC, ['.ts', '.tsx'])) {
    if (file === path.join(SRC, 'utils', 'format.ts')) continue;
    fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '');
      if (FORBIDDEN.some((re) => re.test(code))) hits.push(`${path.relative(SRC, file)}:${i + 1}: ${line.trim()}`);
    });
  }
  expect(hits).toEqual([]);
});
