/**
 * A scanned product or campaign poster lands on the home page (wxacode's page) with the scene
 * `r=<code>&s=<token>`: the app binds through `r` (utils/referral.ts, like any poster); this
 * resolves the token and opens what the poster showed. Once per token per run.
 */
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect } from 'react';
import { shop } from '../api/client';
import { SceneToken, type PosterTarget } from '../contracts';

const opened = new Set<string>();

/** Pure: the token in a landing query's scene (URL-encoded by WeChat), or null. */
export function posterTokenOf(scene: string | undefined): string | null {
  if (!scene) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(scene);
  } catch {
    return null;
  }
  const token = /(?:^|&)s=([^&]*)/.exec(decoded)?.[1];
  return SceneToken.safeParse(token).success ? (token as string) : null;
}

/** Pure: the page a poster's target opens. */
export function targetUrl(target: PosterTarget): string | null {
  if (target.kind === 'product') return `/pages/product/index?id=${encodeURIComponent(target.productId)}`;
  if (target.kind === 'campaign') return `/groupbuy/pages/campaign/index?id=${encodeURIComponent(target.campaignId)}`;
  return null;
}

export function usePosterLanding(): void {
  const { params } = useRouter();
  const token = posterTokenOf(params.scene);
  useEffect(() => {
    if (token === null || opened.has(token)) return;
    opened.add(token);
    shop('poster.scene.resolve', { token })
      .then(({ target }) => {
        const url = targetUrl(target);
        if (url !== null) void Taro.navigateTo({ url });
      })
      .catch(() => undefined); // An expired code still leaves the shopper in the store.
  }, [token]);
}
