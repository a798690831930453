import QRCode from 'qrcode';
import { LocalDatabase } from './db';
import { Cashier, type PayEvent } from './cashier';
import { invocationStore, currentInvocation, type Invocation } from './context';
import { FUNCTION_NAME, PHONE_NUMBER, SOURCE, SOURCE_FACTS, type PhoneNumberResult, type WxacodeParams } from '../../cloudfunctions/src/platform';
import { randomBytes } from 'crypto';
import { LocalStorage, storageDirFor } from './storage';
import { ShippingDesk } from './shipping';

const DOCUMENTED_SOURCES = new Set<string>(Object.values(SOURCE));

/** A SOURCE CloudBase can send: a documented value, or a chain of them (`wx_client,scf`). */
export function isDocumentedSource(source: string): boolean {
  return source.split(SOURCE_FACTS.chainSeparator).every((part) => DOCUMENTED_SOURCES.has(part));
}

export interface FunctionModule {
  main(event: unknown, context?: unknown): Promise<unknown>;
}

export interface InvokeAs {
  openid?: string;
  /**
   * The call's SOURCE, from platform/context.ts (default wx_client: a mini program user), or a
   * chain of them; null (or '') for a context without SOURCE. Anything CloudBase does not send throws.
   */
  source?: string | null;
  /** An undocumented SOURCE (e.g. the old `wx_pay`), for tests that impersonate one on purpose. */
  forgedSource?: string;
}

export interface InvokeResult<T = unknown> {
  result: T;
  reads: number;
  writes: number;
}

export interface OutboxMessage {
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
  sentAtMs: number;
}

const CLOCK_KEY = Symbol.for('member-store.clockOffsetMs');
const APPID = 'wxLOCALAPPID';
export const ENV_ID = 'local-dev';

/**
 * The local CloudBase: the functions' database, cashier, open API and identity, in one process.
 * Functions are registered by name (TypeScript entries in tests, built bundles in the gateway)
 * and invoked with an identity, exactly as the cloud would invoke them.
 */
export class LocalRuntime {
  readonly db: LocalDatabase;
  readonly cashier: Cashier;
  /** Cloud storage: files beside the database file (`.data/storage/`), in memory for `:memory:`. */
  readonly storage: LocalStorage;
  /** WeChat's shipping information (发货信息管理): what was uploaded per payment, get_order's state. */
  readonly shipping: ShippingDesk;
  private readonly functions = new Map<string, FunctionModule>();
  readonly totals = { reads: 0, writes: 0 };
  /**
   * Refuse subscribe-message values that break WeChat's rules (47003, platform/openapi.ts), as
   * WeChat does. On: messages send yuan (¥99.00), never fen. A test may turn it off to see raw values.
   */
  strictSubscribeMessages = true;
  private readonly qrCache = new Map<string, Buffer>();

  constructor(opts: { filename?: string; storageDir?: string } = {}) {
    this.db = new LocalDatabase({
      filename: opts.filename ?? ':memory:',
      onOp: (kind) => {
        const inv = currentInvocation();
        if (kind === 'read') { this.totals.reads += 1; if (inv) inv.reads += 1; }
        else { this.totals.writes += 1; if (inv) inv.writes += 1; }
      },
    });
    this.cashier = new Cashier(this.db.raw(), () => this.nowMs());
    this.shipping = new ShippingDesk(this.db.raw(), this.cashier);
    this.storage = new LocalStorage({ envId: ENV_ID, dir: opts.storageDir ?? storageDirFor(opts.filename) });
    this.db.raw().exec('CREATE TABLE IF NOT EXISTS _outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, message TEXT NOT NULL)');
    this.db.raw().exec('CREATE TABLE IF NOT EXISTS _phone_codes (code TEXT PRIMARY KEY, openid TEXT NOT NULL, phone TEXT NOT NULL, country TEXT NOT NULL, issued_at INTEGER NOT NULL, used INTEGER NOT NULL DEFAULT 0)');
  }

