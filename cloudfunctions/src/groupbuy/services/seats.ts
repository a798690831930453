import { AppError, DEFAULT_SPEC_ID, type ErrorCode, type Fulfilment, type FulfilmentChoice, type OrderLine, type Product, type Spec } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import { runTx } from '../../adapters/transaction';
import type { Transaction } from '../../adapters/sdk';
import { campaignPhase, canReserve, openRefusal, releaseSeat, seatIsLive, seatOrderExpiresAtMs, seatPriceFen, type SeatRefusal } from '../domain/groupbuy';
import { hashInput, orderIdFor } from '../../shared/ids';
import type { StageGrant } from '../../members/domain/ladder';
import { feeFor, fulfilmentOf, type OrderDoc } from '../../orders/services/orders';
import type { UserDoc } from '../../members/services/session';
import type { StoreSettings } from '../../store/services/settings';
import { claimOrderNo, withOrderNo } from '../../orders/services/orderNumbers';
import { payTermsFor, type PayTerms } from '../../orders/services/payTerms';
import { getCommissionConfig } from '../../partners/services/commissionConfig';
import type { ReferralUser } from '../../partners/services/referral';
import { giveBackCampaignUnits, giveBackStock, takeCampaignUnits, takeStock } from '../../orders/services/stock';
import { changeStatus, insertOrder } from '../../orders/services/lifecycle';
import { walk, type WalkResult } from '../../shared/walk';
import { getOrNull, txGet } from '../../shared/tx';
import { CAMPAIGNS, GROUPS, QUOTAS, campaignSpecOf, groupIdFor, memberKey, quotaIdFor, type CampaignDoc, type GroupDoc, type MemberDoc, type QuotaDoc } from './docs';
import { findProduct } from '../../catalog/services/catalog';
import { unitCommissionBaseFen } from '../../catalog/domain/specs';

export interface SeatResult {
  order: OrderDoc;
  group: GroupDoc;
}

const REFUSALS: Record<SeatRefusal, [ErrorCode, string]> = {
  closed: ['NOT_PAYABLE', '这个团已结束'],
  expired: ['NOT_PAYABLE', '这个团已到期'],
  already_member: ['FORBIDDEN', '你已在这个团里'],
  full: ['OUT_OF_STOCK', '这个团已满，去开个新团吧'],
};

function refusal(code: SeatRefusal): AppError {
  return new AppError(REFUSALS[code][0], REFUSALS[code][1]);
}

