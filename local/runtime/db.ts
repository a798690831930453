/**
 * Local stand-in for the part of wx-server-sdk's `cloud.database()` that our
 * cloud functions use, persisted in SQLite through better-sqlite3.
 *
 * Rule of thumb: be AT LEAST AS STRICT as CloudBase, so code that passes locally
 * does not fail in the cloud. Known differences (all on the strict side unless noted):
 * - Stored values must round-trip through JSON: `undefined`, Date, RegExp, NaN/Infinity,
 *   class instances etc. are rejected (the cloud would store Dates as Date objects and
 *   silently drop `undefined`; we store times as epoch-ms numbers anyway).
 * - `serverDate()` resolves to `Date.now() + offset` (a number) at write/query time.
 * - `_id` must be a non-empty string (the cloud also accepts numbers).
 * - Field names may not be empty, start with `$`, contain `.` (in add/set data) or be `__proto__`.
 * - Queries compare with type brackets like MongoDB (`true` never equals `1`, `_.gt(5)`
 *   never matches a string). Equality of a scalar against an ARRAY field ("array
 *   contains") is NOT supported: `{ tags: 'a' }` does not match `tags: ['a']` locally.
 *   Numeric path segments (`items.0.sku`) are array indexes in queries.
 * - `where()` values that are `undefined` throw (the cloud drops them and widens the match).
 * - `update()` data: nested plain objects set fields BY PATH (`{a:{b:1}}` sets `a.b`, like
 *   CloudBase); use `_.set(obj)` to replace a whole object. `stats.updated` counts documents
 *   whose content actually changed (MongoDB nModified).
 * - `where().update()/remove()` refuse orderBy/skip/limit/field and require a where().
 * - Collections are created implicitly (the cloud needs them to exist).
 * - Transactions follow CloudBase's snapshot isolation with write locks (PLATFORM.md,
 *   "Database"; the official transactions guide, 快照隔离): a transaction reads the committed
 *   database as of its start; its first write to a document takes that document's lock; a write
 *   to a document another open transaction has written, or that was committed after this
 *   transaction's snapshot, fails at once with `-501001 … [ResourceUnavailable.TransactionConflict]`
 *   and NO `DATABASE_TRANSACTION_CONFLICT` code. Reads are never re-validated at commit, so write
 *   skew is possible, exactly as in the cloud.
 * - `runTransaction(fn, times = 3)` behaves like @cloudbase/database 1.4.3: it re-runs `fn` only
 *   when the error's `code` is `DATABASE_TRANSACTION_CONFLICT` (at most `times + 1` attempts).
 *   Locally that code only comes from the test hook `forceConflicts(n)` (a conflicting commit).
 * - A write outside a transaction to a document locked by an open transaction waits for the lock
 *   (the guide: "普通的更新操作会被阻塞，直到事务锁释放或者超时"), at most `lockWaitMs`; the cloud
 *   does not document the timeout's error, so locally it fails with a -501001
 *   `[ResourceUnavailable.TransactionBusy]` error (callers treat it as transient).
 * - `latencyMsPerOp` (default 0) delays every database round trip, so overlapping requests overlap
 *   as long as they do in the cloud.
 */
import { randomBytes } from 'crypto';
import Database from 'better-sqlite3';

export type Doc = Record<string, unknown>;
export type OpKind = 'read' | 'write';
export interface OpCounter { reads: number; writes: number }
export interface DbOptions {
  /** SQLite file; default ':memory:'. */
  filename?: string;
  /** Called once per database operation (see README of the runtime for what counts). */
  onOp?: (kind: OpKind) => void;
  /** Same meaning as `cloud.database({ throwOnNotFound })`; default true. */
  throwOnNotFound?: boolean;
  /** Delay of every database round trip in ms (0: the next turn of the event loop). */
  latencyMsPerOp?: number;
  /** How long a write outside a transaction waits for a transaction's lock (default 5000). */
  lockWaitMs?: number;
}

/** `commit`: the commit fails with the coded (SDK-retried) conflict; `in_callback`: a write fails with -501001. */
export type ForcedConflict = 'commit' | 'in_callback';

export interface WriteOptions { data: object }
export interface GetResult<T> { data: T[]; errMsg: string }
export interface DocResult<T> { data: T; errMsg: string }
export interface CountResult { total: number; errMsg: string }
export interface AddResult { _id: string; errMsg: string }
export interface SetResult { _id: string; stats: { updated: number; created: number }; errMsg: string }
export interface UpdateResult { stats: { updated: number }; errMsg: string }
export interface RemoveResult { stats: { removed: number }; errMsg: string }
export type Projection = Record<string, boolean>;

// ---------------------------------------------------------------- errors

const DUPLICATE = 'DATABASE_DUPLICATE_WRITE';
const CONFLICT = 'DATABASE_TRANSACTION_CONFLICT';
const NOT_FOUND = 'DATABASE_DOCUMENT_NOT_EXIST';
const INVALID = 'INVALID_PARAM';

/** Shaped like the errors wx-server-sdk throws (`errCode`, `errMsg`, message "errCode: … | errMsg: …"). */
export class DbError extends Error {
  readonly errCode: number;
  readonly errMsg: string;
  /** Only some errors carry a code (the SDK retries `DATABASE_TRANSACTION_CONFLICT`). */
  readonly code: string | undefined;
  constructor(errCode: number, code: string | undefined, errMsg: string, label = '') {
    super(`errCode: ${errCode}${label ? ' ' + label : ''} | errMsg: ${errMsg}`);
    this.name = 'DbError';
    this.errCode = errCode;
    this.errMsg = errMsg;
    this.code = code;
  }
}

function invalid(msg: string): DbError {
  return new DbError(-501007, INVALID, msg, 'invalid parameters');
}
function notFound(action: string, id: string): DbError {
  return new DbError(-1, NOT_FOUND, `document.${action}:fail document with _id ${id} does not exist`);
}
function duplicate(coll: string, id: string): DbError {
  const msg = `[${DUPLICATE}] E11000 duplicate key error collection: ${coll} index: _id_ dup key: { _id: "${id}" }`;
  return new DbError(-502001, DUPLICATE, msg, 'database request fail');
}
/** A conflicting commit: the one conflict the SDK's runTransaction re-runs by itself. */
function commitConflict(): DbError {
  const msg = `[${CONFLICT}] [ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others.`;
  return new DbError(-502001, CONFLICT, msg, 'database request fail');
}
/** A read or write inside the callback hit another transaction's lock or a newer commit: no code, not retried by the SDK. */
function lockConflict(): DbError {
  const msg = '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. Please check your request, but if the problem persists, contact us.';
  return new DbError(-501001, undefined, msg, 'resource system error');
}
/** A write outside a transaction waited too long for a transaction's lock (see the header). */
function lockBusy(): DbError {
  const msg = '[ResourceUnavailable.TransactionBusy] Transaction is busy, the resource is locked by another transaction. Please check your request, but if the problem persists, contact us.';
  return new DbError(-501001, undefined, msg, 'resource system error');
}

