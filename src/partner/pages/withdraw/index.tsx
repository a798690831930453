import { Button } from '@nutui/nutui-react-taro';
import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useRef, useState } from 'react';
import { errorMessage, shop } from '../../../api/client';
import { Badge, EmptyState, Loadable, Section, Skeleton } from '../../../components/ui';
import type { PartnerBalances, Withdrawal } from '../../../contracts';
import { useQuery } from '../../../hooks/useQuery';
import { formatDateTime, formatFen, formatYuanInput, parseYuanToFen } from '../../../utils/format';
import { newRequestId } from '../../../utils/requestId';
import { Balances } from '../../components/Balances';
import { WITHDRAWAL_STATUS_LABEL } from '../../labels';
import { withdrawalWhereText } from '../../money';
import { WITHDRAWAL_PAYOUT_DAYS } from '../../../contracts';
import '../../partner.scss';
import './index.scss';
import { useConsent } from '../../../hooks/useConsent';

interface Info {
  balances: PartnerBalances;
  minWithdrawFen: number;
  withdrawals: Withdrawal[];
}

async function fetchInfo(): Promise<Info> {
  const [center, earnings] = await Promise.all([shop('partner.center', {}), shop('partner.earnings.list', { limit: 1 })]);
  return { balances: earnings.balances, minWithdrawFen: center.minWithdrawFen, withdrawals: earnings.withdrawals };
}

/** Pure: the typed amount as fen, or what to fix. Minimum and balance are the server's call. */
function readAmount(text: string): { ok: true; fen: number } | { ok: false; message: string } {
  const fen = parseYuanToFen(text);
  if (fen === null) return { ok: false, message: '请输入提现金额，如 100 或 100.50' };
  if (fen <= 0) return { ok: false, message: '提现金额须大于 0' };
  return { ok: true, fen };
}

const STATUS_TONE = { requested: 'warning', paid: 'success', rejected: 'grey' } as const;

function WithdrawalRow({ w }: { w: Withdrawal }) {
  return (
    <View id={`withdrawal-${w._id}`} className="withdrawal">
      <View className="withdrawal__head">
        <Text id={`withdrawal-amount-${w._id}`} className="withdrawal__amount">{formatFen(w.amountFen)}</Text>
        <Badge id={`withdrawal-status-${w._id}`} text={WITHDRAWAL_STATUS_LABEL[w.status]} tone={STATUS_TONE[w.status]} />
      </View>
      <Text className="partner-note">{`申请于 ${formatDateTime(w.requestedAtMs)}`}</Text>
      <Text id={`withdrawal-where-${w._id}`} className="partner-note">{withdrawalWhereText(w)}</Text>
    </View>
  );
}

export default function PartnerWithdrawPage() {
  const q = useQuery(fetchInfo);
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const askConsent = useConsent(['withdrawalResult']);
  // One key per attempt of this view: a double tap or a retry after a lost answer is the same withdrawal.
  const requestId = useRef(newRequestId());

  const submit = async () => {
    if (busy) return;
    const read = readAmount(amount);
    if (!read.ok) {
      setError(read.message);
      return;
    }
    setBusy(true);
    await askConsent(); // from the tap, first: 提现结果 when the owner pays out or rejects
    try {
      await shop('partner.withdraw', { requestId: requestId.current, amountFen: read.fen });
      requestId.current = newRequestId();
      setAmount('');
      setError(null);
      void Taro.showToast({ title: '提现申请已提交', icon: 'none' });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
      void q.reload();
    }
  };

  return (
    <View className="partner-withdraw page">
      <Loadable query={q} skeleton={<Skeleton variant="card" rows={2} />}>
        {(info) => {
          const available = info.balances.availableFen;
          return (
            <View>
              <Balances balances={info.balances} />
              <Section title="申请提现">
                <View className="withdraw-field">
                  <Text className="withdraw-field__unit">¥</Text>
                  <Input id="withdraw-amount" className="withdraw-field__input" type="digit" placeholder="输入提现金额" value={amount} onInput={(e) => setAmount(e.detail.value)} />
                  {available > 0 && <Text id="withdraw-all" className="withdraw-field__all" onClick={() => setAmount(formatYuanInput(available))}>全部</Text>}
                </View>
                <Text id="withdraw-min" className="partner-note">{`可提现 ${formatFen(available)} · 单次至少 ${formatFen(info.minWithdrawFen)}`}</Text>
                <Text id="withdraw-where" className="partner-note">{`店主审核后转入你的微信零钱，通常 ${WITHDRAWAL_PAYOUT_DAYS} 天内到账；到账后这里会显示转账单号。`}</Text>
                {error !== null && <Text id="withdraw-error" className="withdraw-error">{error}</Text>}
                <Button id="withdraw-submit" className="withdraw-submit" type="primary" block loading={busy} disabled={busy || available < info.minWithdrawFen} onClick={() => void submit()}>申请提现</Button>
              </Section>
              <Section title="提现记录">
                {info.withdrawals.length === 0 && <EmptyState id="withdrawals-empty" title="暂无提现记录" picture="orders" compact />}
                {info.withdrawals.map((w) => <WithdrawalRow key={w._id} w={w} />)}
              </Section>
            </View>
          );
        }}
      </Loadable>
    </View>
  );
}
