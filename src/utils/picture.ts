import { localFilePath } from '../contracts/media';
import { IMAGE_SRC_ACCEPTS_FILE_ID, parseFileId } from '../contracts/storage';

/**
 * Pure: what an <Image src> gets for a stored picture. On weapp the fileID itself (the image
 * component takes cloud fileIDs, contracts/storage.ts IMAGE_SRC_ACCEPTS_FILE_ID); on H5 the local
 * gateway's URL for the file. Anything that is not a cloud fileID gives '' (show the placeholder).
 */
export function pictureUrlFor(fileID: string | null | undefined, platform: string | undefined): string {
  const parsed = parseFileId(fileID);
  if (!parsed) return '';
  return platform === 'weapp' && IMAGE_SRC_ACCEPTS_FILE_ID.weapp ? (fileID as string) : localFilePath(parsed.cloudPath);
}

/** The src for a stored picture on this build. */
export function pictureUrl(fileID: string | null | undefined): string {
  return pictureUrlFor(fileID, process.env.TARO_ENV);
}

/** A product's cover (its first picture) on this build, or '' when it has none (pages show coverColor). */
export function coverUrl(product: { pictures?: readonly string[] }): string {
  return pictureUrl(product.pictures?.[0]);
}
