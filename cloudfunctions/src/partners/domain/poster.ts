import { createHmac, timingSafeEqual } from 'crypto';
import { SHARE_PAGE, sceneFor, type PosterPayload, type PosterTarget } from '../../../../src/contracts';
import { hashInput, stableJson } from '../../shared/ids';

/**
 * Posters (issue 13): the client composes them on a canvas, the server decides every value they
 * show and signs it. A product or campaign poster's mini program code carries the sharer's code
 * and a scene token (`r=<code>&s=<token>`, 8 + 12 + 5 = 25 ≤ 32 characters, PLATFORM.md): the
 * token names the target in `share_scenes/<token>`, so the scan binds through `r` like any poster
 * and then opens the product. A store poster's scene is `r=<code>` alone.
 */
export const SCENE_TOKEN_LENGTH = 12;

/** Same sharer and target → same token (asking again gives the same poster). */
export function sceneTokenFor(code: string, target: PosterTarget): string {
  return hashInput(['share-scene', code, target]).slice(0, SCENE_TOKEN_LENGTH);
}

export function posterScene(code: string, target: PosterTarget): { scene: string; page: string; token: string | null } {
  if (target.kind === 'store') return { scene: sceneFor(code), page: SHARE_PAGE, token: null };
  const token = sceneTokenFor(code, target);
  return { scene: `${sceneFor(code)}&s=${token}`, page: SHARE_PAGE, token };
}

/** Pure: the scene token in a scanned code's scene (URL-encoded by WeChat), or null. */
export function sceneTokenIn(scene: string): string | null {
  let decoded = scene;
  try {
    decoded = decodeURIComponent(scene);
  } catch {
    return null;
  }
  const m = /(?:^|&)s=([0-9a-f]{12})(?:&|$)/.exec(decoded);
  return m ? m[1] : null;
}

export type UnsignedPoster = Omit<PosterPayload, 'sig'>;

/** HMAC-SHA256 over the payload's stable JSON with the store's poster key. */
export function signPoster(payload: UnsignedPoster, key: string): string {
  return createHmac('sha256', key).update(stableJson(payload)).digest('hex');
}

/** Did the server sign exactly this payload? (Any changed price, name or code fails.) */
export function verifyPoster(payload: PosterPayload, key: string): boolean {
  const { sig, ...rest } = payload;
  const want = Buffer.from(signPoster(rest, key), 'hex');
  const got = Buffer.from(/^[0-9a-f]{64}$/.test(sig) ? sig : '', 'hex');
  return got.length === want.length && timingSafeEqual(got, want);
}
