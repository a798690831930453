import type { groupbuyShopActions } from '../../../../src/contracts';
import type { Handlers } from '../router';

/** Handlers of the groupbuy shop actions. */
export const groupbuyHandlers: Handlers<typeof groupbuyShopActions> = {};
