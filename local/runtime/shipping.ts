import type Database from 'better-sqlite3';
import { SHIPPING, UploadShippingInfoParams, type ShippingOrderAnswer, type ShippingOrderQuery } from '../../cloudfunctions/src/platform';
import type { Cashier } from './cashier';

/**
 * WeChat's 发货信息管理 on the local runtime (platform/openapi.ts SHIPPING, platform/shipping.ts):
 * uploadShippingInfo validated as documented — the order key (merchant id + outTradeNo of a paid
 * payment, or its transaction id), logistics types, 1–15 parcels, item_desc length, one update
 * after the first upload — and get_order answering the payment's shipping state. Tests read what
 * was uploaded (`uploads(outTradeNo)`) and make calls fail (`failNext`).
 */
export class ShippingDesk {
  /** Calls to fail next: 'refuse' answers an error and stores nothing; 'lost' stores the upload and then fails (the answer never came). */
  private failures: ('refuse' | 'lost')[] = [];

  constructor(private readonly sql: Database.Database, private readonly cashier: Cashier) {
    sql.exec('CREATE TABLE IF NOT EXISTS _shipping (out_trade_no TEXT NOT NULL, seq INTEGER PRIMARY KEY AUTOINCREMENT, params TEXT NOT NULL)');
    sql.exec('CREATE TABLE IF NOT EXISTS _shipping_state (out_trade_no TEXT PRIMARY KEY, state INTEGER NOT NULL)');
  }

  failNext(...modes: ('refuse' | 'lost')[]): void {
    this.failures.push(...modes);
  }

  /** Every accepted upload of a payment, oldest first. */
  uploads(outTradeNo: string): UploadShippingInfoParams[] {
    const rows = this.sql.prepare('SELECT params FROM _shipping WHERE out_trade_no = ? ORDER BY seq').all(outTradeNo) as { params: string }[];
    return rows.map((r) => JSON.parse(r.params) as UploadShippingInfoParams);
  }

  /** The buyer confirmed receipt in WeChat (the 确认收货 component): the payment's state becomes 3. */
  confirmReceipt(outTradeNo: string): void {
    this.sql.prepare('INSERT INTO _shipping_state VALUES (?, ?) ON CONFLICT(out_trade_no) DO UPDATE SET state = excluded.state').run(outTradeNo, SHIPPING.orderState.received);
  }

  private tradeOf(key: UploadShippingInfoParams['orderKey']) {
    if ('transactionId' in key) return this.cashier.findByTransaction(key.transactionId);
    const t = this.cashier.find({ outTradeNo: key.outTradeNo });
    return t && t.subMchId === key.mchid ? t : null;
  }

  /** Answers as the API does: { errCode, errMsg } or throws { errCode } (the SDK's way, platform/openapi.ts OPENAPI_SDK). */
  upload(raw: unknown): { errCode: number; errMsg: string } | { fail: number; message: string } {
    const failure = this.failures.shift();
    if (failure === 'refuse') return { fail: -1, message: 'system error' };
    const parsed = UploadShippingInfoParams.safeParse(raw);
    if (!parsed.success) return { fail: 47001, message: `data format error: ${parsed.error.issues[0]?.message ?? ''}` };
    const p = parsed.data;
    const trade = this.tradeOf(p.orderKey);
    if (!trade || !trade.paidTransactionId) return { fail: SHIPPING.errCode.noPayment, message: '支付单不存在' };
    if (trade.openid !== p.payer.openid) return { fail: 47001, message: 'payer openid does not match the payment' };
    if (trade.refundedFee >= trade.totalFee) return { fail: SHIPPING.errCode.notShippable, message: '支付单处于不可发货的状态' };
    const done = this.uploads(trade.outTradeNo).length;
    if (done > SHIPPING.reuploads) return { fail: SHIPPING.errCode.updateUsed, message: '发货信息已更新过，不能再次更新' };
    this.sql.prepare('INSERT INTO _shipping (out_trade_no, params) VALUES (?, ?)').run(trade.outTradeNo, JSON.stringify(p));
    this.sql.prepare('INSERT INTO _shipping_state VALUES (?, ?) ON CONFLICT(out_trade_no) DO NOTHING').run(trade.outTradeNo, SHIPPING.orderState.shipped);
    if (failure === 'lost') return { fail: -1, message: 'request timeout' };
    return { errCode: 0, errMsg: 'openapi.wxa.sec.order.uploadShippingInfo:ok' };
  }

  getOrder(q: ShippingOrderQuery): ShippingOrderAnswer | { fail: number; message: string } {
    const trade = 'transactionId' in q ? this.cashier.findByTransaction(q.transactionId) : this.cashier.find({ outTradeNo: q.merchantTradeNo });
    if (!trade || !trade.paidTransactionId || ('merchantId' in q && trade.subMchId !== q.merchantId)) return { fail: SHIPPING.errCode.noPayment, message: '支付单不存在' };
    const row = this.sql.prepare('SELECT state FROM _shipping_state WHERE out_trade_no = ?').get(trade.outTradeNo) as { state: number } | undefined;
    const state = trade.refundedFee >= trade.totalFee ? SHIPPING.orderState.refunded : row?.state ?? SHIPPING.orderState.toShip;
    const last = this.uploads(trade.outTradeNo).at(-1);
    return { errCode: 0, errMsg: 'openapi.wxa.sec.order.getOrder:ok', order: { orderState: state, shipping: last ? { shippingList: last.shippingList } : undefined } };
  }
}
