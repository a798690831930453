import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useRef, useState } from 'react';
import { errorMessage, shop, type ClientInput, type ClientOutput } from '../../../api/client';
import type { CommissionEntry, PartnerBalances } from '../../../contracts';
import { formatDate, formatDateTime } from '../../../utils/format';
import { formatFen } from '../../../utils/format';
import { Balances } from '../../components/Balances';
import { COMMISSION_STATUS_LABEL, LEVEL_LABEL } from '../../labels';
import '../../partner.scss';
import './index.scss';

type Filter = NonNullable<ClientInput<'shop', 'partner.earnings.list'>['status']> | 'all';
type Earnings = ClientOutput<'shop', 'partner.earnings.list'>;

const LIMIT = 50;

const TABS: { filter: Filter; title: string }[] = [
  { filter: 'all', title: '全部' },
  { filter: 'frozen', title: '冻结中' },
  { filter: 'available', title: '已入账' },
  { filter: 'reversed', title: '已退回' },
];

/** When the entry's money moves next (or moved), in the partner's words. */
function thawText(e: CommissionEntry): string {
  if (e.status === 'reversed') return '订单已退款，佣金已退回';
  if (e.thawAtMs === null) return '订单完成后开始计算退款期';
  if (e.status === 'available') return `${formatDate(e.thawAtMs)} 已入账可提现`;
  return `预计 ${formatDate(e.thawAtMs)} 解冻`;
}

function linesText(e: CommissionEntry): string {
  return e.lines.map((l) => `${l.name} x ${l.qty}`).join('、');
}

function EntryCard({ entry }: { entry: CommissionEntry }) {
  const key = `${entry.orderId}-${entry.level}`;
  const copyOrderId = () => void Taro.setClipboardData({ data: entry.orderId }).then(() => Taro.showToast({ title: '订单号已复制', icon: 'none' }), () => undefined);
  return (
    <View id={`earning-${key}`} className="earning card">
      <View className="row" onClick={copyOrderId}>
        <Text id={`earning-order-${key}`} className="muted">{`订单号 ${entry.orderId}`}</Text>
        <Text id={`earning-status-${key}`} className={`earning__status earning__status--${entry.status}`}>{COMMISSION_STATUS_LABEL[entry.status]}</Text>
      </View>
      <View className="row">
        <Text>{`${entry.buyerNickname} · ${LEVEL_LABEL[entry.level]}`}</Text>
        <Text id={`earning-amount-${key}`} className={`earning__amount${entry.status === 'reversed' ? ' earning__amount--reversed' : ''}`}>{`+${formatFen(entry.amountFen)}`}</Text>
      </View>
      <Text className="earning__lines muted">{linesText(entry)}</Text>
      <View className="row">
        <Text className="muted">{`佣金基数 ${formatFen(entry.baseFen)} · ${formatDateTime(entry.createdAtMs)}`}</Text>
      </View>
      <Text id={`earning-thaw-${key}`} className="earning__thaw">{thawText(entry)}</Text>
    </View>
  );
}

export default function PartnerEarningsPage() {
  const [filter, setFilter] = useState<Filter>('all');
  const [earnings, setEarnings] = useState<Earnings | null>(null);
  const [balances, setBalances] = useState<PartnerBalances | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = useRef<Filter>('all');

  const load = useCallback(async (f: Filter) => {
    try {
      const res = await shop('partner.earnings.list', { limit: LIMIT, ...(f === 'all' ? {} : { status: f }) });
      setBalances(res.balances);
      if (shown.current !== f) return;
      setEarnings(res);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);

  useDidShow(() => void load(shown.current));

  const pick = (f: Filter) => {
    shown.current = f;
    setFilter(f);
    setEarnings(null);
    void load(f);
  };

  return (
    <View className="partner-earnings page">
      {balances !== null && <Balances balances={balances} />}
      <View className="partner-tabs">
        {TABS.map((t) => (
          <View key={t.filter} id={`earnings-tab-${t.filter}`} className={`partner-tab${filter === t.filter ? ' partner-tab--active' : ''}`} onClick={() => pick(t.filter)}>
            <Text>{t.title}</Text>
          </View>
        ))}
      </View>
      {error !== null && <Text className="error">{error}</Text>}
      {earnings === null && error === null && <Text className="muted">加载中…</Text>}
      {earnings !== null && earnings.entries.length === 0 && <Text id="earnings-empty" className="muted">暂无收益记录</Text>}
      {earnings?.entries.map((e) => <EntryCard key={e._id} entry={e} />)}
      {earnings !== null && earnings.entries.length >= LIMIT && <Text className="muted">{`仅显示最近 ${LIMIT} 条`}</Text>}
    </View>
  );
}
