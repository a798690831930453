import type { CampaignConfig } from '../../../../src/contracts';
import { hashInput } from '../../shared/ids';
import type { GroupState, Seat } from '../domain/groupbuy';

/** Collections of this feature. Group-buy orders live in `orders` with kind 'group'. */
export const CAMPAIGNS = 'groupbuy_campaigns';
export const GROUPS = 'groupbuy_groups';
/** One document per (campaign, shopper): seats held, against the per-user limit. */
export const QUOTAS = 'groupbuy_quotas';

export interface CampaignDoc extends Omit<CampaignConfig, 'stock' | 'specId'> {
  _id: string;
  requestHash: string;
  productName: string;
  /** The spec sold; absent on campaigns made before specs (they sell the product's first spec). */
  specId?: string;
  specName?: string;
  coverColor: string;
  /** The product's pictures when the campaign was saved. */
  pictures?: string[];
  /** The spec's list price. */
  listPriceFen: number;
  /** Units this campaign may sell in all; stockLeft = stock − units held by open groups − units sold. */
  stock: number;
  stockLeft: number;
  active: boolean;
  /** Compare-and-set guard of the owner's updates. */
  version: number;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface MemberDoc extends Seat {
  openid: string;
  nickname: string;
  /** Their avatar when they took the seat (a cloud fileID), like the nickname. */
  avatar?: string | null;
}

/**
 * A group: the one document that decides who holds a seat. Seat counts, statuses and prices are
 * snapshotted when it opens, so an owner's later edit of the campaign never changes a running group.
 */
export interface GroupDoc extends GroupState<MemberDoc> {
  _id: string;
  campaignId: string;
  productId: string;
  productName: string;
  /** The spec whose units the group holds; absent on groups opened before specs (the default spec). */
  specId?: string;
  specName?: string;
  title: string;
  priceFen: number;
  leaderPriceFen: number | null;
  commission: boolean;
  leaderOpenid: string;
  /** Stock units the group holds: N while open, what it sold once closed. */
  unitsHeld: number;
  openedAtMs: number;
  lastSeatAtMs: number;
  /** Every paid seat's order made effective (success) or refunded (failure). */
  settled: boolean;
}

export interface QuotaDoc {
  _id: string;
  campaignId: string;
  openid: string;
  /** Seats held in this campaign: reserved, paid into an open group, or sold. */
  used: number;
}

/** A shopper's key in a group's members: a hash, so other shoppers' openids never appear in a field name. */
export function memberKey(openid: string): string {
  return `u${hashInput(['groupbuy-member', openid]).slice(0, 20)}`;
}

export function campaignIdFor(ownerOpenid: string, requestId: string): string {
  return `C${hashInput(['groupbuy-campaign', ownerOpenid, requestId]).slice(0, 23)}`;
}

/** The group opened by an order: a retried open lands on the same group. */
export function groupIdFor(orderId: string): string {
  return `G${hashInput(['groupbuy-group', orderId]).slice(0, 23)}`;
}

export function quotaIdFor(campaignId: string, openid: string): string {
  return `${campaignId}_${memberKey(openid)}`;
}

/** The spec a campaign sells: the one it names; a campaign made before specs (none named) sells the first. */
export function campaignSpecOf<S extends { _id: string }>(specs: readonly S[], specId: string | null | undefined): S | null {
  if (specId === undefined || specId === null) return specs[0] ?? null;
  return specs.find((s) => s._id === specId) ?? null;
}
