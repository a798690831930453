import { AppError, DEFAULT_SPEC_ID, Order, shippingFeeFen, TopUpPackage, type Fulfilment, type FulfilmentChoice, type OrderLine, type OrderStatus, type Product } from '../../../../src/contracts';
import { randomInt } from 'crypto';
import { db } from '../../adapters/cloud';
import { runTx } from '../../adapters/transaction';
import type { Doc } from '../../adapters/sdk';
import { priceLines, type LineRequest } from '../domain/order';
import { hashInput, orderIdFor } from '../../shared/ids';
import { stageAt, type Stage, type StageGrant, type StageState } from '../../members/domain/ladder';
import { maxPointsDiscount } from '../../members/domain/points';
import { topUpSplit } from '../../members/domain/wallet';
import { accounts, foldBeforeDebit, pendingEntryIds, pendingOf, txBalance } from '../../ledger/journal';
import { claimOrderNo, withOrderNo } from './orderNumbers';
import { releaseSeatOf } from '../../groupbuy/services/seats';
import { payTermsFor, type PayTerms } from './payTerms';
import type { ReferralUser } from '../../partners/services/referral';
import { giveBackStock, takeStock } from './stock';
import { changeStatus, insertOrder } from './lifecycle';
import type { WxPayState } from './wxpay';
import { getOrNull, isMissing, txGet } from '../../shared/tx';
import { walk, type WalkResult } from '../../shared/walk';
import type { StoreSettings } from '../../store/services/settings';
import type { UserDoc } from '../../members/services/session';
import { productsById } from '../../catalog/services/catalog';
import { getCommissionConfig } from '../../partners/services/commissionConfig';

/** Fulfilment and after-sales fields: absent on orders stored before them (Order's parse defaults them). */
type FulfilmentFields = 'fulfilment' | 'shippingFen' | 'shipments' | 'shippedAtMs' | 'receivedAtMs' | 'refundedFen' | 'afterSaleOpen';

/** The stored order: the public Order plus the buyer and payment bookkeeping. */
export interface OrderDoc extends Omit<Order, FulfilmentFields>, Partial<Pick<Order, FulfilmentFields>> {
  openid: string;
  requestHash: string;
  transactionId: string | null;
  /** Stages this order grants when paid (membership card, partner package), snapshotted. */
  grants: StageGrant[];
  /** For top-ups: what the payment credits to principal and bonus. */
  topUp: { principalFen: number; bonusFen: number } | null;
  stageBefore?: StageState | null;
  refundNo?: string | null;
  /** Every line is a membership card: nothing to ship; the cron completes it after payment (complete.ts). */
  virtual?: true;
  /** What its payment needs besides the order and the buyer, fixed at creation (orders/services/payTerms.ts). */
  payTerms?: PayTerms | null;
  /** A WeChat Pay payment was asked for (order.pay), and whether WeChat Pay may still take money for it (orders/services/wxpay.ts). */
  wxPay?: WxPayState | null;
  wxPayOpen?: boolean;
}

export function toPublicOrder(doc: Doc | OrderDoc): Order {
  return Order.parse(doc);
}

export async function balanceOf(account: string): Promise<number> {
  return (await getOrNull<{ balance: number }>('balances', account))?.balance ?? 0;
}

/** Points as the member sees them: the balance document plus referral points not yet folded. */
export async function pointsBalanceOf(openid: string): Promise<number> {
  const account = accounts.points(openid);
  return (await balanceOf(account)) + ((await pendingOf([account])).get(account) ?? 0);
}

export interface Quote {
  lines: OrderLine[];
  listTotalFen: number;
  totalFen: number;
  pointsUsed: number;
  pointsDiscountFen: number;
  payableFen: number;
  grants: StageGrant[];
}

/**
 * Prices lines for a buyer at their stage, with an optional points discount. Pure given its reads.
 * `settingsBases`: the owner's per-product commission bases (commission settings), for the lines'
 * commission base where a spec has none of its own.
 */
export function quoteLines(requests: LineRequest[], products: Map<string, Product>, stage: Stage, pointsBalance: number, usePoints: boolean, settings: StoreSettings, settingsBases: ReadonlyMap<string, number | null> = new Map()): Quote {
  const priced = priceLines(requests, products, stage, settingsBases);
  if (!priced.ok) throw new AppError(priced.code, priced.message);
  const listTotalFen = priced.lines.reduce((s, l) => s + l.listPriceFen * l.qty, 0);
  const discount = usePoints ? maxPointsDiscount(priced.totalFen, pointsBalance, settings.pointsRule) : { points: 0, discountFen: 0 };
  const grants: StageGrant[] = [];
  for (const line of priced.lines) {
    const p = products.get(line.productId)!;
    if (p.grantsStage) grants.push({ stage: p.grantsStage, days: p.grantsDays, qty: line.qty });
  }
  return { lines: priced.lines, listTotalFen, totalFen: priced.totalFen, pointsUsed: discount.points, pointsDiscountFen: discount.discountFen, payableFen: priced.totalFen - discount.discountFen, grants };
}

