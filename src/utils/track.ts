/**
 * What a shopper does, left behind for the owner's figures (seed 003's grades): a product viewed,
 * an add-to-cart, a group joined, a visit, an opt-out. Fire-and-forget: one attempt, no toast,
 * never awaited by a page, never throws; each (action, key) once per run of the app. The server
 * keeps one small document per shopper, day and action — never a shared counter.
 */
import { fireAndForget } from '../api/client';
import type { Behaviour } from '../contracts';
import { isDevSignInAvailable, whoami } from './dev';

const sent = new Set<string>();

export function track(action: Behaviour, key = ''): void {
  const k = `${action}:${key}`;
  if (sent.has(k)) return;
  sent.add(k);
  void (async () => {
    // H5 before the dev sign-in: nobody to record yet (the gateway would refuse the call).
    if (isDevSignInAvailable() && (await whoami().catch(() => null)) === null) {
      sent.delete(k);
      return;
    }
    await fireAndForget('track', { action });
  })();
}

/**
 * After wx.requestSubscribeMessage: a shopper who refuses the store's messages (reject or ban,
 * REQUEST_SUBSCRIBE in the platform contract) has opted out — seed 003's E.
 */
export function trackSubscribeAnswers(answers: Record<string, unknown>): void {
  if (Object.values(answers).some((a) => a === 'reject' || a === 'ban')) track('opt_out');
}
