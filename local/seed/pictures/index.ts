// Draws the demo store's pictures at seed time and stores them through cloud storage, as the
// owner's uploads would be: each product gets a cover and detail shots, the store a logo.
// Deterministic: the same drawings give the same bytes and so the same fileIDs (files are named
// by their content), which also means a changed drawing never hides behind a cached old file.
import { createHash } from 'crypto';
import { Resvg } from '@resvg/resvg-js';
import { STORE_FOLDER } from '../../../src/contracts/media';
import type { LocalRuntime } from '../../runtime/runtime';
import { DEMO_DRAWINGS, logoSvg } from './drawings';
import { SIZE } from './svg';

/** No demo picture may be larger than this (docs/DECISIONS.md, "Pictures"). */
export const DEMO_PICTURE_MAX_BYTES = 30 * 1024;

export interface DrawnPicture {
  cloudPath: string;
  png: Buffer;
}

export interface DrawnPictures {
  products: Record<string, DrawnPicture[]>;
  logo: DrawnPicture;
}

/**
 * SVG → PNG at a fixed width with no system fonts (the drawings carry no text), so the bytes
 * depend only on the drawing and the resvg version, never on the machine.
 */
export function renderPng(svg: string): Buffer {
  const png = Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: SIZE }, font: { loadSystemFonts: false } }).render().asPng());
  if (png.length > DEMO_PICTURE_MAX_BYTES) throw new Error(`demo picture of ${png.length} bytes is over ${DEMO_PICTURE_MAX_BYTES}`);
  return png;
}

const contentTag = (png: Buffer) => createHash('sha256').update(png).digest('hex').slice(0, 12);

/** Draws every picture of the given products (those with a drawing) and the logo. No cache. */
export function drawDemoPictures(products: readonly { _id: string; coverColor: string }[]): DrawnPictures {
  const out: Record<string, DrawnPicture[]> = {};
  for (const p of products) {
    const draw = DEMO_DRAWINGS[p._id];
    if (!draw) continue;
    out[p._id] = draw(p.coverColor).map((svg, i) => {
      const png = renderPng(svg);
      return { cloudPath: `${STORE_FOLDER}products/${p._id}/${i + 1}-${contentTag(png)}.png`, png };
    });
  }
  const logoPng = renderPng(logoSvg());
  return { products: out, logo: { cloudPath: `${STORE_FOLDER}logo-${contentTag(logoPng)}.png`, png: logoPng } };
}

// Rendering takes ~10 ms a picture; tests seed a store per test, so draw once per process.
let drawnOnce: { key: string; pictures: DrawnPictures } | null = null;

function drawnCached(products: readonly { _id: string; coverColor: string }[]): DrawnPictures {
  const key = products.map((p) => `${p._id}:${p.coverColor}`).join('|');
  if (drawnOnce?.key !== key) drawnOnce = { key, pictures: drawDemoPictures(products) };
  return drawnOnce.pictures;
}

/** Stores the drawn pictures (rewriting a file with the same bytes is harmless) and returns their fileIDs. */
export async function seedDemoPictures(rt: LocalRuntime, products: readonly { _id: string; coverColor: string }[]): Promise<{ products: Record<string, string[]>; logo: string }> {
  const drawn = drawnCached(products);
  const store = async (pic: DrawnPicture) => (await rt.storage.uploadFile({ cloudPath: pic.cloudPath, fileContent: pic.png })).fileID;
  const fileIds: Record<string, string[]> = {};
  for (const [productId, pics] of Object.entries(drawn.products)) {
    fileIds[productId] = [];
    for (const pic of pics) fileIds[productId].push(await store(pic));
  }
  return { products: fileIds, logo: await store(drawn.logo) };
}

/** For the bench: the demo pictures' count and bytes (total, largest, the logo) and the time to draw them all. */
export function measureDemoPictures(products: readonly { _id: string; coverColor: string }[]): Record<string, number> {
  const t0 = process.hrtime.bigint();
  const drawn = drawDemoPictures(products);
  const drawMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const sizes = [...Object.values(drawn.products).flat(), drawn.logo].map((p) => p.png.length);
  return { pictures: sizes.length, totalBytes: sizes.reduce((a, b) => a + b, 0), maxBytes: Math.max(...sizes), logoBytes: drawn.logo.png.length, drawMs: Math.round(drawMs) };
}
