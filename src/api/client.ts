import Taro from '@tarojs/taro';
import {
  ERROR_CODES,
  adminActions,
  retrying,
  shopActions,
  type ActionMap,
  type ClientFunction,
  type ErrorCode,
  type InputOf,
  type OutputOf,
} from '../contracts';
import { markRetrying } from './retryStatus';
import { CLIENT_RETRY } from './retryPolicy';

export { isRetrying, showRetryToast, subscribeRetrying } from './retryStatus';

/** The action map of each function the client may call. */
const ACTION_MAPS = { shop: shopActions, admin: adminActions } as const;
type ActionMaps = typeof ACTION_MAPS;

export type ActionOf<N extends ClientFunction> = keyof ActionMaps[N] & string;
export type ClientInput<N extends ClientFunction, A extends ActionOf<N>> = InputOf<ActionMaps[N], A>;
export type ClientOutput<N extends ClientFunction, A extends ActionOf<N>> = OutputOf<ActionMaps[N], A>;

/** The one error type the client throws; pages switch on `code` and show `message`. */
export class ApiClientError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ApiClientError';
    this.code = code;
  }
}

export function isApiClientError(e: unknown): e is ApiClientError {
  return e instanceof ApiClientError;
}

/** A message fit to show the user for any thrown value. */
export function errorMessage(e: unknown): string {
  if (isApiClientError(e)) return e.message;
  return '出错了，请稍后重试';
}

const NETWORK_ERROR = '网络异常，请稍后重试';
const BAD_RESPONSE = '服务返回的数据格式不正确';

/** The call never got an answer: the network failed or the function timed out. Worth another try. */
class TransportFailure extends ApiClientError {
  constructor() {
    super('INTERNAL', NETWORK_ERROR);
  }
}

/**
 * Transient: a busy server (CONFLICT), a lost network, a function that timed out. Every other
 * answer is final — it would be the same the next time (or, like INTERNAL, is a bug to report).
 */
export function isTransientFailure(e: unknown): boolean {
  return e instanceof TransportFailure || (isApiClientError(e) && e.code === 'CONFLICT');
}

export { CLIENT_RETRY };

export type Transport = (name: ClientFunction, action: string, input: unknown) => Promise<unknown>;

/** weapp: the cloud runtime attaches the caller's openid; `result` is the function's ApiResult. */
const sendViaCloud: Transport = async (name, action, input) => {
  const res = await Taro.cloud.callFunction({ name, data: { action, input } });
  return res.result;
};

/** H5: never Taro.cloud (a stub that resolves as success); the local gateway speaks HTTP. */
const sendViaHttp: Transport = async (name, action, input) => {
  const res = await fetch(`/api/fn/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action, input }),
    credentials: 'include',
  });
  // Error results come with 4xx/5xx statuses but still carry an ApiResult body.
  return res.json();
};

// Chosen at module level so each build drops the other platform's transport.
const send: Transport = process.env.TARO_ENV === 'weapp' ? sendViaCloud : sendViaHttp;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function toErrorCode(code: unknown): ErrorCode {
  return (ERROR_CODES as readonly unknown[]).includes(code) ? (code as ErrorCode) : 'INTERNAL';
}

/** Pure: turns a raw body into the action's typed output or an ApiClientError to throw. */
export function readResult(map: ActionMap, action: string, body: unknown): unknown {
  if (!isRecord(body)) throw new ApiClientError('INTERNAL', BAD_RESPONSE);
  if (body.ok === false && isRecord(body.error)) {
    const message = typeof body.error.message === 'string' ? body.error.message : '请求失败';
    throw new ApiClientError(toErrorCode(body.error.code), message);
  }
  if (body.ok !== true) throw new ApiClientError('INTERNAL', BAD_RESPONSE);
  const parsed = map[action].output.safeParse(body.data);
  if (!parsed.success) throw new ApiClientError('INTERNAL', BAD_RESPONSE);
  return parsed.data;
}

export interface CallDeps {
  send: Transport;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

const DEFAULT_DEPS: CallDeps = { send, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), random: Math.random };

async function sendOnce(deps: CallDeps, name: ClientFunction, action: string, input: unknown): Promise<unknown> {
  try {
    return await deps.send(name, action, input);
  } catch {
    throw new TransportFailure();
  }
}

/**
 * One action, retried on transient failures with the very same input, so its request id makes a
 * repeated write a no-op on the server. While it waits to retry, listeners of retryStatus hear
 * it (the default shows 排队中…); the caller sees an error only once the retries are used up.
 */
export async function callWith<N extends ClientFunction, A extends ActionOf<N>>(deps: CallDeps, name: N, action: A, input: ClientInput<N, A>): Promise<ClientOutput<N, A>> {
  const map: ActionMap = ACTION_MAPS[name];
  if (!(action in map)) throw new ApiClientError('UNKNOWN_ACTION', `未知操作：${action}`);
  let waiting = false;
  const onRetry = () => {
    if (!waiting) markRetrying(1);
    waiting = true;
  };
  try {
    const attempt = async () => readResult(map, action, await sendOnce(deps, name, action, input));
    return (await retrying(attempt, isTransientFailure, CLIENT_RETRY, { sleep: deps.sleep, random: deps.random, onRetry })) as ClientOutput<N, A>;
  } finally {
    if (waiting) markRetrying(-1);
  }
}

export function callFunction<N extends ClientFunction, A extends ActionOf<N>>(name: N, action: A, input: ClientInput<N, A>): Promise<ClientOutput<N, A>> {
  return callWith(DEFAULT_DEPS, name, action, input);
}

export function shop<A extends ActionOf<'shop'>>(action: A, input: ClientInput<'shop', A>) {
  return callFunction('shop', action, input);
}

export function admin<A extends ActionOf<'admin'>>(action: A, input: ClientInput<'admin', A>) {
  return callFunction('admin', action, input);
}

/**
 * One attempt, no retry, no 排队中… toast, never throws: for records a page leaves behind it
 * (analytics' behaviour records, utils/track.ts), which must never slow or bother the shopper.
 */
export async function fireAndForget<A extends ActionOf<'shop'>>(action: A, input: ClientInput<'shop', A>): Promise<void> {
  try {
    readResult(ACTION_MAPS.shop, action, await send('shop', action, input));
  } catch {
    // A lost behaviour record costs a little precision in the owner's grades, nothing else.
  }
}
