import fc from 'fast-check';
import {
  campaignPhase,
  campaignRulesText,
  canReserve,
  decideSeatPayment,
  expireGroup,
  paySeat,
  releaseSeat,
  reserveSeat,
  seatOrderExpiresAtMs,
  unitsSold,
  unitsToReturn,
  validateCampaign,
  type CampaignRules,
  type GroupState,
  type Seat,
} from '../../cloudfunctions/src/groupbuy/domain/groupbuy';

const HOUR = 3600_000;
const T0 = 1_800_000_000_000;

function group(size: number, fillMinPaid: number | null = null): GroupState {
  return { size, fillMinPaid, status: 'OPEN', filled: false, seatsTaken: 0, paidCount: 0, expiresAtMs: T0 + HOUR, closedAtMs: null, members: {} };
}

const seat = (orderId: string): Seat => ({ orderId, state: 'reserved', leader: false, reservedAtMs: T0, paidAtMs: null });

describe('seats, one event per line', () => {
  test('a group of 2: reserve, refuse the third, pay both → SUCCEEDED', () => {
    let g = group(2);
    g = reserveSeat(g, 'a', seat('oa'), T0);
    expect(canReserve(g, 'a', T0)).toEqual({ ok: false, code: 'already_member' });
    g = reserveSeat(g, 'b', seat('ob'), T0);
    expect(canReserve(g, 'c', T0)).toEqual({ ok: false, code: 'full' });
    expect(decideSeatPayment(g, 'a', 'oa')).toBe('seat');
    g = paySeat(g, 'a', T0 + 1);
    expect(g).toMatchObject({ status: 'OPEN', paidCount: 1 });
    expect(decideSeatPayment(g, 'a', 'oa')).toBe('already_paid');
    g = paySeat(g, 'b', T0 + 2);
    expect(g).toMatchObject({ status: 'SUCCEEDED', paidCount: 2, closedAtMs: T0 + 2, filled: false });
    expect(canReserve(g, 'c', T0)).toEqual({ ok: false, code: 'closed' });
    expect([unitsSold(g), unitsToReturn(g)]).toEqual([2, 0]);
  });

  test('a released seat goes back once, and only for the order that held it', () => {
    let g = reserveSeat(group(2), 'a', seat('oa'), T0);
    expect(releaseSeat(g, 'a', 'other')).toBe(g);
    g = releaseSeat(g, 'a', 'oa');
    expect(g).toMatchObject({ seatsTaken: 0, members: { a: { state: 'released' } } });
    expect(releaseSeat(g, 'a', 'oa')).toBe(g);
    expect(decideSeatPayment(g, 'a', 'oa')).toBe('seat_released');
    g = reserveSeat(g, 'a', seat('oa2'), T0); // the same shopper, a new order
    expect(decideSeatPayment(g, 'a', 'oa')).toBe('seat_released');
    expect(decideSeatPayment(g, 'a', 'oa2')).toBe('seat');
  });

  test.each([
    ['no fill, 1 of 3 paid → FAILED', null, 1, 'FAILED', false, 3],
    ['fill at 2, 1 of 3 paid → FAILED', 2, 1, 'FAILED', false, 3],
    ['fill at 2, 2 of 3 paid → SUCCEEDED, 1 unit back', 2, 2, 'SUCCEEDED', true, 1],
    ['fill at 1, 0 of 3 paid → FAILED', 1, 0, 'FAILED', false, 3],
  ] as const)('expiry: %s', (_name, fill, paid, status, filled, back) => {
    let g = group(3, fill);
    for (let i = 0; i < paid; i += 1) g = paySeat(reserveSeat(g, `u${i}`, seat(`o${i}`), T0), `u${i}`, T0);
    expect(expireGroup(g, T0 + HOUR - 1)).toBe(g);
    const closed = expireGroup(g, T0 + HOUR);
    expect(closed).toMatchObject({ status, filled, closedAtMs: T0 + HOUR });
    expect(unitsToReturn(closed)).toBe(back);
    expect(decideSeatPayment(closed, 'late', 'x')).toBe('group_closed');
    expect(expireGroup(closed, T0 + 2 * HOUR)).toBe(closed);
  });

  test('an expired group takes no seat even before cron closes it; an order is payable until the earlier deadline', () => {
    expect(canReserve(group(3), 'a', T0 + HOUR)).toEqual({ ok: false, code: 'expired' });
    expect(seatOrderExpiresAtMs(T0, 30 * 60_000, T0 + HOUR)).toBe(T0 + 30 * 60_000);
    expect(seatOrderExpiresAtMs(T0, 30 * 60_000, T0 + 10 * 60_000)).toBe(T0 + 10 * 60_000);
  });
});

