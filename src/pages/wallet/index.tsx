import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useRef, useState } from 'react';
import { ApiClientError, errorMessage, shop, type ClientOutput } from '../../api/client';
import { payOrder } from '../../api/pay';
import { JournalList } from '../../components/JournalList';
import type { Order, TopUpPackage } from '../../contracts';
import { flag } from '../../utils/flag';
import { walletKindLabel } from '../../utils/labels';
import { formatFen, formatSignedFen } from '../../utils/money';
import { newRequestId } from '../../utils/requestId';
import './index.scss';

type WalletInfo = ClientOutput<'shop', 'wallet.get'>;

/** Top-up keys of this page view, one per package: tapping again after a cancel reuses the PENDING order. */
type TopUpKeys = Partial<Record<string, string>>;

/** The PENDING top-up order for a package; an expired one (CLOSED) is replaced once with a fresh key. */
async function pendingTopUp(packageId: string, keys: TopUpKeys): Promise<Order> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const requestId = keys[packageId] ?? newRequestId();
    keys[packageId] = requestId;
    const { order } = await shop('wallet.topup', { requestId, packageId });
    if (order.status === 'PENDING') return order;
    delete keys[packageId];
  }
  throw new ApiClientError('NOT_PAYABLE', '充值订单已失效，请重试');
}

function PackageRow({ pkg, busy, onTopUp }: { pkg: TopUpPackage; busy: boolean; onTopUp: () => void }) {
  return (
    <View className="wallet-package row">
      <View className="wallet-package__info">
        <Text className="wallet-package__name">{pkg.name}</Text>
        <Text className="muted">{`支付 ${formatFen(pkg.payFen)}，到账 ${formatFen(pkg.creditFen)}`}</Text>
      </View>
      <Button id={`topup-${pkg._id}`} className="wallet-package__button primary-button" size="mini" loading={flag(busy)} disabled={flag(busy)} onClick={onTopUp}>
        充值
      </Button>
    </View>
  );
}

export default function WalletPage() {
  const [info, setInfo] = useState<WalletInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busyPackageId, setBusyPackageId] = useState<string | null>(null);
  const keys = useRef<TopUpKeys>({});

  const load = useCallback(() => {
    shop('wallet.get', {})
      .then((res) => {
        setInfo(res);
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  useDidShow(load);

  const topUp = async (packageId: string) => {
    if (busyPackageId !== null) return;
    setBusyPackageId(packageId);
    try {
      const paid = await payOrder((await pendingTopUp(packageId, keys.current))._id, 'wxpay');
      // Paid: the next tap is a new top-up. Still PENDING: the callback is late; keep the key.
      if (paid.status !== 'PENDING') delete keys.current[packageId];
      void Taro.showToast({ title: paid.status === 'PENDING' ? '支付处理中，请稍后刷新' : '充值成功', icon: 'none' });
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    } finally {
      setBusyPackageId(null);
      load();
    }
  };

  if (error !== null && info === null) return <View className="page"><Text className="error">{error}</Text></View>;
  if (info === null) return <View className="page"><Text className="muted">加载中…</Text></View>;

  const packages = info.packages.filter((p) => p.onSale).sort((a, b) => a.sort - b.sort);
  return (
    <View className="wallet page">
      <View className="wallet__summary card">
        <Text className="wallet__label">余额</Text>
        <Text id="wallet-balance" className="wallet__balance">{formatFen(info.principalFen + info.bonusFen)}</Text>
        <View className="wallet__split">
          <Text>本金 </Text>
          <Text id="wallet-principal">{formatFen(info.principalFen)}</Text>
          <Text> · 赠送 </Text>
          <Text id="wallet-bonus">{formatFen(info.bonusFen)}</Text>
        </View>
      </View>
      {error !== null && <Text className="error">{error}</Text>}
      <View className="card">
        <Text className="wallet__title">充值</Text>
        {packages.length === 0 && <Text className="muted">暂无充值套餐</Text>}
        {packages.map((pkg) => (
          <PackageRow key={pkg._id} pkg={pkg} busy={busyPackageId === pkg._id} onTopUp={() => void topUp(pkg._id)} />
        ))}
        <Text className="wallet__note muted">赠送金额不可退，退款仅退本金</Text>
      </View>
      <View className="card">
        <Text className="wallet__title">余额明细</Text>
        <JournalList idPrefix="wallet-entry" lines={info.history} label={walletKindLabel} formatAmount={formatSignedFen} emptyText="暂无余额记录" />
      </View>
    </View>
  );
}
