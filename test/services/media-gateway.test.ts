// The gateway's file routes over real HTTP on 127.0.0.1: H5 picture uploads (only signed-in demo
// identities, only JPG/PNG/WebP/GIF by content, at most PICTURE_MAX_BYTES, into the uploader's own
// folder) and serving stored files at the URLs getTempFileURL answers, with the right type.
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: {} }));

import { startGateway, type Gateway } from '../../local/gateway/server';
import type { LocalRuntime } from '../../local/runtime/runtime';
import { DEMO_IDENTITIES, DEMO_MEMBER, DEMO_OWNER, DEMO_SHOPPER } from '../../local/seed/demo';
import { ApiClientError } from '../../src/api/client';
import { postPicture } from '../../src/api/upload';
import { PICTURE_MAX_BYTES, chinaDayKey, parseFileId } from '../../src/contracts';
import { closeStore, createStore } from '../support/store';

let rt: LocalRuntime;
let gw: Gateway;
beforeEach(async () => {
  rt = await createStore();
  gw = await startGateway({ runtime: rt, staticDir: null, identities: DEMO_IDENTITIES, port: 0 });
});
afterEach(async () => {
  await gw.close();
  closeStore(rt);
});

const PNG_HEADER = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const png = (tag: string, size = 64) => Buffer.concat([PNG_HEADER, Buffer.alloc(size, tag)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 1)]);
const cookie = (openid: string) => ({ cookie: `dev_openid=${openid}` });

async function upload(body: BodyInit, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const res = await fetch(`${gw.url}/api/files/upload`, { method: 'POST', body, headers: { 'content-type': 'image/png', ...headers }, duplex: 'half' } as RequestInit);
  return { status: res.status, json: await res.json() };
}

const uploadsOf = (openid: string) => rt.storage.list().filter((p) => p.startsWith(`uploads/${openid}/`));
const uploadsAll = () => rt.storage.list().filter((p) => p.startsWith('uploads/'));

describe('upload', () => {
  test('a signed-in shopper\'s picture lands in their own folder, named by content, under today (UTC+8)', async () => {
    const { status, json } = await upload(png('a'), cookie(DEMO_SHOPPER));
    expect(status).toBe(200);
    const { cloudPath, envId } = parseFileId(json.fileID)!;
    expect(envId).toBe('local-dev');
    expect(cloudPath).toMatch(new RegExp(`^uploads/${DEMO_SHOPPER}/${chinaDayKey(rt.nowMs())}/[0-9a-f]{24}\\.png$`));
    expect(rt.storage.read(cloudPath)).toEqual(png('a'));
  });

  test('the same picture twice is one file; another person\'s copy is theirs', async () => {
    const first = (await upload(png('a'), cookie(DEMO_SHOPPER))).json.fileID;
    const again = (await upload(png('a'), cookie(DEMO_SHOPPER))).json.fileID;
    const member = (await upload(png('a'), cookie(DEMO_MEMBER))).json.fileID;
    expect(again).toBe(first);
    expect(member).not.toBe(first);
    expect(uploadsAll()).toHaveLength(2);
  });

  test('the type is read from the bytes: a JPEG sent as image/png is stored as .jpg', async () => {
    const { json } = await upload(JPEG, cookie(DEMO_OWNER));
    expect(json.fileID).toMatch(/\.jpg$/);
  });

  test.each([
    ['nobody signed in', {}],
    ['a forged identity', cookie('o_attacker')],
    ['an identity with a path in it', cookie('..%2Fstore')],
  ])('%s: 401 and nothing stored', async (_name, headers) => {
    const { status, json } = await upload(png('a'), headers);
    expect(status).toBe(401);
    expect(json).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } });
    expect(uploadsAll()).toEqual([]);
  });

  test.each([
    ['an SVG with a script', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/svg+xml'],
    ['HTML claiming to be a PNG', Buffer.from('<!doctype html><script>alert(1)</script>'), 'image/png'],
    ['a text file', Buffer.from('hello'), 'text/plain'],
    ['a PNG signature cut short', PNG_HEADER.subarray(0, 6), 'image/png'],
  ])('%s: 415 and nothing stored', async (_name, body, type) => {
    const { status, json } = await upload(body, { ...cookie(DEMO_SHOPPER), 'content-type': type });
    expect(status).toBe(415);
    expect(json.error).toEqual({ code: 'INVALID_INPUT', message: '只能上传 JPG、PNG、WebP 或 GIF 图片' });
    expect(uploadsAll()).toEqual([]);
  });

  test('an empty body: 400', async () => {
    const { status, json } = await upload(Buffer.alloc(0), cookie(DEMO_SHOPPER));
    expect(status).toBe(400);
    expect(json.error.code).toBe('INVALID_INPUT');
  });

  test('over the maximum: 413, whether the length is declared or streamed', async () => {
    const big = png('x', PICTURE_MAX_BYTES - PNG_HEADER.length + 1);
    const declared = await upload(big, cookie(DEMO_SHOPPER));
    expect(declared.status).toBe(413);
    expect(declared.json.error).toEqual({ code: 'INVALID_INPUT', message: '图片不能超过 2 MB' });
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let at = 0; at < big.length; at += 256 * 1024) c.enqueue(big.subarray(at, at + 256 * 1024));
        c.close();
      },
    });
    expect((await upload(stream as unknown as BodyInit, cookie(DEMO_SHOPPER))).status).toBe(413);
    expect(uploadsAll()).toEqual([]);
  });

  test('exactly the maximum is accepted (uploads are not held to the 1 MB JSON limit)', async () => {
    const { status } = await upload(png('m', PICTURE_MAX_BYTES - PNG_HEADER.length), cookie(DEMO_SHOPPER));
    expect(status).toBe(200);
  });

  test('a crowd of uploaders at once: every picture lands once, in its uploader\'s folder', async () => {
    const people = [DEMO_SHOPPER, DEMO_MEMBER, DEMO_OWNER];
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => upload(png(String.fromCharCode(97 + (i % 10))), cookie(people[i % 3]))));
    expect(results.every((r) => r.status === 200)).toBe(true);
    for (const [i, r] of results.entries()) expect(parseFileId(r.json.fileID)!.cloudPath.startsWith(`uploads/${people[i % 3]}/`)).toBe(true);
    // 10 contents × 3 people, each person uploading 10 pictures of which every content appears once.
    expect(uploadsAll()).toHaveLength(30);
    expect(uploadsOf(DEMO_MEMBER)).toHaveLength(10);
  });
});

