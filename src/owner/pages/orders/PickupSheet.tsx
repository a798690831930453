import { Button } from '@nutui/nutui-react-taro';
import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { admin, errorMessage, type ClientOutput } from '../../../api/client';
import { Avatar, Sheet } from '../../../components/ui';
import { orderSummary } from '../../../utils/labels';

type Preview = ClientOutput<'admin', 'order.pickupPreview'>;

/** 核销提货码: scan the buyer's QR (weapp) or type the 8 digits, see the order, hand the goods over. */
export function PickupSheet({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const [code, setCode] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const look = async (value: string) => {
    setCode(value);
    setPreview(null);
    if (!/^\d{8}$/.test(value)) return setProblem(value.length === 0 ? null : '提货码为 8 位数字');
    try {
      setPreview(await admin('order.pickupPreview', { code: value }));
      setProblem(null);
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };
  const scan = async () => {
    try {
      const { result } = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      await look(result.trim());
    } catch {
      // the owner closed the scanner
    }
  };
  const confirm = async () => {
    setBusy(true);
    try {
      await admin('order.pickUp', { code });
      void Taro.showToast({ title: '已核销，请交付商品', icon: 'none' });
      onDone();
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const ready = preview !== null && preview.order.status === 'PAID';
  return (
    <Sheet id="pickup-sheet" open title="核销提货码" onClose={onClose} footer={<Button id="pickup-confirm" type="primary" block loading={busy} disabled={!ready || busy} onClick={() => void confirm()}>确认提货</Button>}>
      <View className="pickup-input">
        <Input id="pickup-code-input" className="owner-field__input" type="number" maxlength={8} placeholder="输入 8 位提货码" value={code} onInput={(e) => void look(e.detail.value)} />
        {process.env.TARO_ENV === 'weapp' && <Button size="small" onClick={() => void scan()}>扫码</Button>}
      </View>
      {preview !== null && (
        <View id="pickup-preview" className="owner-order__body">
          <Avatar name={preview.nickname || '顾客'} picture={preview.avatar} size="s" />
          <View className="owner-order__text">
            <Text className="owner-line">{orderSummary(preview.order)}</Text>
            <Text className="owner-meta">{`${preview.nickname || '顾客'} · 订单号 ${preview.order.orderNo ?? ''}${preview.order.status === 'PICKED_UP' ? ' · 已提货' : ''}`}</Text>
          </View>
        </View>
      )}
      {problem !== null && <Text id="pickup-problem" className="owner-error">{problem}</Text>}
    </Sheet>
  );
}
