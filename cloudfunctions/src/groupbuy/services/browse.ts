import { AppError, Order, type Campaign, type Group } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import type { OrderDoc } from '../../orders/services/orders';
import { getOrNull } from '../../shared/tx';
import { CAMPAIGNS, GROUPS, memberKey, type CampaignDoc, type GroupDoc } from './docs';
import { sharePathFor, toCampaign, toGroup } from './views';

async function campaignOrThrow(campaignId: string): Promise<CampaignDoc> {
  const c = await getOrNull<CampaignDoc>(CAMPAIGNS, campaignId);
  if (!c) throw new AppError('NOT_FOUND', '活动不存在');
  return c;
}

/** Campaigns switched on that have not ended (running or starting soon), soonest first. */
export async function listCampaigns(nowMs: number): Promise<Campaign[]> {
  const _ = db().command;
  const { data } = await db().collection(CAMPAIGNS).where({ active: true, endAtMs: _.gt(nowMs) }).orderBy('startAtMs', 'asc').limit(50).get();
  return data.map((c) => toCampaign(c as unknown as CampaignDoc, nowMs));
}

/** A campaign and up to 10 of its open groups with seats left, the soonest deadline first. */
export async function campaignDetail(campaignId: string, viewerOpenid: string, nowMs: number): Promise<{ campaign: Campaign; openGroups: Group[] }> {
  const campaign = await campaignOrThrow(campaignId);
  const _ = db().command;
  const { data } = await db().collection(GROUPS).where({ campaignId, status: 'OPEN', expiresAtMs: _.gt(nowMs) }).orderBy('expiresAtMs', 'asc').limit(50).get();
  const open = (data as unknown as GroupDoc[]).filter((g) => g.seatsTaken < g.size).slice(0, 10);
  return { campaign: toCampaign(campaign, nowMs), openGroups: open.map((g) => toGroup(g, viewerOpenid)) };
}

/** The group page. The share path carries the viewer's referral code: the viewer is the one who shares. */
export async function groupDetail(groupId: string, viewerOpenid: string, nowMs: number) {
  const group = await getOrNull<GroupDoc>(GROUPS, groupId);
  if (!group) throw new AppError('NOT_FOUND', '这个团不存在');
  const campaign = await campaignOrThrow(group.campaignId);
  const mine = group.members[memberKey(viewerOpenid)];
  const myOrder = mine ? await getOrNull<OrderDoc>('orders', mine.orderId) : null;
  const viewer = await getOrNull<{ referralCode?: unknown }>('users', viewerOpenid);
  const referralCode = typeof viewer?.referralCode === 'string' ? viewer.referralCode : '';
  return {
    group: toGroup(group, viewerOpenid),
    campaign: toCampaign(campaign, nowMs),
    sharePath: sharePathFor(groupId, referralCode),
    myOrder: myOrder && myOrder.openid === viewerOpenid ? Order.parse(myOrder) : null,
    nowMs,
  };
}

/** The caller's group orders (newest first, at most 50) with their groups. */
export async function myGroups(openid: string): Promise<{ group: Group; order: Order }[]> {
  const { data } = await db().collection('orders').where({ openid, kind: 'group' }).orderBy('createdAtMs', 'desc').limit(50).get();
  const groups = new Map<string, GroupDoc | null>();
  const entries: { group: Group; order: Order }[] = [];
  for (const raw of data) {
    const order = raw as unknown as OrderDoc;
    const groupId = order.group?.groupId;
    if (!groupId) continue;
    if (!groups.has(groupId)) groups.set(groupId, await getOrNull<GroupDoc>(GROUPS, groupId));
    const group = groups.get(groupId);
    if (group) entries.push({ group: toGroup(group, openid), order: Order.parse(order) });
  }
  return entries;
}
