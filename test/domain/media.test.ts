// The storage and picture contracts as pure rules: cloud path naming, the fileID format, what a
// file really is, where uploads land, which fileIDs a product may show, and the picture resolver.
import {
  CLOUD_PATH, ProductPictures, PRODUCT_PICTURES_MAX, PICTURE_MAX_BYTES,
  chinaDayKey, cloudPathProblem, fileIdOf, imageTypeOfName, localFilePath, parseFileId,
  pictureSizeProblem, pictureSourceProblem, sniffImageType, uploadCloudPath, utf8Bytes,
} from '../../src/contracts';
import { coverUrl, pictureUrlFor } from '../../src/utils/picture';

const bytes = (...parts: (number[] | string)[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const WEBP = bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ');
const GIF = bytes('GIF89a', [1, 0]);

describe('cloud path naming (文件名命名限制)', () => {
  test.each([
    ['', 'non-empty'],
    ['/a.png', 'start with /'],
    ['a//b.png', 'consecutive /'],
    [`${'a'.repeat(CLOUD_PATH.maxBytes - 4)}.png`, null],
    [`${'a'.repeat(CLOUD_PATH.maxBytes - 3)}.png`, '850 bytes'],
    [`${'图'.repeat(283)}.p`, 'at most'], // 283 × 3 + 2 = 851 bytes though only 285 characters
    ['a\u0018b.png', 'control'],
    ['a\nb.png', 'control'],
    ['a/../b.png', '. or ..'],
    ['./b.png', '. or ..'],
    ['folder/', 'folder'],
    ['uploads/o_x/20261129/ab_12.png', null],
    ['商品/主图.png', null],
  ])('%j', (path, expected) => {
    const problem = cloudPathProblem(path);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toContain(expected);
  });

  test('a non-string path is refused', () => {
    expect(cloudPathProblem(undefined)).not.toBeNull();
    expect(cloudPathProblem(42)).not.toBeNull();
  });

  test('utf8Bytes counts like UTF-8 (1 to 4 bytes a character)', () => {
    expect(utf8Bytes('a')).toBe(1);
    expect(utf8Bytes('é')).toBe(2);
    expect(utf8Bytes('图')).toBe(3);
    expect(utf8Bytes('😀')).toBe(4);
    expect(utf8Bytes('a图😀')).toBe(Buffer.byteLength('a图😀', 'utf8'));
  });
});

describe('fileID (cloud://<env>.<bucket>/<path>)', () => {
  test('round-trips, and a path keeps its dots and slashes', () => {
    const id = fileIdOf('test-wro3n', '7465-test-wro3n-1300077222', 'gameRes/1.0.0/a.b.png');
    expect(id).toBe('cloud://test-wro3n.7465-test-wro3n-1300077222/gameRes/1.0.0/a.b.png');
    expect(parseFileId(id)).toEqual({ envId: 'test-wro3n', bucket: '7465-test-wro3n-1300077222', cloudPath: 'gameRes/1.0.0/a.b.png' });
  });

  test.each([
    'https://example.com/a.png', 'cloud://env/a.png', 'cloud://env.bucket/', 'cloud://env.bucket//a.png',
    'cloud://env.bucket/a/../b.png', 'cloud://e nv.bucket/a.png', '', null, 7,
  ])('%j is not a fileID', (value) => {
    expect(parseFileId(value)).toBeNull();
  });
});

describe('sniffImageType decides by content, never by name', () => {
  test.each([
    [PNG, 'png'], [JPEG, 'jpeg'], [WEBP, 'webp'], [GIF, 'gif'],
    [bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), null],
    [bytes('<!doctype html><html>'), null],
    [bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '), null],
    [bytes([0x89, 0x50, 0x4e, 0x47]), null], // a truncated PNG signature
    [new Uint8Array(), null],
  ])('%#', (input, expected) => {
    expect(sniffImageType(input)).toBe(expected);
  });

  test('names say what they claim, and only image extensions count', () => {
    expect(imageTypeOfName('http://tmp/abc.JPG')).toBe('jpeg');
    expect(imageTypeOfName('wxfile://tmp_1.jpeg')).toBe('jpeg');
    expect(imageTypeOfName('a.webp')).toBe('webp');
    expect(imageTypeOfName('a.svg')).toBeNull();
    expect(imageTypeOfName('a.png.exe')).toBeNull();
    expect(imageTypeOfName('png')).toBeNull();
  });
});

test('picture size: 1 byte to PICTURE_MAX_BYTES', () => {
  expect(pictureSizeProblem(0)).not.toBeNull();
  expect(pictureSizeProblem(-1)).not.toBeNull();
  expect(pictureSizeProblem(1.5)).not.toBeNull();
  expect(pictureSizeProblem(1)).toBeNull();
  expect(pictureSizeProblem(PICTURE_MAX_BYTES)).toBeNull();
  expect(pictureSizeProblem(PICTURE_MAX_BYTES + 1)).toContain('2 MB');
});

describe('uploads land in the uploader\'s own folder', () => {
  test('uploads/<openid>/<yyyymmdd>/<name>.<ext>, with the ext of the real type', () => {
    expect(uploadCloudPath('o_demo_owner', '20261129', 'abc123', 'jpeg')).toBe('uploads/o_demo_owner/20261129/abc123.jpg');
  });

  test.each([
    ['../x', '20261129', 'a'], ['o/x', '20261129', 'a'], ['', '20261129', 'a'],
    ['o_x', '2026-11-29', 'a'], ['o_x', '20261129', '../a'], ['o_x', '20261129', 'a.png'],
  ])('refuses openid %j, day %j, name %j', (openid, day, name) => {
    expect(() => uploadCloudPath(openid, day, name, 'png')).toThrow();
  });

  test('the day is China\'s (UTC+8): 16:00 UTC is already tomorrow', () => {
    expect(chinaDayKey(Date.UTC(2026, 10, 29, 15, 59, 59))).toBe('20261129');
    expect(chinaDayKey(Date.UTC(2026, 10, 29, 16, 0, 0))).toBe('20261130');
  });
});

describe('pictureSourceProblem: what an owner may attach to a product', () => {
  const env = 'shop-env';
  const id = (path: string, e = env) => fileIdOf(e, 'bucket-1', path);
  test.each([
    ['the owner\'s own upload', id('uploads/o_owner/20261129/a1.jpg'), null],
    ['the store\'s folder', id('store/products/p_tonic/1-abc.png'), null],
    ['someone else\'s upload', id('uploads/o_shopper/20261129/a1.jpg'), '自己上传'],
    ['a prefix trick', id('uploads/o_owner_not/20261129/a1.jpg'), '自己上传'],
    ['another environment', id('uploads/o_owner/20261129/a1.jpg', 'other-env'), '环境'],
    ['not a picture', id('uploads/o_owner/20261129/a1.txt'), '图片'],
    ['a web URL', 'https://evil.example/a.png', '云存储'],
  ])('%s', (_name, fileID, expected) => {
    const problem = pictureSourceProblem(fileID, 'o_owner', env);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toContain(expected);
  });
});

test('a product holds at most PRODUCT_PICTURES_MAX fileIDs, and only fileIDs', () => {
  const ok = Array.from({ length: PRODUCT_PICTURES_MAX }, (_, i) => fileIdOf('e', 'b', `store/${i}.png`));
  expect(ProductPictures.safeParse(ok).success).toBe(true);
  expect(ProductPictures.safeParse([...ok, fileIdOf('e', 'b', 'store/x.png')]).success).toBe(false);
  expect(ProductPictures.safeParse(['https://example.com/a.png']).success).toBe(false);
});

describe('pictureUrl: one resolver for both builds', () => {
  const fileID = fileIdOf('local-dev', 'local-dev-storage', 'store/products/p_tonic/1-abc.png');
  test('weapp: the fileID itself (the image component accepts cloud fileIDs)', () => {
    expect(pictureUrlFor(fileID, 'weapp')).toBe(fileID);
  });
  test('H5: the gateway URL of the same file, each segment encoded', () => {
    expect(pictureUrlFor(fileID, 'h5')).toBe('/files/store/products/p_tonic/1-abc.png');
    expect(localFilePath('商品/a b.png')).toBe('/files/%E5%95%86%E5%93%81/a%20b.png');
  });
  test('anything that is not a fileID shows no picture (never a foreign URL)', () => {
    for (const platform of ['weapp', 'h5']) {
      expect(pictureUrlFor('https://evil.example/a.png', platform)).toBe('');
      expect(pictureUrlFor('javascript:alert(1)', platform)).toBe('');
      expect(pictureUrlFor(undefined, platform)).toBe('');
    }
  });
  test('coverUrl is the first picture, or empty', () => {
    const before = process.env.TARO_ENV;
    process.env.TARO_ENV = 'h5';
    try {
      expect(coverUrl({ pictures: [fileID, fileIdOf('local-dev', 'b', 'store/2.png')] })).toBe('/files/store/products/p_tonic/1-abc.png');
      expect(coverUrl({ pictures: [] })).toBe('');
      expect(coverUrl({})).toBe('');
    } finally {
      if (before === undefined) delete process.env.TARO_ENV;
      else process.env.TARO_ENV = before;
    }
  });
});
