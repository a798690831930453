// The local CloudBase cloud storage: uploadFile / getTempFileURL / deleteFile with the shapes,
// limits and errors of the official pages (src/contracts/storage.ts). Files live on disk under
// the data folder (`.data/storage/` for npm start) or in memory (tests). The gateway serves them
// at the URLs getTempFileURL returns (local/gateway/files.ts).
import fs from 'fs';
import path from 'path';
import { Readable } from 'stream';
import {
  STORAGE_ERR, STORAGE_LIMITS, cloudPathProblem, fileIdOf, parseFileId,
  type DeleteFileItem, type StorageApi, type TempFileItem, type UploadFileResult,
} from '../../src/contracts/storage';
import { localFilePath } from '../../src/contracts/media';

/** Shaped like the errors wx-server-sdk throws: `errCode`, `errMsg` (`apiName:fail msg`). */
export class StorageError extends Error {
  readonly errCode: number;
  readonly errMsg: string;
  constructor(api: StorageApi, errCode: number, msg: string) {
    const errMsg = STORAGE_ERR.fail(api, msg);
    super(`errCode: ${errCode} | errMsg: ${errMsg}`);
    this.name = 'StorageError';
    this.errCode = errCode;
    this.errMsg = errMsg;
  }
}

interface Backend {
  read(cloudPath: string): Buffer | null;
  write(cloudPath: string, bytes: Buffer): void;
  remove(cloudPath: string): boolean;
  list(): string[];
}

class MemoryBackend implements Backend {
  private readonly files = new Map<string, Buffer>();
  read(p: string) { return this.files.get(p) ?? null; }
  write(p: string, bytes: Buffer) { this.files.set(p, Buffer.from(bytes)); }
  remove(p: string) { return this.files.delete(p); }
  list() { return [...this.files.keys()].sort(); }
}

/** Files on disk, one per cloud path under `root`; a write lands whole (temp file + rename). */
class DirBackend implements Backend {
  constructor(private readonly root: string) {}

  private fileOf(cloudPath: string): string {
    // cloudPathProblem already refused `.`/`..` segments; this guards the join all the same.
    const file = path.join(this.root, ...cloudPath.split('/'));
    if (!file.startsWith(this.root + path.sep)) throw new Error(`storage: ${cloudPath} escapes the storage folder`);
    return file;
  }

  read(p: string) {
    const file = this.fileOf(p);
    return fs.existsSync(file) && fs.statSync(file).isFile() ? fs.readFileSync(file) : null;
  }

  write(p: string, bytes: Buffer) {
    const file = this.fileOf(p);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  }

  remove(p: string) {
    const file = this.fileOf(p);
    if (!fs.existsSync(file)) return false;
    fs.rmSync(file);
    return true;
  }

  list() {
    const out: string[] = [];
    const walk = (dir: string, prefix: string) => {
      if (!fs.existsSync(dir)) return;
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name), `${prefix}${e.name}/`);
        else if (!/\.\d+\.tmp$/.test(e.name)) out.push(`${prefix}${e.name}`);
      }
    };
    walk(this.root, '');
    return out.sort();
  }
}

/** Where npm start keeps files: beside the SQLite file; null (memory) for an in-memory database. */
export function storageDirFor(dbFilename: string | undefined): string | null {
  if (!dbFilename || dbFilename === ':memory:') return null;
  return path.join(path.dirname(path.resolve(dbFilename)), 'storage');
}

async function contentBytes(content: unknown): Promise<Buffer | null> {
  if (Buffer.isBuffer(content)) return content;
  if (content instanceof Uint8Array) return Buffer.from(content);
  if (content instanceof Readable) {
    const chunks: Buffer[] = [];
    for await (const chunk of content) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
    return Buffer.concat(chunks);
  }
  return null;
}

const tick = () => new Promise<void>((r) => setImmediate(r));

export class LocalStorage {
  readonly envId: string;
  /** Opaque to our code (see FILE_ID): only fileIDs naming it are ours. */
  readonly bucket: string;
  private readonly backend: Backend;
  private baseUrl = 'http://127.0.0.1';

  constructor(opts: { envId: string; dir: string | null }) {
    this.envId = opts.envId;
    this.bucket = `${opts.envId}-storage`;
    this.backend = opts.dir ? new DirBackend(path.resolve(opts.dir)) : new MemoryBackend();
  }

  /** The gateway tells storage where it listens, so temp URLs point at it. */
  setBaseUrl(url: string): void {
    this.baseUrl = url.replace(/\/+$/, '');
  }

  fileIdOf(cloudPath: string): string {
    return fileIdOf(this.envId, this.bucket, cloudPath);
  }

