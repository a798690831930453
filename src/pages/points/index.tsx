import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useRef, useState } from 'react';
import { errorMessage, shop } from '../../api/client';
import { JournalList } from '../../components/JournalList';
import { EmptyState, Loadable, ProductPicture, Section, Skeleton } from '../../components/ui';
import type { Product } from '../../contracts';
import { useQuery } from '../../hooks/useQuery';
import { formatSignedCount } from '../../utils/format';
import { pointsKindLabel } from '../../utils/labels';
import { newRequestId } from '../../utils/requestId';
import './index.scss';

type Redeemable = Product & { pointsPrice: number };

interface RedeemRowProps {
  product: Redeemable;
  balance: number;
  busy: boolean;
  onRedeem: () => void;
}

function RedeemRow({ product, balance, busy, onRedeem }: RedeemRowProps) {
  const short = balance < product.pointsPrice;
  return (
    <View id={`redeemable-${product._id}`} className="points-redeem">
      <ProductPicture product={product} size="small" />
      <View className="points-redeem__info">
        <Text className="points-redeem__name">{product.name}</Text>
        <Text className="points-redeem__price">{`所需积分 ${product.pointsPrice}`}</Text>
      </View>
      <Button id={`redeem-${product._id}`} className={short ? 'points-redeem__button--short' : ''} type="primary" size="small" loading={busy} disabled={busy || short} onClick={onRedeem}>
        {short ? '积分不足' : '兑换'}
      </Button>
    </View>
  );
}

const hasPointsPrice = (p: Product): p is Redeemable => p.pointsPrice !== null;

function confirmRedeem(product: Redeemable) {
  return Taro.showModal({ title: '确认兑换', content: `使用 ${product.pointsPrice} 积分兑换「${product.name}」`, confirmText: '兑换', cancelText: '取消' });
}

export default function PointsPage() {
  const q = useQuery(() => shop('points.get', {}));
  const [busyProductId, setBusyProductId] = useState<string | null>(null);
  // One key per product for this page view: a double tap or a retry after a network error
  // redeems once; after a success the next tap is a new redemption.
  const keys = useRef<Partial<Record<string, string>>>({});

  const redeem = async (product: Redeemable) => {
    if (busyProductId !== null) return;
    if (!(await confirmRedeem(product)).confirm) return;
    setBusyProductId(product._id);
    try {
      const requestId = keys.current[product._id] ?? newRequestId();
      keys.current[product._id] = requestId;
      await shop('points.redeem', { requestId, productId: product._id });
      delete keys.current[product._id];
      void Taro.showToast({ title: '兑换成功', icon: 'success' });
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    } finally {
      setBusyProductId(null);
      void q.reload();
    }
  };

  return (
    <View className="points page">
      <Loadable query={q} skeleton={<Skeleton variant="card" rows={3} />}>
        {(info) => {
          // A refund can take back points already spent, leaving the balance below zero until earned back.
          const negative = info.balance < 0;
          const redeemables = info.redeemables.filter(hasPointsPrice);
          return (
            <View>
              <View className="points-summary">
                <Text className="points-summary__label">当前积分</Text>
                <Text id="points-balance" className={`points-summary__balance${negative ? ' points-summary__balance--negative' : ''}`}>{`${info.balance}`}</Text>
                {negative ? <Text id="points-negative" className="points-summary__note">积分为负，暂不可用</Text> : <Text className="points-summary__note">下单可抵现，也可兑换好物</Text>}
              </View>
              <Section title="积分兑换">
                {redeemables.length === 0 && <EmptyState title="暂无可兑换的商品" picture="goods" compact />}
                {redeemables.map((p) => (
                  <RedeemRow key={p._id} product={p} balance={info.balance} busy={busyProductId === p._id} onRedeem={() => void redeem(p)} />
                ))}
              </Section>
              <Section title="积分明细">
                <JournalList idPrefix="points-entry" lines={info.history} label={pointsKindLabel} formatAmount={formatSignedCount} emptyText="暂无积分记录" />
              </Section>
            </View>
          );
        }}
      </Loadable>
    </View>
  );
}
