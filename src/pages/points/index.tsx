import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useRef, useState } from 'react';
import { errorMessage, shop, type ClientOutput } from '../../api/client';
import { JournalList } from '../../components/JournalList';
import type { Product } from '../../contracts';
import { flag } from '../../utils/flag';
import { pointsKindLabel } from '../../utils/labels';
import { newRequestId } from '../../utils/requestId';
import './index.scss';

type PointsInfo = ClientOutput<'shop', 'points.get'>;

const formatSignedPoints = (amount: number) => (amount > 0 ? `+${amount}` : `${amount}`);

interface RedeemRowProps {
  product: Product & { pointsPrice: number };
  balance: number;
  busy: boolean;
  onRedeem: () => void;
}

function RedeemRow({ product, balance, busy, onRedeem }: RedeemRowProps) {
  const short = balance < product.pointsPrice;
  return (
    <View id={`redeemable-${product._id}`} className="points-redeem row">
      <View className="points-redeem__info">
        <Text className="points-redeem__name">{product.name}</Text>
        <Text className="muted">{`所需积分 ${product.pointsPrice}`}</Text>
      </View>
      <Button
        id={`redeem-${product._id}`}
        className={`points-redeem__button primary-button${short ? ' points-redeem__button--short' : ''}`}
        size="mini"
        loading={flag(busy)}
        disabled={flag(busy || short)}
        onClick={onRedeem}
      >
        {short ? '积分不足' : '兑换'}
      </Button>
    </View>
  );
}

const hasPointsPrice = (p: Product): p is Product & { pointsPrice: number } => p.pointsPrice !== null;

function confirmRedeem(product: Product & { pointsPrice: number }) {
  return Taro.showModal({ title: '确认兑换', content: `使用 ${product.pointsPrice} 积分兑换「${product.name}」`, confirmText: '兑换', cancelText: '取消' });
}

export default function PointsPage() {
  const [info, setInfo] = useState<PointsInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busyProductId, setBusyProductId] = useState<string | null>(null);

  const load = useCallback(() => {
    shop('points.get', {})
      .then((res) => {
        setInfo(res);
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  useDidShow(load);

  // One key per product for this page view: a double tap or a retry after a network error
  // redeems once; after a success the next tap is a new redemption.
  const keys = useRef<Partial<Record<string, string>>>({});

  const redeem = async (product: Product & { pointsPrice: number }) => {
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
      load();
    }
  };

  if (error !== null) return <View className="page"><Text className="error">{error}</Text></View>;
  if (info === null) return <View className="page"><Text className="muted">加载中…</Text></View>;

  // A refund can take back points already spent, leaving the balance below zero until earned back.
  const negative = info.balance < 0;
  const redeemables = info.redeemables.filter(hasPointsPrice);
  return (
    <View className="points page">
      <View className="points__summary card">
        <Text className="muted">当前积分</Text>
        <Text id="points-balance" className={`points__balance${negative ? ' points__balance--negative' : ''}`}>
          {`${info.balance}`}
        </Text>
        {negative && <Text id="points-negative" className="points__warning">积分为负，暂不可用</Text>}
      </View>
      <View className="card">
        <Text className="points__title">积分兑换</Text>
        {redeemables.length === 0 && <Text className="muted">暂无可兑换的商品</Text>}
        {redeemables.map((p) => (
          <RedeemRow key={p._id} product={p} balance={info.balance} busy={busyProductId === p._id} onRedeem={() => void redeem(p)} />
        ))}
      </View>
      <View className="card">
        <Text className="points__title">积分明细</Text>
        <JournalList
          idPrefix="points-entry"
          lines={info.history}
          label={pointsKindLabel}
          formatAmount={formatSignedPoints}
          emptyText="暂无积分记录"
        />
      </View>
    </View>
  );
}
