import type { Me, Order, OrderLine, OrderStatus, ProductKind } from '../contracts';

/** Chinese names for order statuses; `#order-status` shows exactly these strings. */
export const ORDER_STATUS_LABEL: Record<OrderStatus, string> = {
  PENDING: '待支付',
  PAID: '已支付',
  COMPLETED: '已完成',
  CLOSED: '已关闭',
  REFUNDING: '退款中',
  REFUNDED: '已退款',
  GROUPING: '待成团',
  SHIPPED: '已发货',
  RECEIVED: '已收货',
  PICKED_UP: '已自提',
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
  referral_points: '推荐好友奖励',
  commission_reverse: '好友退款扣回',
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

/** The catalogue's kinds, written on a picture's placeholder. */
export const KIND_LABEL: Record<ProductKind, string> = {
  standard: '精选好物',
  trial: '新客体验',
  card: '会员卡',
  package: '合伙人礼包',
};

/**
 * What a shopper reads for an order's status: a paid goods order waits to be shipped (待发货), a
 * paid top-up has arrived; the owner's console keeps ORDER_STATUS_LABEL.
 */
export function shopperStatusLabel(order: Pick<Order, 'status' | 'kind'> & { fulfilment?: Order['fulfilment'] }): string {
  if (order.status === 'PENDING') return '待付款';
  if (order.status === 'PAID') return order.kind === 'topup' ? '已到账' : order.fulfilment?.mode === 'pickup' ? '待自提' : '待发货';
  if (order.status === 'SHIPPED') return '待收货';
  if (order.status === 'GROUPING') return '拼团中';
  return ORDER_STATUS_LABEL[order.status];
}

/** 会员价 / 合伙人价: the name of a price a stage pays. */
export const PRICE_LABEL: Record<'member' | 'partner', string> = { member: '会员价', partner: '合伙人价' };

/** A line as lists name it: the product and its size (婴儿纸尿裤（提） L 码). */
export function lineName(line: Pick<OrderLine, 'name' | 'specName'>): string {
  return line.specName ? `${line.name} ${line.specName}` : line.name;
}

/** An order in one line for lists: 储值充值, 拼团 · X × 1, X × 2, or X 等 3 件. */
export function orderSummary(order: Pick<Order, 'kind' | 'lines'>): string {
  if (order.kind === 'topup') return '储值充值';
  const first = order.lines[0];
  if (first === undefined) return '';
  const what = order.lines.length > 1 ? `${lineName(first)} 等 ${order.lines.length} 件` : `${lineName(first)} × ${first.qty}`;
  return order.kind === 'group' ? `拼团 · ${what}` : what;
}

/** An address in one line, as parcels and orders show it: 浙江省杭州市西湖区 文三路 100 号. */
export function addressLine(a: { province: string; city: string; district: string; detail: string }): string {
  return `${a.province}${a.city === a.province ? '' : a.city}${a.district} ${a.detail}`;
}
