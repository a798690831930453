import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { errorMessage, shop } from '../../api/client';
import { IdentityPicker } from '../../components/IdentityPicker';
import type { Me } from '../../contracts';
import { isDevSignInAvailable } from '../../utils/dev';
import { STAGE_LABEL } from '../../utils/labels';
import { formatFen } from '../../utils/money';
import './index.scss';

function Entry({ id, title, value, url }: { id: string; title: string; value: string; url: string }) {
  return (
    <View id={id} className="me-entry row" onClick={() => void Taro.navigateTo({ url })}>
      <Text>{title}</Text>
      <Text className="me-entry__value muted">{`${value} ›`}</Text>
    </View>
  );
}

function Entries({ me }: { me: Me }) {
  return (
    <View className="card">
      <Entry id="go-member" title="会员中心" value={STAGE_LABEL[me.stage]} url="/pages/member/index" />
      <Entry id="go-points" title="我的积分" value={`${me.pointsBalance}`} url="/pages/points/index" />
      <Entry id="go-my-groups" title="我的拼团" value="拼团订单" url="/groupbuy/pages/mine/index" />
      <Entry id="go-partner" title="合伙人中心" value="推广赚佣金" url="/partner/pages/center/index" />
      <Entry id="go-wallet" title="我的钱包" value={formatFen(me.wallet.principalFen + me.wallet.bonusFen)} url="/pages/wallet/index" />
      {me.isOwner && <Entry id="go-owner" title="店主后台" value="经营与设置" url="/owner/pages/dashboard/index" />}
    </View>
  );
}

export default function MePage() {
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    shop('session.get', {})
      .then((res) => {
        setMe(res.me);
        setError(null);
      })
      .catch((e: unknown) => {
        setMe(null);
        setError(errorMessage(e));
      });
  }, []);

  useDidShow(load);

  return (
    <View className="me page">
      {me !== null && (
        <View className="card">
          <Text id="me-nickname" className="me__nickname">{me.nickname}</Text>
          <View className="row">
            <Text className="muted">身份</Text>
            <Text id="me-stage" className="tag">{STAGE_LABEL[me.stage]}</Text>
          </View>
          <View className="row">
            <Text className="muted">已支付订单</Text>
            <Text id="me-paid-count">{`${me.paidOrderCount} 笔`}</Text>
          </View>
        </View>
      )}
      {me !== null && <Entries me={me} />}
      {error !== null && <Text className="error">{error}</Text>}
      {isDevSignInAvailable() && (
        <IdentityPicker title="切换身份" currentOpenid={me?.openid ?? null} onSignedIn={load} />
      )}
    </View>
  );
}
