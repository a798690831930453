import type Database from 'better-sqlite3';
import { randomBytes } from 'crypto';

/**
 * The simulated WeChat Pay cashier. It keeps its own table (not a CloudBase collection, so its
 * bookkeeping is never counted as the functions' database work) and builds callback events with
 * the cloud's field names. Delivery is up to the caller: once, N times, concurrently, late.
 */
export interface CashierOrder {
  outTradeNo: string;
  prepayId: string;
  totalFee: number;
  functionName: string;
  subMchId: string;
  paidTransactionId: string | null;
  refundedFee: number;
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

export class Cashier {
  constructor(private readonly sql: Database.Database) {
    sql.exec(`CREATE TABLE IF NOT EXISTS _cashier (
      out_trade_no TEXT PRIMARY KEY, prepay_id TEXT NOT NULL UNIQUE, total_fee INTEGER NOT NULL,
      function_name TEXT NOT NULL, sub_mch_id TEXT NOT NULL, openid TEXT NOT NULL,
      paid_transaction_id TEXT, refunded_fee INTEGER NOT NULL DEFAULT 0)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS _cashier_refunds (
      out_refund_no TEXT PRIMARY KEY, out_trade_no TEXT NOT NULL, refund_fee INTEGER NOT NULL, refund_id TEXT NOT NULL)`);
  }

  /** Like WeChat Pay: the same outTradeNo with the same amount returns the same prepay id. */
  unifiedOrder(p: { outTradeNo: string; totalFee: number; functionName: string; subMchId: string; openid: string }): { ok: true; prepayId: string } | { ok: false; code: string; message: string } {
    if (!/^[0-9A-Za-z_-]{1,32}$/.test(p.outTradeNo)) return { ok: false, code: 'PARAM_ERROR', message: 'outTradeNo 格式错误' };
    if (!Number.isSafeInteger(p.totalFee) || p.totalFee <= 0) return { ok: false, code: 'PARAM_ERROR', message: 'totalFee 必须为正整数' };
    const row = this.sql.prepare('SELECT * FROM _cashier WHERE out_trade_no = ?').get(p.outTradeNo) as Record<string, unknown> | undefined;
    if (row) {
      if (row.paid_transaction_id) return { ok: false, code: 'ORDERPAID', message: '该订单已支付' };
      if (row.total_fee !== p.totalFee) return { ok: false, code: 'INVALID_REQUEST', message: '201 商户订单号重复' };
      return { ok: true, prepayId: String(row.prepay_id) };
    }
    const prepayId = `wx${randomBytes(14).toString('hex')}`;
    this.sql.prepare('INSERT INTO _cashier (out_trade_no, prepay_id, total_fee, function_name, sub_mch_id, openid) VALUES (?,?,?,?,?,?)')
      .run(p.outTradeNo, prepayId, p.totalFee, p.functionName, p.subMchId, p.openid);
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
    };
  }

  /** The shopper pays: the cashier records it once and returns the callback event to deliver. */
  pay(outTradeNo: string, timeEnd: string): PayEvent {
    const order = this.find({ outTradeNo });
    if (!order) throw new Error(`cashier: unknown outTradeNo ${outTradeNo}`);
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

  /** Refunds are idempotent on outRefundNo, as WeChat Pay's are; the total never exceeds what was paid. */
  refund(p: { outTradeNo: string; outRefundNo: string; refundFee: number }): { ok: true; refundId: string } | { ok: false; code: string; message: string } {
    const order = this.find({ outTradeNo: p.outTradeNo });
    if (!order || !order.paidTransactionId) return { ok: false, code: 'ORDERNOTEXIST', message: '订单不存在或未支付' };
    const prior = this.sql.prepare('SELECT * FROM _cashier_refunds WHERE out_refund_no = ?').get(p.outRefundNo) as Record<string, unknown> | undefined;
    if (prior) {
      if (prior.refund_fee !== p.refundFee || prior.out_trade_no !== p.outTradeNo) return { ok: false, code: 'INVALID_REQUEST', message: '退款单号重复但参数不同' };
      return { ok: true, refundId: String(prior.refund_id) };
    }
    if (order.refundedFee + p.refundFee > order.totalFee) return { ok: false, code: 'NOTENOUGH', message: '退款金额超过支付金额' };
    const refundId = `50300${randomBytes(12).toString('hex')}`.slice(0, 28);
    this.sql.transaction(() => {
      this.sql.prepare('INSERT INTO _cashier_refunds VALUES (?,?,?,?)').run(p.outRefundNo, p.outTradeNo, p.refundFee, refundId);
      this.sql.prepare('UPDATE _cashier SET refunded_fee = refunded_fee + ? WHERE out_trade_no = ?').run(p.refundFee, p.outTradeNo);
    })();
    return { ok: true, refundId };
  }
}
