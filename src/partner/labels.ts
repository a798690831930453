// Chinese names for the partner pages; a status added on the server later still gets a readable row.
import type { CommissionStatus } from '../contracts';

/** pending: the order is paid but not completed; frozen: completed, inside the refund window. */
export const COMMISSION_STATUS_LABEL: Record<CommissionStatus, string> = {
  pending: '待确认收货',
  frozen: '退款期中',
  available: '可提现',
  credited: '积分已到账',
  reversed: '已退回',
};

export const WITHDRAWAL_STATUS_LABEL: Record<'requested' | 'paid' | 'rejected', string> = {
  requested: '审核中',
  paid: '已提现',
  rejected: '已驳回',
};

export const LEVEL_LABEL: Record<1 | 2, string> = { 1: '一级', 2: '二级' };

/** Where each partner page lives (the package root is `partner`). */
export const PARTNER_PAGES = {
  center: '/partner/pages/center/index',
  share: '/partner/pages/share/index',
  team: '/partner/pages/team/index',
  earnings: '/partner/pages/earnings/index',
  withdraw: '/partner/pages/withdraw/index',
} as const;
