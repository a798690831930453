/**
 * Group buying (拼团) as a pure state machine. A group has N seats. A shopper reserves a seat
 * (opening the group, or joining it), pays for it, or loses it when its payment window passes.
 * The group succeeds the moment N seats are paid, or — when the owner allows fill-on-expiry — at
 * its deadline with at least M paid; at its deadline it otherwise fails. A payment for a seat
 * that is no longer held, or for a group that is no longer open, is refunded, never seated.
 *
 * The services read a group, ask these functions what happens, and write the answer. The one
 * write that is not a transaction, the seat reservation (a conditional update on the group
 * document), uses exactly the conditions of canReserve.
 */

export type GroupStatus = 'OPEN' | 'SUCCEEDED' | 'FAILED';
export type SeatState = 'reserved' | 'paid' | 'released';

export interface Seat {
  orderId: string;
  state: SeatState;
  leader: boolean;
  reservedAtMs: number;
  paidAtMs: number | null;
}

export interface GroupState<S extends Seat = Seat> {
  size: number;
  /** M of fill-on-expiry; null = only a full group succeeds. */
  fillMinPaid: number | null;
  status: GroupStatus;
  /** Succeeded at the deadline through fill-on-expiry. */
  filled: boolean;
  /** Seats reserved or paid: never above size. */
  seatsTaken: number;
  paidCount: number;
  expiresAtMs: number;
  closedAtMs: number | null;
  /** One entry per shopper (keyed by a hash of the openid): a shopper holds at most one seat. */
  members: Record<string, S>;
}

export type SeatRefusal = 'closed' | 'expired' | 'full' | 'already_member';
export type SeatCheck = { ok: true } | { ok: false; code: SeatRefusal };

export function seatIsLive(seat: Seat | undefined): boolean {
  return seat !== undefined && (seat.state === 'reserved' || seat.state === 'paid');
}

/** May the shopper with `key` take a seat now? The order of checks is the order of the messages. */
export function canReserve(g: GroupState, key: string, nowMs: number): SeatCheck {
  if (g.status !== 'OPEN') return { ok: false, code: 'closed' };
  if (g.expiresAtMs <= nowMs) return { ok: false, code: 'expired' };
  if (seatIsLive(g.members[key])) return { ok: false, code: 'already_member' };
  if (g.seatsTaken >= g.size) return { ok: false, code: 'full' };
  return { ok: true };
}

export function reserveSeat<S extends Seat>(g: GroupState<S>, key: string, seat: S, nowMs: number): GroupState<S> {
  const check = canReserve(g, key, nowMs);
  if (!check.ok) throw new RangeError(`reserveSeat: ${check.code}`);
  return { ...g, seatsTaken: g.seatsTaken + 1, members: { ...g.members, [key]: seat } };
}

/**
 * What a payment for `orderId` (the seat of shopper `key`) does: take its seat, or be refunded
 * because the group closed or the seat went to its payment timeout (or to a later order).
 */
export type SeatPaymentFate = 'seat' | 'group_closed' | 'seat_released' | 'already_paid';

export function decideSeatPayment(g: GroupState, key: string, orderId: string): SeatPaymentFate {
  const seat = g.members[key];
  if (seat?.orderId === orderId && seat.state === 'paid') return 'already_paid';
  if (g.status !== 'OPEN') return 'group_closed';
  if (!seat || seat.orderId !== orderId || seat.state !== 'reserved') return 'seat_released';
  return 'seat';
}

/** The seat becomes paid; the N-th paid seat makes the group succeed at once. */
export function paySeat<S extends Seat>(g: GroupState<S>, key: string, nowMs: number): GroupState<S> {
  const seat = g.members[key];
  if (g.status !== 'OPEN' || !seat || seat.state !== 'reserved') throw new RangeError('paySeat: no reserved seat in an open group');
  const paidCount = g.paidCount + 1;
  const succeeded = paidCount === g.size;
  return {
    ...g,
    paidCount,
    status: succeeded ? 'SUCCEEDED' : 'OPEN',
    closedAtMs: succeeded ? nowMs : g.closedAtMs,
    members: { ...g.members, [key]: { ...seat, state: 'paid', paidAtMs: nowMs } },
  };
}

/** An unpaid seat goes back; only the order that holds it can release it, and only once. */
export function releaseSeat<S extends Seat>(g: GroupState<S>, key: string, orderId: string): GroupState<S> {
  const seat = g.members[key];
  if (!seat || seat.orderId !== orderId || seat.state !== 'reserved') return g;
  return { ...g, seatsTaken: g.seatsTaken - 1, members: { ...g.members, [key]: { ...seat, state: 'released' } } };
}

