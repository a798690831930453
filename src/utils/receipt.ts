import Taro from '@tarojs/taro';

/**
 * 确认收货: on weapp, WeChat's own 确认收货组件 (wx.openBusinessView, businessType
 * 'weappOrderConfirm', the order named by its WeChat Pay transaction_id; base library ≥ 2.6.0;
 * https://developers.weixin.qq.com/miniprogram/dev/platform-capabilities/business-capabilities/order-shipping/order-shipping-half.html),
 * so WeChat's record of the payment is confirmed too; its answer's extraData.status is success /
 * fail / cancel. Elsewhere (H5, a balance payment, an old WeChat) the store asks in a modal.
 * Either way the store then records receipt on the server (order.confirmReceipt, the buyer's own order).
 */
export const ORDER_CONFIRM_BUSINESS_TYPE = 'weappOrderConfirm';

interface BusinessViewApi {
  openBusinessView?: (o: { businessType: string; extraData: Record<string, string>; success: (r: { extraData?: { status?: string } }) => void; fail: () => void }) => void;
}

function weChatConfirm(transactionId: string): Promise<'success' | 'fail' | 'cancel' | 'unavailable'> {
  const wx = (globalThis as { wx?: BusinessViewApi }).wx;
  if (process.env.TARO_ENV !== 'weapp' || !wx?.openBusinessView) return Promise.resolve('unavailable');
  return new Promise((resolve) => {
    wx.openBusinessView!({
      businessType: ORDER_CONFIRM_BUSINESS_TYPE,
      extraData: { transaction_id: transactionId },
      success: (r) => { const s = r.extraData?.status; resolve(s === 'success' || s === 'cancel' ? s : 'fail'); },
      fail: () => resolve('unavailable'),
    });
  });
}

/** Whether the buyer confirmed receipt (true: record it on the server). */
export async function askReceipt(transactionId: string | null): Promise<boolean> {
  if (transactionId !== null) {
    const answer = await weChatConfirm(transactionId);
    if (answer === 'success') return true;
    if (answer === 'cancel') return false;
  }
  const { confirm } = await Taro.showModal({ title: '确认收货', content: '请确认已收到全部商品，确认后订单完成。', confirmText: '确认收货', cancelText: '再等等' });
  return confirm;
}
