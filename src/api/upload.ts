import Taro from '@tarojs/taro';
import { ERROR_CODES, type ErrorCode } from '../contracts/errors';
import {
  IMAGE_TYPES, LOCAL_UPLOAD_PATH, chinaDayKey, imageTypeOfName, pictureSizeProblem, sniffImageType, uploadCloudPath,
} from '../contracts/media';
import { ApiClientError, shop } from './client';

// Upload one picture from the phone (docs/DECISIONS.md, "Pictures"). weapp: chooseMedia, then
// straight to cloud storage under uploads/<openid>/; H5 (local gateway): a file input, then the
// gateway's upload endpoint, which decides the path from the dev sign-in. Either way the answer is
// a cloud fileID that an owner action can later attach to a product.

const ONLY_IMAGES = '只能上传 JPG、PNG、WebP 或 GIF 图片';
const ACCEPT = Object.values(IMAGE_TYPES).map((t) => t.mime).join(',');

function isCancel(e: unknown): boolean {
  const errMsg = typeof e === 'object' && e !== null ? (e as { errMsg?: unknown }).errMsg : undefined;
  return typeof errMsg === 'string' && errMsg.includes('cancel');
}

function checkSize(sizeBytes: number): void {
  const problem = pictureSizeProblem(sizeBytes);
  if (problem) throw new ApiClientError('INVALID_INPUT', problem);
}

/** weapp: the picked file goes to cloud storage directly; the store's storage rule keeps writers in uploads/. */
async function uploadInWeChat(): Promise<string | null> {
  let picked: Taro.chooseMedia.SuccessCallbackResult;
  try {
    picked = await Taro.chooseMedia({ count: 1, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] });
  } catch (e) {
    if (isCancel(e)) return null;
    throw new ApiClientError('INTERNAL', '无法选择图片');
  }
  const file = picked.tempFiles[0];
  checkSize(file.size);
  return uploadTempFile(file.tempFilePath);
}

/**
 * weapp: a temporary picture the phone already has (chooseMedia's, or the avatar chooseAvatar
 * hands the page) to cloud storage under the caller's own folder; answers its fileID.
 */
export async function uploadTempFile(tempFilePath: string): Promise<string> {
  const type = imageTypeOfName(tempFilePath);
  if (!type) throw new ApiClientError('INVALID_INPUT', ONLY_IMAGES);
  const { me } = await shop('session.get', {});
  const name = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  const cloudPath = uploadCloudPath(me.openid, chinaDayKey(Date.now()), name, type);
  try {
    return (await Taro.cloud.uploadFile({ cloudPath, filePath: tempFilePath })).fileID;
  } catch {
    throw new ApiClientError('INTERNAL', '上传失败，请重试');
  }
}

/** H5: the browser's file picker for one image; null when it is closed without a choice. */
function pickFileInBrowser(): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = ACCEPT;
    input.addEventListener('change', () => resolve(input.files?.[0] ?? null));
    input.addEventListener('cancel', () => resolve(null));
    input.click();
  });
}

const toErrorCode = (code: unknown): ErrorCode => ((ERROR_CODES as readonly unknown[]).includes(code) ? (code as ErrorCode) : 'INTERNAL');

/**
 * H5: checks a picture and sends it to the local gateway, which answers its fileID. `opts` lets
 * node tests reach a gateway (a base URL and the sign-in cookie); the app passes nothing.
 */
export async function postPicture(body: Blob, opts: { baseUrl?: string; headers?: Record<string, string> } = {}): Promise<string> {
  checkSize(body.size);
  if (!sniffImageType(new Uint8Array(await body.slice(0, 16).arrayBuffer()))) throw new ApiClientError('INVALID_INPUT', ONLY_IMAGES);
  let reply: { ok?: unknown; fileID?: unknown; error?: { code?: unknown; message?: unknown } } | null;
  try {
    const res = await fetch(`${opts.baseUrl ?? ''}${LOCAL_UPLOAD_PATH}`, {
      method: 'POST', body, credentials: 'include', headers: { 'content-type': body.type || 'application/octet-stream', ...opts.headers },
    });
    reply = (await res.json()) as typeof reply;
  } catch {
    throw new ApiClientError('INTERNAL', '网络异常，请稍后重试');
  }
  if (reply?.ok === true && typeof reply.fileID === 'string') return reply.fileID;
  const message = typeof reply?.error?.message === 'string' ? reply.error.message : '上传失败，请重试';
  throw new ApiClientError(toErrorCode(reply?.error?.code), message);
}

async function uploadInBrowser(): Promise<string | null> {
  const file = await pickFileInBrowser();
  return file ? postPicture(file) : null;
}

/**
 * Lets the user pick one picture (album or camera) and uploads it. Resolves its cloud fileID, or
 * null when the user cancels; throws ApiClientError INVALID_INPUT for a file that is not a JPG /
 * PNG / WebP / GIF or is over PICTURE_MAX_BYTES, UNAUTHENTICATED when nobody is signed in (H5).
 */
export function uploadPicture(): Promise<string | null> {
  return process.env.TARO_ENV === 'weapp' ? uploadInWeChat() : uploadInBrowser();
}
