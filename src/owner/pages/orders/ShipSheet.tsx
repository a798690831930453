import { Button } from '@nutui/nutui-react-taro';
import { Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { CARRIERS, Parcel, type Order } from '../../../contracts';
import { Sheet } from '../../../components/ui';
import { addressLine } from '../../../utils/labels';

const MAX_PARCELS = 15;

/** 发货: the carrier and tracking number of each parcel (split parcels: add more, up to 15). */
export function ShipSheet({ order, busy, onClose, onShip }: { order: Order; busy: boolean; onClose: () => void; onShip: (parcels: Parcel[]) => void }) {
  const [parcels, setParcels] = useState<{ carrier: string; trackingNo: string }[]>([{ carrier: 'SF', trackingNo: '' }]);
  const [problem, setProblem] = useState<string | null>(null);
  const set = (i: number, p: Partial<{ carrier: string; trackingNo: string }>) => setParcels((all) => all.map((x, k) => (k === i ? { ...x, ...p } : x)));
  const submit = () => {
    const parsed = Parcel.array().min(1).safeParse(parcels);
    if (!parsed.success) return setProblem(parsed.error.issues[0]?.message ?? '请检查快递信息');
    setProblem(null);
    onShip(parsed.data);
  };
  const address = order.fulfilment?.mode === 'delivery' ? order.fulfilment.address : null;
  return (
    <Sheet id="ship-sheet" open title="发货" onClose={onClose} footer={<Button id="ship-submit" type="primary" block loading={busy} disabled={busy} onClick={submit}>确认发货</Button>}>
      {address !== null && <Text className="owner-hint">{`寄往：${address.name} ${address.phone} ${addressLine(address)}`}</Text>}
      {parcels.map((p, i) => (
        <View key={i} className="ship-parcel">
          <Text className="owner-meta">{parcels.length > 1 ? `包裹 ${i + 1}` : '快递公司'}</Text>
          <View className="ship-carriers">
            {CARRIERS.map((c) => (
              <Text key={c.id} id={`ship-carrier-${i}-${c.id}`} className={`ship-carrier${p.carrier === c.id ? ' ship-carrier--on' : ''}`} onClick={() => set(i, { carrier: c.id })}>{c.name}</Text>
            ))}
          </View>
          <Input id={`ship-tracking-${i}`} className="owner-field__input ship-tracking" placeholder="快递单号" value={p.trackingNo} onInput={(e) => set(i, { trackingNo: e.detail.value.trim() })} />
        </View>
      ))}
      {parcels.length < MAX_PARCELS && <Text id="ship-add-parcel" className="ship-add" onClick={() => setParcels((all) => [...all, { carrier: all[all.length - 1].carrier, trackingNo: '' }])}>+ 分包裹发货</Text>}
      {problem !== null && <Text id="ship-problem" className="owner-error">{problem}</Text>}
    </Sheet>
  );
}