describe('campaign rules', () => {
  const rules: CampaignRules = { groupPriceFen: 9900, leaderPriceFen: 8900, groupSize: 3, timeLimitMs: 24 * HOUR, fillOnExpiryMinPaid: 2, startAtMs: T0, endAtMs: T0 + HOUR };

  test.each([
    ['valid', {}, null],
    ['group price = list price', { groupPriceFen: 12800 }, null],
    ['group price above list price', { groupPriceFen: 12801 }, '拼团价不能高于商品原价 ¥128.00'],
    ['leader price above group price', { leaderPriceFen: 9901 }, '团长价不能高于拼团价'],
    ['M = N', { fillOnExpiryMinPaid: 3 }, '到期凑团人数必须少于成团人数（3 人）'],
    ['end = start', { endAtMs: T0 }, '活动结束时间必须晚于开始时间'],
  ])('%s', (_name, over, message) => {
    const check = validateCampaign({ ...rules, ...over }, 12800);
    expect(check).toEqual(message === null ? { ok: true } : { ok: false, message });
  });

  test('phases and the plain-words rule', () => {
    const c = { active: true, startAtMs: T0, endAtMs: T0 + HOUR };
    expect([campaignPhase(c, T0 - 1), campaignPhase(c, T0), campaignPhase(c, T0 + HOUR), campaignPhase({ ...c, active: false }, T0)]).toEqual(['upcoming', 'running', 'ended', 'stopped']);
    expect(campaignRulesText(rules)).toBe('3 人成团，拼团价 ¥99.00，团长价 ¥89.00，开团后 1 天内付款满 3 人即成团；到期时已付款满 2 人也算成团（空位由店铺补齐）；未成团全额原路退款。');
    expect(campaignRulesText({ ...rules, leaderPriceFen: null, fillOnExpiryMinPaid: null, timeLimitMs: 90 * 60_000 })).toBe('3 人成团，拼团价 ¥99.00，开团后 90 分钟内付款满 3 人即成团；未成团全额原路退款。');
  });
});

/*
 * Model test: random sequences of joins, payments (to live, released or closed seats), seat
 * releases and time passing, run against the domain functions and against a model made of plain
 * sets. After every step they must agree, and the invariants must hold: never more than N seats
 * held or paid; a closed group stays closed; success means N paid, or M paid at the deadline
 * with fill-on-expiry; every payment ends sold (seated in a successful group) or refunded, never
 * both, never neither.
 */
type Command =
  | { kind: 'join'; user: number }
  | { kind: 'pay'; pick: number }
  | { kind: 'lapse'; pick: number }
  | { kind: 'tick'; ms: number };

type OrderFate = 'pending' | 'closed' | 'seated' | 'refunded';
interface ModelOrder { id: string; user: string; fate: OrderFate }

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('join' as const), user: fc.nat(7) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('pay' as const), pick: fc.nat(50) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('lapse' as const), pick: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: HOUR / 2 }) }) },
);

