import { Button } from '@nutui/nutui-react-taro';
import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState, type ReactNode } from 'react';
import { admin, errorMessage, type ClientOutput } from '../../../api/client';
import { Avatar, Badge, EmptyState, Fact, Loadable, Section, Skeleton, Tabs } from '../../../components/ui';
import { useQuery } from '../../../hooks/useQuery';
import { formatDateTime, formatFen } from '../../../utils/format';
import '../../owner.scss';
import './index.scss';

type OwnerWithdrawal = ClientOutput<'admin', 'partner.withdrawals.list'>['withdrawals'][number];
type Filter = 'requested' | 'all';

const STATUS_LABEL: Record<OwnerWithdrawal['status'], string> = { requested: '待审核', paid: '已打款', rejected: '已驳回' };
const STATUS_TONE = { requested: 'warning', paid: 'success', rejected: 'grey' } as const;

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
      <View className="owner-actions">
        <Button id="decision-cancel" size="small" onClick={onCancel}>取消</Button>
        <Button id={approve ? 'approve-confirm' : 'reject-confirm'} type="primary" size="small" loading={busy} disabled={busy || decision.text.trim() === ''} onClick={onConfirm}>
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
  const who = w.nickname || '合伙人';
  return (
    <Section id={`withdrawal-${w._id}`}>
      <View className="owner-card-head">
        <View className="owner-withdrawal__who">
          <Avatar name={who} picture={w.avatar} size="s" />
          <Text className="owner-card-title">{who}</Text>
        </View>
        <Badge id={`withdrawal-status-${w._id}`} text={STATUS_LABEL[w.status]} tone={STATUS_TONE[w.status]} />
      </View>
      <Fact label="申请提现"><Text id={`withdrawal-amount-${w._id}`} className="owner-withdrawal__amount">{formatFen(w.amountFen)}</Text></Fact>
      <Fact label="当前可提现"><Text id={`withdrawal-available-${w._id}`} className={w.availableFen < 0 ? 'owner-withdrawal__negative' : ''}>{formatFen(w.availableFen)}</Text></Fact>
      <Text className="owner-meta">{`${formatDateTime(w.requestedAtMs)} 申请${text === null ? '' : ` · ${text}`}`}</Text>
      {w.status === 'requested' && decision === null && (
        <View className="owner-actions">
          <Button id={`reject-${w._id}`} size="small" onClick={() => onOpen('reject')}>驳回</Button>
          <Button id={`approve-${w._id}`} type="primary" size="small" onClick={() => onOpen('approve')}>通过</Button>
        </View>
      )}
      {panel}
    </Section>
  );
}

const FILTERS: { key: Filter; label: string }[] = [{ key: 'requested', label: '待审核' }, { key: 'all', label: '全部' }];

export default function OwnerWithdrawalsPage() {
  const [filter, setFilter] = useState<Filter>('requested');
  const q = useQuery(async () => (await admin('partner.withdrawals.list', filter === 'all' ? {} : { status: filter })).withdrawals, { key: filter });
  const [decision, setDecision] = useState<Decision | null>(null);
  const [busy, setBusy] = useState(false);

  const pick = (f: Filter) => {
    setDecision(null);
    setFilter(f);
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
      void q.reload();
    }
  };

  const panelFor = (w: OwnerWithdrawal) =>
    decision?.id === w._id ? (
      <DecisionPanel decision={decision} busy={busy} onText={(text) => setDecision({ ...decision, text })} onConfirm={() => void confirm()} onCancel={() => setDecision(null)} />
    ) : null;

  return (
    <View className="owner-withdrawals page">
      <Tabs idPrefix="withdrawals" items={FILTERS} active={filter} onChange={pick} sticky />
      <Text className="owner-hint">请先通过微信转账等方式打款给合伙人，再填写打款单号确认；驳回后金额退回其可提现余额。</Text>
      <Loadable
        query={q}
        skeleton={<Skeleton variant="card" rows={2} />}
        isEmpty={(list) => list.length === 0}
        empty={<EmptyState id="withdrawals-empty" title={filter === 'requested' ? '没有待审核的提现' : '还没有提现申请'} picture="orders" />}
      >
        {(list) => list.map((w) => (
          <WithdrawalRow key={w._id} w={w} decision={decision?.id === w._id ? decision : null} onOpen={(kind) => setDecision({ id: w._id, kind, text: '' })} panel={panelFor(w)} />
        ))}
      </Loadable>
    </View>
  );
}
