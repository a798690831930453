/**
 * Sharing a shopper-facing page (issue 13): every page opens itself again with the sharer's
 * referral code (`contracts/partner.ts#pageShare`: no empty parameter, `ref` only for a code).
 * The code is the server's answer to `partner.shareCode.get` — null for a sharer whose tier earns
 * nothing, since a newcomer's first code decides once and such a code would use it up. Arriving
 * through any of these pages binds like any link (app.ts → utils/referral.ts).
 */
import { useShareAppMessage, useShareTimeline } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { shop } from '../api/client';
import { pageShare, type SharePageName } from '../contracts';
import { isDevSignInAvailable, whoami } from './dev';

const CODE_TTL_MS = 60_000;
let cached: { code: string | null; atMs: number } | null = null;
let inflight: Promise<string | null> | null = null;

async function fetchCode(): Promise<string | null> {
  // H5 before the dev sign-in: nobody to share as (the gateway would refuse the call).
  if (isDevSignInAvailable() && (await whoami().catch(() => null)) === null) return null;
  try {
    const { code } = await shop('partner.shareCode.get', {});
    cached = { code, atMs: Date.now() };
    return code;
  } catch {
    return null;
  }
}

/** The caller's share code, asked once a minute at most; never rejects. */
export function loadShareCode(): Promise<string | null> {
  if (cached && Date.now() - cached.atMs < CODE_TTL_MS) return Promise.resolve(cached.code);
  inflight ??= fetchCode().finally(() => { inflight = null; });
  return inflight;
}

/** After a sign-in (H5) or a stage change: ask again. */
export function forgetShareCode(): void {
  cached = null;
}

export function useShareCode(): string | null {
  const [code, setCode] = useState<string | null>(cached?.code ?? null);
  useEffect(() => {
    let live = true;
    void loadShareCode().then((c) => { if (live) setCode(c); });
    return () => { live = false; };
  }, []);
  return code;
}

export interface PageShareSpec {
  title: string;
  /** The page's own parameters (e.g. { id }); empty ones are dropped. */
  params?: Record<string, string | null | undefined>;
  imageUrl?: string;
}

/**
 * onShareAppMessage and onShareTimeline for `page` (the page config must enable both). The
 * hooks read the latest spec and code when WeChat asks. Returns the code (null: shares carry none).
 */
export function usePageShare(page: SharePageName, spec: PageShareSpec): string | null {
  const code = useShareCode();
  const latest = useRef({ spec, code });
  latest.current = { spec, code };
  useShareAppMessage(() => {
    const { spec: s, code: c } = latest.current;
    return { title: s.title, path: pageShare(page, s.params ?? {}, c).path, ...(s.imageUrl ? { imageUrl: s.imageUrl } : {}) };
  });
  useShareTimeline(() => {
    const { spec: s, code: c } = latest.current;
    return { title: s.title, query: pageShare(page, s.params ?? {}, c).query, ...(s.imageUrl ? { imageUrl: s.imageUrl } : {}) };
  });
  return code;
}