function run(size: number, fill: number | null, commands: Command[]): void {
  let g = group(size, fill);
  let now = T0;
  const orders: ModelOrder[] = [];
  const live = new Map<string, string>();
  const paid = new Set<string>();
  let status: GroupState['status'] = 'OPEN';
  const pickAmong = (pick: number, fates: OrderFate[]) => {
    const choices = orders.filter((o) => fates.includes(o.fate));
    return choices.length ? choices[pick % choices.length] : null;
  };
  for (const c of commands) {
    const before = g.status;
    if (c.kind === 'join') {
      const user = `u${c.user}`;
      const expected = status === 'OPEN' && now < g.expiresAtMs && !live.has(user) && live.size < size;
      expect(canReserve(g, user, now).ok).toBe(expected);
      if (expected) {
        const id = `o${orders.length}`;
        g = reserveSeat(g, user, seat(id), now);
        orders.push({ id, user, fate: 'pending' });
        live.set(user, id);
      }
    } else if (c.kind === 'pay') {
      const o = pickAmong(c.pick, ['pending', 'closed']);
      if (!o) continue;
      const fate = decideSeatPayment(g, o.user, o.id);
      const seats = status === 'OPEN' && o.fate === 'pending' && live.get(o.user) === o.id;
      expect(fate === 'seat').toBe(seats);
      if (seats) {
        g = paySeat(g, o.user, now);
        o.fate = 'seated';
        paid.add(o.id);
        if (paid.size === size) status = 'SUCCEEDED';
      } else {
        // Refunded; a still-pending order gives its seat back (as the payment service does).
        if (o.fate === 'pending') {
          g = releaseSeat(g, o.user, o.id);
          if (live.get(o.user) === o.id) live.delete(o.user);
        }
        o.fate = 'refunded';
      }
    } else if (c.kind === 'lapse') {
      const o = pickAmong(c.pick, ['pending']);
      if (!o) continue;
      g = releaseSeat(g, o.user, o.id);
      o.fate = 'closed';
      if (live.get(o.user) === o.id) live.delete(o.user);
    } else {
      now += c.ms;
      g = expireGroup(g, now);
      if (status === 'OPEN' && now >= g.expiresAtMs) status = fill !== null && paid.size >= fill ? 'SUCCEEDED' : 'FAILED';
    }
    // The model and the domain agree, and the invariants hold after every step.
    expect(g.status).toBe(status);
    if (before !== 'OPEN') expect(g.status).toBe(before);
    const members = Object.entries(g.members);
    expect(g.seatsTaken).toBe(members.filter(([, m]) => m.state === 'reserved' || m.state === 'paid').length);
    expect(g.seatsTaken).toBe(live.size);
    expect(g.seatsTaken).toBeLessThanOrEqual(size);
    expect(g.paidCount).toBe(paid.size);
    expect(g.paidCount).toBeLessThanOrEqual(size);
    expect(new Set(members.filter(([, m]) => m.state === 'paid').map(([, m]) => m.orderId))).toEqual(paid);
    if (g.status === 'SUCCEEDED') expect(g.paidCount === size || (g.filled && fill !== null && g.paidCount >= fill)).toBe(true);
    if (g.status !== 'OPEN') expect(unitsSold(g) + unitsToReturn(g)).toBe(size);
  }
  // Settlement: seated orders are sold if the group succeeded, refunded if it failed (or is
  // still open and will be, one way or the other); a payment is never both or neither.
  for (const o of orders) {
    const sold = o.fate === 'seated' && g.status === 'SUCCEEDED';
    const refunded = o.fate === 'refunded' || (o.fate === 'seated' && g.status === 'FAILED');
    if (o.fate === 'seated' || o.fate === 'refunded') expect(sold !== refunded || g.status === 'OPEN').toBe(true);
  }
}

test('model: random joins, payments, lapses and time keep every invariant', () => {
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 6 }), fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }), fc.array(command, { maxLength: 80 }), (size, fillRaw, commands) => {
      const fill = fillRaw !== null && fillRaw < size ? fillRaw : null;
      run(size, fill, commands);
    }),
    { numRuns: 400 },
  );
});
