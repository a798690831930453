import type { Me, OrderStatus } from '../contracts';

/** Chinese names for order statuses; `#order-status` shows exactly these strings. */
export const ORDER_STATUS_LABEL: Record<OrderStatus, string> = {
  PENDING: '待支付',
  PAID: '已支付',
  COMPLETED: '已完成',
  CLOSED: '已关闭',
  REFUNDED: '已退款',
};

/** Chinese names for the ladder stages. */
export const STAGE_LABEL: Record<Me['stage'], string> = {
  fan: '粉丝',
  customer: '顾客',
  member: '会员',
  partner: '合伙人',
};
