import fc from 'fast-check';
import type { CommissionConfig, TierRate } from '../../src/contracts';
import { canEarn, orderCommission, STAGES, validateCommissionConfig, type CatalogProduct, type CommissionLineInput } from '../../cloudfunctions/src/partners/domain/commission';
import { decideBinding } from '../../cloudfunctions/src/partners/domain/referral';
import type { Stage } from '../../cloudfunctions/src/members/domain/ladder';

/*
 * The non-erosion property (PRODUCT.md, seed 002 "下级客户升级不影响上级客户利益"): two worlds see
 * the same events — members join (with or without a referrer's code), change tier, buy — and
 * differ only in one member X's upgrade at one moment. The worlds run the domain's own binding
 * rule (decideBinding: a newcomer's first code decides, once) and commission rule
 * (orderCommission over [parent, grandparent]). With the upgrade every member earns at least
 * as much; where the two trees end up equal, everyone but X earns exactly the same.
 */

type Mode = 'visit' | 'first_paid_order';
type Event =
  | { kind: 'join'; stage: Stage; referrer: number | null }
  | { kind: 'stage'; who: number; stage: Stage }
  | { kind: 'buy'; buyer: number; lines: { product: number; qty: number }[] };

interface Member {
  stage: Stage;
  parent: number | null;
  decided: boolean;
  pending: number | null;
  paidOrders: number;
}

class World {
  members: Member[] = [];
  earned: number[] = [];
  /** Points received per member (a points reward's value in fen is counted in `earned`). */
  points: number[] = [];
  constructor(readonly config: CommissionConfig, readonly products: CatalogProduct[], readonly mode: Mode, readonly fenPerPoint = 1) {}

  private decide(i: number, referrer: number, atPayment: boolean): void {
    const m = this.members[i];
    const arrival = { openid: String(i), referrerOpenid: m.parent === null ? null : String(m.parent), referralDecidedAtMs: m.decided ? 1 : null, paidOrderCount: m.paidOrders };
    const d = decideBinding(arrival, String(referrer), canEarn(this.config, this.members[referrer].stage), false, atPayment);
    if (d.kind === 'bind') m.parent = referrer;
    if (d.kind === 'bind' || d.kind === 'refuse_not_eligible') m.decided = true;
    m.pending = null;
  }

  apply(e: Event): void {
    if (e.kind === 'join') {
      const i = this.members.length;
      this.members.push({ stage: e.stage, parent: null, decided: false, pending: null, paidOrders: 0 });
      this.earned.push(0);
      this.points.push(0);
      if (e.referrer === null || this.members.length === 1) return;
      const referrer = e.referrer % i;
      if (this.mode === 'visit') this.decide(i, referrer, false);
      else this.members[i].pending = referrer;
    } else if (e.kind === 'stage') {
      if (this.members.length > 0) this.members[e.who % this.members.length].stage = e.stage;
    } else {
      this.buy(e);
    }
  }

  private buy(e: Extract<Event, { kind: 'buy' }>): void {
    if (this.members.length === 0) return;
    const b = e.buyer % this.members.length;
    const buyer = this.members[b];
    if (buyer.pending !== null) this.decide(b, buyer.pending, true);
    buyer.paidOrders += 1;
    const lines: CommissionLineInput[] = e.lines.map((l) => {
      const p = this.products[l.product % this.products.length];
      return { productId: p._id, name: p.name, qty: l.qty, listPriceFen: p.listPriceFen };
    });
    const parent = buyer.parent;
    const grand = parent === null ? null : this.members[parent].parent;
    const up = [parent, grand].map((i) => (i === null ? null : { openid: String(i), stage: this.members[i].stage }));
    for (const share of orderCommission(this.config, lines, up, this.fenPerPoint)) {
      // Every reward counts at its value in fen: cash as paid, points at what they buy at checkout.
      this.earned[Number(share.openid)] += share.amountFen;
      this.points[Number(share.openid)] += share.points ?? 0;
      if (share.reward === 'points') expect(share.amountFen).toBe((share.points ?? 0) * this.fenPerPoint);
    }
  }

  parents(): (number | null)[] {
    return this.members.map((m) => m.parent);
  }
}

const RANK: Record<Stage, number> = { fan: 0, customer: 1, member: 2, partner: 3 };
const stage = fc.constantFrom<Stage>(...STAGES);

