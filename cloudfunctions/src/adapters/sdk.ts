// Our own types for the part of wx-server-sdk we use. The SDK's typings lack cloudPay,
// type openapi as any and DYNAMIC_CURRENT_ENV as a symbol, so we name what we rely on here;
// the local runtime implements exactly this surface (test/services/platform-conformance.test.ts).
import type { PhoneNumberParams, PhoneNumberResult, CloseOrderParams, CloseOrderResult, QueryOrderParams, QueryOrderResult, RefundParams, RefundResult, SubscribeMessageParams, UnifiedOrderParams, UnifiedOrderResult, WxacodeParams } from '../platform';
import type { DeleteFileItem, TempFileItem, TempFileRequest, UploadFileResult } from '../../../src/contracts/storage';

export type Doc = Record<string, unknown> & { _id: string };

export interface Command {
  eq(v: unknown): unknown;
  neq(v: unknown): unknown;
  gt(v: unknown): unknown;
  gte(v: unknown): unknown;
  lt(v: unknown): unknown;
  lte(v: unknown): unknown;
  in(v: unknown[]): unknown;
  nin(v: unknown[]): unknown;
  exists(v: boolean): unknown;
  and(...c: unknown[]): object;
  or(...c: unknown[]): object;
  inc(n: number): unknown;
  mul(n: number): unknown;
  set(v: unknown): unknown;
  remove(): unknown;
  push(v: unknown): unknown;
}

export interface DocumentRef {
  get(): Promise<{ data: Doc }>;
  set(opts: { data: Record<string, unknown> }): Promise<unknown>;
  update(opts: { data: Record<string, unknown> }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

export interface Query {
  /** A field map, or `_.and(...)` / `_.or(...)` of them. */
  where(cond: object): Query;
  orderBy(field: string, order: 'asc' | 'desc'): Query;
  skip(n: number): Query;
  limit(n: number): Query;
  field(f: Record<string, boolean>): Query;
  get(): Promise<{ data: Doc[] }>;
  count(): Promise<{ total: number }>;
  update(opts: { data: Record<string, unknown> }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

export interface Collection extends Query {
  doc(id: string): DocumentRef;
  add(opts: { data: Record<string, unknown> }): Promise<{ _id: string }>;
}

export interface TxCollection {
  doc(id: string): DocumentRef;
  add(opts: { data: Record<string, unknown> }): Promise<{ _id: string }>;
}

export interface Transaction {
  collection(name: string): TxCollection;
  rollback(reason?: unknown): Promise<void>;
}

export interface Database {
  collection(name: string): Collection;
  command: Command;
  /** Database.RegExp: a field condition matching strings (flags i, m, s); not usable inside commands. */
  RegExp(opts: { regexp: string; options?: string }): unknown;
  runTransaction<T>(fn: (tx: Transaction) => Promise<T>, retries?: number): Promise<T>;
}

/**
 * getWXContext()'s answer. Any key may be missing (a timer has no OPENID; outside a WeChat call
 * the SDK answers {}) and the SDK turns all-digit values into numbers, so nothing here is trusted
 * as a string: platform/context.ts reads it.
 */
export interface WXContext {
  OPENID?: unknown;
  APPID?: unknown;
  UNIONID?: unknown;
  ENV?: unknown;
  SOURCE?: unknown;
}

export type { UploadShippingInfoParams, ShippingOrderQuery, ShippingOrderAnswer } from '../platform/shipping';
import type { UploadShippingInfoParams, ShippingOrderQuery, ShippingOrderAnswer } from '../platform/shipping';
export type { UnifiedOrderParams, UnifiedOrderResult, QueryOrderParams, QueryOrderResult, CloseOrderParams, CloseOrderResult, RefundParams, RefundResult } from '../platform';

/** cloud.cloudPay: the calls we make, with the platform contract's parameter and result types. */
export interface CloudPay {
  unifiedOrder(p: UnifiedOrderParams): Promise<UnifiedOrderResult>;
  queryOrder(p: QueryOrderParams): Promise<QueryOrderResult>;
  closeOrder(p: CloseOrderParams): Promise<CloseOrderResult>;
  refund(p: RefundParams): Promise<RefundResult>;
}

export interface OpenApi {
  wxacode: { getUnlimited(p: WxacodeParams): Promise<{ contentType: string; buffer: Buffer }> };
  /** 手机号快速验证: a code from the mini program's getPhoneNumber button, exchanged once (platform/openapi.ts PHONE_NUMBER). */
  phonenumber: { getPhoneNumber(p: PhoneNumberParams): Promise<PhoneNumberResult> };
  subscribeMessage: { send(p: SubscribeMessageParams): Promise<unknown> };
  /** 发货信息管理 (platform/shipping.ts, platform/openapi.ts SHIPPING): the SDK's generic proxy joins the path to the API name. */
  wxa: { sec: { order: {
    uploadShippingInfo(p: UploadShippingInfoParams): Promise<{ errCode: number; errMsg: string }>;
    getOrder(p: ShippingOrderQuery): Promise<ShippingOrderAnswer>;
  } } };
}

export interface CloudSdk {
  DYNAMIC_CURRENT_ENV: unknown;
  init(opts: { env: unknown }): void;
  database(): Database;
  getWXContext(): WXContext;
  cloudPay: CloudPay;
  openapi: OpenApi;
  /** Cloud storage (src/contracts/storage.ts has the pages, limits and fileID format). */
  uploadFile(p: { cloudPath: string; fileContent: Buffer }): Promise<UploadFileResult>;
  getTempFileURL(p: { fileList: TempFileRequest[] }): Promise<{ fileList: TempFileItem[] }>;
  deleteFile(p: { fileList: string[] }): Promise<{ fileList: DeleteFileItem[] }>;
}
