import type { CloudSdk, Database } from './sdk';

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

/** The payment system's SOURCE in getWXContext() for cloudPay callbacks. */
export const PAY_SOURCE = 'wx_pay';
/** SOURCE when a mini program user calls a function. */
export const CLIENT_SOURCE = 'wx_client';
