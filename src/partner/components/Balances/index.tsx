import { Text, View } from '@tarojs/components';
import type { PartnerBalances } from '../../../contracts';
import { formatFen } from '../../../utils/format';
import './index.scss';

interface Props {
  balances: PartnerBalances;
  /** Days after completion before commission thaws; explains 冻结中 when given. */
  refundWindowDays?: number;
}

function Cell({ id, label, fen, negative }: { id: string; label: string; fen: number; negative?: boolean }) {
  return (
    <View className="partner-balances__cell">
      <Text id={id} className={`partner-balances__value${negative ? ' partner-balances__value--negative' : ''}`}>{formatFen(fen)}</Text>
      <Text className="partner-balances__label">{label}</Text>
    </View>
  );
}

/** The partner's commission by status, as the server's journal accounts hold it. */
export function Balances({ balances, refundWindowDays }: Props) {
  const negative = balances.availableFen < 0;
  return (
    <View className="partner-balances card">
      <View className="partner-balances__grid">
        <Cell id="balance-frozen" label="冻结中" fen={balances.frozenFen} />
        <Cell id="balance-available" label="可提现" fen={balances.availableFen} negative={negative} />
        <Cell id="balance-withdrawing" label="提现中" fen={balances.withdrawingFen} />
        <Cell id="balance-paid" label="已提现" fen={balances.paidOutFen} />
      </View>
      {negative && (
        <Text id="balance-negative-note" className="partner-balances__note partner-balances__note--negative">
          可提现为负：已提现的佣金因订单退款被扣回，之后的收益会先抵扣这部分。
        </Text>
      )}
      {refundWindowDays !== undefined && (
        <Text className="partner-balances__note">
          {`佣金在订单完成并过了 ${refundWindowDays} 天退款期后转为可提现。`}
        </Text>
      )}
    </View>
  );
}
