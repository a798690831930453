// Cloud storage on the local runtime, called the way function code calls it (adapters/cloud.ts,
// whose require('wx-server-sdk') resolves to the local drop-in): upload, temporary URLs, delete, the documented limits, bad input
// refused with the SDK's error codes and nothing changed, and files kept on disk across restarts.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Readable } from 'stream';
import { cloud as sdk } from '../../cloudfunctions/src/adapters/cloud';
import { LocalRuntime, setActiveRuntime } from '../../local/runtime/runtime';
import { StorageError } from '../../local/runtime/storage';
import { STORAGE_ERR, STORAGE_LIMITS, fileIdOf, parseFileId } from '../../src/contracts';

let rt: LocalRuntime;
beforeEach(() => {
  rt = new LocalRuntime();
  setActiveRuntime(rt);
});
afterEach(() => {
  setActiveRuntime(null);
  rt.close();
});

// The SDK surface as functions see it; bad-input cases pass what the types would not allow.
const cloud = {
  uploadFile: (p: Record<string, unknown>) => sdk().uploadFile(p as never),
  getTempFileURL: (p: Record<string, unknown>) => sdk().getTempFileURL(p as never),
  deleteFile: (p: Record<string, unknown>) => sdk().deleteFile(p as never),
};

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

/** The SDK error a call fails with (errCode + errMsg), or a failure of the test. */
async function refusal(p: Promise<unknown>): Promise<{ errCode: number; errMsg: string }> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(StorageError);
    return { errCode: (e as StorageError).errCode, errMsg: (e as StorageError).errMsg };
  }
  throw new Error('expected the call to be refused');
}

describe('uploadFile', () => {
  test('answers a fileID of this environment naming the path, and keeps the bytes', async () => {
    const res = await cloud.uploadFile({ cloudPath: 'store/a.png', fileContent: PNG });
    expect(res.statusCode).toBe(200);
    expect(parseFileId(res.fileID)).toEqual({ envId: 'local-dev', bucket: rt.storage.bucket, cloudPath: 'store/a.png' });
    expect(rt.storage.read('store/a.png')).toEqual(PNG);
  });

  test('takes a readable stream as well as a Buffer (the page allows both)', async () => {
    const { fileID } = await cloud.uploadFile({ cloudPath: 'store/stream.bin', fileContent: Readable.from([Buffer.from('ab'), Buffer.from('cd')]) });
    expect(rt.storage.cloudPathOf(fileID)).toBe('store/stream.bin');
    expect(rt.storage.read('store/stream.bin')!.toString()).toBe('abcd');
  });

  test('the same path is overwritten (same fileID, new bytes)', async () => {
    const first = await cloud.uploadFile({ cloudPath: 'store/x.png', fileContent: Buffer.from('one') });
    const second = await cloud.uploadFile({ cloudPath: 'store/x.png', fileContent: Buffer.from('two') });
    expect(second.fileID).toBe(first.fileID);
    expect(rt.storage.read('store/x.png')!.toString()).toBe('two');
    expect(rt.storage.list()).toEqual(['store/x.png']);
  });

  test.each([
    ['a leading /', { cloudPath: '/a.png', fileContent: PNG }, STORAGE_ERR.invalidParam],
    ['consecutive /', { cloudPath: 'a//b.png', fileContent: PNG }, STORAGE_ERR.invalidParam],
    ['over 850 bytes', { cloudPath: `${'图'.repeat(284)}.png`, fileContent: PNG }, STORAGE_ERR.invalidParam],
    ['a control character', { cloudPath: 'a\u001bb.png', fileContent: PNG }, STORAGE_ERR.invalidParam],
    ['a .. segment', { cloudPath: 'uploads/../store/a.png', fileContent: PNG }, STORAGE_ERR.invalidParam],
    ['a folder', { cloudPath: 'store/', fileContent: PNG }, STORAGE_ERR.invalidParam],
    ['no path', { fileContent: PNG }, STORAGE_ERR.invalidParam],
    ['a string body', { cloudPath: 'a.txt', fileContent: 'text' }, STORAGE_ERR.invalidParamType],
    ['no body', { cloudPath: 'a.txt' }, STORAGE_ERR.invalidParamType],
  ])('refuses %s and stores nothing', async (_name, params, errCode) => {
    const err = await refusal(cloud.uploadFile(params as never));
    expect(err.errCode).toBe(errCode);
    expect(err.errMsg).toMatch(/^uploadFile:fail /);
    expect(rt.storage.list()).toEqual([]);
  });
});

