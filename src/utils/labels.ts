import type { Me, OrderStatus } from '../contracts';

/** Chinese names for order statuses; `#order-status` shows exactly these strings. */
export const ORDER_STATUS_LABEL: Record<OrderStatus, string> = {
  PENDING: '待支付',
  PAID: '已支付',
  COMPLETED: '已完成',
  CLOSED: '已关闭',
  REFUNDING: '退款中',
  REFUNDED: '已退款',
  GROUPING: '待成团',
};

/** Chinese names for the ladder stages. */
export const STAGE_LABEL: Record<Me['stage'], string> = {
  fan: '粉丝',
  customer: '顾客',
  member: '会员',
  partner: '合伙人',
};

/** The ladder, lowest first. */
export const STAGE_ORDER: readonly Me['stage'][] = ['fan', 'customer', 'member', 'partner'];

/** What moves a shopper onto each stage; shown on the ladder in the member center. */
export const STAGE_HOW_TO_REACH: Record<Me['stage'], string> = {
  fan: '进店即是',
  customer: '消费一次',
  member: '购买会员卡',
  partner: '购买合伙人礼包',
};

/** Points journal kinds; an unknown kind (added on the server later) still gets a readable row. */
const POINTS_KIND_LABEL: Record<string, string> = {
  earn: '消费获得',
  use: '抵扣',
  return: '退回',
  reverse: '退款扣回',
  expire: '过期',
  redeem: '兑换',
};

export function pointsKindLabel(kind: string): string {
  return POINTS_KIND_LABEL[kind] ?? '积分变动';
}

const WALLET_KIND_LABEL: Record<string, string> = {
  topup_principal: '充值本金',
  topup_bonus: '充值赠送',
  spend_principal: '消费(本金)',
  spend_bonus: '消费(赠送)',
  owner_refund: '退款',
};

export function walletKindLabel(kind: string): string {
  if (kind.startsWith('refund_')) return '退回';
  return WALLET_KIND_LABEL[kind] ?? '余额变动';
}

/** 积分倍率 from a percentage without floating point: 200 → '2', 150 → '1.5', 125 → '1.25'. */
export function formatMultiplier(pct: number): string {
  const whole = Math.floor(pct / 100);
  const cents = pct % 100;
  if (cents === 0) return `${whole}`;
  return `${whole}.${cents < 10 ? '0' : ''}${cents}`.replace(/0$/, '');
}
