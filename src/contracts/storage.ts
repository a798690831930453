// CloudBase cloud storage as the official pages describe it: the fileID format, cloud path
// naming rules, batch limits, result shapes and error codes. Pure data and pure helpers (no SDK,
// no Taro): the functions, the local runtime and the mini program's picture resolver read the
// same facts. Each fact names its page in STORAGE_PAGE (by key, in its comment: plain data, so
// bundles that never read STORAGE_PAGE drop it). It lives with the contracts because the client needs the fileID format too (Taro
// compiles only src/); when the platform contract module (cloudfunctions/src/platform) lands it
// can re-export this file.

/** The pages each fact below comes from. */
export const STORAGE_PAGE = {
  /** Server SDK uploadFile: { cloudPath, fileContent: Buffer | fs.ReadStream } → { fileID, statusCode }; same path overwrites. */
  uploadFile: 'https://developers.weixin.qq.com/minigame/dev/wxcloud/reference-sdk-api/storage/uploadFile/server.uploadFile.md',
  /** wx.cloud.uploadFile: { cloudPath, filePath } → { fileID, statusCode, errMsg 'uploadFile:ok' }. */
  clientUploadFile: 'https://developers.weixin.qq.com/miniprogram/dev/wxcloudservice/wxcloud/reference-sdk-api/storage/uploadFile/client.uploadFile.md',
  /** getTempFileURL: at most 50 a call; each result { fileID, tempFileURL, status (0 = ok), errMsg }. */
  getTempFileURL: 'https://developers.weixin.qq.com/miniprogram/dev/wxcloudservice/wxcloud/reference-sdk-api/storage/Cloud.getTempFileURL.md',
  /** The older server page: validity customisable, default one day, at most one day. */
  getTempFileURLServer: 'https://developers.weixin.qq.com/minigame/en/dev/wxcloud/reference-server-api/storage/getTempFileURL.html',
  /** The CloudBase storage guide: fileList items { fileID, maxAge (seconds, default 86400) }, results echo maxAge. */
  getTempFileURLGuide: 'https://developers.weixin.qq.com/minigame/dev/wxcloudrun/src/development/storage/miniapp/gettempurl.md',
  /** deleteFile: at most 50 a call; each result { fileID, status (0 = ok), errMsg }. */
  deleteFile: 'https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-sdk-api/storage/Cloud.deleteFile.html',
  /** 文件名命名限制. */
  naming: 'https://developers.weixin.qq.com/minigame/dev/wxcloud/guide/storage/naming.html',
  /** 组件支持: image src, video src/poster, cover-image src and previewImage accept a cloud fileID. */
  componentSupport: 'https://developers.weixin.qq.com/miniprogram/dev/wxcloudrun/src/development/storage/miniapp/compon.html',
  /** 错误码: -401002 bad parameter, -401003 bad parameter type, -403001 file over the upload size limit, -503003 file not found. */
  errorCodes: 'https://developers.weixin.qq.com/minigame/en/dev/wxcloud/reference/errcode.html',
  /** 存储安全规则: read/write expressions over auth.openid, resource.openid and resource.path; server SDK calls bypass them. */
  securityRules: 'https://developers.weixin.qq.com/miniprogram/dev/wxcloud/guide/storage/security-rules/index.html',
} as const;

/**
 * A fileID is `cloud://<envId>.<bucket>/<cloudPath>` (STORAGE_PAGE.componentSupport converts one
 * to its public URL by splitting at the first `.` and the next `/`; the SDK pages' examples use
 * the `cloud://` form). Our code reads only the environment and the path; the bucket is opaque.
 */