describe('getTempFileURL', () => {
  test('one status per file: 0 with a URL and maxAge, or file-not-found', async () => {
    const { fileID } = await cloud.uploadFile({ cloudPath: 'store/products/p1/1.png', fileContent: PNG });
    const missing = rt.storage.fileIdOf('store/nope.png');
    const otherEnv = fileIdOf('other-env', rt.storage.bucket, 'store/products/p1/1.png');
    const otherBucket = fileIdOf('local-dev', 'another-bucket', 'store/products/p1/1.png');
    const res = await cloud.getTempFileURL({ fileList: [fileID, { fileID, maxAge: 600 }, missing, otherEnv, otherBucket, 'not-a-file-id'] });
    expect(res.fileList.map((f) => f.status)).toEqual([0, 0, STORAGE_ERR.fileNotFound, STORAGE_ERR.fileNotFound, STORAGE_ERR.fileNotFound, STORAGE_ERR.fileNotFound]);
    expect(res.fileList[0]).toEqual({ fileID, tempFileURL: 'http://127.0.0.1/files/store/products/p1/1.png', status: 0, errMsg: 'ok', maxAge: STORAGE_LIMITS.maxAgeSecDefault });
    expect(res.fileList[1].maxAge).toBe(600);
    expect(res.fileList[2]).toMatchObject({ fileID: missing, tempFileURL: '', errMsg: STORAGE_ERR.fileNotFoundMsg });
  });

  test('the URL points at the gateway once it listens', async () => {
    const { fileID } = await cloud.uploadFile({ cloudPath: 'store/a.png', fileContent: PNG });
    rt.storage.setBaseUrl('http://127.0.0.1:45678/');
    const [item] = (await cloud.getTempFileURL({ fileList: [fileID] })).fileList;
    expect(item.tempFileURL).toBe('http://127.0.0.1:45678/files/store/a.png');
  });

  test(`at most ${STORAGE_LIMITS.tempUrlBatchMax} a call; an empty or malformed list is refused`, async () => {
    const { fileID } = await cloud.uploadFile({ cloudPath: 'store/a.png', fileContent: PNG });
    const fifty = Array.from({ length: STORAGE_LIMITS.tempUrlBatchMax }, () => fileID);
    expect((await cloud.getTempFileURL({ fileList: fifty })).fileList).toHaveLength(50);
    expect((await refusal(cloud.getTempFileURL({ fileList: [...fifty, fileID] }))).errCode).toBe(STORAGE_ERR.invalidParam);
    expect((await refusal(cloud.getTempFileURL({ fileList: [] }))).errCode).toBe(STORAGE_ERR.invalidParam);
    expect((await refusal(cloud.getTempFileURL({ fileList: fileID } as never))).errCode).toBe(STORAGE_ERR.invalidParamType);
    expect((await refusal(cloud.getTempFileURL({ fileList: [{ maxAge: 60 }] } as never))).errCode).toBe(STORAGE_ERR.invalidParamType);
  });

  test.each([0, -1, 1.5, STORAGE_LIMITS.maxAgeSecMax + 1, '60'])('maxAge %j is refused (1 s to one day)', async (maxAge) => {
    const { fileID } = await cloud.uploadFile({ cloudPath: 'store/a.png', fileContent: PNG });
    const err = await refusal(cloud.getTempFileURL({ fileList: [{ fileID, maxAge: maxAge as number }] }));
    expect(err).toEqual({ errCode: STORAGE_ERR.invalidParam, errMsg: expect.stringMatching(/^getTempFileURL:fail maxAge/) });
  });
});