  register(name: string, mod: FunctionModule): void {
    this.functions.set(name, mod);
  }

  hasFunction(name: string): boolean {
    return this.functions.has(name);
  }

  async invoke<T = unknown>(name: string, event: unknown, as: InvokeAs = {}): Promise<InvokeResult<T>> {
    const fn = this.functions.get(name);
    if (!fn) throw new Error(`local runtime: no function named ${name}`);
    const inv: Invocation = { fn: name, OPENID: as.openid ?? '', APPID: as.openid ? APPID : '', SOURCE: sourceOf(as), reads: 0, writes: 0 };
    // Events cross a network in the cloud: the function gets its own copy.
    const copy = event === undefined ? {} : JSON.parse(JSON.stringify(event));
    const result = (await invocationStore.run(inv, () => fn.main(copy, { function_name: name }))) as T;
    return { result, reads: inv.reads, writes: inv.writes };
  }

  /** The timer trigger fires: cron runs as CloudBase runs it (SOURCE wx_trigger, no user). */
  async runCron<T = Record<string, number>>(): Promise<T> {
    return (await this.invoke<T>(FUNCTION_NAME.cron, {}, { source: SOURCE.trigger })).result;
  }

  /** A mini program user calls a function. */
  async call<T = unknown>(name: string, event: unknown, openid: string): Promise<T> {
    return (await this.invoke<T>(name, event, { openid })).result;
  }

  // ---- clock -------------------------------------------------------------------------------

  get clockOffsetMs(): number {
    const v = (globalThis as Record<symbol, unknown>)[CLOCK_KEY];
    return typeof v === 'number' ? v : 0;
  }

  /** Lets time pass for the functions (expiries, refund windows) without sleeping. */
  advanceClock(ms: number): void {
    (globalThis as Record<symbol, unknown>)[CLOCK_KEY] = this.clockOffsetMs + ms;
  }

  resetClock(): void {
    (globalThis as Record<symbol, unknown>)[CLOCK_KEY] = 0;
  }

  nowMs(): number {
    return Date.now() + this.clockOffsetMs;
  }

  // ---- cashier -----------------------------------------------------------------------------

  /** The shopper confirms payment in the cashier; returns the callback event (not yet delivered). */
  payEvent(outTradeNo: string): PayEvent {
    const t = new Date(this.nowMs() + 8 * 3600 * 1000).toISOString();
    const timeEnd = t.slice(0, 19).replace(/[-T:]/g, '');
    return this.cashier.pay(outTradeNo, timeEnd);
  }

  /**
   * Delivers a payment callback `times` times, concurrently or one after another, optionally
   * after a delay: as the payment system may. Returns every acknowledgement.
   */
  async deliverPayment(event: PayEvent | Record<string, unknown>, opts: { times?: number; concurrent?: boolean; delayMs?: number; source?: string } = {}): Promise<unknown[]> {
    const fnName = this.cashier.find({ outTradeNo: String(event.outTradeNo) })?.functionName ?? FUNCTION_NAME.payNotify;
    const times = opts.times ?? 1;
    if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
    const once = async () => (await this.invoke(fnName, event, { source: opts.source ?? SOURCE.payCallback })).result;
    if (opts.concurrent) return Promise.all(Array.from({ length: times }, once));
    const acks: unknown[] = [];
    for (let i = 0; i < times; i += 1) acks.push(await once());
    return acks;
  }

  /** Pay and deliver the callback once: what a shopper tapping 支付 causes. */
  async pay(outTradeNo: string): Promise<unknown> {
    const [ack] = await this.deliverPayment(this.payEvent(outTradeNo));
    return ack;
  }

  /** Refund callbacks WeChat Pay owes us, by outRefundNo (delivered on demand, or at once when autoDeliverRefunds). */
  private readonly refundCallbacks = new Map<string, { functionName: string; event: Record<string, unknown> }>();
  autoDeliverRefunds = false;

