import type { settingsAdminActions } from '../../../../src/contracts';
import type { Handlers } from '../router';
import { editableSettings, updateSettings } from '../../store/services/settingsAdmin';

/** The owner's store settings page. */
export const settingsAdminHandlers: Handlers<typeof settingsAdminActions> = {
  'store.settings.get': async () => ({ settings: await editableSettings() }),
  'store.settings.update': async ({ settings }, caller) => ({ settings: await updateSettings(caller.openid, settings, caller.nowMs) }),
};