/** The owner's per-product commission bases from the commission settings (one read). */
async function settingsBases(): Promise<Map<string, number | null>> {
  return new Map((await getCommissionConfig()).products.map((r) => [r.productId, r.commissionBaseFen]));
}

/** What the shopper's choice costs to deliver, on goods worth `goodsFen` (after points); pickup needs the store's address. */
export function feeFor(mode: FulfilmentChoice['mode'] | null, goodsFen: number, settings: StoreSettings): number {
  if (mode === null) return 0;
  if (mode === 'pickup' && settings.pickup.address.trim() === '') throw new AppError('INVALID_INPUT', '本店暂不支持到店自提');
  return shippingFeeFen(settings.shipping, mode, goodsFen);
}

/** The order's fulfilment: the address as given, or pickup with a fresh 8-digit code. */
export function fulfilmentOf(choice: FulfilmentChoice | null): Fulfilment | null {
  if (choice === null) return null;
  if (choice.mode === 'delivery') return { mode: 'delivery', address: choice.address };
  return { mode: 'pickup', pickupCode: String(randomInt(10_000_000, 100_000_000)) };
}

/** Only membership cards: a virtual order, with no delivery, no pickup and no fee (docs/DECISIONS.md). */
export function isVirtualCart(requests: readonly LineRequest[], products: ReadonlyMap<string, { kind: string }>): boolean {
  return requests.length > 0 && requests.every((r) => products.get(r.productId)?.kind === 'card');
}

/** checkout.quote: what the server would charge, line by line, without writing anything. */
export async function quote(openid: string, requests: LineRequest[], usePoints: boolean, settings: StoreSettings, nowMs: number, chosenMode: FulfilmentChoice['mode'] | null = null) {
  const products = await productsById(requests.map((r) => r.productId));
  const virtual = isVirtualCart(requests, products);
  const mode = virtual ? null : chosenMode;
  const user = await getOrNull<UserDoc>('users', openid);
  const pointsBalance = await pointsBalanceOf(openid);
  // pointsUsable / pointsDiscountFen say what points would take off even with the switch off,
  // so the page can offer it; payableFen follows the switch.
  const withPoints = quoteLines(requests, products, stageAt(user, nowMs), pointsBalance, true, settings, await settingsBases());
  const goodsFen = usePoints ? withPoints.payableFen : withPoints.totalFen;
  const shippingFen = feeFor(mode, goodsFen, settings);
  const walletFen = (await balanceOf(accounts.principal(openid))) + (await balanceOf(accounts.bonus(openid)));
  return {
    lines: withPoints.lines, totalFen: withPoints.totalFen, listTotalFen: withPoints.listTotalFen, pointsUsable: withPoints.pointsUsed, pointsDiscountFen: withPoints.pointsDiscountFen,
    payableFen: goodsFen + shippingFen, walletFen, shippingFen, shipping: settings.shipping, pickup: settings.pickup.address.trim() === '' ? null : settings.pickup, virtual,
  };
}

function newOrder(fields: Pick<OrderDoc, '_id' | 'orderNo' | 'openid' | 'kind' | 'lines' | 'totalFen' | 'pointsUsed' | 'pointsDiscountFen' | 'payableFen' | 'requestHash' | 'grants' | 'topUp' | 'payTerms'> & Partial<Pick<OrderDoc, 'fulfilment' | 'shippingFen' | 'virtual'>>, settings: StoreSettings, nowMs: number): OrderDoc {
  return {
    fulfilment: null, shippingFen: 0, shipments: [], shippedAtMs: null, receivedAtMs: null, refundedFen: 0, afterSaleOpen: null,
    ...fields, status: 'PENDING', payMethod: null, balanceSplit: null, pointsEarned: 0, group: null,
    createdAtMs: nowMs, paidAtMs: null, expiresAtMs: nowMs + settings.paymentTimeoutMs, transactionId: null,
  };
}

interface Created {
  order: OrderDoc;
  /** false: the order already existed (a retry of the same request), so nothing was taken for it. */
  created: boolean;
}

