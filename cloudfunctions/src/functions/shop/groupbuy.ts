import type { groupbuyShopActions } from '../../../../src/contracts';
import type { Handlers } from '../router';
import { toPublicOrder } from '../../orders/services/orders';
import { ensureUser } from '../../members/services/session';
import { getSettings } from '../../store/services/settings';
import { campaignDetail, groupDetail, listCampaigns, myGroups } from '../../groupbuy/services/browse';
import { joinGroup, openGroup } from '../../groupbuy/services/seats';
import { toGroup } from '../../groupbuy/services/views';
import { groupPoster, resolveScene } from '../../groupbuy/services/poster';

/** Handlers of the groupbuy shop actions. Paying a seat's order goes through order.pay like any order. */
export const groupbuyHandlers: Handlers<typeof groupbuyShopActions> = {
  'groupbuy.campaign.list': async (_input, caller) => ({ campaigns: await listCampaigns(caller.nowMs) }),
  'groupbuy.campaign.get': async ({ campaignId }, caller) => campaignDetail(campaignId, caller.openid, caller.nowMs),
  'groupbuy.group.get': async ({ groupId }, caller) => groupDetail(groupId, caller.openid, caller.nowMs),
  'groupbuy.group.open': async ({ requestId, campaignId, fulfilment }, caller) => {
    const user = await ensureUser(caller.openid, caller.nowMs);
    const { group, order } = await openGroup(user, requestId, campaignId, await getSettings(), caller.nowMs, fulfilment ?? null);
    return { group: toGroup(group, caller.openid), order: toPublicOrder(order) };
  },
  'groupbuy.group.join': async ({ requestId, groupId, fulfilment }, caller) => {
    const user = await ensureUser(caller.openid, caller.nowMs);
    const { group, order } = await joinGroup(user, requestId, groupId, await getSettings(), caller.nowMs, fulfilment ?? null);
    return { group: toGroup(group, caller.openid), order: toPublicOrder(order) };
  },
  'groupbuy.mine': async (_input, caller) => ({ entries: await myGroups(caller.openid) }),
  'groupbuy.poster.get': async ({ groupId }, caller) => groupPoster(caller.openid, groupId, caller.nowMs),
  'groupbuy.scene.resolve': async ({ scene }) => resolveScene(scene),
};