/**
 * Valid tier rates: an upward-closed set of earning tiers with rates that never fall with rank;
 * tiers below `firstCash` are rewarded in points (members, seed 002), the rest in cash — never
 * points above cash, as the validator requires.
 */
const tiers = fc
  .tuple(fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.constant(4) }), fc.array(fc.tuple(fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 0, max: 800 })), { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 4 }))
  .map(([firstEarning, steps, firstCash]) => {
    const out = {} as Record<Stage, TierRate | null>;
    let l1 = 0;
    let l2 = 0;
    STAGES.forEach((s, i) => {
      if (i < firstEarning) out[s] = null;
      else {
        l1 += steps[i][0];
        l2 += steps[i][1];
        out[s] = { level1Bps: l1, level2Bps: l2, reward: i < firstCash ? 'points' : 'cash' };
      }
    });
    return out;
  });

const catalog = fc.array(
  fc.record({ list: fc.integer({ min: 0, max: 100_000 }), memberOff: fc.integer({ min: 0, max: 60 }), partnerOff: fc.integer({ min: 0, max: 60 }), fixed: fc.boolean(), f1: fc.integer({ min: 0, max: 3000 }), f2: fc.integer({ min: 0, max: 3000 }), ownBase: fc.option(fc.integer({ min: 0, max: 100_000 })) }),
  { minLength: 1, maxLength: 4 },
);

/** A config that fits the payout cap for every product (rules lowered until it does), checked by the validator. */
const world = fc.record({ tiers, capBps: fc.integer({ min: 1000, max: 10_000 }), raw: catalog, fenPerPoint: fc.integer({ min: 1, max: 7 }) }).map(({ tiers: t, capBps, raw, fenPerPoint }) => {
  const top = STAGES.map((s) => t[s]).filter((r): r is TierRate => r !== null).pop();
  const topBps = top ? top.level1Bps + top.level2Bps : 0;
  const products: CatalogProduct[] = raw.map((r, i) => {
    const memberPriceFen = Math.floor((r.list * (100 - r.memberOff)) / 100);
    return { _id: `p${i}`, name: `商品${i}`, listPriceFen: r.list, memberPriceFen, partnerPriceFen: Math.floor((memberPriceFen * (100 - r.partnerOff)) / 100), grantsStage: null };
  });
  const rules = raw.map((r, i) => {
    const capNum = products[i].partnerPriceFen! * capBps;
    if (r.fixed) {
      const f1 = Math.min(r.f1, Math.floor(capNum / 10_000));
      return { productId: `p${i}`, commissionBaseFen: null, fixedFen: { level1: f1, level2: Math.min(r.f2, Math.floor(capNum / 10_000) - f1) } };
    }
    const base = r.ownBase ?? r.list;
    const maxBase = topBps === 0 ? base : Math.floor(capNum / topBps);
    return { productId: `p${i}`, commissionBaseFen: Math.min(base, maxBase), fixedFen: null };
  });
  const config: CommissionConfig = { tiers: t, products: rules, payoutCapBps: capBps, refundWindowDays: 7, minWithdrawFen: 100 };
  return { config, products, fenPerPoint };
});

