import type { analyticsShopActions } from '../../../../src/contracts';
import type { Handlers } from '../router';
import { track } from '../../analytics/services/behaviour';

/** The shopper's behaviour records (analytics/services/records.ts): one own document, never a shared counter. */
export const analyticsShopHandlers: Handlers<typeof analyticsShopActions> = {
  track: async ({ action }, caller) => ({ recorded: await track(caller.openid, action, caller.nowMs) }),
};
