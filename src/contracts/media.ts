import * as z from 'zod';
import { parseFileId } from './storage';

// Our rules for pictures (docs/DECISIONS.md, "Pictures"): what may be uploaded, where uploads
// land, which fileIDs a product may show, and the local gateway's file URLs. Pure: shared by the
// client helpers, the gateway and the functions.

/** The largest picture we accept from a phone. chooseMedia's compressed pictures are far smaller. */
export const PICTURE_MAX_BYTES = 2 * 1024 * 1024;
/** At most this many pictures per product (the first is the cover), like chooseMedia's classic limit. */
export const PRODUCT_PICTURES_MAX = 9;

export type ImageType = 'jpeg' | 'png' | 'webp' | 'gif';

export const IMAGE_TYPES: Record<ImageType, { mime: string; ext: string }> = {
  jpeg: { mime: 'image/jpeg', ext: 'jpg' },
  png: { mime: 'image/png', ext: 'png' },
  webp: { mime: 'image/webp', ext: 'webp' },
  gif: { mime: 'image/gif', ext: 'gif' },
};

const startsWith = (bytes: Uint8Array, sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * What a file really is, by its first bytes (never by its name or a declared type): JPEG, PNG,
 * WebP or GIF, else null. SVG is refused on purpose: it is a document that can carry script.
 */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  return null;
}

/** The image type a file name's extension claims (chooseMedia's temp paths keep one), else null. */
export function imageTypeOfName(name: string): ImageType | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  if (ext === 'jpg' || ext === 'jpeg') return 'jpeg';
  if (ext === 'png' || ext === 'webp' || ext === 'gif') return ext;
  return null;
}

/** Why a picture of this size cannot be uploaded, or null. */
export function pictureSizeProblem(sizeBytes: number): string | null {
  if (!Number.isSafeInteger(sizeBytes) || sizeBytes <= 0) return '图片是空的';
  if (sizeBytes > PICTURE_MAX_BYTES) return `图片不能超过 ${PICTURE_MAX_BYTES / 1024 / 1024} MB`;
  return null;
}

// ---- where files live -----------------------------------------------------------------------

/** Everyone's uploads go under their own folder: uploads/<openid>/<yyyymmdd>/<name>.<ext>. */
export const UPLOADS_FOLDER = 'uploads/';
/** Files the store itself puts there (seeded pictures, the logo): only functions write here. */
export const STORE_FOLDER = 'store/';

const OPENID_SEGMENT = /^[0-9A-Za-z_-]{1,64}$/;
const NAME_SEGMENT = /^[0-9A-Za-z_-]{1,64}$/;

/** The cloud path of an upload. `dayKey` is the UTC+8 date as yyyymmdd; `name` is random or a content hash. */
export function uploadCloudPath(openid: string, dayKey: string, name: string, type: ImageType): string {
  if (!OPENID_SEGMENT.test(openid)) throw new Error('uploadCloudPath: bad openid');
  if (!/^\d{8}$/.test(dayKey)) throw new Error('uploadCloudPath: dayKey must be yyyymmdd');
  if (!NAME_SEGMENT.test(name)) throw new Error('uploadCloudPath: bad name');
  return `${UPLOADS_FOLDER}${openid}/${dayKey}/${name}.${IMAGE_TYPES[type].ext}`;
}

/** yyyymmdd of an instant in UTC+8 (China has one time zone and no daylight saving). */
export function chinaDayKey(nowMs: number): string {
  return new Date(nowMs + 8 * 3600 * 1000).toISOString().slice(0, 10).replace(/-/g, '');
}

/**
 * Why `fileID` may not become a product picture attached by `ownerOpenid` in environment
 * `envId`, or null. The owner's admin action (next step) accepts only the owner's own uploads
 * and the store's folder, so an owner cannot be made to show a file someone else uploaded, and a
 * fileID of another environment (or no fileID at all) never reaches a product.
 */
export function pictureSourceProblem(fileID: string, ownerOpenid: string, envId: string): string | null {
  const parsed = parseFileId(fileID);
  if (!parsed) return '不是云存储文件';
  if (parsed.envId !== envId) return '不是本店环境的文件';
  const own = `${UPLOADS_FOLDER}${ownerOpenid}/`;
  if (!parsed.cloudPath.startsWith(own) && !parsed.cloudPath.startsWith(STORE_FOLDER)) return '只能使用自己上传的图片';
  if (!imageTypeOfName(parsed.cloudPath)) return '不是图片文件';
  return null;
}

/**
 * Why `fileID` may not become the avatar of `openid`, or null: only a picture the user uploaded
 * themselves (uploads/<openid>/…, the chooseAvatar file they sent), in this environment — never
 * someone else's upload nor the store's files.
 */
export function avatarSourceProblem(fileID: string, openid: string, envId: string): string | null {
  const parsed = parseFileId(fileID);
  if (!parsed) return '不是云存储文件';
  if (parsed.envId !== envId) return '不是本店环境的文件';
  if (!parsed.cloudPath.startsWith(`${UPLOADS_FOLDER}${openid}/`)) return '只能使用自己上传的头像';
  if (!imageTypeOfName(parsed.cloudPath)) return '不是图片文件';
  return null;
}

/** A cloud fileID (`cloud://<env>.<bucket>/<path>`), as stored on documents. */
export const FileId = z.string().max(1024).refine((s) => parseFileId(s) !== null, 'not a cloud fileID');

/** A product's pictures: fileIDs, the first is the cover. */
export const ProductPictures = z.array(FileId).max(PRODUCT_PICTURES_MAX);

// ---- the local gateway ----------------------------------------------------------------------

/** Where the local gateway serves stored files, by cloud path; getTempFileURL points here. */
export const LOCAL_FILES_PREFIX = '/files/';
/** Where the H5 build uploads a picture (raw image body; the dev sign-in decides the uploader). */
export const LOCAL_UPLOAD_PATH = '/api/files/upload';

export function localFilePath(cloudPath: string): string {
  return LOCAL_FILES_PREFIX + cloudPath.split('/').map(encodeURIComponent).join('/');
}
