import type { Stage } from '../../../cloudfunctions/src/members/domain/ladder';
import { dayNoOf, dayStartMs } from '../../../cloudfunctions/src/analytics/domain/day';
import type { AnalyticsEvent, Channel, CommissionStatus, EngagementAction, EventLine, Grade, MoneySplit } from '../../../cloudfunctions/src/analytics/domain/events';

/** Day 0 of the hand-computed stories: Monday 2026-01-05 in China. */
export const DAY0 = dayNoOf(Date.UTC(2026, 0, 5, 4));
/** An instant on day `d` (relative to DAY0) at `hour` o'clock China time. */
export const at = (d: number, hour = 10, minute = 0): number => dayStartMs(DAY0 + d) + hour * 3_600_000 + minute * 60_000;

export const wx = (fen: number): MoneySplit => ({ wxpayFen: fen, principalFen: 0, bonusFen: 0 });
export const balance = (principalFen: number, bonusFen: number): MoneySplit => ({ wxpayFen: 0, principalFen, bonusFen });
export const units = (n: number, productId = 'p_diaper'): EventLine[] => [{ productId, qty: n }];

/** Builds an event list with unique ids, in the order written. */
export function story() {
  const events: AnalyticsEvent[] = [];
  let seq = 0;
  const id = (k: string) => `${k}-${++seq}`;
  const push = (e: AnalyticsEvent) => { events.push(e); return e; };
  return {
    events,
    arrive: (customerId: string, atMs: number, channel: Channel = 'direct', partnerId: string | null = null) =>
      push({ kind: 'arrived', id: id('arr'), atMs, customerId, channel, partnerId }),
    engage: (customerId: string, atMs: number, action: EngagementAction) => push({ kind: 'engaged', id: id('eng'), atMs, customerId, action }),
    optOut: (customerId: string, atMs: number) => push({ kind: 'opted_out', id: id('opt'), atMs, customerId }),
    pay: (customerId: string, orderId: string, atMs: number, lines: EventLine[], paid: MoneySplit, orderKind: 'goods' | 'group' = 'goods') =>
      push({ kind: 'order_paid', id: id('pay'), atMs, customerId, orderId, orderKind, lines, paid }),
    refund: (customerId: string, orderId: string, atMs: number, lines: EventLine[], refunded: MoneySplit) =>
      push({ kind: 'order_refunded', id: id('ref'), atMs, customerId, orderId, lines, refunded }),
    topUp: (customerId: string, atMs: number, payFen: number, bonusFen: number) =>
      push({ kind: 'topped_up', id: id('top'), atMs, customerId, wxpayFen: payFen, principalFen: payFen, bonusFen }),
    refundPrincipal: (customerId: string, atMs: number, principalFen: number, bonusForfeitedFen: number) =>
      push({ kind: 'stored_value_refunded', id: id('svr'), atMs, customerId, principalFen, bonusForfeitedFen }),
    points: (customerId: string, atMs: number, points: number) => push({ kind: 'points_posted', id: id('pts'), atMs, customerId, points }),
    commission: (ref: string, atMs: number, amountFen: number, from: CommissionStatus | null, to: CommissionStatus | null, partnerId = 'P') =>
      push({ kind: 'commission_moved', id: id('com'), atMs, ref, partnerId, amountFen, from, to }),
    move: (customerId: string, atMs: number, from: Stage, to: Stage) => push({ kind: 'stage_moved', id: id('stg'), atMs, customerId, from, to }),
    override: (customerId: string, atMs: number, grade: Grade | null) => push({ kind: 'grade_overridden', id: id('ovr'), atMs, customerId, grade }),
  };
}
