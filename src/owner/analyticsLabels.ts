// Words for the owner's figures (the analytics subpackage).
import type { Channel, Grade, ListName } from '../contracts';

export const CHANNEL_LABEL: Record<Channel, string> = {
  direct: '自然进店',
  code: '推荐链接',
  poster: '海报扫码',
  groupbuy: '拼团分享',
  campaign: '活动',
};

/** Seed 003's grades in the owner's words. */
export const GRADE_LABEL: Record<Grade, string> = {
  A: '立即购买',
  B: '有意向',
  C: '看过就走',
  D: '未互动',
  E: '已拒绝',
};

export const GRADES: readonly Grade[] = ['A', 'B', 'C', 'D', 'E'];

export const LIST_LABEL: Record<ListName, string> = {
  top: '贡献前 20%',
  due: '本周应回购',
  overdue: '逾期未回购',
  steady: '定时定量',
};

export const PURCHASE_NO_LABEL = ['首购', '第 2 次', '第 3 次', '第 4 次及以上'] as const;