function sameRequest(existing: OrderDoc, requestHash: string): OrderDoc {
  if (existing.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_MISMATCH', '同一请求号的订单内容不一致');
  return existing;
}

async function groupOrThrow(groupId: string): Promise<GroupDoc> {
  const g = await getOrNull<GroupDoc>(GROUPS, groupId);
  if (!g) throw new AppError('NOT_FOUND', '这个团不存在');
  return g;
}

/** The per-user limit, inside the transaction that creates the seat's order. */
async function takeQuota(tx: Transaction, campaign: Pick<CampaignDoc, '_id' | 'perUserLimit'>, openid: string): Promise<void> {
  const id = quotaIdFor(campaign._id, openid);
  const used = (await txGet<QuotaDoc>(tx, QUOTAS, id))?.used ?? 0;
  if (used >= campaign.perUserLimit) throw new AppError('FORBIDDEN', `每人限参 ${campaign.perUserLimit} 次`);
  await tx.collection(QUOTAS).doc(id).set({ data: { campaignId: campaign._id, openid, used: used + 1 } });
}

/** A seat given back (released, or its group failed): always in the transaction that moves its order's status, so once. */
export async function giveBackQuota(tx: Transaction, campaignId: string, openid: string): Promise<void> {
  const id = quotaIdFor(campaignId, openid);
  const quota = await txGet<QuotaDoc>(tx, QUOTAS, id);
  if (quota && quota.used > 0) await tx.collection(QUOTAS).doc(id).update({ data: { used: quota.used - 1 } });
}

/** What a seat's line sells: one unit of the group's spec, at the spec's list price and commission base. */
export interface SeatUnit {
  listPriceFen: number;
  commissionBaseFen: number;
  picture: string | null;
}

interface SeatOrderInput {
  orderId: string;
  orderNo: string;
  openid: string;
  requestHash: string;
  group: Pick<GroupDoc, '_id' | 'campaignId' | 'productId' | 'productName' | 'specId' | 'specName' | 'priceFen' | 'leaderPriceFen' | 'commission' | 'expiresAtMs'>;
  unit: SeatUnit;
  grants: StageGrant[];
  leader: boolean;
  payTerms: PayTerms;
  /** Where the unit goes (issue 11); a seat pays no shipping fee (拼团包邮, DECISIONS.md). */
  fulfilment: Fulfilment | null;
}

/** The line of one unit of a group's spec (priced by the caller). */
function seatLine(group: SeatOrderInput['group'], unit: SeatUnit, priceFen: number): OrderLine {
  return {
    lineId: '1', productId: group.productId, specId: group.specId ?? DEFAULT_SPEC_ID, specName: group.specName ?? '', name: group.productName, picture: unit.picture,
    qty: 1, listPriceFen: unit.listPriceFen, unitPriceFen: priceFen, amountFen: priceFen, commissionBaseFen: unit.commissionBaseFen,
  };
}

/** A group-buy order: one unit at the group's price, payable until its window or the group's deadline. */
function seatOrder(i: SeatOrderInput, settings: StoreSettings, nowMs: number): OrderDoc {
  const priceFen = seatPriceFen({ groupPriceFen: i.group.priceFen, leaderPriceFen: i.group.leaderPriceFen }, i.leader);
  const line = seatLine(i.group, i.unit, priceFen);
  return {
    _id: i.orderId, orderNo: i.orderNo, openid: i.openid, kind: 'group', status: 'PENDING', lines: [line], totalFen: priceFen, pointsUsed: 0, pointsDiscountFen: 0,
    payableFen: priceFen, payMethod: null, balanceSplit: null, pointsEarned: 0, createdAtMs: nowMs, paidAtMs: null,
    expiresAtMs: seatOrderExpiresAtMs(nowMs, settings.paymentTimeoutMs, i.group.expiresAtMs), transactionId: null, requestHash: i.requestHash,
    grants: i.grants, topUp: null, group: { groupId: i.group._id, campaignId: i.group.campaignId, leader: i.leader, commission: i.group.commission }, payTerms: i.payTerms,
    fulfilment: i.fulfilment, shippingFen: 0, shipments: [], shippedAtMs: null, receivedAtMs: null, refundedFen: 0, afterSaleOpen: null,
  };
}

function grantsOf(p: Product): StageGrant[] {
  return p.grantsStage ? [{ stage: p.grantsStage, days: p.grantsDays, qty: 1 }] : [];
}

function newGroup(c: CampaignDoc, spec: Spec, groupId: string, leader: UserDoc, leaderOrderId: string, nowMs: number): GroupDoc {
  const seat: MemberDoc = { orderId: leaderOrderId, openid: leader._id, nickname: leader.nickname, avatar: avatarOf(leader), leader: true, state: 'reserved', reservedAtMs: nowMs, paidAtMs: null };
  return {
    _id: groupId, campaignId: c._id, productId: c.productId, productName: c.productName, specId: spec._id, specName: c.specName ?? '', title: c.title, size: c.groupSize,
    fillMinPaid: c.fillOnExpiryMinPaid, status: 'OPEN', filled: false, seatsTaken: 1, paidCount: 0, expiresAtMs: nowMs + c.timeLimitMs,
    closedAtMs: null, members: { [memberKey(leader._id)]: seat }, priceFen: c.groupPriceFen, leaderPriceFen: c.leaderPriceFen,
    commission: c.commissionEnabled, leaderOpenid: leader._id, unitsHeld: c.groupSize, openedAtMs: nowMs, lastSeatAtMs: nowMs, settled: false,
  };
}

/** Terms of a seat's order (orders/services/payTerms.ts): one unit of the group's spec at the group price. */
async function seatTerms(user: UserDoc, group: SeatOrderInput['group'], unit: SeatUnit, grants: StageGrant[], nowMs: number): Promise<PayTerms> {
  return payTermsFor(user as ReferralUser, { kind: 'group', lines: [seatLine(group, unit, 0)], grants }, nowMs);
}

/** A seat's unit of this spec, with the owner's per-product commission base where the spec has none. */
async function seatUnit(product: Product, spec: Pick<Spec, 'listPriceFen' | 'commissionBaseFen'>): Promise<SeatUnit> {
  const rule = (await getCommissionConfig()).products.find((r) => r.productId === product._id);
  return { listPriceFen: spec.listPriceFen, commissionBaseFen: unitCommissionBaseFen(spec, rule?.commissionBaseFen), picture: product.pictures[0] ?? null };
}

/** A group's N units, from the campaign's allocation and the spec's stock: conditional updates, outside any transaction. */
async function takeGroupUnits(campaign: CampaignDoc, specId: string): Promise<void> {
  if (!(await takeCampaignUnits(campaign._id, campaign.groupSize))) throw new AppError('SOLD_OUT', '活动名额已抢完');
  try {
    await takeStock([{ productId: campaign.productId, specId, qty: campaign.groupSize }]);
  } catch (e) {
    await giveBackCampaignUnits(campaign._id, campaign.groupSize);
    throw e;
  }
}

async function giveBackGroupUnits(campaign: CampaignDoc, specId: string): Promise<void> {
  await giveBackCampaignUnits(campaign._id, campaign.groupSize);
  await giveBackStock([{ productId: campaign.productId, specId, qty: campaign.groupSize }]);
}

function avatarOf(user: UserDoc): string | null {
  return (user as { avatar?: string | null }).avatar ?? null;
}

/**
 * groupbuy.group.open: the group takes its N units from the campaign and the product (conditional
 * updates, like all stock), then one transaction writes the group and the leader's seat and
 * PENDING order. The units go back unless this call wrote them. Ids come from the leader's
 * request id, so a retry returns the same group and order and takes nothing again.
 */
export async function openGroup(user: UserDoc, requestId: string, campaignId: string, settings: StoreSettings, nowMs: number, choice: FulfilmentChoice | null = null): Promise<SeatResult> {
  const orderId = orderIdFor(user._id, requestId);
  const groupId = groupIdFor(orderId);
  const requestHash = hashInput(choice === null ? { groupOpen: campaignId } : { groupOpen: campaignId, choice });
  feeFor(choice?.mode ?? null, 0, settings); // refuses pickup where there is none, before anything is taken
  const existing = await getOrNull<OrderDoc>('orders', orderId);
  if (existing) return { order: sameRequest(existing, requestHash), group: await groupOrThrow(groupId) };
  const campaign = await getOrNull<CampaignDoc>(CAMPAIGNS, campaignId);
  if (!campaign) throw new AppError('NOT_FOUND', '活动不存在');
  const refused = openRefusal(campaignPhase(campaign, nowMs));
  if (refused) throw new AppError('NOT_PAYABLE', refused);
  const product = await findProduct(campaign.productId);
  const spec = product ? campaignSpecOf(product.specs, campaign.specId) : null;
  if (!product || !product.onSale || !spec) throw new AppError('NOT_FOUND', '商品已下架');
  const unit = await seatUnit(product, spec);
  const group = newGroup(campaign, spec, groupId, user, orderId, nowMs);
  const payTerms = await seatTerms(user, group, unit, grantsOf(product), nowMs);
  await takeGroupUnits(campaign, spec._id);
  let created = false;
  try {
    const result = await withOrderNo((attempt) => runTx(async (tx) => {
      const again = await txGet<OrderDoc>(tx, 'orders', orderId);
      if (again) return { order: sameRequest(again, requestHash), group: (await txGet<GroupDoc>(tx, GROUPS, groupId))!, created: false };
      await takeQuota(tx, campaign, user._id);
      const orderNo = await claimOrderNo(tx, orderId, nowMs, attempt);
      const order = seatOrder({ orderId, orderNo, openid: user._id, requestHash, group, unit, grants: grantsOf(product), leader: true, payTerms, fulfilment: fulfilmentOf(choice) }, settings, nowMs);
      await tx.collection(GROUPS).add({ data: group as unknown as Record<string, unknown> });
      await insertOrder(tx, order, 'create', nowMs);
      return { order, group, created: true };
    }));
    created = result.created;
    return { order: result.order, group: result.group };
  } finally {
    if (!created) await giveBackGroupUnits(campaign, spec._id);
  }
}

/**
 * The seat itself: one conditional update on the group document, with exactly canReserve's
 * conditions, so however many shoppers race for the last seat, at most N ever hold one. The
 * member entry names the order, which makes a retried join find its own seat.
 */
async function reserve(group: GroupDoc, key: string, seat: MemberDoc, nowMs: number): Promise<void> {
  const _ = db().command;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const res = await db().collection(GROUPS).where({
      _id: group._id, status: 'OPEN', expiresAtMs: _.gt(nowMs), seatsTaken: _.lt(group.size),
      members: { [key]: { state: _.nin(['reserved', 'paid']) } },
    }).update({ data: { seatsTaken: _.inc(1), lastSeatAtMs: nowMs, members: { [key]: _.set(seat) } } });
    if (res.stats.updated === 1) return;
    const now = await groupOrThrow(group._id);
    const held = now.members[key];
    if (held?.orderId === seat.orderId && seatIsLive(held)) return; // a retry of this same request holds it
    const check = canReserve(now, key, nowMs);
    if (!check.ok) throw refusal(check.code);
    // A seat came free between our update and our read: try again.
  }
  throw refusal('full');
}