/**
 * Creates an order. Stock is taken first, outside the transaction (orders/services/stock.ts: no shared
 * document is written inside it), and given back unless this call wrote the order. The
 * transaction writes only the buyer's own documents: the order, its number, the points it
 * spends. The order id comes from the buyer's request id, so a retried create returns the first
 * order (or IDEMPOTENCY_MISMATCH when the retry asks for something else) and takes nothing again.
 */
export async function createOrder(openid: string, requestId: string, requests: LineRequest[], usePoints: boolean, settings: StoreSettings, nowMs: number, chosen: FulfilmentChoice | null = null): Promise<OrderDoc> {
  const orderId = orderIdFor(openid, requestId);
  // Orders made before fulfilment hashed only lines and points: a retry of one still matches.
  const requestHash = hashInput(chosen === null ? { requests, usePoints } : { requests, usePoints, choice: chosen });
  const existing = await getOrNull<OrderDoc>('orders', orderId);
  if (existing) return sameRequest(existing, requestHash);
  const products = await productsById(requests.map((r) => r.productId));
  // A card-only order ships nothing: an address or pickup sent with it is ignored (no fee, no code).
  const virtual = isVirtualCart(requests, products);
  const choice = virtual ? null : chosen;
  const buyer = await getOrNull<ReferralUser>('users', openid);
  const bases = await settingsBases();
  const priced = quoteLines(requests, products, stageAt(buyer, nowMs), 0, false, settings, bases); // refuses before taking anything
  feeFor(choice?.mode ?? null, priced.totalFen, settings); // refuses pickup where there is none, before taking anything
  const fulfilment = fulfilmentOf(choice);
  const payTerms = await payTermsFor(buyer, { kind: 'goods', lines: priced.lines, grants: priced.grants }, nowMs);
  // Referral points still pending are folded in the order's own transaction, so they can be spent.
  const pendingPoints = usePoints ? await pendingEntryIds(accounts.points(openid)) : [];
  const taken = await takeStock(priced.lines);
  let result: Created | null = null;
  try {
    result = await withOrderNo((attempt) => runTx(async (tx): Promise<Created> => {
      const again = await txGet<OrderDoc>(tx, 'orders', orderId);
      if (again) return { order: sameRequest(again, requestHash), created: false };
      const user = await txGet<UserDoc>(tx, 'users', openid);
      if (usePoints) await foldBeforeDebit(tx, accounts.points(openid), pendingPoints, nowMs);
      const points = usePoints ? await txBalance(tx, accounts.points(openid)) : 0;
      const q = quoteLines(requests, products, stageAt(user, nowMs), points, usePoints, settings, bases);
      const orderNo = await claimOrderNo(tx, orderId, nowMs, attempt);
      const shippingFen = feeFor(choice?.mode ?? null, q.payableFen, settings);
      const order = newOrder({ _id: orderId, orderNo, openid, kind: 'goods', lines: q.lines, totalFen: q.totalFen, pointsUsed: q.pointsUsed, pointsDiscountFen: q.pointsDiscountFen, payableFen: q.payableFen + shippingFen, requestHash, grants: q.grants, topUp: null, payTerms, fulfilment, shippingFen, ...(virtual ? { virtual: true as const } : {}) }, settings, nowMs);
      // The lifecycle's `create`: the order and the points it spends (its stock was taken above).
      await insertOrder(tx, order, 'create', nowMs);
      return { order, created: true };
    }));
    return result.order;
  } finally {
    if (!result?.created) await giveBackStock(taken);
  }
}

