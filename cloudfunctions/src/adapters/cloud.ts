import type { CloudSdk, Database } from './sdk';
import { WXACODE, type WxacodeEnvVersion } from '../platform';

// The one place that loads wx-server-sdk. In CloudBase it is the real SDK installed next to
// index.js; on the local runtime the same require resolves to the SQLite-backed drop-in.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const sdk = require('wx-server-sdk') as CloudSdk;

let initialised = false;

export function cloud(): CloudSdk {
  if (!initialised) {
    sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV });
    initialised = true;
  }
  return sdk;
}

export function db(): Database {
  return cloud().database();
}

/**
 * A mini program code (wxacode.getUnlimited) for `page` with `scene`, opening the version the
 * store names (envVersion defaults to release when left out, so trial builds must say trial).
 * checkPath false: the page may not be in the released version yet.
 */
export async function miniProgramCode(p: { scene: string; page: string; envVersion: WxacodeEnvVersion }): Promise<{ contentType: string; buffer: Buffer }> {
  return cloud().openapi.wxacode.getUnlimited({ scene: p.scene, page: p.page, width: WXACODE.widthPx.default, checkPath: false, envVersion: p.envVersion });
}
