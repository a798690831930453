// Who called a function: getWXContext() and what each of our functions accepts.

/** Every SOURCE value the getWXContext page lists (其他 = anything not from WeChat). */
export const SOURCE = {
  client: 'wx_client',
  devtools: 'wx_devtools',
  http: 'wx_http',
  trigger: 'wx_trigger',
  payCallback: 'wx_paycallback',
  crawler: 'wx_crawler',
  localDebug: 'wx_localdebug',
  unknown: 'wx_unknown',
  cloudFunction: 'scf',
} as const;
export type Source = (typeof SOURCE)[keyof typeof SOURCE];

export const SOURCE_FACTS = {
  values: SOURCE,
  /** SOURCE follows the call chain: a mini program calls A, A calls B → B sees `wx_client,scf`. */
  chainSeparator: ',',
  provenance: { kind: 'official', page: 'getWXContext' },
} as const;

/** The fields getWXContext() may return, by the same page. */
export const CONTEXT_KEYS = ['OPENID', 'APPID', 'UNIONID', 'FROM_OPENID', 'FROM_APPID', 'FROM_UNIONID', 'ENV', 'SOURCE', 'CLIENTIP', 'CLIENTIPV6', 'OPEN_DATA_INFO'] as const;

/**
 * What the SDK does where the page is silent: with no WX_CONTEXT_KEYS in the environment it
 * returns `{}`; SOURCE is present only when TCB_SOURCE is set; a value made only of digits is
 * returned as a number. So OPENID may be absent, and may in principle not be a string.
 */
export const CONTEXT_SDK_FACTS = {
  emptyWithoutContextKeys: true,
  sourceOnlyWhenSet: true,
  digitsBecomeNumbers: /^[-]?\d+$/,
  provenance: { kind: 'sdk', file: 'src/api/utils/api/getWXContext.ts' },
} as const;

export interface WxContextLike {
  OPENID?: unknown;
  SOURCE?: unknown;
}

/**
 * Which SOURCE each kind of caller arrives with, as our functions accept them (docs/DECISIONS.md,
 * "Who may call which function"). Exact values, never prefixes: a chain such as `wx_client,scf`
 * is another function calling and is refused everywhere.
 */
export const ACCEPTED_SOURCES = {
  /** shop and admin: the mini program, and WeChat DevTools (simulator, local debugging) during development. */
  user: [SOURCE.client, SOURCE.devtools, SOURCE.localDebug] as readonly string[],
  /** payNotify and refundNotify. */
  payCallback: [SOURCE.payCallback] as readonly string[],
  /** cron. */
  timer: [SOURCE.trigger] as readonly string[],
} as const;

/** An OPENID we accept as identity: a non-empty string of the id alphabet (WeChat's are 28 such characters). */
export const OPENID_PATTERN = /^[0-9A-Za-z_-]{1,64}$/;

/** The caller's OPENID when a mini program user (or DevTools) called, otherwise null. */
export function userOpenid(ctx: WxContextLike): string | null {
  if (typeof ctx.SOURCE !== 'string' || !ACCEPTED_SOURCES.user.includes(ctx.SOURCE)) return null;
  return typeof ctx.OPENID === 'string' && OPENID_PATTERN.test(ctx.OPENID) ? ctx.OPENID : null;
}

/** WeChat Pay calling back (payment or refund result). */
export function isPayCallback(ctx: WxContextLike): boolean {
  return typeof ctx.SOURCE === 'string' && ACCEPTED_SOURCES.payCallback.includes(ctx.SOURCE);
}

/** The timer trigger. A timer carries no user: a context with a (non-empty) OPENID is not one. */
export function isTimer(ctx: WxContextLike): boolean {
  return typeof ctx.SOURCE === 'string' && ACCEPTED_SOURCES.timer.includes(ctx.SOURCE) && !ctx.OPENID;
}
