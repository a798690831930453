import Taro from '@tarojs/taro';
import { errorMessage } from '../api/client';
import { payOrder } from '../api/pay';
import type { Order, PayMethod } from '../contracts';

/**
 * Pays an order and moves on: to the result page once the server confirms anything past
 * PENDING (or while the callback is late, where the result page keeps asking), to the order
 * page if paying failed or was cancelled — it keeps its countdown and 去支付 / 取消订单.
 */
export async function payAndShowResult(order: Pick<Order, '_id'>, method: PayMethod = 'wxpay', how: 'redirect' | 'navigate' = 'redirect'): Promise<void> {
  const go = (url: string) => void (how === 'redirect' ? Taro.redirectTo({ url }) : Taro.navigateTo({ url }));
  try {
    await payOrder(order._id, method);
  } catch (e) {
    void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    go(`/pages/order/index?id=${order._id}`);
    return;
  }
  go(`/pages/pay-result/index?id=${order._id}`);
}

/** Asks, then closes the buyer's own unpaid order (stock, points and a group seat go back). */
export async function confirmCancel(): Promise<boolean> {
  const { confirm } = await Taro.showModal({ title: '取消订单', content: '取消后商品将不再为你保留，确定取消吗？', confirmText: '取消订单', cancelText: '再想想' });
  return confirm;
}
