import { Button } from '@nutui/nutui-react-taro';
import { Image, Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { errorMessage, shop } from '../../api/client';
import { uploadPicture } from '../../api/upload';
import { BottomBar, Check, Loadable, Price, ProductPicture, Section, Skeleton, Stepper, Tabs } from '../../components/ui';
import type { Order, OrderLine } from '../../contracts';
import { useQuery } from '../../hooks/useQuery';
import { formatFen, formatYuanInput, parseYuanToFen } from '../../utils/format';
import { pictureUrl } from '../../utils/picture';
import { newRequestId } from '../../utils/requestId';
import './index.scss';

const REASONS = ['尺码不合适', '商品破损', '发错货', '少件', '不想要了', '其他'];
const KINDS = [{ key: 'return' as const, label: '退货退款' }, { key: 'refund' as const, label: '仅退款' }];
const PHOTOS_MAX = 6;

interface Pick {
  qty: number;
  amount: string;
}

/** What the buyer may still get back: the payment less what after-sales already returned. */
const leftFen = (order: Order) => order.payableFen - order.refundedFen;

/** `returns`: units go back (an unshipped order's refund, or a return); 仅退款 of shipped goods sends none. */
function LinePick({ line, pick, left, returns, onChange }: { line: OrderLine; pick: Pick | null; left: number; returns: boolean; onChange: (p: Pick | null) => void }) {
  const max = Math.min(line.amountFen, left);
  return (
    <View id={`as-line-${line.lineId}`} className="as-line">
      <Check id={`as-check-${line.lineId}`} checked={pick !== null} onChange={(on) => onChange(on ? { qty: returns ? line.qty : 0, amount: formatYuanInput(max) } : null)} />
      <ProductPicture product={{ name: line.name, pictures: line.picture === null ? [] : [line.picture] }} size="thumb" />
      <View className="as-line__text">
        <Text className="as-line__name">{line.specName ? `${line.name} ${line.specName}` : line.name}</Text>
        <Price fen={line.amountFen} size="s" tone="text" />
        {pick !== null && (
          <View className="as-line__pick">
            {returns && <Text className="as-line__label">退回件数</Text>}
            {returns && <Stepper id={`as-qty-${line.lineId}`} value={pick.qty} min={0} max={line.qty} onChange={(qty) => onChange({ ...pick, qty })} />}
            <Text className="as-line__label">退款金额 ¥</Text>
            <Input id={`as-amount-${line.lineId}`} className="as-line__amount" type="digit" value={pick.amount} onInput={(e) => onChange({ ...pick, amount: e.detail.value })} />
          </View>
        )}
      </View>
    </View>
  );
}

export default function AfterSalePage() {
  const orderId = useRouter().params.orderId ?? '';
  const q = useQuery(async () => (await shop('order.get', { orderId })).order, { key: orderId });
  const [picks, setPicks] = useState<Record<string, Pick>>({});
  const [reason, setReason] = useState(REASONS[0]);
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [requestId] = useState(newRequestId);
  const [kindChoice, setKind] = useState<'refund' | 'return'>('return');

  const addPhoto = async () => {
    try {
      const fileId = await uploadPicture();
      if (fileId) setPhotos((p) => [...p, fileId].slice(0, PHOTOS_MAX));
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    }
  };

  const submit = async (order: Order) => {
    const returns = order.status === 'PAID' || kindChoice === 'return';
    const lines = Object.entries(picks).map(([lineId, p]) => ({ lineId, qty: returns ? p.qty : 0, amountFen: parseYuanToFen(p.amount) ?? -1 }));
    if (lines.length === 0) return void Taro.showToast({ title: '请选择要退的商品', icon: 'none' });
    if (lines.some((l) => l.amountFen <= 0)) return void Taro.showToast({ title: '请填写正确的退款金额', icon: 'none' });
    setBusy(true);
    try {
      const kind = order.status === 'PAID' ? 'refund' : kindChoice;
      await shop('afterSale.request', { requestId, orderId, kind, lines, reason: note.trim() ? `${reason}：${note.trim()}`.slice(0, 100) : reason, photos });
      void Taro.showToast({ title: '已提交，等待商家处理', icon: 'none' });
      setTimeout(() => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: `/pages/order/index?id=${orderId}` })), 600);
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="after-sale page page--with-bar">
      <Loadable query={q} skeleton={<Skeleton variant="card" rows={3} />}>
        {(order) => {
          const total = Object.values(picks).reduce((s, p) => s + Math.max(0, parseYuanToFen(p.amount) ?? 0), 0);
          return (
            <View>
              {order.status !== 'PAID' && <Tabs items={KINDS} active={kindChoice} onChange={setKind} idPrefix="as-kind" />}
              <Section title={order.status === 'PAID' ? '仅退款（未发货）' : kindChoice === 'return' ? '退货退款' : '仅退款（不退货）'}>
                <Text className="as-hint">{`最多可退 ${formatFen(leftFen(order))}${order.status !== 'PAID' && kindChoice === 'return' ? '，商家同意后请按退货地址寄回' : ''}`}</Text>
                {order.lines.map((l) => (
                  <LinePick key={l.lineId} line={l} pick={picks[l.lineId] ?? null} left={leftFen(order)} returns={order.status === 'PAID' || kindChoice === 'return'} onChange={(p) => setPicks((all) => {
                    const next = { ...all };
                    if (p === null) delete next[l.lineId];
                    else next[l.lineId] = p;
                    return next;
                  })} />
                ))}
              </Section>
              <Section title="退款原因">
                <View className="as-reasons">
                  {REASONS.map((r) => <Text key={r} id={`as-reason-${REASONS.indexOf(r)}`} className={`as-reason${r === reason ? ' as-reason--on' : ''}`} onClick={() => setReason(r)}>{r}</Text>)}
                </View>
                <Textarea id="as-note" className="as-note" placeholder="补充说明（选填）" maxlength={60} value={note} onInput={(e) => setNote(e.detail.value)} />
              </Section>
              <Section title={`照片（${photos.length}/${PHOTOS_MAX}）`}>
                <View className="as-photos">
                  {photos.map((p) => <Image key={p} className="as-photo" src={pictureUrl(p)} mode="aspectFill" />)}
                  {photos.length < PHOTOS_MAX && <View id="as-add-photo" className="as-photo as-photo--add" onClick={() => void addPhoto()}><Text>+</Text></View>}
                </View>
              </Section>
              <BottomBar>
                <View className="as-bar__total"><Text>退款 </Text><Price id="as-total" fen={total} size="m" /></View>
                <Button id="as-submit" type="primary" loading={busy} disabled={busy} onClick={() => void submit(order)}>提交申请</Button>
              </BottomBar>
            </View>
          );
        }}
      </Loadable>
    </View>
  );
}