/**
 * groupbuy.group.join: reserve the seat, then create its order (and count it against the
 * per-user limit) in a transaction. If the order cannot be created the seat is given back at
 * once; should even that fail, the seat stays counted (the group can fill less, never more) and
 * a retry with the same request id resumes on it.
 */
export async function joinGroup(user: UserDoc, requestId: string, groupId: string, settings: StoreSettings, nowMs: number, choice: FulfilmentChoice | null = null): Promise<SeatResult> {
  const orderId = orderIdFor(user._id, requestId);
  const requestHash = hashInput(choice === null ? { groupJoin: groupId } : { groupJoin: groupId, choice });
  feeFor(choice?.mode ?? null, 0, settings);
  const existing = await getOrNull<OrderDoc>('orders', orderId);
  if (existing) return { order: sameRequest(existing, requestHash), group: await groupOrThrow(groupId) };
  const group = await groupOrThrow(groupId);
  const campaign = (await getOrNull<CampaignDoc>(CAMPAIGNS, group.campaignId))!;
  const product = await findProduct(group.productId);
  const key = memberKey(user._id);
  const quota = await getOrNull<QuotaDoc>(QUOTAS, quotaIdFor(campaign._id, user._id));
  const held = group.members[key];
  const resuming = held?.orderId === orderId && seatIsLive(held);
  const spec = product?.specs.find((s) => s._id === (group.specId ?? DEFAULT_SPEC_ID)) ?? null;
  const unit: SeatUnit = product && spec ? await seatUnit(product, spec) : { listPriceFen: campaign.listPriceFen, commissionBaseFen: campaign.listPriceFen, picture: null };
  const grants = product ? grantsOf(product) : [];
  // Read before the seat is taken: once it is, only the order's transaction follows.
  const payTerms = await seatTerms(user, group, unit, grants, nowMs);
  if (!resuming) {
    // Fail fast before touching the group; the conditional update and the transaction below enforce both.
    if (seatIsLive(held)) throw refusal('already_member');
    if ((quota?.used ?? 0) >= campaign.perUserLimit) throw new AppError('FORBIDDEN', `每人限参 ${campaign.perUserLimit} 次`);
    await reserve(group, key, { orderId, openid: user._id, nickname: user.nickname, avatar: avatarOf(user), leader: false, state: 'reserved', reservedAtMs: nowMs, paidAtMs: null }, nowMs);
  }
  const input: Omit<SeatOrderInput, 'orderNo'> = { orderId, openid: user._id, requestHash, group, unit, grants, leader: false, payTerms, fulfilment: fulfilmentOf(choice) };
  try {
    const order = await withOrderNo((attempt) => runTx(async (tx) => {
      const again = await txGet<OrderDoc>(tx, 'orders', orderId);
      if (again) return sameRequest(again, requestHash);
      await takeQuota(tx, campaign, user._id);
      const created = seatOrder({ ...input, orderNo: await claimOrderNo(tx, orderId, nowMs, attempt) }, settings, nowMs);
      return insertOrder(tx, created, 'create', nowMs);
    }));
    return { order, group: await groupOrThrow(groupId) };
  } catch (e) {
    await releaseOrderlessSeat(groupId, key, orderId).catch((err) => console.error('groupbuy: seat kept after a failed join', groupId, err));
    throw e;
  }
}

