// 分享赚 in words (pure; the server computes every figure, this only says them).
import type { ShareEarning } from '../contracts';
import { formatBpsAsPercent, formatFen } from './format';

/** '¥59.60' or '2980 积分'. */
export function earningAmountText(e: Pick<ShareEarning, 'reward' | 'amountFen' | 'points'>): string {
  return e.reward === 'points' ? `${e.points} 积分` : formatFen(e.amountFen);
}

/**
 * The one line that explains the figure: the base is the list price (原价) or the owner's commission
 * base (佣金基数, said so when it differs), never what the friend pays — so an ¥89 group seat still
 * counts on ¥128, and the line says so.
 */
export function earningBasisText(e: ShareEarning): string {
  const basis = e.baseFen === e.listPriceFen ? '原价' : '佣金基数';
  const how = e.rateBps === null ? `每件固定奖励，按${basis} ${formatFen(e.baseFen)} 计` : `按${basis} ${formatFen(e.baseFen)} 的 ${formatBpsAsPercent(e.rateBps)}% 计算`;
  const paid = e.buyerPaysFen < e.baseFen ? `，好友拼团价 ${formatFen(e.buyerPaysFen)} 也按${basis}算` : '，与好友实付价无关';
  return `${how}${paid}${e.reward === 'points' ? '（积分可抵现）' : ''}`;
}
