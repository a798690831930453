import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { devLogin, listIdentities, type DevIdentity } from '../../utils/dev';
import { bindPendingReferral } from '../../utils/referral';
import './index.scss';

interface Props {
  title: string;
  currentOpenid: string | null;
  onSignedIn: (openid: string) => void;
}

/** H5 only: picks one of the local gateway's dev identities (WeChat supplies it on weapp). */
export function IdentityPicker({ title, currentOpenid, onSignedIn }: Props) {
  const [identities, setIdentities] = useState<DevIdentity[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    listIdentities()
      .then(setIdentities)
      .catch(() => setError('无法获取身份列表'));
  }, []);

  const pick = async (openid: string) => {
    try {
      await devLogin(openid);
      // A referral link opened before signing in binds now (in the background).
      void bindPendingReferral();
      onSignedIn(openid);
    } catch {
      void Taro.showToast({ title: '登录失败', icon: 'none' });
    }
  };

  return (
    <View className="identity-picker">
      <Text className="identity-picker__title">{title}</Text>
      <Text className="identity-picker__note">{error ?? '本地演示：选择你是谁（小程序里由微信登录）'}</Text>
      <View className="identity-picker__list">
        {identities.map((identity) => (
          <Button
            key={identity.openid}
            id={`identity-${identity.openid}`}
            className="identity-picker__item"
            size="small"
            type={identity.openid === currentOpenid ? 'primary' : 'default'}
            onClick={() => void pick(identity.openid)}
          >
            {identity.label}
          </Button>
        ))}
      </View>
    </View>
  );
}
