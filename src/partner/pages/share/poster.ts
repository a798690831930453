import Taro from '@tarojs/taro';

const DATA_URL_PREFIX = /^data:image\/[a-z]+;base64,/;

/** weapp only: the poster's data URL written to a user file, then into the photo album. */
export async function savePosterToAlbum(dataUrl: string, code: string): Promise<void> {
  const filePath = `${Taro.env.USER_DATA_PATH}/partner-poster-${code}.png`;
  Taro.getFileSystemManager().writeFileSync(filePath, dataUrl.replace(DATA_URL_PREFIX, ''), 'base64');
  await Taro.saveImageToPhotosAlbum({ filePath });
}

/** A refused photo-album permission: the user has to turn it on in the settings page. */
export function isAlbumDenied(e: unknown): boolean {
  const errMsg = typeof e === 'object' && e !== null ? (e as { errMsg?: unknown }).errMsg : undefined;
  return typeof errMsg === 'string' && /auth|authorize/.test(errMsg);
}

/** H5: the full link a browser opens (the H5 router is in hash mode). */
export function h5LinkFor(sharePath: string): string {
  if (typeof window === 'undefined') return sharePath;
  const { origin, pathname } = window.location;
  return `${origin}${pathname}#${sharePath}`;
}
