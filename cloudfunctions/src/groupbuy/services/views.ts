import { AdminGroup, Campaign, Group, pageShare, type AdminCampaign } from '../../../../src/contracts';
import { campaignPhase, campaignRulesText, seatIsLive } from '../domain/groupbuy';
import { memberKey, type CampaignDoc, type GroupDoc, type MemberDoc } from './docs';

/** What shoppers see of a campaign, fill-on-expiry and its plain-words rule included. */
export function toCampaign(c: CampaignDoc, nowMs: number): Campaign {
  return Campaign.parse({
    _id: c._id, title: c.title, productId: c.productId, productName: c.productName, specName: c.specName ?? '', coverColor: c.coverColor, pictures: c.pictures ?? [],
    listPriceFen: c.listPriceFen, groupPriceFen: c.groupPriceFen, leaderPriceFen: c.leaderPriceFen, groupSize: c.groupSize,
    timeLimitMs: c.timeLimitMs, stockLeft: Math.max(0, c.stockLeft), perUserLimit: c.perUserLimit,
    fillOnExpiryMinPaid: c.fillOnExpiryMinPaid, rulesText: campaignRulesText(c), commissionEnabled: c.commissionEnabled,
    startAtMs: c.startAtMs, endAtMs: c.endAtMs, phase: campaignPhase(c, nowMs),
  });
}

export function toAdminCampaign(c: CampaignDoc, nowMs: number, stats: AdminCampaign['stats']): AdminCampaign {
  return { ...toCampaign(c, nowMs), stock: c.stock, active: c.active, version: c.version, createdAtMs: c.createdAtMs, stats };
}

/** Seats held (reserved or paid), leader first, then in the order they were taken. */
function liveMembers(g: GroupDoc): MemberDoc[] {
  return Object.values(g.members)
    .filter(seatIsLive)
    .sort((a, b) => Number(b.leader) - Number(a.leader) || a.reservedAtMs - b.reservedAtMs);
}

function groupFields(g: GroupDoc) {
  return {
    _id: g._id, campaignId: g.campaignId, title: g.title, productName: g.productName, groupSize: g.size,
    seatsTaken: g.seatsTaken, seatsLeft: g.status === 'OPEN' ? Math.max(0, g.size - g.seatsTaken) : 0, paidCount: g.paidCount,
    priceFen: g.priceFen, leaderPriceFen: g.leaderPriceFen, fillOnExpiryMinPaid: g.fillMinPaid, status: g.status,
    filledOnExpiry: g.filled, openedAtMs: g.openedAtMs, expiresAtMs: g.expiresAtMs, closedAtMs: g.closedAtMs,
  };
}

/** A group as a shopper sees it: nicknames only, never other shoppers' openids or orders. */
export function toGroup(g: GroupDoc, viewerOpenid: string): Group {
  const me = memberKey(viewerOpenid);
  const members = liveMembers(g).map((m) => ({ nickname: m.nickname, avatar: m.avatar ?? null, leader: m.leader, paid: m.state === 'paid', isMe: g.members[me] === m, joinedAtMs: m.reservedAtMs }));
  return Group.parse({ ...groupFields(g), members });
}

export function toAdminGroup(g: GroupDoc): AdminGroup {
  const members = liveMembers(g).map((m) => ({ nickname: m.nickname, avatar: m.avatar ?? null, leader: m.leader, paid: m.state === 'paid', isMe: false, joinedAtMs: m.reservedAtMs, openid: m.openid, orderId: m.orderId }));
  return AdminGroup.parse({ ...groupFields(g), members });
}

/** The page a share opens: the group, and the sharer's referral code when they have one (never an empty `ref=`). */
export function sharePathFor(groupId: string, referralCode: string): string {
  return pageShare('group', { id: groupId }, referralCode).path.replace(/^\//, '');
}