function errorText(e: unknown): string {
  if (e === null || typeof e !== 'object') return String(e);
  const o = e as { code?: unknown; message?: unknown; errMsg?: unknown };
  return [o.code, o.message, o.errMsg].map(String).join(' ');
}
export function isDuplicateError(e: unknown): boolean {
  return errorText(e).includes(DUPLICATE);
}
/** Any transaction conflict: the coded one and the -501001 TransactionConflict / TransactionBusy texts. */
export function isConflictError(e: unknown): boolean {
  return /TRANSACTION_CONFLICT|TransactionConflict|TransactionBusy/.test(errorText(e));
}
export function isNotFoundError(e: unknown): boolean {
  return errorText(e).includes(NOT_FOUND) || /document with _id .* does not exist/.test(errorText(e));
}

// ---------------------------------------------------------------- commands

export type QueryOp = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'nin' | 'exists';
export type LogicOp = 'and' | 'or';
export type UpdateOp = 'inc' | 'mul' | 'set' | 'remove' | 'push';

/** `_.and(a, b)` and `_.and([a, b])` are both accepted by the SDK. */
function spread(args: unknown[]): unknown[] {
  return args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
}

abstract class Chainable {
  and(...operands: unknown[]): LogicCommand {
    return new LogicCommand('and', [this, ...spread(operands)]);
  }
  or(...operands: unknown[]): LogicCommand {
    return new LogicCommand('or', [this, ...spread(operands)]);
  }
}
export class QueryCommand extends Chainable {
  constructor(readonly op: QueryOp, readonly operand: unknown) { super(); }
}
export class LogicCommand extends Chainable {
  constructor(readonly op: LogicOp, readonly operands: readonly unknown[]) { super(); }
}
export class UpdateCommand {
  constructor(readonly op: UpdateOp, readonly operand: unknown) {}
}
export class ServerDate {
  constructor(readonly offset: number) {}
}
/**
 * `db.RegExp({ regexp, options })` (Database.RegExp page): a field matches when the pattern
 * matches its string value. Flags i, m and s only, as the page lists; anything else is refused
 * here (stricter than the SDK, which does not check). Not usable inside commands such as _.in.
 */
export class DbRegExp {
  constructor(readonly regexp: string, readonly options: string) {}
}
const REGEXP_FLAGS = /^[ims]*$/;

export interface Command {
  eq(value: unknown): QueryCommand;
  neq(value: unknown): QueryCommand;
  gt(value: unknown): QueryCommand;
  gte(value: unknown): QueryCommand;
  lt(value: unknown): QueryCommand;
  lte(value: unknown): QueryCommand;
  in(values: unknown[]): QueryCommand;
  nin(values: unknown[]): QueryCommand;
  exists(flag: boolean): QueryCommand;
  and(...conditions: unknown[]): LogicCommand;
  or(...conditions: unknown[]): LogicCommand;
  inc(n: number): UpdateCommand;
  mul(n: number): UpdateCommand;
  set(value: unknown): UpdateCommand;
  remove(): UpdateCommand;
  push(value: unknown): UpdateCommand;
}

function makeCommand(): Command {
  const q = (op: QueryOp) => (v: unknown) => new QueryCommand(op, v);
  const u = (op: UpdateOp) => (v?: unknown) => new UpdateCommand(op, v);
  return {
    eq: q('eq'), neq: q('neq'), gt: q('gt'), gte: q('gte'), lt: q('lt'), lte: q('lte'),
    in: q('in'), nin: q('nin'), exists: q('exists'),
    and: (...c: unknown[]) => new LogicCommand('and', spread(c)),
    or: (...c: unknown[]) => new LogicCommand('or', spread(c)),
    inc: u('inc'), mul: u('mul'), set: u('set'), push: u('push'),
    remove: () => new UpdateCommand('remove', undefined),
  };
}

// ---------------------------------------------------------------- values & paths