/** At the deadline an open group succeeds by fill-on-expiry (≥ M paid) or fails. */
export function expireGroup<S extends Seat>(g: GroupState<S>, nowMs: number): GroupState<S> {
  if (g.status !== 'OPEN' || g.expiresAtMs > nowMs) return g;
  const filled = g.fillMinPaid !== null && g.paidCount >= g.fillMinPaid;
  return { ...g, status: filled ? 'SUCCEEDED' : 'FAILED', filled, closedAtMs: nowMs };
}

/** Units a group sells: its paid seats when it succeeds, none when it fails or is still open. */
export function unitsSold(g: Pick<GroupState, 'status' | 'paidCount'>): number {
  return g.status === 'SUCCEEDED' ? g.paidCount : 0;
}

/** A group holds N units while open; when it closes, what it did not sell goes back to stock. */
export function unitsToReturn(g: Pick<GroupState, 'size' | 'status' | 'paidCount'>): number {
  return g.status === 'OPEN' ? 0 : g.size - unitsSold(g);
}

/** A seat's order can be paid until its payment window or the group's deadline, whichever is first. */
export function seatOrderExpiresAtMs(nowMs: number, paymentTimeoutMs: number, groupExpiresAtMs: number): number {
  return Math.min(nowMs + paymentTimeoutMs, groupExpiresAtMs);
}

// ---------------------------------------------------------------- campaigns

export interface CampaignRules {
  groupPriceFen: number;
  leaderPriceFen: number | null;
  groupSize: number;
  timeLimitMs: number;
  fillOnExpiryMinPaid: number | null;
  startAtMs: number;
  endAtMs: number;
}

export type CampaignCheck = { ok: true } | { ok: false; message: string };

/** ¥ with two decimals, integer arithmetic only (messages are the only place fen become yuan here). */
function yuan(fen: number): string {
  return `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** The owner's config against the product's list price; field ranges are checked by the contract. */
export function validateCampaign(c: CampaignRules, listPriceFen: number): CampaignCheck {
  if (c.groupPriceFen > listPriceFen) return { ok: false, message: `拼团价不能高于商品原价 ${yuan(listPriceFen)}` };
  if (c.leaderPriceFen !== null && c.leaderPriceFen > c.groupPriceFen) return { ok: false, message: '团长价不能高于拼团价' };
  if (c.fillOnExpiryMinPaid !== null && c.fillOnExpiryMinPaid >= c.groupSize) {
    return { ok: false, message: `到期凑团人数必须少于成团人数（${c.groupSize} 人）` };
  }
  if (c.endAtMs <= c.startAtMs) return { ok: false, message: '活动结束时间必须晚于开始时间' };
  return { ok: true };
}

export type CampaignPhase = 'upcoming' | 'running' | 'ended' | 'stopped';

export function campaignPhase(c: { active: boolean; startAtMs: number; endAtMs: number }, nowMs: number): CampaignPhase {
  if (!c.active) return 'stopped';
  if (nowMs < c.startAtMs) return 'upcoming';
  if (nowMs >= c.endAtMs) return 'ended';
  return 'running';
}

/** Why a new group cannot be opened now, in the shopper's words; null when it can. */
export function openRefusal(phase: CampaignPhase): string | null {
  switch (phase) {
    case 'running': return null;
    case 'upcoming': return '活动尚未开始';
    case 'ended': return '活动已结束';
    case 'stopped': return '活动已停止';
  }
}

export function seatPriceFen(c: { groupPriceFen: number; leaderPriceFen: number | null }, leader: boolean): number {
  return leader && c.leaderPriceFen !== null ? c.leaderPriceFen : c.groupPriceFen;
}

function durationText(ms: number): string {
  const minutes = Math.floor(ms / 60000);
  if (minutes % 1440 === 0) return `${minutes / 1440} 天`;
  if (minutes % 60 === 0) return `${minutes / 60} 小时`;
  return `${minutes} 分钟`;
}

/** The rules in one sentence; fill-on-expiry is said plainly, never hidden. */
export function campaignRulesText(c: CampaignRules): string {
  const leader = c.leaderPriceFen !== null ? `，团长价 ${yuan(c.leaderPriceFen)}` : '';
  const base = `${c.groupSize} 人成团，拼团价 ${yuan(c.groupPriceFen)}${leader}，开团后 ${durationText(c.timeLimitMs)}内付款满 ${c.groupSize} 人即成团`;
  const fill = c.fillOnExpiryMinPaid !== null
    ? `；到期时已付款满 ${c.fillOnExpiryMinPaid} 人也算成团（空位由店铺补齐）`
    : '';
  return `${base}${fill}；未成团全额原路退款。`;
}