const event: fc.Arbitrary<Event> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('join' as const), stage, referrer: fc.option(fc.nat(), { freq: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stage' as const), who: fc.nat(), stage }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('buy' as const), buyer: fc.nat(), lines: fc.array(fc.record({ product: fc.nat(), qty: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 3 }) }) },
);

test('a downline upgrade never erodes anyone, and changes nobody else when the trees are equal', () => {
  // Guards against a vacuous generator: some runs must grow a different tree, some must pay.
  const seen = { treesDiffer: 0, upgradeGains: 0, paid: 0, pointsPaid: 0 };
  fc.assert(
    fc.property(world, fc.array(event, { minLength: 5, maxLength: 60 }), fc.nat(), fc.nat(), fc.constantFrom<Mode>('visit', 'first_paid_order'), ({ config, products, fenPerPoint }, events, at, pickX, mode) => {
      expect(validateCommissionConfig(config, products, { fan: '粉丝', customer: '顾客', member: '会员', partner: '合伙人' })).toEqual({ ok: true });
      const without = new World(config, products, mode, fenPerPoint);
      const withUp = new World(config, products, mode, fenPerPoint);
      const moment = at % (events.length + 1);
      let x = -1;
      events.forEach((e, i) => {
        if (i === moment && withUp.members.length > 0) x = upgrade(withUp, pickX);
        // X's tier is the one difference: later tier events leave X alone in both worlds.
        if (e.kind === 'stage' && x >= 0 && e.who % withUp.members.length === x) return;
        without.apply(e);
        withUp.apply(e);
      });
      without.earned.forEach((fen, m) => expect(withUp.earned[m]).toBeGreaterThanOrEqual(fen));
      seen.paid += without.earned.some((fen) => fen > 0) ? 1 : 0;
      seen.pointsPaid += without.points.some((p) => p > 0) ? 1 : 0;
      seen.upgradeGains += withUp.earned.some((fen, m) => fen > without.earned[m]) ? 1 : 0;
      if (JSON.stringify(without.parents()) !== JSON.stringify(withUp.parents())) seen.treesDiffer += 1;
      else {
        without.earned.forEach((fen, m) => { if (m !== x) expect(withUp.earned[m]).toBe(fen); });
        without.points.forEach((p, m) => { if (m !== x) expect(withUp.points[m]).toBe(p); });
      }
    }),
    { numRuns: 400 },
  );
  expect(seen.paid).toBeGreaterThan(100);
  expect(seen.upgradeGains).toBeGreaterThan(10);
  expect(seen.treesDiffer).toBeGreaterThan(3);
  expect(seen.pointsPaid).toBeGreaterThan(30);
});

/** X moves strictly up the ladder (a partner stays a partner: the upgrade is then a no-op). */
function upgrade(w: World, pick: number): number {
  const x = pick % w.members.length;
  const higher = STAGES.filter((s) => RANK[s] > RANK[w.members[x].stage]);
  if (higher.length > 0) w.members[x].stage = higher[pick % higher.length];
  return x;
}

test('the property has teeth: with rates that fall with rank an upgrade can erode an upline', () => {
  const falling: CommissionConfig = { tiers: { fan: null, customer: null, member: { level1Bps: 2000, level2Bps: 1000 }, partner: { level1Bps: 1000, level2Bps: 500 } }, products: [], payoutCapBps: 10_000, refundWindowDays: 7, minWithdrawFen: 100 };
  const products: CatalogProduct[] = [{ _id: 'p0', name: '商品', listPriceFen: 10_000, memberPriceFen: null, partnerPriceFen: null, grantsStage: null }];
  expect(validateCommissionConfig(falling, products, { fan: '粉丝', customer: '顾客', member: '会员', partner: '合伙人' }).ok).toBe(false);
  const run = (upgradeParent: boolean) => {
    const w = new World(falling, products, 'visit');
    w.apply({ kind: 'join', stage: 'member', referrer: null });
    w.apply({ kind: 'join', stage: 'customer', referrer: 0 });
    if (upgradeParent) w.members[0].stage = 'partner';
    w.apply({ kind: 'buy', buyer: 1, lines: [{ product: 0, qty: 1 }] });
    return w.earned[0];
  };
  expect(run(true)).toBeLessThan(run(false));
});

test('points have teeth too: points above cash (refused) would let an upgrade lose value when a point is worth 3 fen', () => {
  const names = { fan: '粉丝', customer: '顾客', member: '会员', partner: '合伙人' };
  const inverted: CommissionConfig = { tiers: { fan: null, customer: null, member: { level1Bps: 1000, level2Bps: 500, reward: 'cash' }, partner: { level1Bps: 1000, level2Bps: 500, reward: 'points' } }, products: [], payoutCapBps: 10_000, refundWindowDays: 7, minWithdrawFen: 100 };
  const products: CatalogProduct[] = [{ _id: 'p0', name: '商品', listPriceFen: 9_980, memberPriceFen: null, partnerPriceFen: null, grantsStage: null }];
  expect(validateCommissionConfig(inverted, products, names, 'cash')).toMatchObject({ ok: false, message: expect.stringContaining('不能从现金变为积分') });
  const run = (upgradeParent: boolean) => {
    const w = new World(inverted, products, 'visit', 3);
    w.apply({ kind: 'join', stage: 'member', referrer: null });
    w.apply({ kind: 'join', stage: 'customer', referrer: 0 });
    if (upgradeParent) w.members[0].stage = 'partner';
    w.apply({ kind: 'buy', buyer: 1, lines: [{ product: 0, qty: 1 }] });
    return w.earned[0];
  };
  // 10% of ¥99.80 = 998 fen in cash; as points worth 3 fen each, 332 points = 996 fen.
  expect(run(false)).toBe(998);
  expect(run(true)).toBe(996);
});
