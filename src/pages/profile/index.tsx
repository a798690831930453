// 个人资料: the shopper's avatar and nickname with WeChat's 头像昵称填写 (a chooseAvatar button, a
// nickname input), and a phone number they may share with 手机号快速验证 (a getPhoneNumber button;
// the server exchanges its code). On H5 the local gateway stands in for WeChat's sheets.
import { Button } from '@nutui/nutui-react-taro';
import { Button as NativeButton, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { errorMessage, shop } from '../../api/client';
import { uploadPicture, uploadTempFile } from '../../api/upload';
import { Avatar, Fact, Loadable, Section, Skeleton } from '../../components/ui';
import type { Me } from '../../contracts';
import { useQuery } from '../../hooks/useQuery';
import { devPhoneCode } from '../../utils/dev';
import { formatPhone } from '../../utils/format';
import './index.scss';

const IN_WECHAT = process.env.TARO_ENV === 'weapp';

async function run<T>(work: () => Promise<T>, done: string): Promise<T | null> {
  try {
    const out = await work();
    void Taro.showToast({ title: done, icon: 'success' });
    return out;
  } catch (e) {
    void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    return null;
  }
}

/** The avatar: WeChat's chooseAvatar sheet (its temporary file uploaded under the shopper's folder), or a file on H5. */
function AvatarPicker({ me, avatar, onPicked }: { me: Me; avatar: string | null; onPicked: (fileId: string) => void }) {
  const picked = async (tempPath: string | null) => {
    const fileId = await run(async () => (tempPath === null ? uploadPicture() : uploadTempFile(tempPath)), '头像已上传');
    if (fileId) onPicked(fileId);
  };
  const face = <Avatar name={me.nickname} picture={avatar} size="l" />;
  return IN_WECHAT ? (
    <NativeButton id="choose-avatar" className="profile-avatar" openType="chooseAvatar" onChooseAvatar={(e) => void picked(String((e.detail as { avatarUrl?: string }).avatarUrl ?? ''))}>{face}</NativeButton>
  ) : (
    <View id="choose-avatar" className="profile-avatar" onClick={() => void picked(null)}>{face}</View>
  );
}

/** 手机号: WeChat's getPhoneNumber button hands a code; the server exchanges it and keeps the number. */
function PhoneRow({ me, onMe }: { me: Me; onMe: (me: Me) => void }) {
  const bind = async (code: string | undefined) => {
    if (!code) return; // the shopper declined in WeChat's sheet
    const res = await run(() => shop('profile.phone.bind', { code }), '手机号已绑定');
    if (res) onMe(res.me);
  };
  const remove = async () => {
    const res = await run(() => shop('profile.phone.remove', {}), '已解除绑定');
    if (res) onMe(res.me);
  };
  if (me.phone !== null) {
    return (
      <Fact label="手机号">
        <Text id="profile-phone">{formatPhone(me.phone)}</Text>
        <Text id="profile-phone-remove" className="profile-link" onClick={() => void remove()}>解除</Text>
      </Fact>
    );
  }
  return (
    <Fact label="手机号">
      {IN_WECHAT
        ? <NativeButton id="bind-phone" className="profile-phone-button" openType="getPhoneNumber" onGetPhoneNumber={(e) => void bind(e.detail.code)}>使用微信手机号</NativeButton>
        : <Text id="bind-phone" className="profile-link" onClick={() => void devPhoneCode().then(bind, (e: unknown) => void Taro.showToast({ title: errorMessage(e), icon: 'none' }))}>使用微信手机号</Text>}
    </Fact>
  );
}

function Editor({ initial }: { initial: Me }) {
  const [me, setMe] = useState(initial);
  const [nickname, setNickname] = useState(initial.profileSet ? initial.nickname : '');
  const [avatar, setAvatar] = useState(initial.avatar);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    const res = await run(() => shop('profile.update', { nickname: nickname.trim() || me.nickname, avatar }), '已保存');
    setSaving(false);
    if (res) setMe(res.me);
  };
  return (
    <View>
      <Section>
        <View className="profile-head">
          <AvatarPicker me={me} avatar={avatar} onPicked={setAvatar} />
          <Text className="profile-hint">点击更换头像</Text>
        </View>
        <View className="profile-field">
          <Text className="profile-field__label">昵称</Text>
          {/* type="nickname": WeChat offers the user's own nickname above the keyboard and checks what is typed. */}
          <Input id="profile-nickname" className="profile-field__input" type="nickname" placeholder={me.nickname} maxlength={20} value={nickname} onInput={(e) => setNickname(e.detail.value)} onBlur={(e) => setNickname(e.detail.value)} />
        </View>
        <Button id="save-profile" type="primary" block loading={saving} disabled={saving} onClick={() => void save()}>保存</Button>
      </Section>
      <Section title="联系方式">
        <PhoneRow me={me} onMe={setMe} />
        <Text className="profile-hint">绑定后方便店主联系你发货与售后；只有你和店主能看到。</Text>
      </Section>
    </View>
  );
}

export default function ProfilePage() {
  const q = useQuery(async () => (await shop('session.get', {})).me, { reloadOnShow: false });
  return (
    <View className="profile page">
      <Loadable query={q} skeleton={<Skeleton variant="card" rows={2} />}>{(me) => <Editor initial={me} />}</Loadable>
    </View>
  );
}
