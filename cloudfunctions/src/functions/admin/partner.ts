import type { partnerAdminActions } from '../../../../src/contracts';
import type { Handlers } from '../router';

/** Handlers of the partner owner actions. */
export const partnerAdminHandlers: Handlers<typeof partnerAdminActions> = {};
