import Taro from '@tarojs/taro';
import type { Order, PayMethod, WxPayment } from '../contracts';
import { formatFen } from '../utils/format';
import { ApiClientError, shop } from './client';

const POLL_ATTEMPTS = 10;
const POLL_INTERVAL_MS = 300;

const cancelled = () => new ApiClientError('NOT_PAYABLE', '已取消支付');

function isCancel(e: unknown): boolean {
  const errMsg = typeof e === 'object' && e !== null ? (e as { errMsg?: unknown }).errMsg : undefined;
  return typeof errMsg === 'string' && errMsg.includes('cancel');
}

/** weapp: WeChat's own cashier; it resolves once the user has paid. */
async function payInWeChat(payment: WxPayment, _payableFen: number): Promise<void> {
  try {
    await Taro.requestPayment({ ...payment, signType: payment.signType as Taro.requestPayment.Option['signType'] });
  } catch (e) {
    if (isCancel(e)) throw cancelled();
    throw new ApiClientError('PAYMENT_UNAVAILABLE', '支付失败，请稍后重试');
  }
}

/** H5: the local gateway's simulated cashier; it answers after the payment callback ran. */
async function payInSimulatedCashier(payment: WxPayment, payableFen: number): Promise<void> {
  const { confirm } = await Taro.showModal({
    title: '模拟收银台',
    content: `支付 ${formatFen(payableFen)}`,
    confirmText: '确认支付',
    cancelText: '取消',
  });
  if (!confirm) throw cancelled();
  let body: { ok?: unknown; error?: { message?: unknown } } | null;
  try {
    const res = await fetch('/api/cashier/pay', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ package: payment.package }),
      credentials: 'include',
    });
    body = (await res.json()) as typeof body;
  } catch {
    throw new ApiClientError('INTERNAL', '网络异常，请稍后重试');
  }
  if (body?.ok === true) return;
  const message = typeof body?.error?.message === 'string' ? body.error.message : '支付失败，请稍后重试';
  throw new ApiClientError('PAYMENT_UNAVAILABLE', message);
}

// Chosen at module level so each build drops the other platform's cashier.
const cashier = process.env.TARO_ENV === 'weapp' ? payInWeChat : payInSimulatedCashier;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The payment callback may land after the cashier returns: wait until the order leaves PENDING. */
async function waitUntilSettled(orderId: string): Promise<Order> {
  let order = (await shop('order.get', { orderId })).order;
  for (let attempt = 1; attempt < POLL_ATTEMPTS && order.status === 'PENDING'; attempt++) {
    await sleep(POLL_INTERVAL_MS);
    order = (await shop('order.get', { orderId })).order;
  }
  return order;
}

/**
 * Pays an order and returns it as the server now sees it (normally PAID; still PENDING if the
 * callback is slow — the caller shows whatever status the server confirmed).
 * Throws ApiClientError NOT_PAYABLE '已取消支付' when the user cancels.
 */
export async function payOrder(orderId: string, method: PayMethod = 'wxpay'): Promise<Order> {
  const { payment, payableFen, order } = await shop('order.pay', { orderId, method });
  // Paying by balance settles on the server at once; WeChat Pay settles through its callback.
  if (order && !payment) return order;
  if (!payment) throw new ApiClientError('INTERNAL', '支付参数缺失');
  await cashier(payment, payableFen);
  return waitUntilSettled(orderId);
}
