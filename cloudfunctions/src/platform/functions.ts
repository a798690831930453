// Deploying and running cloud functions: config.json, timer triggers, runtimes, the SDK version.

/** Our five functions, by the role the platform gives each. */
export const FUNCTION_NAME = { shop: 'shop', admin: 'admin', payNotify: 'payNotify', refundNotify: 'refundNotify', cron: 'cron' } as const;
export type FunctionName = (typeof FUNCTION_NAME)[keyof typeof FUNCTION_NAME];
/** What the mini program (and the local gateway) may call directly. */
export const CLIENT_CALLABLE: readonly FunctionName[] = [FUNCTION_NAME.shop, FUNCTION_NAME.admin];

/**
 * config.json: `permissions.openapi` (names of the open APIs the function calls) and `triggers`
 * (a single timer per function). Nothing else is documented there: a `timeout` field is not, and
 * the timeout (default 3 s, up to 60 s) is set in the console or CLI — the README says so.
 */
export const FUNCTION_CONFIG = {
  documentedKeys: ['permissions', 'triggers'] as const,
  defaultTimeoutS: 3,
  maxTimeoutS: 60,
  provenance: { kind: 'official', page: 'functionTriggers' },
} as const;

/** Timer triggers: one per function; name ≤ 60 of a-zA-Z0-9-_ starting with a letter; 7-field cron (seconds … year) in UTC+8. */
export const TIMER_TRIGGER = {
  maxPerFunction: 1,
  namePattern: /^[A-Za-z][A-Za-z0-9_-]{0,59}$/,
  cronFields: 7,
  utcOffsetMinutes: 480,
  provenance: { kind: 'official', page: 'functionTriggers' },
} as const;

/** Node runtimes a CloudBase function may choose today (the runtime-support page). */
export const NODE_RUNTIMES = {
  available: ['16.13', '18.15', '20.19', '22.21', '24.11'] as const,
  provenance: { kind: 'official', page: 'cloudbaseRuntimes' },
} as const;

/**
 * The wx-server-sdk the deployed functions install (their package.json), and why it fits: 4.0.2
 * is the registry's latest, built on @cloudbase/node-sdk 3.17.2 (engines and the Node SDK page:
 * Node ≥ 12), and its changelog carries 3.0.4's throwOnNotFound fix. But its dependency tree calls
 * the global `fetch` (@cloudbase/app's Node adapter, node-sdk's storage), which Node has without
 * a flag only from 18: so the functions run on Nodejs18.15 or later, which CloudBase offers.
 */
export const DEPLOYED_SDK = {
  name: 'wx-server-sdk',
  version: '4.0.2',
  nodeSdkVersion: '3.17.2',
  declaredMinNode: 12,
  /** Global fetch. */
  minNode: 18,
  bundleTarget: 'node18',
  runtime: 'Nodejs18.15',
  provenance: { kind: 'official', page: 'nodeSdkIntro' },
} as const;

/** The SDK's exported surface that our functions rely on (checked against the installed SDK in tests). */
export const SDK_EXPORTS = {
  names: ['init', 'DYNAMIC_CURRENT_ENV', 'database', 'getWXContext', 'cloudPay', 'openapi', 'uploadFile', 'getTempFileURL', 'deleteFile'] as const,
  provenance: { kind: 'sdk', file: 'src/index.ts, src/api/cloud/index.ts' },
} as const;
