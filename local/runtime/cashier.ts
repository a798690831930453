import type Database from 'better-sqlite3';
import { randomBytes } from 'crypto';
import { BODY, CLOSE_ORDER, OUT_REFUND_NO, OUT_TRADE_NO, REFUND_LIMITS, type TradeState } from '../../cloudfunctions/src/platform';

/**
 * The simulated WeChat Pay cashier. It keeps its own tables (not CloudBase collections, so its
 * bookkeeping is never counted as the functions' database work) and builds callback events with
 * the cloud's field names. It enforces the platform contract's rules (cloudfunctions/src/
 * platform/cloudPay.ts): outTradeNo and outRefundNo formats, the 128-byte body, a nonceStr on
 * every call, closeOrder only 5 minutes after the order, no payment of a closed order, at most
 * 50 partial refunds. Delivery of callbacks is up to the caller: once, N times, concurrently, late.
 */
export interface CashierOrder {
  outTradeNo: string;
  prepayId: string;
  totalFee: number;
  functionName: string;
  subMchId: string;
  paidTransactionId: string | null;
  refundedFee: number;
  createdAtMs: number;
  closed: boolean;
}

export interface PayEvent {
  returnCode: 'SUCCESS';
  resultCode: 'SUCCESS';
  appid: string;
  mchId: string;
  subMchId: string;
  subOpenid: string;
  outTradeNo: string;
  transactionId: string;
  totalFee: number;
  cashFee: number;
  feeType: 'CNY';
  bankType: string;
  tradeType: 'JSAPI';
  isSubscribe: 'N';
  nonceStr: string;
  timeEnd: string;
}

export type CashierAnswer<T> = ({ ok: true } & T) | { ok: false; code: string; message: string };

const fail = (code: string, message: string): { ok: false; code: string; message: string } => ({ ok: false, code, message });

function addMissingColumns(sql: Database.Database): void {
  const cols = new Set((sql.prepare('PRAGMA table_info(_cashier)').all() as { name: string }[]).map((c) => c.name));
  // A .data/store.db from before these columns existed keeps working.
  if (!cols.has('created_at_ms')) sql.exec('ALTER TABLE _cashier ADD COLUMN created_at_ms INTEGER NOT NULL DEFAULT 0');
  if (!cols.has('closed')) sql.exec('ALTER TABLE _cashier ADD COLUMN closed INTEGER NOT NULL DEFAULT 0');
}

export class Cashier {
  constructor(private readonly sql: Database.Database, private readonly nowMs: () => number = Date.now) {
    sql.exec(`CREATE TABLE IF NOT EXISTS _cashier (
      out_trade_no TEXT PRIMARY KEY, prepay_id TEXT NOT NULL UNIQUE, total_fee INTEGER NOT NULL,
      function_name TEXT NOT NULL, sub_mch_id TEXT NOT NULL, openid TEXT NOT NULL,
      paid_transaction_id TEXT, refunded_fee INTEGER NOT NULL DEFAULT 0,
      created_at_ms INTEGER NOT NULL DEFAULT 0, closed INTEGER NOT NULL DEFAULT 0)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS _cashier_refunds (
      out_refund_no TEXT PRIMARY KEY, out_trade_no TEXT NOT NULL, refund_fee INTEGER NOT NULL, refund_id TEXT NOT NULL)`);
    addMissingColumns(sql);
  }

  /** Like WeChat Pay: the same outTradeNo with the same amount returns the same prepay id. */
  unifiedOrder(p: { outTradeNo: string; totalFee: number; body: string; nonceStr?: string; functionName: string; subMchId: string; openid: string }): CashierAnswer<{ prepayId: string }> {
    if (!OUT_TRADE_NO.pattern.test(p.outTradeNo)) return fail('PARAM_ERROR', 'outTradeNo 格式错误');
    if (!Number.isSafeInteger(p.totalFee) || p.totalFee <= 0) return fail('PARAM_ERROR', 'totalFee 必须为正整数');
    if (typeof p.body !== 'string' || p.body === '' || Buffer.byteLength(p.body, 'utf8') > BODY.maxBytes) return fail('PARAM_ERROR', `body 须为 1–${BODY.maxBytes} 字节`);
    if (!p.nonceStr || p.nonceStr.length > 32) return fail('PARAM_ERROR', 'nonceStr 须为 1–32 个字符');
    const row = this.find({ outTradeNo: p.outTradeNo });
    if (row) {
      if (row.paidTransactionId) return fail('ORDERPAID', '该订单已支付');
      if (row.closed) return fail('ORDERCLOSED', '订单已关闭');
      if (row.totalFee !== p.totalFee) return fail('INVALID_REQUEST', '201 商户订单号重复');
      return { ok: true, prepayId: row.prepayId };
    }
    const prepayId = `wx${randomBytes(14).toString('hex')}`;
    this.sql.prepare('INSERT INTO _cashier (out_trade_no, prepay_id, total_fee, function_name, sub_mch_id, openid, created_at_ms) VALUES (?,?,?,?,?,?,?)')
      .run(p.outTradeNo, prepayId, p.totalFee, p.functionName, p.subMchId, p.openid, this.nowMs());
    return { ok: true, prepayId };
  }

  find(by: { prepayId?: string; outTradeNo?: string }): (CashierOrder & { openid: string }) | null {
    const row = (by.prepayId
      ? this.sql.prepare('SELECT * FROM _cashier WHERE prepay_id = ?').get(by.prepayId)
      : this.sql.prepare('SELECT * FROM _cashier WHERE out_trade_no = ?').get(by.outTradeNo)) as Record<string, unknown> | undefined;
    if (!row) return null;
    return {
      outTradeNo: String(row.out_trade_no), prepayId: String(row.prepay_id), totalFee: Number(row.total_fee),
      functionName: String(row.function_name), subMchId: String(row.sub_mch_id), openid: String(row.openid),
      paidTransactionId: (row.paid_transaction_id as string | null) ?? null, refundedFee: Number(row.refunded_fee),
      createdAtMs: Number(row.created_at_ms), closed: Number(row.closed) === 1,
    };
  }