describe('deleteFile', () => {
  test('deletes exactly the files named; a second delete reports not-found and changes nothing', async () => {
    const a = (await cloud.uploadFile({ cloudPath: 'uploads/o_a/20261129/a.png', fileContent: PNG })).fileID;
    const b = (await cloud.uploadFile({ cloudPath: 'uploads/o_b/20261129/b.png', fileContent: PNG })).fileID;
    const first = await cloud.deleteFile({ fileList: [a] });
    expect(first.fileList).toEqual([{ fileID: a, status: 0, errMsg: 'ok' }]);
    expect(rt.storage.list()).toEqual(['uploads/o_b/20261129/b.png']);
    const again = await cloud.deleteFile({ fileList: [a] });
    expect(again.fileList[0]).toEqual({ fileID: a, status: STORAGE_ERR.fileNotFound, errMsg: STORAGE_ERR.fileNotFoundMsg });
    expect((await cloud.getTempFileURL({ fileList: [a, b] })).fileList.map((f) => f.status)).toEqual([STORAGE_ERR.fileNotFound, 0]);
  });

  test('another environment\'s fileID with the same path deletes nothing here', async () => {
    await cloud.uploadFile({ cloudPath: 'store/a.png', fileContent: PNG });
    const res = await cloud.deleteFile({ fileList: [fileIdOf('other-env', rt.storage.bucket, 'store/a.png')] });
    expect(res.fileList[0].status).toBe(STORAGE_ERR.fileNotFound);
    expect(rt.storage.list()).toEqual(['store/a.png']);
  });

  test(`at most ${STORAGE_LIMITS.deleteBatchMax} a call, strings only; a refused call deletes nothing`, async () => {
    const { fileID } = await cloud.uploadFile({ cloudPath: 'store/a.png', fileContent: PNG });
    const fiftyOne = Array.from({ length: STORAGE_LIMITS.deleteBatchMax + 1 }, () => fileID);
    expect((await refusal(cloud.deleteFile({ fileList: fiftyOne }))).errCode).toBe(STORAGE_ERR.invalidParam);
    expect((await refusal(cloud.deleteFile({ fileList: [] }))).errCode).toBe(STORAGE_ERR.invalidParam);
    expect((await refusal(cloud.deleteFile({ fileList: [fileID, { fileID }] } as never))).errCode).toBe(STORAGE_ERR.invalidParamType);
    expect(rt.storage.list()).toEqual(['store/a.png']);
  });
});

test('a crowd of uploads at once: every one lands, each at its own path', async () => {
  const uploads = Array.from({ length: 40 }, (_, i) => cloud.uploadFile({ cloudPath: `uploads/o_${i % 4}/20261129/${i}.png`, fileContent: Buffer.concat([PNG, Buffer.from([i])]) }));
  const results = await Promise.all(uploads);
  expect(new Set(results.map((r) => r.fileID)).size).toBe(40);
  expect(rt.storage.list()).toHaveLength(40);
  expect(rt.storage.read('uploads/o_3/20261129/39.png')!.at(-1)).toBe(39);
});

describe('on disk (npm start): files live in the data folder and survive a restart', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storage-test-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('beside the database file, readable by the next runtime', async () => {
    const disk = new LocalRuntime({ filename: path.join(dir, 'store.db') });
    setActiveRuntime(disk);
    const { fileID } = await cloud.uploadFile({ cloudPath: 'store/products/p1/1.png', fileContent: PNG });
    expect(fs.readFileSync(path.join(dir, 'storage', 'store', 'products', 'p1', '1.png'))).toEqual(PNG);
    await cloud.deleteFile({ fileList: [(await cloud.uploadFile({ cloudPath: 'store/gone.png', fileContent: PNG })).fileID] });
    disk.close();

    const next = new LocalRuntime({ filename: path.join(dir, 'store.db') });
    setActiveRuntime(next);
    expect(next.storage.list()).toEqual(['store/products/p1/1.png']);
    expect((await cloud.getTempFileURL({ fileList: [fileID] })).fileList[0].status).toBe(0);
    next.close();
    setActiveRuntime(rt);
  });

  test('no cloud path reaches outside the storage folder', async () => {
    const disk = new LocalRuntime({ filename: path.join(dir, 'store.db') });
    setActiveRuntime(disk);
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret');
    for (const cloudPath of ['../secret.txt', 'a/../../secret.txt', '/etc/passwd']) {
      await expect(cloud.uploadFile({ cloudPath, fileContent: PNG })).rejects.toThrow(StorageError);
      expect(disk.storage.read(cloudPath)).toBeNull();
    }
    expect(fs.readFileSync(path.join(dir, 'secret.txt'), 'utf8')).toBe('secret');
    disk.close();
    setActiveRuntime(rt);
  });
});
