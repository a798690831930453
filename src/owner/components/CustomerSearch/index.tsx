// The owner finds a customer the way they know them — part of a nickname, a phone number (or its
// last digits), an order number — never by typing an id. Used by 顾客管理 and 储值退款.
import { Input, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { admin, type ClientOutput } from '../../../api/client';
import { Avatar, EmptyState, Loadable, Skeleton } from '../../../components/ui';
import { useQuery } from '../../../hooks/useQuery';
import { formatPhone } from '../../../utils/format';
import { STAGE_LABEL } from '../../../utils/labels';
import './index.scss';

export type FoundCustomer = ClientOutput<'admin', 'customers.search'>['customers'][number];

const PAUSE_MS = 350;
const MATCH_LABEL: Record<FoundCustomer['match'], string> = { orderNo: '订单号', phone: '手机号', nickname: '昵称' };

/** The text typed, once typing has paused. */
function usePaused(text: string): string {
  const [paused, setPaused] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setPaused(text.trim().slice(0, 32)), PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  return paused;
}

export function CustomerSearchBox({ value, onInput }: { value: string; onInput: (text: string) => void }) {
  return (
    <View className="customer-search">
      <Input id="customer-search" className="customer-search__input" placeholder="昵称 / 手机号 / 订单号" value={value} confirmType="search" onInput={(e) => onInput(e.detail.value)} />
      {value !== '' && <Text id="customer-search-clear" className="customer-search__clear" onClick={() => onInput('')}>×</Text>}
    </View>
  );
}

function FoundRow({ c, selected, onPick }: { c: FoundCustomer; selected: boolean; onPick: () => void }) {
  const how = c.match === 'orderNo' ? `订单 ${c.orderNo ?? ''}` : c.phone !== null ? formatPhone(c.phone) : STAGE_LABEL[c.stage];
  return (
    <View id={`found-${c.openid}`} className={`customer-found${selected ? ' customer-found--on' : ''}`} onClick={onPick}>
      <Avatar name={c.nickname || '顾客'} picture={c.avatar} size="s" />
      <View className="customer-found__text">
        <Text className="customer-found__name">{c.nickname || '顾客'}</Text>
        <Text className="customer-found__meta">{`${STAGE_LABEL[c.stage]} · ${how}`}</Text>
      </View>
      <Text className="customer-found__match">{`按${MATCH_LABEL[c.match]}`}</Text>
    </View>
  );
}

/** Results for `text` (nothing until something is typed); `onPick` gets the customer tapped. */
export function CustomerSearchResults({ text, selected, onPick }: { text: string; selected: string | null; onPick: (c: FoundCustomer) => void }) {
  const q = usePaused(text);
  const found = useQuery(async () => (q === '' ? [] : (await admin('customers.search', { q })).customers), { key: q, reloadOnShow: false });
  if (q === '') return null;
  return (
    <Loadable
      query={found}
      skeleton={<Skeleton variant="list" rows={2} />}
      isEmpty={(rows) => rows.length === 0}
      empty={<EmptyState id="customer-search-empty" title={`没有找到“${q}”`} description="试试昵称里的一个字、手机号后四位或完整订单号" picture="team" compact />}
    >
      {(rows) => <View id="customer-search-results">{rows.map((c) => <FoundRow key={c.openid} c={c} selected={c.openid === selected} onPick={() => onPick(c)} />)}</View>}
    </Loadable>
  );
}
