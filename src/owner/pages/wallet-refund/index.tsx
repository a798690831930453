import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useRef, useState } from 'react';
import { admin, errorMessage, type ClientOutput } from '../../../api/client';
import { Avatar, Fact, Loadable, Section, Skeleton } from '../../../components/ui';
import type { CustomerRow } from '../../../contracts';
import { useQuery } from '../../../hooks/useQuery';
import { formatFen } from '../../../utils/format';
import { STAGE_LABEL } from '../../../utils/labels';
import { newRequestId } from '../../../utils/requestId';
import { Field } from '../../components/Field';
import { CustomerSearchBox, CustomerSearchResults } from '../../components/CustomerSearch';
import './index.scss';

type RefundResult = ClientOutput<'admin', 'wallet.refundPrincipal'> & { who: string };

const DEFAULT_REASON = '会员申请退卡';

/** The newest customers to pick from by name (the owner sees people, not ids). */
function Picks({ customers, selected, onPick }: { customers: CustomerRow[]; selected: string; onPick: (c: CustomerRow) => void }) {
  return (
    <View className="owner-refund__picks">
      {customers.map((c) => (
        <View key={c.openid} id={`refund-pick-${c.openid}`} className={`owner-refund__pick${c.openid === selected ? ' owner-refund__pick--on' : ''}`} onClick={() => onPick(c)}>
          <Avatar name={c.nickname} picture={c.avatar} size="s" />
          <Text className="owner-refund__pick-name">{c.nickname}</Text>
          <Text className="owner-meta">{STAGE_LABEL[c.stage]}</Text>
        </View>
      ))}
    </View>
  );
}

function ResultCard({ result }: { result: RefundResult }) {
  return (
    <Section id="refund-result" title="退款结果">
      <Fact label="会员"><Text>{result.who}</Text></Fact>
      <Fact label="退还本金"><Text id="refund-fen" className="owner-refund__amount">{formatFen(result.refundFen)}</Text></Fact>
      <Fact label="作废赠送"><Text id="refund-forfeit">{formatFen(result.forfeitBonusFen)}</Text></Fact>
      <Fact label="退款单"><Text className="owner-meta">{result.refundNos.join('、') || '—'}</Text></Fact>
    </Section>
  );
}

export default function OwnerWalletRefundPage() {
  const q = useQuery(async () => (await admin('customers.list', { limit: 20 })).customers, { reloadOnShow: false });
  const [openid, setOpenid] = useState('');
  const [name, setName] = useState('');
  const [search, setSearch] = useState('');
  const [reason, setReason] = useState(DEFAULT_REASON);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<RefundResult | null>(null);
  // One key per member in this view: a retry after a network error lands on the same refund.
  const keys = useRef<Partial<Record<string, string>>>({});

  const refund = async () => {
    const who = openid;
    const why = reason.trim();
    if (who === '' || why === '') {
      setError(who === '' ? '请先找到并选择会员' : '请填写退款原因');
      return;
    }
    const shown = name || '这位会员';
    const { confirm } = await Taro.showModal({ title: '退还储值本金', content: `退还${shown}的全部剩余本金，赠送金额作废且不可恢复。`, confirmText: '退款', cancelText: '取消' });
    if (!confirm) return;
    setBusy(true);
    try {
      const requestId = keys.current[who] ?? newRequestId();
      keys.current[who] = requestId;
      const res = await admin('wallet.refundPrincipal', { requestId, openid: who, reason: why.slice(0, 80) });
      delete keys.current[who];
      setResult({ ...res, who: shown });
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="owner-refund page">
      <Section title="选择会员">
        <CustomerSearchBox value={search} onInput={setSearch} />
        <CustomerSearchResults text={search} selected={openid} onPick={(c) => { setOpenid(c.openid); setName(c.nickname); }} />
        {search.trim() === '' && (
          <Loadable query={q} skeleton={<Skeleton variant="card" rows={1} />}>
            {(customers) => <Picks customers={customers} selected={openid} onPick={(c) => { setOpenid(c.openid); setName(c.nickname); }} />}
          </Loadable>
        )}
        {name !== '' && <Text id="refund-chosen" className="owner-meta">{`已选择：${name}`}</Text>}
      </Section>
      <Section title="退还储值本金">
        <Field id="refund-reason" label="原因" maxlength={80} value={reason} onInput={setReason} />
        <Text className="owner-hint owner-refund__note">按预付卡规定退还剩余本金，原路退回充值时的微信支付；赠送金额不退。</Text>
        {error !== null && <Text id="refund-error" className="owner-error">{error}</Text>}
        <Button id="refund-principal" type="primary" block loading={busy} disabled={busy} onClick={() => void refund()}>{name ? `退还${name}的本金` : '退还本金'}</Button>
      </Section>
      {result !== null && <ResultCard result={result} />}
    </View>
  );
}
