// The partner centre explains money (issue 13): pure texts for rates, entries and withdrawals.
import { WITHDRAWAL_PAYOUT_DAYS, type EarningEntry, type RateRow, type Withdrawal } from '../contracts';
import { formatBpsAsPercent, formatDate, formatFen } from '../utils/format';

const DAY_MS = 24 * 3600 * 1000;

/** '一级 20% · 二级 10%（现金）' / '（积分）'. */
export function rateText(r: Pick<RateRow, 'reward' | 'level1Bps' | 'level2Bps'>): string {
  return `直推 ${formatBpsAsPercent(r.level1Bps)}% · 二级 ${formatBpsAsPercent(r.level2Bps)}%（${r.reward === 'points' ? '积分' : '现金'}）`;
}

/** How the amount was reached: '基数 ¥128.00 × 20% = ¥25.60', or the fixed amount; points say so (the entry keeps no list price, so the note names both bases). */
export function entryMathText(e: EarningEntry): string {
  const amount = e.reward === 'points' ? `${e.points} 积分` : formatFen(e.amountFen);
  const how = e.rateBps === null ? `基数 ${formatFen(e.baseFen)} · 每件固定 ${amount}` : `基数 ${formatFen(e.baseFen)} × ${formatBpsAsPercent(e.rateBps)}% = ${amount}`;
  return `${how}（基数为商品原价或店主设定的佣金基数，与好友实付价无关）`;
}

/** When the money becomes available (receipt + refund window), or why it is not known yet. */
export function entryWhenText(e: EarningEntry): string {
  if (e.status === 'reversed') return '订单已退款，已扣回';
  if (e.reward === 'points') return '已计入积分，可在结算时抵现';
  if (e.status === 'available') return e.thawAtMs === null ? '已入账，可提现' : `${formatDate(e.thawAtMs)} 已入账，可提现`;
  const days = e.refundWindowDays ?? 7;
  if (e.thawAtMs === null) return `待确认收货（收货后 ${days} 天可提现）`;
  return `${formatDate(e.thawAtMs)} 可提现（收货后 ${days} 天退款期）`;
}

/** Where a withdrawal's money goes and when. */
export function withdrawalWhereText(w: Pick<Withdrawal, 'status' | 'requestedAtMs' | 'decidedAtMs' | 'payoutRef' | 'rejectReason'>): string {
  if (w.status === 'paid') return `已转入你的微信零钱${w.decidedAtMs === null ? '' : `（${formatDate(w.decidedAtMs)}）`}，转账单号 ${w.payoutRef ?? ''}`;
  if (w.status === 'rejected') return `已驳回：${w.rejectReason ?? ''}，金额已退回可提现余额`;
  return `店主审核后转入你的微信零钱，预计 ${formatDate(w.requestedAtMs + WITHDRAWAL_PAYOUT_DAYS * DAY_MS)} 前到账`;
}

/** What a team member brought me. */
export function broughtText(m: { broughtFen: number; broughtPoints: number; orders: number }): string {
  if (m.orders === 0) return '暂未下单';
  const parts = [m.broughtFen > 0 ? formatFen(m.broughtFen) : null, m.broughtPoints > 0 ? `${m.broughtPoints} 积分` : null].filter((x): x is string => x !== null);
  return `${m.orders} 单 · 带来 ${parts.length > 0 ? parts.join(' + ') : formatFen(0)}`;
}
