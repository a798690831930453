import type { groupbuyAdminActions } from '../../../../src/contracts';
import type { Handlers } from '../router';
import { createCampaign, listCampaignsForOwner, listGroupsForOwner, updateCampaign } from '../../groupbuy/services/campaigns';

/** Handlers of the groupbuy owner actions (the admin function has checked the owner allow-list). */
export const groupbuyAdminHandlers: Handlers<typeof groupbuyAdminActions> = {
  'groupbuy.campaign.create': async (input, caller) => ({ campaign: await createCampaign(caller.openid, input, caller.nowMs) }),
  'groupbuy.campaign.update': async (input, caller) => ({ campaign: await updateCampaign(input, caller.nowMs) }),
  'groupbuy.campaign.list': async (_input, caller) => ({ campaigns: await listCampaignsForOwner(caller.nowMs) }),
  'groupbuy.campaign.groups': async ({ campaignId, status }) => ({ groups: await listGroupsForOwner(campaignId, status) }),
};
