import Taro from '@tarojs/taro';
import {
  ERROR_CODES,
  adminActions,
  shopActions,
  type ActionMap,
  type ClientFunction,
  type ErrorCode,
  type InputOf,
  type OutputOf,
} from '../contracts';

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

type Transport = (name: ClientFunction, action: string, input: unknown) => Promise<unknown>;

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

export async function callFunction<N extends ClientFunction, A extends ActionOf<N>>(
  name: N,
  action: A,
  input: ClientInput<N, A>,
): Promise<ClientOutput<N, A>> {
  const map: ActionMap = ACTION_MAPS[name];
  if (!(action in map)) throw new ApiClientError('UNKNOWN_ACTION', `未知操作：${action}`);
  let body: unknown;
  try {
    body = await send(name, action, input);
  } catch {
    throw new ApiClientError('INTERNAL', NETWORK_ERROR);
  }
  return readResult(map, action, body) as ClientOutput<N, A>;
}

export function shop<A extends ActionOf<'shop'>>(action: A, input: ClientInput<'shop', A>) {
  return callFunction('shop', action, input);
}

export function admin<A extends ActionOf<'admin'>>(action: A, input: ClientInput<'admin', A>) {
  return callFunction('admin', action, input);
}
