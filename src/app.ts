import type { PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import './app.scss';

/** wx.cloud.DYNAMIC_CURRENT_ENV is missing from Taro's typings (it is a symbol at runtime). */
interface CloudWithDynamicEnv {
  DYNAMIC_CURRENT_ENV: string;
}

function initCloud(): void {
  // H5 talks to the local gateway over HTTP; Taro.cloud there is a stub that fakes success.
  if (process.env.TARO_ENV !== 'weapp') return;
  const env = (Taro.cloud as unknown as CloudWithDynamicEnv).DYNAMIC_CURRENT_ENV;
  Taro.cloud.init({ env, traceUser: true });
}

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    initCloud();
  });
  // children is the page being rendered.
  return children;
}

export default App;
