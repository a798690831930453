import { Text, View } from '@tarojs/components';
import { Stat } from '../../../components/ui';
import type { PartnerBalances } from '../../../contracts';
import { formatFen } from '../../../utils/format';
import './index.scss';

interface Props {
  balances: PartnerBalances;
  /** Days after completion before commission thaws; explains 冻结中 when given. */
  refundWindowDays?: number;
}

/** The partner's commission by status, as the server's journal accounts hold it. */
export function Balances({ balances, refundWindowDays }: Props) {
  const negative = balances.availableFen < 0;
  return (
    <View className="partner-balances">
      <View className="partner-balances__main">
        <Text className="partner-balances__label">可提现（元）</Text>
        <Text id="balance-available" className={`partner-balances__available${negative ? ' partner-balances__available--negative' : ''}`}>{formatFen(balances.availableFen)}</Text>
      </View>
      <View className="partner-balances__grid">
        <Stat id="balance-frozen" value={formatFen(balances.frozenFen)} label="冻结中" />
        <Stat id="balance-withdrawing" value={formatFen(balances.withdrawingFen)} label="提现中" />
        <Stat id="balance-paid" value={formatFen(balances.paidOutFen)} label="已提现" />
      </View>
      {negative && (
        <Text id="balance-negative-note" className="partner-balances__note partner-balances__note--negative">可提现为负：已提现的佣金因订单退款被扣回，之后的收益会先抵扣这部分。</Text>
      )}
      {refundWindowDays !== undefined && <Text className="partner-balances__note">{`佣金在订单完成并过了 ${refundWindowDays} 天退款期后转为可提现。`}</Text>}
    </View>
  );
}
