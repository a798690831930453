import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { shop, type ClientInput } from '../../../api/client';
import { Avatar, Badge, EmptyState, Loadable, Skeleton, Tabs } from '../../../components/ui';
import type { EarningEntry } from '../../../contracts';
import { useQuery } from '../../../hooks/useQuery';
import { formatDateTime, formatFen } from '../../../utils/format';
import { entryMathText, entryWhenText } from '../../money';
import { Balances } from '../../components/Balances';
import { COMMISSION_STATUS_LABEL, LEVEL_LABEL, PARTNER_PAGES } from '../../labels';
import '../../partner.scss';
import './index.scss';

type Filter = NonNullable<ClientInput<'shop', 'partner.earnings.list'>['status']> | 'all';

const LIMIT = 50;

const TABS: { key: Filter; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'frozen', label: '待入账' },
  { key: 'available', label: '可提现' },
  { key: 'reversed', label: '已退回' },
];

const STATUS_TONE = { pending: 'warning', frozen: 'gold', available: 'success', credited: 'success', reversed: 'grey' } as const;

function EntryCard({ entry }: { entry: EarningEntry }) {
  const key = `${entry.orderId}-${entry.level}`;
  const orderText = entry.orderNo === null ? formatDateTime(entry.createdAtMs) : `订单号 ${entry.orderNo}`;
  const copy = () => void Taro.setClipboardData({ data: entry.orderNo ?? '' }).catch(() => undefined);
  return (
    <View id={`earning-${key}`} className="earning">
      <View className="earning__head" onClick={copy}>
        <Text id={`earning-order-${key}`} className="earning__order">{orderText}</Text>
        <Badge id={`earning-status-${key}`} text={COMMISSION_STATUS_LABEL[entry.status]} tone={STATUS_TONE[entry.status]} />
      </View>
      <View className="earning__body">
        <Avatar name={entry.buyerNickname} picture={entry.buyerAvatar} size="s" />
        <View className="earning__who">
          <Text className="earning__buyer">{`${entry.buyerNickname} · ${LEVEL_LABEL[entry.level]}`}</Text>
          <Text className="earning__lines">{entry.lines.map((l) => `${l.name} × ${l.qty}`).join('、')}</Text>
        </View>
        <Text id={`earning-amount-${key}`} className={`earning__amount${entry.status === 'reversed' ? ' earning__amount--reversed' : ''}`}>{entry.reward === 'points' ? `+${entry.points} 积分` : `+${formatFen(entry.amountFen)}`}</Text>
      </View>
      <Text id={`earning-math-${key}`} className="partner-note">{entryMathText(entry)}</Text>
      <Text id={`earning-thaw-${key}`} className="earning__thaw">{entryWhenText(entry)}</Text>
    </View>
  );
}

export default function PartnerEarningsPage() {
  const [filter, setFilter] = useState<Filter>('all');
  const q = useQuery(() => shop('partner.earnings.list', { limit: LIMIT, ...(filter === 'all' ? {} : { status: filter }) }), { key: filter });
  const share = () => void Taro.navigateTo({ url: PARTNER_PAGES.share });
  return (
    <View className="partner-earnings page">
      <Tabs idPrefix="earnings-tab" items={TABS} active={filter} onChange={setFilter} sticky />
      <Loadable query={q} skeleton={<Skeleton variant="card" rows={3} />}>
        {(earnings) => (
          <View>
            <Balances balances={earnings.balances} />
            {earnings.entries.length === 0 && <EmptyState id="earnings-empty" title="暂无收益记录" description="分享好物，好友下单后你的佣金会出现在这里" picture="orders" action={{ id: 'go-share', text: '去推广', onClick: share }} />}
            {earnings.entries.map((e) => <EntryCard key={e._id} entry={e} />)}
            {earnings.entries.length >= LIMIT && <Text className="partner-note">{`仅显示最近 ${LIMIT} 条`}</Text>}
          </View>
        )}
      </Loadable>
    </View>
  );
}
