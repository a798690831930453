import type { MessageKind } from '../contracts';
import { askConsent } from '../utils/subscribe';
import { useStore } from './useStore';

/**
 * `ask()` for a page's tap handlers: asks consent to the store's templates for these messages
 * (utils/subscribe.ts). The template ids come with the store's info (store.get, kept on the device),
 * loaded when the page opens, so the tap can ask at once.
 */
export function useConsent(kinds: readonly MessageKind[]): () => Promise<void> {
  const store = useStore();
  return () => askConsent(kinds, store?.subscribe);
}