/** Gives back a seat whose order was never created. */
async function releaseOrderlessSeat(groupId: string, key: string, orderId: string): Promise<boolean> {
  return runTx(async (tx) => {
    if (await txGet<OrderDoc>(tx, 'orders', orderId)) return false;
    const group = await txGet<GroupDoc>(tx, GROUPS, groupId);
    if (!group) return false;
    const next = releaseSeat(group, key, orderId);
    if (next === group) return false;
    await tx.collection(GROUPS).doc(groupId).update({ data: { seatsTaken: next.seatsTaken, members: { [key]: { state: 'released' } } } });
    return true;
  });
}

/** In the caller's transaction: the order's seat, if it still holds it, goes back to the group. */
export async function releaseSeatInTx(tx: Transaction, group: GroupDoc | null, order: OrderDoc): Promise<void> {
  if (!group) return;
  const key = memberKey(order.openid);
  const next = releaseSeat(group, key, order._id);
  if (next !== group) await tx.collection(GROUPS).doc(group._id).update({ data: { seatsTaken: next.seatsTaken, members: { [key]: { state: 'released' } } } });
}

/**
 * An unpaid seat's order closes and the seat and the per-user count go back. Once: PENDING is the
 * guard. Past its payment window (cron), or at once when its buyer cancels (`cancelledBy`).
 */
