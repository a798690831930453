import type { partnerShopActions } from '../../../../src/contracts';
import type { Handlers } from '../router';

/** Handlers of the partner shop actions. */
export const partnerHandlers: Handlers<typeof partnerShopActions> = {};
