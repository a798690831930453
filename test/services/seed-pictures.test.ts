// The demo store's pictures: every product has a cover and detail shots drawn at seed time, each a
// PNG of at most 30 KB stored through cloud storage, the store has a logo, and drawing is
// deterministic (the same bytes and fileIDs every time, on every machine with this resvg).
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { LocalRuntime, setActiveRuntime } from '../../local/runtime/runtime';
import { DEMO_PRODUCTS, seedDemoStore } from '../../local/seed/demo';
import { DEMO_PICTURE_MAX_BYTES, drawDemoPictures } from '../../local/seed/pictures';
import { Product, parseFileId } from '../../src/contracts';
import { all, closeStore, createStore, docOrNull, ok, editProduct } from '../support/store';

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });
const PNG_SIGNATURE = '89504e470d0a1a0a';

describe('a seeded store', () => {
  let rt: LocalRuntime;
  beforeEach(async () => { rt = await createStore(); });
  afterEach(() => closeStore(rt));

  test('every product has 2–3 pictures whose files exist: square PNGs of at most 30 KB', async () => {
    const products = await all(rt, 'products');
    expect(products.map((p) => p._id).sort()).toEqual(DEMO_PRODUCTS.map((p) => p._id).sort());
    const seen = new Set<string>();
    for (const product of products) {
      const pictures = Product.parse(product).pictures;
      expect([product._id, pictures.length >= 2 && pictures.length <= 3]).toEqual([product._id, true]);
      for (const fileID of pictures) {
        const png = rt.storage.read(rt.storage.cloudPathOf(fileID)!);
        expect(png).not.toBeNull();
        expect(png!.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
        expect(png!.length).toBeLessThanOrEqual(DEMO_PICTURE_MAX_BYTES);
        expect(pngSize(png!)).toEqual({ width: 600, height: 600 });
        seen.add(png!.toString('base64'));
      }
      expect(parseFileId(pictures[0])!.cloudPath).toMatch(new RegExp(`^store/products/${product._id}/1-[0-9a-f]{12}\\.png$`));
    }
    // Every picture is its own drawing.
    expect(seen.size).toBe(products.reduce((n, p) => n + p.pictures.length, 0));
  });

  test('the store has a logo in storage', async () => {
    const settings = await docOrNull(rt, 'settings', 'store');
    const logo = rt.storage.read(rt.storage.cloudPathOf(settings!.logo)!);
    expect(logo!.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
    expect(logo!.length).toBeLessThanOrEqual(DEMO_PICTURE_MAX_BYTES);
  });

  test('shoppers get the pictures with the catalogue and the product', async () => {
    const { products } = await ok(rt, 'shop', 'catalog.list', {}, 'o_demo_shopper');
    const tonic = products.find((p: Product) => p._id === 'p_tonic');
    expect(tonic.pictures).toHaveLength(3);
    const { product } = await ok(rt, 'shop', 'product.get', { productId: 'p_tonic' }, 'o_demo_shopper');
    expect(product.pictures).toEqual(tonic.pictures);
    expect(product.coverColor).toBe('#d1495b'); // pages still use it until they move to pictures
  });

  test('the owner\'s price edit keeps the pictures', async () => {
    const before = (await docOrNull(rt, 'products', 'p_tonic'))!.pictures;
    const res = await editProduct(rt, 'p_tonic', (d) => ({ ...d, specs: [{ ...d.specs[0], listPriceFen: 31800 }] }));
    expect(res.ok && res.data.product.pictures).toEqual(before);
    expect(before).toHaveLength(3);
  });

  test('seeding again keeps the owner\'s choice (no pictures) and fills in a store that predates pictures', async () => {
    await rt.db.collection('products').doc('p_card').update({ data: { pictures: [] } });
    await rt.db.collection('products').doc('p_trial').update({ data: { pictures: rt.db.command.remove() } });
    await rt.db.collection('settings').doc('store').update({ data: { logo: rt.db.command.remove() } });
    const before = rt.storage.list();
    expect((await seedDemoStore(rt)).created).toBe(0);
    expect((await docOrNull(rt, 'products', 'p_card'))!.pictures).toEqual([]);
    expect((await docOrNull(rt, 'products', 'p_trial'))!.pictures).toHaveLength(3);
    expect((await docOrNull(rt, 'settings', 'store'))!.logo).toMatch(/^cloud:\/\/local-dev\./);
    expect(rt.storage.list()).toEqual(before);
  });
});

describe('determinism', () => {
  test('drawing twice gives byte-identical pictures', () => {
    const a = drawDemoPictures(DEMO_PRODUCTS);
    const b = drawDemoPictures(DEMO_PRODUCTS);
    expect(Object.keys(a.products).sort()).toEqual(DEMO_PRODUCTS.map((p) => p._id).sort());
    for (const id of Object.keys(a.products)) {
      expect(a.products[id].map((p) => p.cloudPath)).toEqual(b.products[id].map((p) => p.cloudPath));
      a.products[id].forEach((pic, i) => expect(pic.png.equals(b.products[id][i].png)).toBe(true));
    }
    expect(a.logo.png.equals(b.logo.png)).toBe(true);
  });

  test('another process draws the same bytes (nothing depends on process state)', () => {
    const sha = (png: Buffer) => createHash('sha256').update(png).digest('hex');
    const drawn = drawDemoPictures(DEMO_PRODUCTS);
    const here = [...Object.values(drawn.products).flat(), drawn.logo].map((p) => sha(p.png));
    const root = path.resolve(__dirname, '..', '..');
    const script = [
      "const { createHash } = require('crypto');",
      "const { drawDemoPictures } = require('./local/seed/pictures');",
      "const { DEMO_PRODUCTS } = require('./local/seed/demo');",
      'const d = drawDemoPictures(DEMO_PRODUCTS);',
      "console.log(JSON.stringify([...Object.values(d.products).flat(), d.logo].map((p) => createHash('sha256').update(p.png).digest('hex'))));",
    ].join('\n');
    const there = JSON.parse(execFileSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['-e', script], { cwd: root, encoding: 'utf8' }));
    expect(there).toEqual(here);
  });

  test('two stores seeded apart hold the same fileIDs and the same bytes', async () => {
    const fileIdsAndBytes = async () => {
      const rt = await createStore();
      const products = await all(rt, 'products');
      const out = products.flatMap((p) => (p.pictures as string[]).map((id) => [id, rt.storage.read(rt.storage.cloudPathOf(id)!)!.toString('base64')]));
      closeStore(rt);
      return out.sort();
    };
    expect(await fileIdsAndBytes()).toEqual(await fileIdsAndBytes());
  });
});

test('npm start keeps the pictures as files in the data folder', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-pictures-'));
  const rt = new LocalRuntime({ filename: path.join(dir, 'store.db') });
  setActiveRuntime(rt);
  try {
    await seedDemoStore(rt);
    const tonic = (await rt.db.collection('products').doc('p_tonic').get()).data as { pictures: string[] };
    const file = path.join(dir, 'storage', ...parseFileId(tonic.pictures[0])!.cloudPath.split('/'));
    expect(fs.statSync(file).size).toBeGreaterThan(1000);
  } finally {
    setActiveRuntime(null);
    rt.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
