import { Button } from '@nutui/nutui-react-taro';
import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Address, type ShippingRule } from '../../contracts';
import { Section, Sheet, Tabs } from '../ui';
import { formatFen } from '../../utils/format';
import { addressLine } from '../../utils/labels';
import './index.scss';

export type Mode = 'delivery' | 'pickup';

/** WeChat's address sheet (wx.chooseAddress; app.json declares it in requiredPrivateInfos), as our Address. */
export async function chooseWeChatAddress(): Promise<Address | null> {
  try {
    const a = await Taro.chooseAddress();
    const parsed = Address.safeParse({ name: a.userName, phone: a.telNumber, province: a.provinceName, city: a.cityName, district: a.countyName ?? '', detail: a.detailInfo });
    if (!parsed.success) {
      void Taro.showToast({ title: parsed.error.issues[0]?.message ?? '地址不完整', icon: 'none' });
      return null;
    }
    return parsed.data;
  } catch {
    return null; // the shopper closed the sheet
  }
}

const FIELDS: { key: keyof Address; label: string; placeholder: string }[] = [
  { key: 'name', label: '收货人', placeholder: '姓名' },
  { key: 'phone', label: '手机号', placeholder: '11 位手机号' },
  { key: 'province', label: '省份', placeholder: '如 浙江省' },
  { key: 'city', label: '城市', placeholder: '如 杭州市' },
  { key: 'district', label: '区县', placeholder: '如 西湖区' },
  { key: 'detail', label: '详细地址', placeholder: '街道、门牌号' },
];

/** The H5 address form (on weapp the shopper uses WeChat's own address sheet). */
export function AddressForm({ open, initial, onClose, onSave }: { open: boolean; initial: Address | null; onClose: () => void; onSave: (a: Address) => void }) {
  const [draft, setDraft] = useState<Record<string, string>>(() => ({ ...(initial ?? {}) }));
  const [problem, setProblem] = useState<string | null>(null);
  const save = () => {
    const parsed = Address.safeParse(draft);
    if (!parsed.success) return setProblem(parsed.error.issues[0]?.message ?? '请检查地址');
    setProblem(null);
    onSave(parsed.data);
  };
  return (
    <Sheet id="address-form" open={open} title="收货地址" onClose={onClose} footer={<Button id="address-save" type="primary" block onClick={save}>保存并使用</Button>}>
      {FIELDS.map((f) => (
        <View key={f.key} className="address-field">
          <Text className="address-field__label">{f.label}</Text>
          <Input id={`address-${f.key}`} className="address-field__input" placeholder={f.placeholder} value={draft[f.key] ?? ''} onInput={(e) => setDraft((d) => ({ ...d, [f.key]: e.detail.value }))} />
        </View>
      ))}
      {problem !== null && <Text id="address-problem" className="address-form__problem">{problem}</Text>}
    </Sheet>
  );
}

export function feeRuleText(rule: ShippingRule): string {
  if (rule.flatFeeFen === 0) return '全场包邮';
  return rule.freeFromFen === null ? `运费 ${formatFen(rule.flatFeeFen)}` : `运费 ${formatFen(rule.flatFeeFen)}，满 ${formatFen(rule.freeFromFen)} 包邮`;
}

interface ChooserProps {
  mode: Mode;
  onMode: (m: Mode) => void;
  address: Address | null;
  onAddress: () => void;
  pickup: { address: string; hours: string } | null;
  rule: ShippingRule;
  locked: boolean;
}

/** 快递配送 (an address) or 到店自提 (the store's address and hours), at the top of checkout. */
export function FulfilmentChooser({ mode, onMode, address, onAddress, pickup, rule, locked }: ChooserProps) {
  const items = [{ key: 'delivery' as const, label: '快递配送' }, ...(pickup ? [{ key: 'pickup' as const, label: '到店自提' }] : [])];
  return (
    <Section id="fulfilment">
      {items.length > 1 && <Tabs items={items} active={mode} onChange={(m) => !locked && onMode(m)} idPrefix="fulfilment" />}
      {mode === 'delivery' ? (
        <View id="delivery-address" className="fulfilment-address" onClick={locked ? undefined : onAddress}>
          {address === null ? (
            <Text id="address-add" className="fulfilment-address__add">+ 添加收货地址</Text>
          ) : (
            <View className="fulfilment-address__text">
              <Text id="address-who" className="fulfilment-address__who">{`${address.name}  ${address.phone}`}</Text>
              <Text className="fulfilment-address__line">{addressLine(address)}</Text>
            </View>
          )}
          <Text className="fulfilment-address__more">›</Text>
        </View>
      ) : (
        <View id="pickup-place" className="fulfilment-address__text">
          <Text className="fulfilment-address__who">{pickup?.address ?? ''}</Text>
          <Text className="fulfilment-address__line">{`营业时间 ${pickup?.hours ?? ''} · 付款后凭提货码到店自提`}</Text>
        </View>
      )}
      {mode === 'delivery' && <Text id="fee-rule" className="fulfilment-rule">{feeRuleText(rule)}</Text>}
    </Section>
  );
}
