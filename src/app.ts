import { useEffect, type PropsWithChildren } from 'react';
import Taro, { useDidShow, useLaunch } from '@tarojs/taro';
import { refreshCartBadge } from './utils/cart';
import { guardChunkLoading } from './utils/h5Offline';
import { arriveWith, arriveWithH5Location } from './utils/referral';
import { storeDayNo } from './utils/format';
import { track } from './utils/track';
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

type EntryOptions = { path?: string; query?: Record<string, unknown> } | undefined;

/**
 * A referral in the landing page's query (a shared link's `ref`, a poster's `scene`) is offered
 * to the server. weapp: the launch options, and each show's for a link opened while the app was
 * in the background. H5: the hash route at load and whenever it changes to a pasted link.
 */
let launched = false;

function arriveAtLaunch(options: EntryOptions): void {
  launched = true;
  if (process.env.TARO_ENV === 'h5') arriveWithH5Location();
  else arriveWith(options?.path, options?.query);
}

const trackVisit = () => track('visit', `${storeDayNo(Date.now())}`);

function useReferralArrival(): void {
  useDidShow((options?: EntryOptions) => {
    // The first show may run before launch (before initCloud); launch reads the same query.
    if (process.env.TARO_ENV !== 'h5' && launched) arriveWith(options?.path, options?.query);
  });
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return undefined;
    window.addEventListener('hashchange', arriveWithH5Location);
    return () => window.removeEventListener('hashchange', arriveWithH5Location);
  }, []);
}

function App({ children }: PropsWithChildren) {
  useLaunch((options: EntryOptions) => {
    initCloud();
    guardChunkLoading();
    // After initCloud: on weapp the binding calls the cloud function.
    arriveAtLaunch(options);
    refreshCartBadge();
    trackVisit();
  });
  useReferralArrival();
  // A visit a day for the owner's figures (fire-and-forget; fans count too); after launch has set up the cloud.
  useDidShow(() => { if (launched) trackVisit(); });
  // children is the page being rendered.
  return children;
}

export default App;