  findByTransaction(transactionId: string): (CashierOrder & { openid: string }) | null {
    const row = this.sql.prepare('SELECT out_trade_no FROM _cashier WHERE paid_transaction_id = ?').get(transactionId) as { out_trade_no: string } | undefined;
    return row ? this.find({ outTradeNo: row.out_trade_no }) : null;
  }

  /** The shopper pays: the cashier records it once and returns the callback event to deliver. A closed order cannot be paid. */
  pay(outTradeNo: string, timeEnd: string): PayEvent {
    const order = this.find({ outTradeNo });
    if (!order) throw new Error(`cashier: unknown outTradeNo ${outTradeNo}`);
    if (order.closed && !order.paidTransactionId) throw new Error(`cashier: ${outTradeNo} was closed (closeOrder) and cannot be paid`);
    let transactionId = order.paidTransactionId;
    if (!transactionId) {
      transactionId = `42000${randomBytes(12).toString('hex')}`.slice(0, 28);
      this.sql.prepare('UPDATE _cashier SET paid_transaction_id = ? WHERE out_trade_no = ? AND paid_transaction_id IS NULL').run(transactionId, outTradeNo);
    }
    return {
      returnCode: 'SUCCESS', resultCode: 'SUCCESS', appid: 'wxLOCALAPPID', mchId: '1900000001', subMchId: order.subMchId,
      subOpenid: order.openid, outTradeNo, transactionId, totalFee: order.totalFee, cashFee: order.totalFee, feeType: 'CNY',
      bankType: 'OTHERS', tradeType: 'JSAPI', isSubscribe: 'N', nonceStr: randomBytes(8).toString('hex'), timeEnd,
    };
  }

  /** queryOrder: the trade state WeChat Pay would report for an outTradeNo. */
  query(outTradeNo: string): CashierAnswer<{ tradeState: TradeState; order: CashierOrder & { openid: string } }> {
    const order = this.find({ outTradeNo });
    if (!order) return fail('ORDERNOTEXIST', '此交易订单号不存在');
    const tradeState: TradeState = order.paidTransactionId ? (order.refundedFee > 0 ? 'REFUND' : 'SUCCESS') : order.closed ? 'CLOSED' : 'NOTPAY';
    return { ok: true, tradeState, order };
  }

  /** closeOrder: only an unpaid order, and only 5 minutes or more after it was created. */
  close(outTradeNo: string): CashierAnswer<object> {
    const order = this.find({ outTradeNo });
    if (!order) return fail('ORDERNOTEXIST', '此交易订单号不存在');
    if (order.paidTransactionId) return fail('ORDERPAID', '订单已支付，不能关闭');
    if (this.nowMs() - order.createdAtMs < CLOSE_ORDER.minAgeMs) return fail('SYSTEMERROR', '订单生成后 5 分钟内不能关单');
    this.sql.prepare('UPDATE _cashier SET closed = 1 WHERE out_trade_no = ?').run(outTradeNo);
    return { ok: true };
  }

  /** Refunds are idempotent on outRefundNo, as WeChat Pay's are; the total never exceeds what was paid. */
  refund(p: { outTradeNo: string; outRefundNo: string; refundFee: number; nonceStr?: string }): CashierAnswer<{ refundId: string }> {
    if (!OUT_REFUND_NO.pattern.test(p.outRefundNo)) return fail('PARAM_ERROR', 'outRefundNo 格式错误');
    if (!p.nonceStr || p.nonceStr.length > 32) return fail('PARAM_ERROR', 'nonceStr 须为 1–32 个字符');
    if (!Number.isSafeInteger(p.refundFee) || p.refundFee <= 0) return fail('PARAM_ERROR', 'refundFee 必须为正整数');
    const order = this.find({ outTradeNo: p.outTradeNo });
    if (!order || !order.paidTransactionId) return fail('ORDERNOTEXIST', '订单不存在或未支付');
    const prior = this.sql.prepare('SELECT * FROM _cashier_refunds WHERE out_refund_no = ?').get(p.outRefundNo) as Record<string, unknown> | undefined;
    if (prior) {
      if (prior.refund_fee !== p.refundFee || prior.out_trade_no !== p.outTradeNo) return fail('INVALID_REQUEST', '退款单号重复但参数不同');
      return { ok: true, refundId: String(prior.refund_id) };
    }
    if (order.refundedFee + p.refundFee > order.totalFee) return fail('NOTENOUGH', '退款金额超过支付金额');
    const count = (this.sql.prepare('SELECT COUNT(*) AS n FROM _cashier_refunds WHERE out_trade_no = ?').get(p.outTradeNo) as { n: number }).n;
    if (count >= REFUND_LIMITS.maxPartialRefunds) return fail('INVALID_REQUEST', `每个支付订单的部分退款次数不能超过 ${REFUND_LIMITS.maxPartialRefunds} 次`);
    const refundId = `50300${randomBytes(12).toString('hex')}`.slice(0, 28);
    this.sql.transaction(() => {
      this.sql.prepare('INSERT INTO _cashier_refunds VALUES (?,?,?,?)').run(p.outRefundNo, p.outTradeNo, p.refundFee, refundId);
      this.sql.prepare('UPDATE _cashier SET refunded_fee = refunded_fee + ? WHERE out_trade_no = ?').run(p.refundFee, p.outTradeNo);
    })();
    return { ok: true, refundId };
  }
}
