import Taro from '@tarojs/taro';
import { useEffect } from 'react';
import { shop } from '../api/client';
import type { StoreInfo } from '../contracts';
import { useQuery } from './useQuery';

/** The store's name and logo (settings), kept on the device so the header never flashes empty; asked again on each show (one small read). */
export function useStore(options: { setTitle?: boolean; key?: unknown } = {}): StoreInfo | null {
  // `key`: ask again when it changes (H5: after the demo sign-in, the first answer was a refusal).
  const q = useQuery(async () => (await shop('store.get', {})).store, { cacheKey: 'store', key: options.key });
  const name = q.data?.name;
  useEffect(() => {
    if (options.setTitle && name) void Taro.setNavigationBarTitle({ title: name }).catch(() => undefined);
  }, [name, options.setTitle]);
  return q.data;
}
