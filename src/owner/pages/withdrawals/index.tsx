import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useState, type ReactNode } from 'react';
import { admin, errorMessage, type ClientOutput } from '../../../api/client';
import { formatDateTime } from '../../../utils/format';
import { flag } from '../../../utils/flag';
import { formatFen } from '../../../utils/format';
import './index.scss';

type OwnerWithdrawal = ClientOutput<'admin', 'partner.withdrawals.list'>['withdrawals'][number];
type Filter = 'requested' | 'all';

const STATUS_LABEL: Record<OwnerWithdrawal['status'], string> = { requested: '待审核', paid: '已打款', rejected: '已驳回' };

/** The one decision being typed: approving needs the payout reference, rejecting a reason. */
interface Decision {
  id: string;
  kind: 'approve' | 'reject';
  text: string;
}

function outcome(w: OwnerWithdrawal): string | null {
  if (w.status === 'paid') return `打款单号 ${w.payoutRef ?? ''}`;
  if (w.status === 'rejected') return `驳回原因：${w.rejectReason ?? ''}`;
  return null;
}

interface DecisionProps {
  decision: Decision;
  busy: boolean;
  onText: (text: string) => void;
  onConfirm: () => void;
  onCancel: () => void;
}

function DecisionPanel({ decision, busy, onText, onConfirm, onCancel }: DecisionProps) {
  const approve = decision.kind === 'approve';
  return (
    <View className="owner-withdrawal__decision">
      <Input
        id={approve ? 'payout-ref' : 'reject-reason'}
        className="owner-withdrawal__input"
        value={decision.text}
        maxlength={approve ? 64 : 80}
        placeholder={approve ? '打款单号（如微信转账单号）' : '驳回原因'}
        onInput={(e) => onText(e.detail.value)}
      />
      <View className="owner-withdrawal__actions">
        <Button id="decision-cancel" size="mini" onClick={onCancel}>取消</Button>
        <Button id={approve ? 'approve-confirm' : 'reject-confirm'} className="primary-button" size="mini" loading={flag(busy)} disabled={flag(busy || decision.text.trim() === '')} onClick={onConfirm}>
          {approve ? '确认已打款' : '确认驳回'}
        </Button>
      </View>
    </View>
  );
}

interface RowProps {
  w: OwnerWithdrawal;
  decision: Decision | null;
  onOpen: (kind: Decision['kind']) => void;
  panel: ReactNode;
}

function WithdrawalRow({ w, decision, onOpen, panel }: RowProps) {
  const text = outcome(w);
  return (
    <View id={`withdrawal-${w._id}`} className="owner-withdrawal card">
      <View className="row">
        <Text className="owner-withdrawal__name">{w.nickname || w.openid}</Text>
        <Text id={`withdrawal-status-${w._id}`} className={`owner-withdrawal__status owner-withdrawal__status--${w.status}`}>{STATUS_LABEL[w.status]}</Text>
      </View>
      <View className="row">
        <Text className="muted">申请提现</Text>
        <Text id={`withdrawal-amount-${w._id}`} className="price">{formatFen(w.amountFen)}</Text>
      </View>
      <View className="row">
        <Text className="muted">当前可提现</Text>
        <Text id={`withdrawal-available-${w._id}`} className={w.availableFen < 0 ? 'owner-withdrawal__negative' : ''}>{formatFen(w.availableFen)}</Text>
      </View>
      <Text className="muted">{`${formatDateTime(w.requestedAtMs)} 申请${text === null ? '' : ` · ${text}`}`}</Text>
      {w.status === 'requested' && decision === null && (
        <View className="owner-withdrawal__actions">
          <Button id={`reject-${w._id}`} size="mini" onClick={() => onOpen('reject')}>驳回</Button>
          <Button id={`approve-${w._id}`} className="primary-button" size="mini" onClick={() => onOpen('approve')}>通过</Button>
        </View>
      )}
      {panel}
    </View>
  );
}

export default function OwnerWithdrawalsPage() {
  const [filter, setFilter] = useState<Filter>('requested');
  const [list, setList] = useState<OwnerWithdrawal[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [decision, setDecision] = useState<Decision | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback((f: Filter) => {
    admin('partner.withdrawals.list', f === 'all' ? {} : { status: f })
      .then((res) => {
        setList(res.withdrawals);
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  useDidShow(() => load(filter));

  const pick = (f: Filter) => {
    setFilter(f);
    setList(null);
    setDecision(null);
    load(f);
  };

  const confirm = async () => {
    if (decision === null || busy) return;
    setBusy(true);
    try {
      const reason = decision.text.trim();
      if (decision.kind === 'approve') await admin('partner.withdrawal.approve', { withdrawalId: decision.id, payoutRef: reason });
      else await admin('partner.withdrawal.reject', { withdrawalId: decision.id, reason });
      void Taro.showToast({ title: decision.kind === 'approve' ? '已确认打款' : '已驳回', icon: 'none' });
      setDecision(null);
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    } finally {
      setBusy(false);
      load(filter);
    }
  };

  const panelFor = (w: OwnerWithdrawal) =>
    decision?.id === w._id ? (
      <DecisionPanel decision={decision} busy={busy} onText={(text) => setDecision({ ...decision, text })} onConfirm={() => void confirm()} onCancel={() => setDecision(null)} />
    ) : null;

  return (
    <View className="owner-withdrawals page">
      <View className="owner-withdrawals__tabs">
        <Button id="withdrawals-requested" size="mini" className={filter === 'requested' ? 'primary-button' : ''} onClick={() => pick('requested')}>待审核</Button>
        <Button id="withdrawals-all" size="mini" className={filter === 'all' ? 'primary-button' : ''} onClick={() => pick('all')}>全部</Button>
      </View>
      <Text className="owner-withdrawals__hint muted">请先通过微信转账等方式打款给合伙人，再填写打款单号确认；驳回后金额退回其可提现余额。</Text>
      {error !== null && <Text id="owner-error" className="error">{error}</Text>}
      {list === null && error === null && <Text className="muted">加载中…</Text>}
      {list !== null && list.length === 0 && <Text id="withdrawals-empty" className="muted">{filter === 'requested' ? '没有待审核的提现' : '还没有提现申请'}</Text>}
      {list?.map((w) => (
        <WithdrawalRow
          key={w._id}
          w={w}
          decision={decision?.id === w._id ? decision : null}
          onOpen={(kind) => setDecision({ id: w._id, kind, text: '' })}
          panel={panelFor(w)}
        />
      ))}
    </View>
  );
}
