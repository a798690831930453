import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useRef, useState } from 'react';
import { ApiClientError, errorMessage, shop } from '../../api/client';
import { payOrder } from '../../api/pay';
import { useConsent } from '../../hooks/useConsent';
import { JournalList } from '../../components/JournalList';
import { EmptyState, Loadable, Section, Skeleton } from '../../components/ui';
import type { Order, TopUpPackage } from '../../contracts';
import { useQuery } from '../../hooks/useQuery';
import { formatFen, formatSignedFen } from '../../utils/format';
import { walletKindLabel } from '../../utils/labels';
import { newRequestId } from '../../utils/requestId';
import './index.scss';

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

function PackageCard({ pkg, busy, onTopUp }: { pkg: TopUpPackage; busy: boolean; onTopUp: () => void }) {
  const bonusFen = pkg.creditFen - pkg.payFen;
  return (
    <View id={`package-${pkg._id}`} className="wallet-package">
      <Text className="wallet-package__credit">{`到账 ${formatFen(pkg.creditFen)}`}</Text>
      <Text className="wallet-package__pay">{`支付 ${formatFen(pkg.payFen)}`}</Text>
      {bonusFen > 0 && <Text className="wallet-package__bonus">{`赠 ${formatFen(bonusFen)}`}</Text>}
      <Button id={`topup-${pkg._id}`} type="primary" size="small" loading={busy} disabled={busy} onClick={onTopUp}>充值</Button>
    </View>
  );
}

export default function WalletPage() {
  const q = useQuery(() => shop('wallet.get', {}));
  const [busyPackageId, setBusyPackageId] = useState<string | null>(null);
  const keys = useRef<TopUpKeys>({});
  const askConsent = useConsent(['orderPaid']);

  const topUp = async (packageId: string) => {
    if (busyPackageId !== null) return;
    setBusyPackageId(packageId);
    await askConsent();
    try {
      const paid = await payOrder((await pendingTopUp(packageId, keys.current))._id, 'wxpay');
      // Paid: the next tap is a new top-up. Still PENDING: the callback is late; keep the key.
      if (paid.status !== 'PENDING') delete keys.current[packageId];
      void Taro.showToast({ title: paid.status === 'PENDING' ? '支付处理中，请稍后刷新' : '充值成功', icon: 'none' });
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    } finally {
      setBusyPackageId(null);
      void q.reload();
    }
  };

  return (
    <View className="wallet page">
      <Loadable query={q} skeleton={<Skeleton variant="card" rows={3} />}>
        {(info) => {
          const packages = info.packages.filter((p) => p.onSale).sort((a, b) => a.sort - b.sort);
          return (
            <View>
              <View className="wallet-summary">
                <Text className="wallet-summary__label">余额（元）</Text>
                <Text id="wallet-balance" className="wallet-summary__balance">{formatFen(info.principalFen + info.bonusFen)}</Text>
                <View className="wallet-summary__split">
                  <Text>本金 </Text>
                  <Text id="wallet-principal">{formatFen(info.principalFen)}</Text>
                  <Text> · 赠送 </Text>
                  <Text id="wallet-bonus">{formatFen(info.bonusFen)}</Text>
                </View>
              </View>
              <Section title="充值">
                {packages.length === 0 && <EmptyState title="暂无充值套餐" picture="goods" compact />}
                <View className="wallet-packages">
                  {packages.map((pkg) => <PackageCard key={pkg._id} pkg={pkg} busy={busyPackageId === pkg._id} onTopUp={() => void topUp(pkg._id)} />)}
                </View>
                <Text className="wallet-note">赠送金额不可退，退款仅退本金</Text>
              </Section>
              <Section title="余额明细">
                <JournalList idPrefix="wallet-entry" lines={info.history} label={walletKindLabel} formatAmount={formatSignedFen} emptyText="暂无余额记录" />
              </Section>
            </View>
          );
        }}
      </Loadable>
    </View>
  );
}
