// The gateway's file routes: serves stored files at the URLs getTempFileURL returns, and takes
// the H5 build's picture uploads (the stand-in for wx.cloud.uploadFile, which H5 lacks). The
// dev sign-in decides the uploader; the path, size and type are decided here, never by the client.
import { createHash } from 'crypto';
import type http from 'http';
import type { LocalRuntime } from '../runtime/runtime';
import {
  IMAGE_TYPES, LOCAL_FILES_PREFIX, LOCAL_UPLOAD_PATH, PICTURE_MAX_BYTES,
  chinaDayKey, pictureSizeProblem, sniffImageType, uploadCloudPath,
} from '../../src/contracts/media';

export interface FileRoutes {
  runtime: LocalRuntime;
  /** Only signed-in demo identities may upload. */
  knownOpenids: ReadonlySet<string>;
}

type Code = 'UNAUTHENTICATED' | 'INVALID_INPUT' | 'NOT_FOUND';

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

const refuse = (res: http.ServerResponse, status: number, code: Code, message: string) => sendJson(res, status, { ok: false, error: { code, message } });

/** The body, or 'too_large' as soon as it passes `maxBytes` (the rest is read and dropped). */
function readLimited(req: http.IncomingMessage, maxBytes: number): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > maxBytes) {
        over = true;
        chunks.length = 0;
        resolve('too_large');
      } else chunks.push(chunk);
    });
    req.on('end', () => { if (!over) resolve(Buffer.concat(chunks)); });
    req.on('error', reject);
  });
}

const TOO_LARGE = pictureSizeProblem(PICTURE_MAX_BYTES + 1) as string;

async function upload(req: http.IncomingMessage, res: http.ServerResponse, routes: FileRoutes, openid: string): Promise<void> {
  if (!routes.knownOpenids.has(openid)) {
    req.resume();
    return refuse(res, 401, 'UNAUTHENTICATED', '请先登录');
  }
  if (Number(req.headers['content-length'] ?? 0) > PICTURE_MAX_BYTES) {
    req.resume();
    return refuse(res, 413, 'INVALID_INPUT', TOO_LARGE);
  }
  const body = await readLimited(req, PICTURE_MAX_BYTES);
  if (body === 'too_large') return refuse(res, 413, 'INVALID_INPUT', TOO_LARGE);
  const sizeProblem = pictureSizeProblem(body.length);
  if (sizeProblem) return refuse(res, 400, 'INVALID_INPUT', sizeProblem);
  const type = sniffImageType(body);
  if (!type) return refuse(res, 415, 'INVALID_INPUT', '只能上传 JPG、PNG、WebP 或 GIF 图片');
  // Named by content: the same picture uploaded twice by the same person is one file.
  const name = createHash('sha256').update(body).digest('hex').slice(0, 24);
  const cloudPath = uploadCloudPath(openid, chinaDayKey(routes.runtime.nowMs()), name, type);
  const { fileID } = await routes.runtime.storage.uploadFile({ cloudPath, fileContent: body });
  sendJson(res, 200, { ok: true, fileID });
}

function cloudPathOfUrl(pathname: string): string | null {
  try {
    return pathname.slice(LOCAL_FILES_PREFIX.length).split('/').map(decodeURIComponent).join('/');
  } catch {
    return null;
  }
}

/** Serves a stored file. Only the image types we accept are served as images; nothing is ever sniffed as HTML. */
function serve(req: http.IncomingMessage, res: http.ServerResponse, routes: FileRoutes, pathname: string): void {
  const cloudPath = cloudPathOfUrl(pathname);
  const bytes = cloudPath === null ? null : routes.runtime.storage.read(cloudPath);
  if (!bytes) return refuse(res, 404, 'NOT_FOUND', '文件不存在');
  const type = sniffImageType(bytes);
  const etag = `"${createHash('sha1').update(bytes).digest('hex').slice(0, 16)}"`;
  const headers: Record<string, string> = {
    'content-type': type ? IMAGE_TYPES[type].mime : 'application/octet-stream',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
    etag,
  };
  if (!type) headers['content-disposition'] = 'attachment';
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': String(bytes.length) }).end(req.method === 'HEAD' ? undefined : bytes);
}

/** Answers the file routes; false when the request is not one of them. */
export async function handleFileRequest(req: http.IncomingMessage, res: http.ServerResponse, url: URL, routes: FileRoutes, openid: string): Promise<boolean> {
  if (url.pathname === LOCAL_UPLOAD_PATH && req.method === 'POST') {
    await upload(req, res, routes, openid);
    return true;
  }
  if (url.pathname.startsWith(LOCAL_FILES_PREFIX) && (req.method === 'GET' || req.method === 'HEAD')) {
    serve(req, res, routes, url.pathname);
    return true;
  }
  return false;
}