export const FILE_ID = {
  scheme: 'cloud://',
  pattern: /^cloud:\/\/([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\/(.+)$/,
} as const;

export interface ParsedFileId {
  envId: string;
  bucket: string;
  cloudPath: string;
}

export function fileIdOf(envId: string, bucket: string, cloudPath: string): string {
  return `${FILE_ID.scheme}${envId}.${bucket}/${cloudPath}`;
}

/** The parts of a fileID, or null when it is not one (or its path breaks the naming rules). */
export function parseFileId(fileID: unknown): ParsedFileId | null {
  if (typeof fileID !== 'string') return null;
  const m = FILE_ID.pattern.exec(fileID);
  if (!m || cloudPathProblem(m[3]) !== null) return null;
  return { envId: m[1], bucket: m[2], cloudPath: m[3] };
}

/** 文件名命名限制 (STORAGE_PAGE.naming): the rules a cloud path must follow. */
export const CLOUD_PATH = {
  maxBytes: 850,
  /** Not supported: CAN, EM, SUB, ESC. We refuse every ASCII control character (0–31, 127): stricter. */
  controlChars: /[\u0000-\u001f\u007f]/,
  /** The page recommends letters, digits and - ! _ . *; paths we generate use only those and `/`. */
  recommended: /^[A-Za-z0-9\-!_.*/]+$/,
} as const;

/** UTF-8 length without Buffer or TextEncoder (neither is guaranteed in a mini program). */
export function utf8Bytes(s: string): number {
  let bytes = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** Why a cloud path would be refused, or null. Also refuses `.` and `..` segments (stricter). */
export function cloudPathProblem(cloudPath: unknown): string | null {
  if (typeof cloudPath !== 'string' || cloudPath.length === 0) return 'cloudPath must be a non-empty string';
  if (cloudPath.startsWith('/')) return 'cloudPath must not start with /';
  if (cloudPath.includes('//')) return 'cloudPath must not contain consecutive /';
  if (utf8Bytes(cloudPath) > CLOUD_PATH.maxBytes) return `cloudPath must be at most ${CLOUD_PATH.maxBytes} bytes`;
  if (CLOUD_PATH.controlChars.test(cloudPath)) return 'cloudPath must not contain control characters';
  if (cloudPath.split('/').some((s) => s === '.' || s === '..')) return 'cloudPath must not contain . or .. segments';
  if (cloudPath.endsWith('/')) return 'cloudPath must name a file, not a folder';
  return null;
}

/** Batch limits (STORAGE_PAGE.getTempFileURL, .deleteFile) and link validity (.getTempFileURLServer, .getTempFileURLGuide). */
export const STORAGE_LIMITS = {
  /** getTempFileURL: 一次最多取 50 个. */
  tempUrlBatchMax: 50,
  /** deleteFile: 一次最多 50 个. */
  deleteBatchMax: 50,
  /** maxAge in seconds: default 86400 (guide), at most one day (server page). Public-read files' links never expire. */
  maxAgeSecDefault: 86_400,
  maxAgeSecMax: 86_400,
} as const;

/** Error codes (STORAGE_PAGE.errorCodes) and the errMsg forms the pages give (`apiName:ok`, `apiName:fail msg`). */
export const STORAGE_ERR = {
  invalidParam: -401002,
  invalidParamType: -401003,
  fileTooLarge: -403001,
  fileNotFound: -503003,
  /** The text CloudBase answers for a missing file (docs.cloudbase.net error-code STORAGE_FILE_NONEXIST). */
  fileNotFoundMsg: 'STORAGE_FILE_NONEXIST',
  ok: (api: StorageApi) => `${api}:ok`,
  fail: (api: StorageApi, msg: string) => `${api}:fail ${msg}`,
} as const;

export type StorageApi = 'uploadFile' | 'getTempFileURL' | 'deleteFile';

/** 组件支持 (STORAGE_PAGE.componentSupport): on weapp <image src> takes a fileID directly (subject to the bucket's read rule). */
export const IMAGE_SRC_ACCEPTS_FILE_ID = { weapp: true } as const;

// ---- call shapes (server SDK) ---------------------------------------------------------------

export interface UploadFileResult {
  fileID: string;
  statusCode: number;
}

export type TempFileRequest = string | { fileID: string; maxAge?: number };

export interface TempFileItem {
  fileID: string;
  tempFileURL: string;
  status: number;
  errMsg: string;
  maxAge?: number;
}

export interface DeleteFileItem {
  fileID: string;
  status: number;
  errMsg: string;
}