export async function releaseSeatOf(orderId: string, nowMs: number, cancelledBy: string | null): Promise<boolean> {
  return runTx(async (tx) => {
    const order = await txGet<OrderDoc>(tx, 'orders', orderId);
    if (!order || order.kind !== 'group' || !order.group || order.status !== 'PENDING') return false;
    if (cancelledBy === null ? order.expiresAtMs > nowMs : order.openid !== cancelledBy) return false;
    await releaseSeatInTx(tx, await txGet<GroupDoc>(tx, GROUPS, order.group.groupId), order);
    await giveBackQuota(tx, order.group.campaignId, order.openid);
    // The lifecycle's `close` (WeChat Pay's order too, after the commit).
    await changeStatus(tx, order, 'close', { nowMs, fields: { closedAtMs: nowMs, closedBy: cancelledBy === null ? 'timeout' : 'buyer' } });
    return true;
  });
}

export async function releaseExpiredSeat(orderId: string, nowMs: number): Promise<boolean> {
  return releaseSeatOf(orderId, nowMs, null);
}

/** cron: releases the seats whose payment window has passed. */
export async function releaseExpiredSeats(nowMs: number): Promise<WalkResult> {
  const _ = db().command;
  return walk('groupSeatsReleased', (after, limit) => db().collection('orders').where({ kind: 'group', status: 'PENDING', expiresAtMs: _.lte(nowMs), _id: _.gt(after) }).orderBy('_id', 'asc').limit(limit).get(),
    (o) => releaseExpiredSeat(o._id, nowMs));
}
