import type { groupbuyAdminActions } from '../../../../src/contracts';
import type { Handlers } from '../router';

/** Handlers of the groupbuy owner actions. */
export const groupbuyAdminHandlers: Handlers<typeof groupbuyAdminActions> = {};