describe('serving stored files', () => {
  test('getTempFileURL\'s URL serves the bytes as an image, not sniffable', async () => {
    const { fileID } = (await upload(png('a'), cookie(DEMO_SHOPPER))).json;
    const [item] = (await rt.storage.getTempFileURL({ fileList: [fileID] })).fileList;
    expect(item.tempFileURL.startsWith(`${gw.url}/files/uploads/`)).toBe(true);
    const res = await fetch(item.tempFileURL);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(png('a'));
    const etag = res.headers.get('etag')!;
    expect((await fetch(item.tempFileURL, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const head = await fetch(item.tempFileURL, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(png('a').length));
  });

  test('the seeded cover of every product is served as a PNG', async () => {
    for (const product of (await rt.db.collection('products').limit(100).get()).data) {
      const [cover] = (await rt.storage.getTempFileURL({ fileList: [(product.pictures as string[])[0]] })).fileList;
      const res = await fetch(cover.tempFileURL);
      expect([product._id, res.status, res.headers.get('content-type')]).toEqual([product._id, 200, 'image/png']);
    }
  });

  test('a stored file that is not an image is only ever offered as a download', async () => {
    await rt.storage.uploadFile({ cloudPath: 'store/note.html', fileContent: Buffer.from('<script>alert(1)</script>') });
    const res = await fetch(`${gw.url}/files/store/note.html`);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toBe('attachment');
  });

  test.each([
    '/files/store/missing.png',
    '/files/..%2F..%2Fpackage.json',
    '/files/%2e%2e/%2e%2e/package.json',
    '/files/store/%E0%A4%A.png',
    '/files/',
  ])('%s: 404, never anything outside storage', async (path) => {
    const res = await fetch(`${gw.url}${path}`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('member-store');
  });
});

describe('the H5 client helper against the gateway', () => {
  test('postPicture answers the fileID of the signed-in uploader', async () => {
    const fileID = await postPicture(new Blob([png('z')], { type: 'image/png' }), { baseUrl: gw.url, headers: cookie(DEMO_OWNER) });
    expect(parseFileId(fileID)!.cloudPath.startsWith(`uploads/${DEMO_OWNER}/`)).toBe(true);
  });

  test('refusals become ApiClientError with the gateway\'s code and message', async () => {
    const anonymous = postPicture(new Blob([png('z')]), { baseUrl: gw.url });
    await expect(anonymous).rejects.toBeInstanceOf(ApiClientError);
    await expect(anonymous).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录' });
    // Checked before sending: a non-image and an oversized picture never leave the phone.
    await expect(postPicture(new Blob(['<svg/>']), { baseUrl: gw.url, headers: cookie(DEMO_OWNER) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(postPicture(new Blob([png('x', PICTURE_MAX_BYTES)]), { baseUrl: gw.url, headers: cookie(DEMO_OWNER) })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: '图片不能超过 2 MB' });
    expect(uploadsAll()).toEqual([]);
  });
});
