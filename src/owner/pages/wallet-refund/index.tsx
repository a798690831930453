import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { admin, errorMessage, type ClientOutput } from '../../../api/client';
import { isDevSignInAvailable, listIdentities, type DevIdentity } from '../../../utils/dev';
import { flag } from '../../../utils/flag';
import { formatFen } from '../../../utils/format';
import { newRequestId } from '../../../utils/requestId';
import '../../owner.scss';
import './index.scss';

type RefundResult = ClientOutput<'admin', 'wallet.refundPrincipal'> & { openid: string };

const DEFAULT_REASON = '会员申请退卡';

/** H5 only: the gateway's demo identities, so the owner need not type an openid. */
function DemoPicks({ onPick }: { onPick: (openid: string) => void }) {
  const [identities, setIdentities] = useState<DevIdentity[]>([]);
  useEffect(() => {
    listIdentities().then(setIdentities).catch(() => setIdentities([]));
  }, []);
  if (identities.length === 0) return null;
  return (
    <View className="owner-refund__picks">
      {identities.map((i) => (
        <Button key={i.openid} id={`refund-pick-${i.openid}`} className="owner-refund__pick" size="mini" onClick={() => onPick(i.openid)}>{i.label}</Button>
      ))}
    </View>
  );
}

function ResultCard({ result }: { result: RefundResult }) {
  return (
    <View id="refund-result" className="card">
      <Text className="owner-refund__title">退款结果</Text>
      <View className="row"><Text className="muted">会员</Text><Text>{result.openid}</Text></View>
      <View className="row"><Text className="muted">退还本金</Text><Text id="refund-fen" className="price">{formatFen(result.refundFen)}</Text></View>
      <View className="row"><Text className="muted">作废赠送</Text><Text id="refund-forfeit">{formatFen(result.forfeitBonusFen)}</Text></View>
      <View className="row"><Text className="muted">退款单</Text><Text className="muted">{result.refundNos.join('、') || '—'}</Text></View>
    </View>
  );
}

export default function OwnerWalletRefundPage() {
  const [openid, setOpenid] = useState('');
  const [reason, setReason] = useState(DEFAULT_REASON);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<RefundResult | null>(null);
  // One key per member in this view: a retry after a network error lands on the same refund.
  const keys = useRef<Partial<Record<string, string>>>({});

  const refund = async () => {
    const who = openid.trim();
    const why = reason.trim();
    if (who === '' || why === '') {
      setError(who === '' ? '请填写会员 openid' : '请填写退款原因');
      return;
    }
    const { confirm } = await Taro.showModal({ title: '退还储值本金', content: `退还 ${who} 的全部剩余本金，赠送金额作废且不可恢复。`, confirmText: '退款', cancelText: '取消' });
    if (!confirm) return;
    setBusy(true);
    try {
      const requestId = keys.current[who] ?? newRequestId();
      keys.current[who] = requestId;
      const res = await admin('wallet.refundPrincipal', { requestId, openid: who, reason: why.slice(0, 80) });
      delete keys.current[who];
      setResult({ ...res, openid: who });
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="owner-refund page">
      <View className="card">
        <Text className="owner-refund__title">退还储值本金</Text>
        <View className="owner-field">
          <Text className="owner-field__label">会员</Text>
          <Input id="refund-openid" className="owner-field__input" placeholder="会员 openid" value={openid} onInput={(e) => setOpenid(e.detail.value)} />
        </View>
        {isDevSignInAvailable() && <DemoPicks onPick={setOpenid} />}
        <View className="owner-field">
          <Text className="owner-field__label">原因</Text>
          <Input id="refund-reason" className="owner-field__input" maxlength={80} value={reason} onInput={(e) => setReason(e.detail.value)} />
        </View>
        <Text className="owner-refund__note muted">按预付卡规定退还剩余本金，原路退回充值时的微信支付；赠送金额不退。</Text>
        {error !== null && <Text id="refund-error" className="error">{error}</Text>}
        <Button id="refund-principal" className="primary-button" loading={flag(busy)} disabled={flag(busy)} onClick={() => void refund()}>退还本金</Button>
      </View>
      {result !== null && <ResultCard result={result} />}
    </View>
  );
}