  /**
   * Called by the drop-in cloudPay.refund after the cashier accepted a refund. The callback event
   * is FLAT and decrypted, as CloudBase delivers it (platform/cloudPay.ts RefundCallbackEvent).
   */
  refundAccepted(p: { outTradeNo: string; outRefundNo: string; totalFee: number; refundFee: number; functionName: string; refundId: string; subMchId?: string }): void {
    const t = new Date(this.nowMs() + 8 * 3600 * 1000).toISOString().slice(0, 19).replace('T', ' ');
    const event = {
      returnCode: 'SUCCESS', appid: APPID, mchId: '1900000001', subMchId: p.subMchId ?? '', nonceStr: p.outRefundNo.slice(-8),
      transactionId: this.cashier.find({ outTradeNo: p.outTradeNo })?.paidTransactionId ?? '', outTradeNo: p.outTradeNo, refundId: p.refundId,
      outRefundNo: p.outRefundNo, totalFee: p.totalFee, refundFee: p.refundFee, settlementRefundFee: p.refundFee, refundStatus: 'SUCCESS',
      successTime: t, refundRecvAccout: '支付用户零钱', refundAccount: 'REFUND_SOURCE_RECHARGE_FUNDS', refundRequestSource: 'API',
    };
    this.refundCallbacks.set(p.outRefundNo, { functionName: p.functionName, event });
    if (this.autoDeliverRefunds) setTimeout(() => { this.deliverRefund(p.outRefundNo).catch((e) => console.error('refund delivery failed', e)); }, 10);
  }

  pendingRefunds(): string[] {
    return [...this.refundCallbacks.keys()];
  }

  refundEvent(outRefundNo: string): Record<string, unknown> {
    const cb = this.refundCallbacks.get(outRefundNo);
    if (!cb) throw new Error(`no refund ${outRefundNo} was accepted by the cashier`);
    return JSON.parse(JSON.stringify(cb.event));
  }

  /** Delivers a refund callback `times` times, as WeChat Pay may. */
  async deliverRefund(outRefundNo: string, opts: { times?: number; concurrent?: boolean; source?: string } = {}): Promise<unknown[]> {
    const cb = this.refundCallbacks.get(outRefundNo);
    if (!cb) throw new Error(`no refund ${outRefundNo} was accepted by the cashier`);
    const once = async () => (await this.invoke(cb.functionName, cb.event, { source: opts.source ?? SOURCE.payCallback })).result;
    const times = opts.times ?? 1;
    if (opts.concurrent) return Promise.all(Array.from({ length: times }, once));
    const acks: unknown[] = [];
    for (let i = 0; i < times; i += 1) acks.push(await once());
    return acks;
  }

  // ---- open API ----------------------------------------------------------------------------

  /**
   * WeChat's phone sheet: the user `openid` agreed to share `phone` (11 digits, mainland), and
   * the page gets a code for it, as bindgetphonenumber's e.detail.code. The local gateway's H5
   * demo and tests call this; the functions only ever see the code.
   */
  issuePhoneCode(openid: string, phone: string, countryCode = '86'): string {
    if (!/^\d{5,15}$/.test(phone)) throw new Error('issuePhoneCode: phone must be digits');
    const code = randomBytes(16).toString('hex');
    this.db.raw().prepare('INSERT INTO _phone_codes (code, openid, phone, country, issued_at) VALUES (?, ?, ?, ?, ?)').run(code, openid, phone, countryCode, this.nowMs());
    return code;
  }

  /** phonenumber.getPhoneNumber: a code works once and for PHONE_NUMBER.codeTtlMs; null otherwise (the drop-in answers 40029). */
  redeemPhoneCode(code: string): PhoneNumberResult['phoneInfo'] | null {
    const sql = this.db.raw();
    const row = sql.prepare('SELECT phone, country, issued_at FROM _phone_codes WHERE code = ? AND used = 0').get(code) as { phone: string; country: string; issued_at: number } | undefined;
    if (!row || this.nowMs() - row.issued_at > PHONE_NUMBER.codeTtlMs) return null;
    sql.prepare('UPDATE _phone_codes SET used = 1 WHERE code = ?').run(code);
    const phoneNumber = row.country === '86' ? row.phone : `+${row.country}${row.phone}`;
    return { phoneNumber, purePhoneNumber: row.phone, countryCode: row.country, watermark: { timestamp: Math.floor(this.nowMs() / 1000), appid: APPID } };
  }

