import Taro from '@tarojs/taro';
import type { MessageKind, SubscribeTemplateIds } from '../contracts';

/**
 * Consent to subscribe messages (订阅消息): WeChat sends one only to a user who agreed to its
 * template through wx.requestSubscribeMessage, once per consent (43101 otherwise). The store asks
 * at the moments that lead to a message — before paying (支付成功), joining or opening a group (拼团
 * 结果), requesting a withdrawal (提现结果) — from the tap itself (the dialog opens only from a tap).
 * The answer never stops the purchase: declined or not, it goes on. H5 has no such thing: a no-op.
 */
export const MAX_TEMPLATE_IDS_PER_CALL = 5; // wx.requestSubscribeMessage (cloudfunctions/src/platform/openapi.ts REQUEST_SUBSCRIBE)

/** The store's template ids for these messages, without gaps or repeats, at most one call's worth. */
export function consentTemplateIds(kinds: readonly MessageKind[], ids: SubscribeTemplateIds | null | undefined): string[] {
  if (!ids) return [];
  const out: string[] = [];
  for (const kind of kinds) {
    const id = ids[kind];
    if (id && !out.includes(id)) out.push(id);
  }
  return out.slice(0, MAX_TEMPLATE_IDS_PER_CALL);
}

/** Call first in a tap handler, before any other await: it resolves however the user answers. */
export async function askConsent(kinds: readonly MessageKind[], ids: SubscribeTemplateIds | null | undefined): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp') return;
  const tmplIds = consentTemplateIds(kinds, ids);
  if (tmplIds.length === 0) return;
  try {
    await Taro.requestSubscribeMessage({ tmplIds } as Taro.requestSubscribeMessage.Option);
  } catch {
    // Declined, banned, or an old client: the store just will not message this time.
  }
}
