import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { errorMessage, shop, type ClientOutput } from '../../api/client';
import { JournalList } from '../../components/JournalList';
import { pointsKindLabel } from '../../utils/labels';
import './index.scss';

type PointsInfo = ClientOutput<'shop', 'points.get'>;

const formatSignedPoints = (amount: number) => (amount > 0 ? `+${amount}` : `${amount}`);

export default function PointsPage() {
  const [info, setInfo] = useState<PointsInfo | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    shop('points.get', {})
      .then((res) => {
        setInfo(res);
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  useDidShow(load);

  if (error !== null) return <View className="page"><Text className="error">{error}</Text></View>;
  if (info === null) return <View className="page"><Text className="muted">加载中…</Text></View>;

  // A refund can take back points already spent, leaving the balance below zero until earned back.
  const negative = info.balance < 0;
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