function isPlainObject(v: unknown): v is Doc {
  if (v === null || typeof v !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function hasOwn(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function checkKey(key: string, at: string): void {
  if (!key || key.startsWith('$') || key.includes('.') || key === '__proto__') {
    throw invalid(`illegal field name "${key}" at ${at || '<root>'}`);
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Resolves serverDate() and rejects anything that would not round-trip through JSON unchanged. */
function storable(v: unknown, path: string, now: number): unknown {
  if (v instanceof ServerDate) return now + v.offset;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw invalid(`${path}: non-finite number`);
    return v;
  }
  // Array.from visits holes, so sparse arrays are rejected instead of turning into nulls.
  if (Array.isArray(v)) return Array.from(v, (x: unknown, i) => storable(x, `${path}[${i}]`, now));
  if (isPlainObject(v)) return storableObject(v, path, now);
  if (v instanceof UpdateCommand) throw invalid(`${path}: update operator complicit`);
  throw invalid(`${path || 'value'}: unsupported value ${describe(v)} (use plain JSON; times as epoch ms)`);
}

function storableObject(v: Doc, path: string, now: number): Doc {
  const out: Doc = {};
  for (const [k, x] of Object.entries(v)) {
    checkKey(k, path);
    out[k] = storable(x, join(path, k), now);
  }
  return out;
}

function describe(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v !== 'object') return typeof v;
  return (v as object).constructor?.name ?? 'object';
}

function splitPath(path: string): string[] {
  const segs = path.split('.');
  for (const s of segs) {
    if (!s || s.startsWith('$') || s === '__proto__' || /["\\]/.test(s)) {
      throw invalid(`illegal field path "${path}"`);
    }
  }
  return segs;
}

const isIndex = (s: string): boolean => /^\d+$/.test(s);

function jsonPath(segs: string[]): string {
  return '$' + segs.map((s) => (isIndex(s) ? `[${s}]` : `."${s}"`)).join('');
}

// ---------------------------------------------------------------- condition -> SQL

type SqlParam = string | number | null;

/** Named-parameter bag: the compiled SQL never contains user values. */
class Sql {
  readonly params: Record<string, SqlParam> = {};
  private n = 0;
  constructor(readonly now: number) {}
  bind(v: SqlParam): string {
    const k = `p${this.n++}`;
    this.params[k] = v;
    return '@' + k;
  }
}

interface FieldRef { val: string; type: string }

function fieldRef(path: string, q: Sql): FieldRef {
  if (path === '_id') return { val: 'id', type: "'text'" };
  const p = q.bind(jsonPath(splitPath(path)));
  return { val: `json_extract(data, ${p})`, type: `json_type(data, ${p})` };
}

function joinLogic(op: LogicOp, parts: string[]): string {
  if (parts.length === 0) throw invalid(`_.${op}() needs at least one condition`);
  return '(' + parts.join(op === 'and' ? ' AND ' : ' OR ') + ')';
}

function compileCondition(cond: unknown, q: Sql): string {
  if (cond instanceof LogicCommand) {
    return joinLogic(cond.op, cond.operands.map((c) => compileCondition(c, q)));
  }
  if (!isPlainObject(cond)) throw invalid('where() expects a plain object, _.and() or _.or()');
  const fields = flattenCondition(cond, '');
  return fields.length === 0 ? '1' : joinLogic('and', fields.map(([p, v]) => compileField(p, v, q)));
}

/** Nested plain objects in a query mean "field equality by path", as in CloudBase. */
function flattenCondition(obj: Doc, prefix: string): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [k, v] of Object.entries(obj)) {
    const path = join(prefix, k);
    if (v === undefined) throw invalid(`where(): "${path}" is undefined`);
    if (isPlainObject(v) && Object.keys(v).length > 0) out.push(...flattenCondition(v, path));
    else out.push([path, v]);
  }
  return out;
}

function compileField(path: string, v: unknown, q: Sql): string {
  if (v instanceof QueryCommand) return compileOp(path, v.op, v.operand, q);
  if (v instanceof DbRegExp) return regexpExpr(path, v, q);
  if (v instanceof LogicCommand) {
    return joinLogic(v.op, v.operands.map((o) => compileFieldOperand(path, o, q)));
  }
  if (v instanceof RegExp) throw invalid(`where(): RegExp queries are not supported (${path})`);
  return eqExpr(path, storable(v, path, q.now), q);
}

function compileFieldOperand(path: string, o: unknown, q: Sql): string {
  if (!isPlainObject(o) || Object.keys(o).length === 0) return compileField(path, o, q);
  return joinLogic('and', flattenCondition(o, path).map(([p, v]) => compileField(p, v, q)));
}

function regexpExpr(path: string, r: DbRegExp, q: Sql): string {
  const f = fieldRef(path, q);
  return `IFNULL(${f.type} = 'text' AND regexp_match(${q.bind(r.regexp)}, ${q.bind(r.options)}, ${f.val}), 0)`;
}

function compileOp(path: string, op: QueryOp, operand: unknown, q: Sql): string {
  switch (op) {
    case 'eq': return eqExpr(path, storable(operand, path, q.now), q);
    case 'neq': return `NOT ${eqExpr(path, storable(operand, path, q.now), q)}`;
    case 'in': return inExpr(path, operand, q);
    case 'nin': return `NOT ${inExpr(path, operand, q)}`;
    case 'exists': return existsExpr(path, operand, q);
    default: return cmpExpr(path, op, storable(operand, path, q.now), q);
  }
}

function typeSet(v: unknown): string {
  if (typeof v === 'number') return "('integer','real')";
  if (typeof v === 'string') return "('text')";
  return Array.isArray(v) ? "('array')" : "('object')";
}

/** Every leaf returns 0/1 (never NULL) so that NOT() gives MongoDB's "missing field matches $ne". */
function eqExpr(path: string, v: unknown, q: Sql): string {
  // _id is always text: the plain comparison is the same test, and the primary key serves it.
  if (path === '_id' && typeof v === 'string') return `(id = ${q.bind(v)})`;
  const f = fieldRef(path, q);
  if (v === null) return `(${f.type} IS NULL OR ${f.type} = 'null')`;
  if (typeof v === 'boolean') return `IFNULL(${f.type} = '${String(v)}', 0)`;
  const rhs = typeof v === 'object' ? `json(${q.bind(JSON.stringify(v))})` : q.bind(v as SqlParam);
  return `IFNULL(${f.type} IN ${typeSet(v)} AND ${f.val} = ${rhs}, 0)`;
}

const CMP: Record<string, string> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };

/**
 * A plain field path written out as SQLite can match it to an index on the same expression
 * (the indexes in SCHEMA), or null. Plain names only, so nothing typed reaches the SQL text.
 */
function indexedExpr(path: string): string | null {
  return /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(path) ? `json_extract(data, '$.${path}')` : null;
}

function cmpExpr(path: string, op: QueryOp, v: unknown, q: Sql): string {
  if (typeof v !== 'number' && typeof v !== 'string') {
    throw invalid(`_.${op}() needs a number or string (${path})`);
  }
  const f = fieldRef(path, q);
  const exact = `IFNULL(${f.type} IN ${typeSet(v)} AND ${f.val} ${CMP[op]} ${q.bind(v)}, 0)`;
  // The same comparison without the type check first, which an index can serve: it never
  // changes the result (the exact test still has to hold), only how many rows are looked at.
  const lit = path === '_id' ? null : indexedExpr(path);
  return lit === null ? exact : `(${lit} ${CMP[op]} ${q.bind(v)} AND ${exact})`;
}

function inExpr(path: string, operand: unknown, q: Sql): string {
  if (!Array.isArray(operand)) throw invalid(`_.in()/_.nin() need an array (${path})`);
  if (operand.length === 0) return '0';
  if (path === '_id' && operand.every((x) => typeof x === 'string')) return `(id IN (${operand.map((x) => q.bind(x as string)).join(', ')}))`;
  // All strings (or all numbers): one type test and one IN, the same as the OR of equalities.
  const kind = typeof operand[0];
  if ((kind === 'string' || kind === 'number') && operand.every((x) => typeof x === kind && (kind !== 'number' || Number.isFinite(x)))) {
    const f = fieldRef(path, q);
    return `IFNULL(${f.type} IN ${typeSet(operand[0])} AND ${f.val} IN (${operand.map((x) => q.bind(x as SqlParam)).join(', ')}), 0)`;
  }
  const parts = operand.map((x: unknown) => eqExpr(path, storable(x, path, q.now), q));
  return joinLogic('or', parts);
}

function existsExpr(path: string, operand: unknown, q: Sql): string {
  if (typeof operand !== 'boolean') throw invalid(`_.exists() needs a boolean (${path})`);
  return `${fieldRef(path, q).type} IS ${operand ? 'NOT ' : ''}NULL`;
}

// ---------------------------------------------------------------- update data

interface UpdateEntry { segs: string[]; value: unknown }
type Container = Doc | unknown[];
const REMOVE = Symbol('remove');

function parseUpdate(data: unknown): UpdateEntry[] {
  if (!isPlainObject(data)) throw invalid('update: data must be a plain object');
  const entries = flattenUpdate(data, []);
  if (entries.length === 0) throw invalid('update: data must not be empty');
  for (const e of entries) {
    if (e.segs[0] === '_id') throw invalid('不能更新_id的值 (cannot update _id)');
    checkUpdateValue(e);
  }
  checkPathConflicts(entries);
  return entries;
}

function flattenUpdate(obj: Doc, prefix: string[]): UpdateEntry[] {
  const out: UpdateEntry[] = [];
  for (const [k, v] of Object.entries(obj)) {
    const segs = [...prefix, ...splitPath(k)];
    if (v === undefined) throw invalid(`update: "${segs.join('.')}" is undefined`);
    if (isPlainObject(v) && Object.keys(v).length > 0) out.push(...flattenUpdate(v, segs));
    else out.push({ segs, value: v });
  }
  return out;
}

function checkUpdateValue({ segs, value }: UpdateEntry): void {
  const path = segs.join('.');
  if (!(value instanceof UpdateCommand)) {
    storable(value, path, 0);
    return;
  }
  const { op, operand } = value;
  if ((op === 'inc' || op === 'mul') && (typeof operand !== 'number' || !Number.isFinite(operand))) {
    throw invalid(`_.${op}() needs a finite number (${path})`);
  }
  if (op === 'push' && isPlainObject(operand) && hasOwn(operand, 'each')) {
    throw invalid(`_.push({ each, ... }) is not supported locally (${path})`);
  }
  if (op === 'set' || op === 'push') storable(operand, path, 0);
}

/** MongoDB rejects updates touching both `a` and `a.b`; so do we. */
function checkPathConflicts(entries: UpdateEntry[]): void {
  const paths = entries.map((e) => e.segs.join('.')).sort();
  for (let i = 1; i < paths.length; i++) {
    if (paths[i] === paths[i - 1] || paths[i].startsWith(paths[i - 1] + '.')) {
      throw invalid(`update: conflicting paths "${paths[i - 1]}" and "${paths[i]}"`);
    }
  }
}

function applyUpdate(doc: Doc, entries: UpdateEntry[], now: number): Doc {
  for (const e of entries) applyEntry(doc, e, now);
  return doc;
}

function applyEntry(doc: Doc, { segs, value }: UpdateEntry, now: number): void {
  const removing = value instanceof UpdateCommand && value.op === 'remove';
  const parent = walk(doc, segs.slice(0, -1), !removing);
  if (parent === undefined) return;
  const key = segs[segs.length - 1];
  writeKey(parent, key, nextValue(readKey(parent, key), value, segs.join('.'), now));
}

function walk(node: Container, segs: string[], create: boolean): Container | undefined {
  let cur = node;
  for (const seg of segs) {
    let child = readKey(cur, seg);
    if (child === undefined && create) {
      child = {};
      writeKey(cur, seg, child);
    }
    if (isPlainObject(child) || Array.isArray(child)) cur = child;
    else if (child === undefined || !create) return undefined;
    else throw invalid(`update: cannot create field "${seg}" inside a non-object value`);
  }
  return cur;
}

function readKey(node: Container, key: string): unknown {
  if (!Array.isArray(node)) return hasOwn(node, key) ? node[key] : undefined;
  if (!isIndex(key)) throw invalid(`update: "${key}" is not an array index`);
  return node[Number(key)];
}

function writeKey(node: Container, key: string, v: unknown): void {
  if (!Array.isArray(node)) {
    if (v === REMOVE) delete node[key];
    else node[key] = v;
    return;
  }
  const idx = Number(key);
  while (node.length < idx) node.push(null);
  node[idx] = v === REMOVE ? null : v; // MongoDB $unset on an array element leaves null
}

function nextValue(cur: unknown, value: unknown, path: string, now: number): unknown {
  if (!(value instanceof UpdateCommand)) return storable(value, path, now);
  switch (value.op) {
    case 'set': return storable(value.operand, path, now);
    case 'remove': return REMOVE;
    case 'inc': return numberAt(cur, path) + (value.operand as number);
    case 'mul': return numberAt(cur, path) * (value.operand as number);
    case 'push': return arrayAt(cur, path).concat(pushItems(value.operand, path, now));
  }
}

function numberAt(cur: unknown, path: string): number {
  if (cur === undefined) return 0;
  if (typeof cur !== 'number') throw invalid(`update: "${path}" is not a number`);
  return cur;
}

function arrayAt(cur: unknown, path: string): unknown[] {
  if (cur === undefined) return [];
  if (!Array.isArray(cur)) throw invalid(`update: "${path}" is not an array`);
  return cur;
}

function pushItems(operand: unknown, path: string, now: number): unknown[] {
  const items = Array.isArray(operand) ? operand : [operand];
  return items.map((x: unknown) => storable(x, path, now));
}

/** add/set payloads: full documents, no operators, `_id` only where allowed. */
function prepareDoc(data: unknown, now: number, allowId: boolean): { id?: string; body: Doc } {
  if (!isPlainObject(data)) throw invalid('data must be a plain object');
  const { _id: id, ...rest } = data;
  if (hasOwn(data, '_id') && !allowId) throw invalid('不能更新_id的值 (set data must not contain _id)');
  if (id !== undefined && (typeof id !== 'string' || id === '')) {
    throw invalid('_id must be a non-empty string');
  }
  return { id, body: storableObject(rest, '', now) };
}

// ---------------------------------------------------------------- projection

function project(doc: Doc, proj: Projection | undefined): Doc {
  if (!proj) return doc;
  const entries = Object.entries(proj);
  if (!entries.some(([, on]) => on)) {
    for (const [k] of entries) deletePath(doc, k.split('.'));
    return doc;
  }
  const out: Doc = proj._id === false ? {} : { _id: doc._id };
  for (const [k, on] of entries) if (on && k !== '_id') copyPath(doc, out, k.split('.'));
  return out;
}

function checkProjection(proj: unknown): Projection {
  if (!isPlainObject(proj)) throw invalid('field() expects an object of booleans');
  const vals = Object.entries(proj).filter(([k]) => k !== '_id').map(([, v]) => v);
  if (Object.values(proj).some((v) => typeof v !== 'boolean')) throw invalid('field() values must be booleans');
  if (new Set(vals).size > 1) throw invalid('field() cannot mix inclusion and exclusion');
  for (const k of Object.keys(proj)) splitPath(k);
  return { ...(proj as Projection) };
}

function copyPath(src: Doc, dst: Doc, segs: string[]): void {
  let s: unknown = src;
  for (const seg of segs) {
    if (!isPlainObject(s) || !hasOwn(s, seg)) return;
    s = s[seg];
  }
  let d = dst;
  for (const seg of segs.slice(0, -1)) {
    if (!isPlainObject(d[seg])) d[seg] = {};
    d = d[seg] as Doc;
  }
  d[segs[segs.length - 1]] = s;
}

function deletePath(doc: Doc, segs: string[]): void {
  let cur: unknown = doc;
  for (const seg of segs.slice(0, -1)) cur = isPlainObject(cur) ? cur[seg] : undefined;
  if (isPlainObject(cur)) delete cur[segs[segs.length - 1]];
}

// ---------------------------------------------------------------- storage

interface Row { id: string; data: string; ver: number }

// Indexes on the time fields that ordered range queries read (the analytics fold reads every
// source by its time; CloudBase has the matching indexes, see the README), so a store with
// 100,000 orders is not a full scan per page.
const SCHEMA = `CREATE TABLE IF NOT EXISTS docs (
  coll TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL, ver INTEGER NOT NULL,
  PRIMARY KEY (coll, id));
  CREATE INDEX IF NOT EXISTS docs_created_at ON docs (coll, json_extract(data, '$.createdAtMs'), id);
  CREATE INDEX IF NOT EXISTS docs_at ON docs (coll, json_extract(data, '$.atMs'), id);
  CREATE INDEX IF NOT EXISTS docs_day ON docs (coll, json_extract(data, '$.day'), id)`;
// ON CONFLICT DO UPDATE (not INSERT OR REPLACE) keeps the rowid, which is our natural order.
const UPSERT = `INSERT INTO docs (coll, id, data, ver) VALUES (?, ?, ?, ?)
  ON CONFLICT (coll, id) DO UPDATE SET data = excluded.data, ver = excluded.ver`;

function toDoc(row: Row): Doc {
  return { _id: row.id, ...(JSON.parse(row.data) as Doc) };
}

function checkName(name: unknown, what: string): string {
  if (typeof name !== 'string' || name === '' || name.includes('\0')) {
    throw invalid(`${what} must be a non-empty string`);
  }
  return name;
}

const keyOf = (coll: string, id: string): string => `${coll}\u0000${id}`;

/** A superseded committed state of a document, kept while an open transaction may need it. */
interface OldVersion { fromSeq: number; toSeq: number; data: string }

/** What a transaction attempt looks like to the store: its snapshot and the locks it holds. */
export interface TxHandle {
  readonly snapshotSeq: number;
  readonly locked: string[];
}

class Store {
  readonly sqlite: Database.Database;
  readonly throwOnNotFound: boolean;
  latencyMsPerOp: number;
  lockWaitMs: number;
  private readonly onOp?: (kind: OpKind) => void;
  private readonly cache = new Map<string, Database.Statement>();
  // Every committed write takes the next number of one monotonic clock; a row's `ver` is the
  // number of the write that made it, and a transaction's snapshot is the clock when it began.
  private clock: number;
  private readonly forced: Record<ForcedConflict, number> = { commit: 0, in_callback: 0 };
  private readonly open = new Set<TxHandle>();
  private readonly locks = new Map<string, TxHandle>();
  /** Clock number of the last committed write per document, kept while transactions are open. */
  private readonly touched = new Map<string, number>();
  private readonly history = new Map<string, OldVersion[]>();
  private waiters: Array<() => void> = [];
  private closedCount = 0;
  /** What contention cost so far: writes refused by a lock or a newer commit, and plain writes that waited. */
  readonly stats = { lockConflicts: 0, lockWaits: 0, byCollection: {} as Record<string, number> };

  constructor(opts: DbOptions) {
    const file = opts.filename ?? ':memory:';
    this.sqlite = new Database(file);
    if (file !== ':memory:') this.sqlite.pragma('journal_mode = WAL');
    this.sqlite.exec(SCHEMA);
    const compiled = new Map<string, RegExp>();
    this.sqlite.function('regexp_match', { deterministic: true }, (pattern: unknown, flags: unknown, value: unknown) => {
      const key = `${String(flags)}/${String(pattern)}`;
      let re = compiled.get(key);
      if (!re) {
        re = new RegExp(String(pattern), String(flags));
        if (compiled.size > 200) compiled.clear();
        compiled.set(key, re);
      }
      return re.test(String(value)) ? 1 : 0;
    });
    this.onOp = opts.onOp;
    this.throwOnNotFound = opts.throwOnNotFound ?? true;
    this.latencyMsPerOp = opts.latencyMsPerOp ?? 0;
    this.lockWaitMs = opts.lockWaitMs ?? 5000;
    const max = this.stmt('SELECT MAX(ver) AS v FROM docs').get() as { v: number | null };
    this.clock = max.v ?? 0;
  }

  /** One database round trip: lets concurrent callers interleave as real network calls do. */
  tick(): Promise<void> {
    const ms = this.latencyMsPerOp;
    return new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));
  }

  op(kind: OpKind): void {
    this.onOp?.(kind);
  }

  stmt(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      if (this.cache.size > 500) this.cache.clear();
      s = this.sqlite.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  row(coll: string, id: string): Row | undefined {
    return this.stmt('SELECT id, data, ver FROM docs WHERE coll = ? AND id = ?').get(coll, id) as Row | undefined;
  }

  /** Writes (json) or deletes (null) the committed document, remembering what open transactions may still need. */
  write(coll: string, id: string, json: string | null): void {
    const old = this.row(coll, id);
    if (json === null && !old) return;
    this.clock += 1;
    if (this.open.size > 0) {
      const k = keyOf(coll, id);
      this.touched.set(k, this.clock);
      if (old) {
        const versions = this.history.get(k) ?? [];
        versions.push({ fromSeq: old.ver, toSeq: this.clock, data: old.data });
        this.history.set(k, versions);
      }
    }
    if (json === null) this.stmt('DELETE FROM docs WHERE coll = ? AND id = ?').run(coll, id);
    else this.stmt(UPSERT).run(coll, id, json, this.clock);
  }

  select(sql: string, q: Sql): Row[] {
    return this.stmt(sql).all(q.params) as Row[];
  }

  atomic<T>(fn: () => T): T {
    return this.sqlite.transaction(fn).immediate();
  }

  // ---- transactions: snapshots and write locks

  /** The clock now: a transaction beginning now sees every write numbered up to it. */
  get seq(): number {
    return this.clock;
  }

  begin(tx: TxHandle): void {
    this.open.add(tx);
  }

  /** The committed document (JSON) as of a snapshot, or null when it did not exist then. */
  dataAt(coll: string, id: string, snapshotSeq: number): string | null {
    const row = this.row(coll, id);
    if (row && row.ver <= snapshotSeq) return row.data;
    const old = this.history.get(keyOf(coll, id))?.find((v) => v.fromSeq <= snapshotSeq && snapshotSeq < v.toSeq);
    return old ? old.data : null;
  }

  /** A transaction's write: takes the document's lock or fails as CloudBase does (no read validation). */
  claim(tx: TxHandle, coll: string, id: string): void {
    if (this.take('in_callback')) throw lockConflict();
    const k = keyOf(coll, id);
    const owner = this.locks.get(k);
    if (owner === tx) return;
    if (owner !== undefined || (this.touched.get(k) ?? 0) > tx.snapshotSeq) {
      this.stats.lockConflicts += 1;
      this.stats.byCollection[coll] = (this.stats.byCollection[coll] ?? 0) + 1;
      throw lockConflict();
    }
    this.locks.set(k, tx);
    tx.locked.push(k);
  }

  /** The attempt is over (committed, failed or rolled back): its locks go and waiting writes resume. */
  end(tx: TxHandle): void {
    for (const k of tx.locked) if (this.locks.get(k) === tx) this.locks.delete(k);
    this.open.delete(tx);
    this.prune();
    const woken = this.waiters;
    this.waiters = [];
    for (const wake of woken) wake();
  }

  private prune(): void {
    if (this.open.size === 0) {
      this.touched.clear();
      this.history.clear();
      return;
    }
    if ((this.closedCount += 1) % 128 !== 0) return;
    const minSnapshot = Math.min(...[...this.open].map((t) => t.snapshotSeq));
    for (const [k, seq] of this.touched) if (seq <= minSnapshot) this.touched.delete(k);
    for (const [k, versions] of this.history) {
      const kept = versions.filter((v) => v.toSeq > minSnapshot);
      if (kept.length === 0) this.history.delete(k);
      else this.history.set(k, kept);
    }
  }

  lockedByTransaction(coll: string, id: string): boolean {
    return this.locks.has(keyOf(coll, id));
  }

  /** A write outside a transaction waits while any of its documents is locked, at most lockWaitMs. */
  async waitUnlocked(coll: string, ids: string[]): Promise<void> {
    const deadline = Date.now() + this.lockWaitMs;
    if (ids.some((id) => this.lockedByTransaction(coll, id))) {
      this.stats.lockWaits += 1;
      this.stats.byCollection[`${coll} (waits)`] = (this.stats.byCollection[`${coll} (waits)`] ?? 0) + 1;
    }
    while (ids.some((id) => this.lockedByTransaction(coll, id))) {
      const left = deadline - Date.now();
      if (left <= 0) throw lockBusy();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  addForcedConflicts(n: number, kind: ForcedConflict): void {
    this.forced[kind] += n;
  }

  take(kind: ForcedConflict): boolean {
    if (this.forced[kind] <= 0) return false;
    this.forced[kind] -= 1;
    return true;
  }
}

// ---------------------------------------------------------------- queries

interface QueryState {
  coll: string;
  where?: unknown;
  orders: ReadonlyArray<readonly [string, 'asc' | 'desc']>;
  skip?: number;
  limit?: number;
  projection?: Projection;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

export class Query {
  protected constructor(protected readonly store: Store, protected readonly state: QueryState) {}

  where(cond: object): Query {
    if (this.state.where !== undefined) throw invalid('where() was already called on this query');
    compileCondition(cond, new Sql(Date.now())); // fail fast, at the call site
    return this.next({ where: cond });
  }

  orderBy(field: string, direction: 'asc' | 'desc'): Query {
    if (direction !== 'asc' && direction !== 'desc') throw invalid(`orderBy(): bad direction "${String(direction)}"`);
    if (field !== '_id') splitPath(checkName(field, 'orderBy() field'));
    return this.next({ orders: [...this.state.orders, [field, direction]] });
  }

  skip(n: number): Query {
    if (!Number.isInteger(n) || n < 0) throw invalid('skip() needs a non-negative integer');
    return this.next({ skip: n });
  }

  limit(n: number): Query {
    if (!Number.isInteger(n) || n < 1) throw invalid('limit() needs a positive integer');
    if (n > MAX_LIMIT) throw invalid(`limit() cannot exceed ${MAX_LIMIT}`);
    return this.next({ limit: n });
  }

  field(projection: Projection): Query {
    return this.next({ projection: checkProjection(projection) });
  }

  async get<T extends object = Doc>(): Promise<GetResult<T>> {
    await this.store.tick();
    this.store.op('read');
    const q = new Sql(Date.now());
    const { skip = 0, limit = DEFAULT_LIMIT, projection } = this.state;
    const sql = `SELECT id, data, ver FROM docs WHERE ${this.filter(q)} ORDER BY ${this.orderSql(q)}
      LIMIT ${q.bind(limit)} OFFSET ${q.bind(skip)}`;
    const data = this.store.select(sql, q).map((r) => project(toDoc(r), projection) as T);
    return { data, errMsg: 'collection.get:ok' };
  }

  async count(): Promise<CountResult> {
    await this.store.tick();
    this.store.op('read');
    const q = new Sql(Date.now());
    const row = this.store.stmt(`SELECT COUNT(*) AS n FROM docs WHERE ${this.filter(q)}`).get(q.params);
    return { total: (row as { n: number }).n, errMsg: 'collection.count:ok' };
  }

  async update(opts: WriteOptions): Promise<UpdateResult> {
    this.assertBulkWrite('update');
    const entries = parseUpdate(opts?.data);
    await this.store.tick();
    this.store.op('write');
    const updated = await this.whenUnlocked(() => this.updateMatching(entries, Date.now()));
    return { stats: { updated }, errMsg: 'collection.update:ok' };
  }

  async remove(): Promise<RemoveResult> {
    this.assertBulkWrite('remove');
    await this.store.tick();
    this.store.op('write');
    const removed = await this.whenUnlocked(() => {
      const q = new Sql(Date.now());
      const rows = this.store.select(`SELECT id, data, ver FROM docs WHERE ${this.filter(q)}`, q);
      for (const row of rows) this.store.write(this.state.coll, row.id, null);
      return rows.length;
    });
    return { stats: { removed }, errMsg: 'collection.remove:ok' };
  }

  private next(patch: Partial<QueryState>): Query {
    return new Query(this.store, { ...this.state, ...patch });
  }

  private filter(q: Sql): string {
    const where = this.state.where === undefined ? '1' : compileCondition(this.state.where, q);
    return `coll = ${q.bind(this.state.coll)} AND ${where}`;
  }

  private orderSql(q: Sql): string {
    const parts = this.state.orders.map(([f, dir]) => `${(f !== '_id' && indexedExpr(f)) || fieldRef(f, q).val} ${dir.toUpperCase()}`);
    return [...parts, 'rowid ASC'].join(', ');
  }

  /** The cloud would silently ignore these on a bulk write, which is never what the caller meant. */
  private assertBulkWrite(action: string): void {
    const s = this.state;
    if (s.where === undefined) throw invalid(`${action}() on a collection needs where()`);
    if (s.orders.length || s.skip !== undefined || s.limit !== undefined || s.projection) {
      throw invalid(`where().${action}() does not support orderBy/skip/limit/field`);
    }
  }

  /**
   * Runs a bulk write once none of the documents it matches is locked by a transaction (the
   * match is re-evaluated after each wait, so the condition is checked against what committed).
   */
  private async whenUnlocked(write: () => number): Promise<number> {
    for (;;) {
      const q = new Sql(Date.now());
      const ids = this.store.select(`SELECT id, data, ver FROM docs WHERE ${this.filter(q)}`, q).map((r) => r.id);
      const locked = ids.filter((id) => this.store.lockedByTransaction(this.state.coll, id));
      if (locked.length === 0) return this.store.atomic(write);
      await this.store.waitUnlocked(this.state.coll, locked);
    }
  }

  private updateMatching(entries: UpdateEntry[], now: number): number {
    const q = new Sql(now);
    const rows = this.store.select(`SELECT id, data, ver FROM docs WHERE ${this.filter(q)}`, q);
    let changed = 0;
    for (const row of rows) {
      const json = JSON.stringify(applyUpdate(JSON.parse(row.data) as Doc, entries, now));
      if (json === row.data) continue;
      this.store.write(this.state.coll, row.id, json);
      changed++;
    }
    return changed;
  }
}

export class CollectionReference extends Query {
  constructor(store: Store, readonly name: string) {
    super(store, { coll: name, orders: [] });
  }

  doc(id: string): DocumentReference {
    return new DocumentReference(this.store, this.name, checkName(id, 'doc() id'));
  }

  async add(opts: WriteOptions): Promise<AddResult> {
    if (Array.isArray(opts?.data)) throw invalid('add(): batch (array) add is not supported locally');
    await this.store.tick();
    this.store.op('write');
    const { id = newId(), body } = prepareDoc(opts?.data, Date.now(), true);
    await this.store.waitUnlocked(this.name, [id]);
    this.store.atomic(() => {
      if (this.store.row(this.name, id)) throw duplicate(this.name, id);
      this.store.write(this.name, id, JSON.stringify(body));
    });
    return { _id: id, errMsg: 'collection.add:ok' };
  }
}

function newId(): string {
  return randomBytes(16).toString('hex');
}

export class DocumentReference {
  constructor(private readonly store: Store, readonly collection: string, readonly id: string) {}

  /** With `throwOnNotFound: false`, `data` is null for a missing doc (typed as T for SDK parity). */
  async get<T extends object = Doc>(): Promise<DocResult<T>> {
    await this.store.tick();
    this.store.op('read');
    const row = this.store.row(this.collection, this.id);
    if (row) return { data: toDoc(row) as T, errMsg: 'document.get:ok' };
    if (this.store.throwOnNotFound) throw notFound('get', this.id);
    return { data: null as unknown as T, errMsg: 'document.get:ok' };
  }

  async set(opts: WriteOptions): Promise<SetResult> {
    await this.store.tick();
    this.store.op('write');
    const { body } = prepareDoc(opts?.data, Date.now(), false);
    await this.store.waitUnlocked(this.collection, [this.id]);
    const existed = this.store.atomic(() => {
      const old = this.store.row(this.collection, this.id);
      this.store.write(this.collection, this.id, JSON.stringify(body));
      return old !== undefined;
    });
    const stats = { updated: existed ? 1 : 0, created: existed ? 0 : 1 };
    return { _id: this.id, stats, errMsg: 'document.set:ok' };
  }

  async update(opts: WriteOptions): Promise<UpdateResult> {
    const entries = parseUpdate(opts?.data);
    await this.store.tick();
    this.store.op('write');
    await this.store.waitUnlocked(this.collection, [this.id]);
    const updated = this.store.atomic(() => this.applyTo(entries, Date.now()));
    return { stats: { updated }, errMsg: 'document.update:ok' };
  }

  async remove(): Promise<RemoveResult> {
    await this.store.tick();
    this.store.op('write');
    await this.store.waitUnlocked(this.collection, [this.id]);
    const removed = this.store.atomic(() => {
      const existed = this.store.row(this.collection, this.id) !== undefined;
      this.store.write(this.collection, this.id, null);
      return existed ? 1 : 0;
    });
    return { stats: { removed }, errMsg: 'document.remove:ok' };
  }

  private applyTo(entries: UpdateEntry[], now: number): number {
    const row = this.store.row(this.collection, this.id);
    if (!row) return 0;
    const json = JSON.stringify(applyUpdate(JSON.parse(row.data) as Doc, entries, now));
    if (json === row.data) return 0;
    this.store.write(this.collection, this.id, json);
    return 1;
  }
}

// ---------------------------------------------------------------- transactions

interface Pending { coll: string; id: string; body: Doc | null; isAdd: boolean }

/**
 * One transaction attempt under snapshot isolation with write locks. Reads see the committed
 * database as of the attempt's start (and the attempt's own buffered writes); the first write to
 * a document claims its lock (Store.claim), which fails at once on another open transaction's lock
 * or on a commit newer than the snapshot. Commit applies the buffered writes atomically; reads are
 * never re-validated.
 */
class TxContext implements TxHandle {
  closed = false;
  aborted: { reason: unknown } | null = null;
  readonly snapshotSeq: number;
  readonly locked: string[] = [];
  private readonly snapshot = new Map<string, Doc | null>();
  private readonly pending = new Map<string, Pending>();

  constructor(readonly store: Store) {
    this.snapshotSeq = store.seq;
    store.begin(this);
  }

  /** `kind` undefined: not a database operation (rollback), so not counted. */
  async enter(kind?: OpKind): Promise<number> {
    await this.store.tick();
    if (this.closed) throw invalid('transaction already finished (missing await?)');
    if (this.aborted) throw invalid('transaction was rolled back');
    if (kind) this.store.op(kind);
    return Date.now();
  }

  view(coll: string, id: string): Doc | null {
    const p = this.pending.get(keyOf(coll, id));
    return p ? p.body : this.committed(coll, id);
  }

  claim(coll: string, id: string): void {
    this.store.claim(this, coll, id);
  }

  stage(coll: string, id: string, body: Doc | null, isAdd: boolean): void {
    const k = keyOf(coll, id);
    const wasAdd = this.pending.get(k)?.isAdd ?? false;
    this.pending.set(k, { coll, id, body, isAdd: isAdd || wasAdd });
  }

  /** Every write was checked when it was made; only the test hook can still make a commit conflict. */
  commit(): void {
    if (this.store.take('commit')) throw commitConflict();
    this.store.atomic(() => {
      for (const p of this.pending.values()) this.store.write(p.coll, p.id, p.body ? JSON.stringify(p.body) : null);
    });
  }

  finish(): void {
    this.closed = true;
    this.store.end(this);
  }

  private committed(coll: string, id: string): Doc | null {
    const k = keyOf(coll, id);
    if (!this.snapshot.has(k)) {
      const data = this.store.dataAt(coll, id, this.snapshotSeq);
      this.snapshot.set(k, data === null ? null : (JSON.parse(data) as Doc));
    }
    return this.snapshot.get(k) ?? null;
  }
}

function singleDocOnly(): never {
  throw invalid('only single-document operations (doc().get/set/update/remove, add) are allowed in transactions');
}

export class Transaction {
  constructor(private readonly ctx: TxContext) {}

  collection(name: string): TransactionCollection {
    return new TransactionCollection(this.ctx, checkName(name, 'collection name'));
  }

  /** Like the SDK: the transaction is aborted and runTransaction rejects with `reason`. */
  async rollback(reason?: unknown): Promise<void> {
    await this.ctx.enter();
    this.ctx.aborted = { reason };
  }
}

export class TransactionCollection {
  constructor(private readonly ctx: TxContext, readonly name: string) {}

  doc(id: string): TransactionDocument {
    return new TransactionDocument(this.ctx, this.name, checkName(id, 'doc() id'));
  }

  async add(opts: WriteOptions): Promise<{ _id: string }> {
    const now = await this.ctx.enter('write');
    const { id = newId(), body } = prepareDoc(opts?.data, now, true);
    this.ctx.claim(this.name, id);
    if (this.ctx.view(this.name, id)) throw duplicate(this.name, id);
    this.ctx.stage(this.name, id, body, true);
    return { _id: id };
  }

  where(_cond?: unknown): never { return singleDocOnly(); }
  get(): never { return singleDocOnly(); }
  count(): never { return singleDocOnly(); }
  orderBy(_field?: unknown, _dir?: unknown): never { return singleDocOnly(); }
  skip(_n?: unknown): never { return singleDocOnly(); }
  limit(_n?: unknown): never { return singleDocOnly(); }
  field(_p?: unknown): never { return singleDocOnly(); }
  update(_opts?: unknown): never { return singleDocOnly(); }
  remove(): never { return singleDocOnly(); }
}

export class TransactionDocument {
  constructor(private readonly ctx: TxContext, readonly collection: string, readonly id: string) {}

  /** With `throwOnNotFound: false`, `data` is null for a missing doc (typed as T for SDK parity). */
  async get<T extends object = Doc>(): Promise<{ data: T }> {
    await this.ctx.enter('read');
    const body = this.ctx.view(this.collection, this.id);
    if (body) return { data: { _id: this.id, ...clone(body) } as unknown as T };
    if (this.ctx.store.throwOnNotFound) throw notFound('get', this.id);
    return { data: null as unknown as T };
  }

  async set(opts: WriteOptions): Promise<{ _id: string; stats: { updated: number; created: number } }> {
    const now = await this.ctx.enter('write');
    const { body } = prepareDoc(opts?.data, now, false);
    this.ctx.claim(this.collection, this.id);
    const existed = this.ctx.view(this.collection, this.id) !== null;
    this.ctx.stage(this.collection, this.id, body, false);
    return { _id: this.id, stats: { updated: existed ? 1 : 0, created: existed ? 0 : 1 } };
  }

  async update(opts: WriteOptions): Promise<{ stats: { updated: number } }> {
    const now = await this.ctx.enter('write');
    const entries = parseUpdate(opts?.data);
    this.ctx.claim(this.collection, this.id);
    const cur = this.ctx.view(this.collection, this.id);
    if (!cur) throw notFound('update', this.id);
    this.ctx.stage(this.collection, this.id, applyUpdate(clone(cur), entries, now), false);
    return { stats: { updated: 1 } };
  }

  async remove(): Promise<{ stats: { removed: number } }> {
    await this.ctx.enter('write');
    this.ctx.claim(this.collection, this.id);
    const existed = this.ctx.view(this.collection, this.id) !== null;
    if (existed) this.ctx.stage(this.collection, this.id, null, false);
    return { stats: { removed: existed ? 1 : 0 } };
  }
}

// ---------------------------------------------------------------- database

export class LocalDatabase {
  readonly command: Command = makeCommand();
  private readonly store: Store;

  constructor(opts: DbOptions = {}) {
    this.store = new Store(opts);
  }

  collection(name: string): CollectionReference {
    return new CollectionReference(this.store, checkName(name, 'collection name'));
  }

  /** As db.RegExp: a pattern and flags (i, m, s). A pattern that does not compile is refused here, not at query time. */
  RegExp(opts: { regexp: string; options?: string }): DbRegExp {
    const options = opts.options ?? '';
    if (typeof opts.regexp !== 'string') throw invalid('RegExp(): regexp must be a string');
    if (typeof options !== 'string' || !REGEXP_FLAGS.test(options)) throw invalid('RegExp(): options may only hold the flags i, m, s');
    try {
      new RegExp(opts.regexp, options);
    } catch {
      throw invalid(`RegExp(): invalid pattern ${JSON.stringify(opts.regexp).slice(0, 40)}`);
    }
    return new DbRegExp(opts.regexp, options);
  }

  serverDate(opts: { offset?: number } = {}): ServerDate {
    const offset = opts.offset ?? 0;
    if (!Number.isFinite(offset)) throw invalid('serverDate(): offset must be a finite number');
    return new ServerDate(offset);
  }

  /**
   * As @cloudbase/database 1.4.3's runTransaction: the callback re-runs only when the error's
   * `code` is DATABASE_TRANSACTION_CONFLICT, at most `times + 1` attempts in all. A -501001
   * TransactionConflict raised by a write inside the callback carries no code and is NOT retried
   * here: the caller must recognise it (cloudfunctions/src/adapters/transaction.ts does).
   */
  async runTransaction<T>(fn: (tx: Transaction) => Promise<T>, times = 3): Promise<T> {
    if (!Number.isInteger(times) || times < 0) throw invalid('runTransaction(): times must be >= 0');
    for (let left = times; ; left -= 1) {
      try {
        return await this.attempt(fn);
      } catch (e) {
        const retryable = (e as { code?: unknown } | null)?.code === CONFLICT;
        if (!retryable || left <= 0) throw e;
      }
    }
  }

  /**
   * Test hook. `commit` (default): the next `n` commits fail with the coded conflict the SDK
   * re-runs by itself. `in_callback`: the next `n` transactional writes fail with the -501001
   * TransactionConflict that the SDK does not retry.
   */
  forceConflicts(n: number, kind: ForcedConflict = 'commit'): void {
    this.store.addForcedConflicts(n, kind);
  }

  /** Contention so far: transactional writes refused (lock or newer commit), plain writes that waited for a lock. */
  contention(): { lockConflicts: number; lockWaits: number; byCollection: Record<string, number> } {
    const { lockConflicts, lockWaits, byCollection } = this.store.stats;
    return { lockConflicts, lockWaits, byCollection: { ...byCollection } };
  }

  /** Delay per database round trip in ms (0 = none); a rush run sets it to overlap requests as in the cloud. */
  get latencyMsPerOp(): number {
    return this.store.latencyMsPerOp;
  }

  set latencyMsPerOp(ms: number) {
    if (!Number.isFinite(ms) || ms < 0) throw invalid('latencyMsPerOp must be a non-negative number');
    this.store.latencyMsPerOp = ms;
  }

  raw(): Database.Database {
    return this.store.sqlite;
  }

  close(): void {
    this.store.sqlite.close();
  }

  private async attempt<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    await this.store.tick(); // startTransaction is a round trip; the snapshot is taken when it answers
    const ctx = new TxContext(this.store);
    try {
      let result: T;
      try {
        result = await fn(new Transaction(ctx));
      } catch (e) {
        // SDK: once rolled back, the rollback reason wins over whatever the callback threw.
        throw ctx.aborted ? ctx.aborted.reason : e;
      } finally {
        // Closed before commit so un-awaited operations fail loudly instead of sneaking in.
        ctx.closed = true;
      }
      if (ctx.aborted) throw ctx.aborted.reason;
      await this.store.tick();
      ctx.commit();
      return result;
    } finally {
      ctx.finish();
    }
  }
}
