/**
 * Pure helpers the group-buy (拼团) pages share: statuses in Chinese, durations, the share path.
 * Everything shown is what the server confirmed; nothing here decides a group's fate.
 */
import type { Group, GroupStatus, Order } from '../contracts';

/** The group page inside the `groupbuy` subpackage (no leading slash, as share paths want). */
export const GROUP_PAGE = 'groupbuy/pages/group/index';

export const GROUP_STATUS_LABEL: Record<GroupStatus, string> = {
  OPEN: '拼团中',
  SUCCEEDED: '拼团成功',
  FAILED: '拼团失败',
};

/**
 * `#group-status`: a failed group also says where the viewer's money is, as far as the server
 * has confirmed it (退款中 until the refund callback lands, then 已退款).
 */
export function groupStatusText(status: GroupStatus, myOrder: Pick<Order, 'status'> | null): string {
  if (status !== 'FAILED' || myOrder === null) return GROUP_STATUS_LABEL[status];
  if (myOrder.status === 'REFUNDED') return '拼团失败，已退款';
  if (myOrder.status === 'REFUNDING') return '拼团失败，退款中';
  return GROUP_STATUS_LABEL.FAILED;
}

/** Fill-on-expiry in plain words, or null when only a full group succeeds. */
export function fillOnExpiryText(minPaid: number | null): string | null {
  return minPaid === null ? null : `到期时满 ${minPaid} 人即可成团（系统补位）`;
}

/** A member's avatar: the first character of the nickname (a surrogate pair counts as one). */
export function initialOf(nickname: string): string {
  return Array.from(nickname.trim())[0] ?? '?';
}

/** Whether the viewer holds a seat in the group. */
export function isMember(group: Pick<Group, 'members'>): boolean {
  return group.members.some((m) => m.isMe);
}
