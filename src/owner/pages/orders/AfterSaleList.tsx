import { Button } from '@nutui/nutui-react-taro';
import { Image, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { admin, errorMessage, type ClientOutput } from '../../../api/client';
import { AFTER_SALE_LABEL } from '../../../contracts';
import { Avatar, Badge, EmptyState, Loadable, Price, Sheet, Skeleton } from '../../../components/ui';
import { useQuery } from '../../../hooks/useQuery';
import { formatDateTime, formatFen } from '../../../utils/format';
import { pictureUrl } from '../../../utils/picture';

type Item = ClientOutput<'admin', 'afterSale.list'>['afterSales'][number];
type Decision = { item: Item; kind: 'approveReturn' | 'refuse' };

function Row({ item, busy, onApprove, onRefuse, onReceived }: { item: Item; busy: boolean; onApprove: () => void; onRefuse: () => void; onReceived: () => void }) {
  const who = item.nickname || '顾客';
  return (
    <View id={`owner-as-${item._id}`} className="owner-order">
      <View className="owner-card-head">
        <Text className="owner-meta">{`订单号 ${item.orderNo ?? item.orderId}`}</Text>
        <Badge id={`owner-as-status-${item._id}`} text={`${item.kind === 'refund' ? '仅退款' : '退货退款'} · ${AFTER_SALE_LABEL[item.status]}`} tone={item.status === 'REQUESTED' ? 'warning' : 'brand'} />
      </View>
      <View className="owner-order__body">
        <Avatar name={who} picture={item.avatar} size="s" />
        <View className="owner-order__text">
          <Text className="owner-line">{`原因：${item.reason}`}</Text>
          <Text className="owner-meta">{`${who} · ${formatDateTime(item.createdAtMs)} · ${item.lines.reduce((n, l) => n + l.qty, 0)} 件`}</Text>
          {item.returnAddress !== null && <Text className="owner-meta">{`退货地址：${item.returnAddress}`}</Text>}
        </View>
        <Price fen={item.amountFen} size="s" tone="text" />
      </View>
      {item.photos.length > 0 && <View className="as-photos">{item.photos.map((p) => <Image key={p} className="as-photo" src={pictureUrl(p)} mode="aspectFill" />)}</View>}
      <View className="owner-actions">
        {item.status === 'REQUESTED' && <Button id={`as-refuse-${item._id}`} size="small" disabled={busy} onClick={onRefuse}>拒绝</Button>}
        {item.status === 'REQUESTED' && <Button id={`as-approve-${item._id}`} size="small" type="primary" loading={busy} disabled={busy} onClick={onApprove}>{item.kind === 'refund' ? `同意退款 ${formatFen(item.amountFen)}` : '同意退货'}</Button>}
        {item.status === 'RETURNING' && <Button id={`as-received-${item._id}`} size="small" type="primary" loading={busy} disabled={busy} onClick={onReceived}>已收到退货，退款</Button>}
      </View>
    </View>
  );
}

/** The text a decision needs: the return address, or the reason for refusing. */
function DecisionSheet({ decision, defaultAddress, busy, onClose, onSubmit }: { decision: Decision; defaultAddress: string; busy: boolean; onClose: () => void; onSubmit: (text: string) => void }) {
  const [text, setText] = useState(decision.kind === 'approveReturn' ? defaultAddress : '');
  const label = decision.kind === 'approveReturn' ? '退货地址（收件人、电话、地址）' : '拒绝原因（顾客可见）';
  return (
    <Sheet id="as-decision" open title={decision.kind === 'approveReturn' ? '同意退货' : '拒绝售后'} onClose={onClose} footer={<Button id="as-decision-submit" type="primary" block loading={busy} disabled={busy || text.trim().length === 0} onClick={() => onSubmit(text.trim())}>确定</Button>}>
      <Text className="owner-meta">{label}</Text>
      <Input id="as-decision-text" className="owner-field__input" value={text} maxlength={decision.kind === 'approveReturn' ? 120 : 80} onInput={(e) => setText(e.detail.value)} />
    </Sheet>
  );
}

/** 售后: requests waiting for the owner (to decide, or a return to receive). */
export function AfterSaleList({ defaultAddress, onChanged }: { defaultAddress: string; onChanged: () => void }) {
  const q = useQuery(async () => (await admin('afterSale.list', { open: true, limit: 50 })).afterSales);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [decision, setDecision] = useState<Decision | null>(null);
  const run = async (id: string, write: () => Promise<unknown>, toast: string) => {
    setBusyId(id);
    try {
      await write();
      void Taro.showToast({ title: toast, icon: 'none' });
      setDecision(null);
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    } finally {
      setBusyId(null);
      void q.reload();
      onChanged();
    }
  };
  const approve = async (item: Item) => {
    if (item.kind === 'return') return setDecision({ item, kind: 'approveReturn' });
    const { confirm } = await Taro.showModal({ title: `退款 ${formatFen(item.amountFen)}`, content: '原路退回，并按比例扣回积分与佣金。', confirmText: '同意退款', cancelText: '取消' });
    if (confirm) await run(item._id, () => admin('afterSale.approve', { afterSaleId: item._id }), '已同意，退款已提交');
  };
  const submitDecision = (text: string) => {
    if (!decision) return;
    const id = decision.item._id;
    if (decision.kind === 'approveReturn') void run(id, () => admin('afterSale.approve', { afterSaleId: id, returnAddress: text }), '已同意退货');
    else void run(id, () => admin('afterSale.refuse', { afterSaleId: id, reason: text }), '已拒绝');
  };
  return (
    <View>
      <Loadable query={q} skeleton={<Skeleton variant="list" rows={3} />} isEmpty={(items) => items.length === 0}
        empty={<EmptyState id="owner-as-empty" title="没有待处理的售后" description="顾客申请退款或退货后会出现在这里" picture="orders" />}>
        {(items) => items.map((item) => (
          <Row key={item._id} item={item} busy={busyId === item._id} onApprove={() => void approve(item)} onRefuse={() => setDecision({ item, kind: 'refuse' })}
            onReceived={() => void run(item._id, () => admin('afterSale.receiveReturn', { afterSaleId: item._id }), '退款已提交')} />
        ))}
      </Loadable>
      {decision !== null && <DecisionSheet decision={decision} defaultAddress={defaultAddress} busy={busyId !== null} onClose={() => setDecision(null)} onSubmit={submitDecision} />}
    </View>
  );
}