  /** Codes issued, not yet used and not expired (the fuzz's valid phone binds draw from these; an expired one is refused). */
  unusedPhoneCodes(openid: string): string[] {
    const since = this.nowMs() - PHONE_NUMBER.codeTtlMs;
    return (this.db.raw().prepare('SELECT code FROM _phone_codes WHERE openid = ? AND used = 0 AND issued_at >= ? ORDER BY rowid').all(openid, since) as { code: string }[]).map((r) => r.code);
  }

  async sendSubscribeMessage(msg: Omit<OutboxMessage, 'sentAtMs'>): Promise<{ errCode: 0; errMsg: string }> {
    const full: OutboxMessage = { ...msg, sentAtMs: this.nowMs() };
    this.db.raw().prepare('INSERT INTO _outbox (message) VALUES (?)').run(JSON.stringify(full));
    return { errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' };
  }

  outbox(): OutboxMessage[] {
    const rows = this.db.raw().prepare('SELECT message FROM _outbox ORDER BY seq').all() as { message: string }[];
    return rows.map((r) => JSON.parse(r.message) as OutboxMessage);
  }

  /** A real QR code PNG whose text names the page and scene, as a mini program code would. */
  async wxacode(p: WxacodeParams): Promise<{ contentType: string; buffer: Buffer }> {
    // The drop-in (sdk.ts) has checked the parameters against platform/openapi.ts WXACODE.
    const text = `weapp://${APPID}/${p.page ?? 'pages/index/index'}?scene=${encodeURIComponent(p.scene)}&env=${p.envVersion ?? 'release'}`;
    const key = `${text}#${p.width ?? 430}`;
    let buffer = this.qrCache.get(key);
    if (!buffer) {
      // A code is a pure function of its text, as WeChat's are; PNG encoding is slow, so recent ones are kept.
      buffer = await QRCode.toBuffer(text, { type: 'png', width: p.width ?? 430, margin: 1, rendererOpts: { filterType: 0 } } as QRCode.QRCodeToBufferOptions);
      if (this.qrCache.size >= 64) this.qrCache.delete(this.qrCache.keys().next().value as string);
      this.qrCache.set(key, buffer);
    }
    return { contentType: 'image/png', buffer: Buffer.from(buffer) };
  }

  close(): void {
    this.db.close();
  }
}

// The drop-in SDK reaches the active runtime through a process-wide slot.
const RUNTIME_KEY = Symbol.for('member-store.localRuntime');

export function setActiveRuntime(rt: LocalRuntime | null): void {
  (globalThis as Record<symbol, unknown>)[RUNTIME_KEY] = rt;
}

export function activeRuntime(): LocalRuntime {
  const rt = (globalThis as Record<symbol, unknown>)[RUNTIME_KEY] as LocalRuntime | null | undefined;
  if (!rt) throw new Error('local runtime: no active runtime (call setActiveRuntime first)');
  return rt;
}

function sourceOf(as: InvokeAs): string {
  if (as.forgedSource !== undefined) return as.forgedSource;
  // The SDK leaves SOURCE out when the platform gives none (an empty TCB_SOURCE too).
  if (as.source === null || as.source === '') return '';
  const source = as.source ?? SOURCE.client;
  if (!isDocumentedSource(source)) {
    throw new Error(`local runtime: SOURCE ${JSON.stringify(source)} is not one CloudBase sends (cloudfunctions/src/platform/context.ts); the timer is ${SOURCE.trigger}, WeChat Pay is ${SOURCE.payCallback}. Use forgedSource to impersonate it on purpose.`);
  }
  return source;
}