function sameRequest(existing: OrderDoc, requestHash: string): OrderDoc {
  if (existing.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_MISMATCH', '同一请求号的订单内容不一致');
  return existing;
}

/** A top-up is an order for a stored-value package, paid by WeChat Pay only. */
export async function createTopUp(openid: string, requestId: string, packageId: string, settings: StoreSettings, nowMs: number): Promise<OrderDoc> {
  const raw = await getOrNull<Doc>('topup_packages', packageId);
  const pkg = raw ? TopUpPackage.parse(raw) : null;
  if (!pkg || !pkg.onSale) throw new AppError('NOT_FOUND', '充值套餐不存在');
  const split = topUpSplit(pkg);
  if (!split.ok) throw new AppError('INVALID_INPUT', '充值套餐配置错误');
  const orderId = orderIdFor(openid, requestId);
  const requestHash = hashInput({ topUp: packageId });
  const line: OrderLine = { lineId: '1', productId: pkg._id, specId: DEFAULT_SPEC_ID, specName: '', name: pkg.name, picture: null, qty: 1, listPriceFen: pkg.payFen, unitPriceFen: pkg.payFen, amountFen: pkg.payFen };
  return withOrderNo((attempt) => runTx(async (tx) => {
    const existing = await txGet<OrderDoc>(tx, 'orders', orderId);
    if (existing) return sameRequest(existing, requestHash);
    const orderNo = await claimOrderNo(tx, orderId, nowMs, attempt);
    const order = newOrder({ _id: orderId, orderNo, openid, kind: 'topup', lines: [line], totalFen: pkg.payFen, pointsUsed: 0, pointsDiscountFen: 0, payableFen: pkg.payFen, requestHash, grants: [], topUp: { principalFen: split.principalFen, bonusFen: split.bonusFen }, payTerms: null }, settings, nowMs);
    return insertOrder(tx, order, 'create', nowMs);
  }));
}

export async function getOwnOrder(openid: string, orderId: string): Promise<OrderDoc> {
  const doc = await getOrNull<OrderDoc>('orders', orderId);
  // Someone else's order looks exactly like a missing one: no probing other buyers' ids.
  if (!doc || doc.openid !== openid) throw new AppError('NOT_FOUND', '订单不存在');
  return doc;
}

/** The buyer's latest orders, newest first; `statuses` (one of the list's tabs) narrows them, null = all. */
export async function listOwnOrders(openid: string, statuses: readonly OrderStatus[] | null = null): Promise<OrderDoc[]> {
  const cond: Record<string, unknown> = { openid };
  if (statuses !== null) cond.status = statuses.length === 1 ? statuses[0] : db().command.in([...statuses]);
  const { data } = await db().collection('orders').where(cond).orderBy('createdAtMs', 'desc').limit(50).get();
  return data as unknown as OrderDoc[];
}

/** 售后 tab: the buyer's orders with a request (open, or money back in part or whole), newest first. */
export async function listAfterSaleOrders(openid: string): Promise<OrderDoc[]> {
  const _ = db().command;
  const { data } = await db().collection('orders').where(_.or([{ openid, afterSaleCount: _.gt(0) }, { openid, status: _.in(['REFUNDING', 'REFUNDED']) }])).orderBy('createdAtMs', 'desc').limit(50).get();
  return data as unknown as OrderDoc[];
}

/**
 * Closes one unpaid goods or top-up order (the lifecycle's `close`: its points and stock go back,
 * and WeChat Pay's order is closed after the commit); compare-and-set, so it runs once.
 */
async function closeUnpaidOrder(orderId: string, nowMs: number, why: { expired: true } | { cancelledBy: string }): Promise<boolean> {
  return runTx(async (tx) => {
    const order = await txGet<OrderDoc>(tx, 'orders', orderId);
    // A group-buy seat's order also gives its seat back: groupbuy/seats.ts closes those.
    if (!order || order.kind === 'group' || order.status !== 'PENDING') return false;
    if ('expired' in why && order.expiresAtMs > nowMs) return false;
    if ('cancelledBy' in why && order.openid !== why.cancelledBy) return false;
    await changeStatus(tx, order, 'close', { nowMs, fields: { closedAtMs: nowMs, closedBy: 'expired' in why ? 'timeout' : 'buyer' } });
    return true;
  });
}

export async function closeExpiredOrder(orderId: string, nowMs: number): Promise<boolean> {
  return closeUnpaidOrder(orderId, nowMs, { expired: true });
}

/**
 * order.cancel: the buyer closes their own unpaid order. A repeat (or a cancel racing the
 * timeout) answers the order as it stands; a paid order cannot be cancelled here (售后 refunds it).
 */
export async function cancelOwnOrder(openid: string, orderId: string, nowMs: number): Promise<OrderDoc> {
  const order = await getOwnOrder(openid, orderId);
  if (order.status === 'CLOSED') return order;
  if (order.status !== 'PENDING') throw new AppError('NOT_PAYABLE', '订单已支付，如需退款请申请售后');
  if (order.kind === 'group') await releaseSeatOf(orderId, nowMs, openid);
  else await closeUnpaidOrder(orderId, nowMs, { cancelledBy: openid });
  const after = await getOwnOrder(openid, orderId);
  if (after.status !== 'CLOSED') throw new AppError('NOT_PAYABLE', '订单已支付，如需退款请申请售后');
  return after;
}

/** cron: closes expired unpaid orders (group seats: groupbuy/services/seats.ts). */
export async function closeExpiredOrders(nowMs: number): Promise<WalkResult> {
  const _ = db().command;
  return walk('closedOrders', (after, limit) => db().collection('orders')
    .where({ status: 'PENDING', expiresAtMs: _.lte(nowMs), kind: _.neq('group'), _id: _.gt(after) }).orderBy('_id', 'asc').limit(limit).get(), (o) => closeExpiredOrder(o._id, nowMs));
}

export { isMissing };