  /** The cloud path of one of our fileIDs, or null (not a fileID, another environment or bucket). */
  cloudPathOf(fileID: unknown): string | null {
    const parsed = parseFileId(fileID);
    return parsed && parsed.envId === this.envId && parsed.bucket === this.bucket ? parsed.cloudPath : null;
  }

  /** For the gateway and tests: a stored file's bytes by cloud path, or null. */
  read(cloudPath: string): Buffer | null {
    return cloudPathProblem(cloudPath) === null ? this.backend.read(cloudPath) : null;
  }

  /** Every stored cloud path, sorted (tests and the bench). */
  list(): string[] {
    return this.backend.list();
  }

  /** cloud.uploadFile: the same path is overwritten, as the page says. */
  async uploadFile(p: { cloudPath?: unknown; fileContent?: unknown }): Promise<UploadFileResult> {
    await tick();
    const problem = cloudPathProblem(p?.cloudPath);
    if (problem) throw new StorageError('uploadFile', STORAGE_ERR.invalidParam, problem);
    const bytes = await contentBytes(p.fileContent);
    if (!bytes) throw new StorageError('uploadFile', STORAGE_ERR.invalidParamType, 'fileContent must be a Buffer or a readable stream');
    const cloudPath = p.cloudPath as string;
    this.backend.write(cloudPath, bytes);
    return { fileID: this.fileIdOf(cloudPath), statusCode: 200 };
  }

  /** cloud.getTempFileURL: per-file status; a bad list (empty, over 50, bad maxAge) throws. */
  async getTempFileURL(p: { fileList?: unknown }): Promise<{ fileList: TempFileItem[]; errMsg: string }> {
    await tick();
    const list = this.checkList('getTempFileURL', p?.fileList, STORAGE_LIMITS.tempUrlBatchMax);
    const fileList = list.map((item) => {
      const { fileID, maxAge } = this.tempRequest(item);
      const cloudPath = this.cloudPathOf(fileID);
      if (cloudPath === null || this.backend.read(cloudPath) === null) {
        return { fileID: String(fileID), tempFileURL: '', status: STORAGE_ERR.fileNotFound, errMsg: STORAGE_ERR.fileNotFoundMsg };
      }
      return { fileID: String(fileID), tempFileURL: `${this.baseUrl}${localFilePath(cloudPath)}`, status: 0, errMsg: 'ok', maxAge };
    });
    return { fileList, errMsg: STORAGE_ERR.ok('getTempFileURL') };
  }

  /** cloud.deleteFile: per-file status; deleting a missing file reports it and changes nothing. */
  async deleteFile(p: { fileList?: unknown }): Promise<{ fileList: DeleteFileItem[]; errMsg: string }> {
    await tick();
    const list = this.checkList('deleteFile', p?.fileList, STORAGE_LIMITS.deleteBatchMax);
    if (list.some((f) => typeof f !== 'string')) throw new StorageError('deleteFile', STORAGE_ERR.invalidParamType, 'fileList must be fileID strings');
    const fileList = (list as string[]).map((fileID) => {
      const cloudPath = this.cloudPathOf(fileID);
      const removed = cloudPath !== null && this.backend.remove(cloudPath);
      return removed
        ? { fileID, status: 0, errMsg: 'ok' }
        : { fileID, status: STORAGE_ERR.fileNotFound, errMsg: STORAGE_ERR.fileNotFoundMsg };
    });
    return { fileList, errMsg: STORAGE_ERR.ok('deleteFile') };
  }

  private checkList(api: StorageApi, fileList: unknown, max: number): unknown[] {
    if (!Array.isArray(fileList)) throw new StorageError(api, STORAGE_ERR.invalidParamType, 'fileList must be an array');
    if (fileList.length === 0 || fileList.length > max) throw new StorageError(api, STORAGE_ERR.invalidParam, `fileList must hold 1–${max} files`);
    return fileList;
  }

  private tempRequest(item: unknown): { fileID: unknown; maxAge: number } {
    if (typeof item === 'string') return { fileID: item, maxAge: STORAGE_LIMITS.maxAgeSecDefault };
    const obj = (typeof item === 'object' && item !== null ? item : {}) as { fileID?: unknown; maxAge?: unknown };
    if (typeof obj.fileID !== 'string') throw new StorageError('getTempFileURL', STORAGE_ERR.invalidParamType, 'each file must be a fileID or { fileID, maxAge }');
    const maxAge = obj.maxAge ?? STORAGE_LIMITS.maxAgeSecDefault;
    if (!Number.isSafeInteger(maxAge) || (maxAge as number) < 1 || (maxAge as number) > STORAGE_LIMITS.maxAgeSecMax) {
      throw new StorageError('getTempFileURL', STORAGE_ERR.invalidParam, `maxAge must be 1–${STORAGE_LIMITS.maxAgeSecMax} seconds`);
    }
    return { fileID: obj.fileID, maxAge: maxAge as number };
  }
}
