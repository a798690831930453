import type { OrderStatus } from '../../../../src/contracts';

/**
 * The order's lifecycle: every status change an order can make, and what each change does to
 * stock, points, stored value, commission and grants — each effect with its undo beside it.
 * orders/services/lifecycle.ts runs exactly what this table says and is the only code that writes
 * an order's status (test/domain/lifecycle.test.ts greps for any other writer).
 *
 * Fulfilment (issue 11): PAID → SHIPPED (ship) → RECEIVED (receive), or PAID → PICKED_UP (pickUp);
 * all of them are EFFECTIVE (paid effects stand), so `refund` and the after-sales `refundPart`
 * (effects undone in proportion, the status kept until the last of the money) start from any.
 */

/** What an order's change can do. Each is applied by one transition and undone by another. */
export type EffectName =
  | 'stock'
  | 'pointsSpent'
  | 'storedValue'
  | 'topUpCredit'
  | 'sale'
  | 'pointsEarned'
  | 'commission'
  | 'ladder'
  | 'wxPayOrder';

export interface EffectRule {
  /** What applying it does (and where, when it is not inside the status change's transaction). */
  does: string;
  /** What undoing it does. */
  undoes: string;
}

export const EFFECTS: Record<EffectName, EffectRule> = {
  stock: {
    does: 'units taken from each line\'s spec (product_stock/<product>~<spec>) by a conditional update before the transaction (orders/services/stock.ts); a late payment takes them again without a floor',
    undoes: 'units given back to each line\'s spec with _.inc after the transaction commits (a crash undersells, never oversells)',
  },
  pointsSpent: {
    does: 'points debited as a checkout discount (pts-use-) or an exchange price (pts-redeem-); a late payment debits them again, may go negative (pts-retake-)',
    undoes: 'points returned: on close (pts-unuse-), on refund (pts-refund-use-)',
  },
  storedValue: {
    does: 'principal and bonus debited in proportion when the order is paid by balance (sv-spend-p-/-b-); never below zero',
    undoes: 'the same split returned on refund (sv-ref-p-/-b-)',
  },
  topUpCredit: {
    does: 'a paid top-up credits principal and bonus (sv-topup-p-/-b-)',
    undoes: 'not by the order: the owner refunds principal through the top-up (members/services/ownerMembers.ts), the bonus is forfeited',
  },
  sale: {
    does: 'a store:sales entry of the amount paid (sale-)',
    undoes: 'a reversal entry (sale-rev-)',
  },
  pointsEarned: {
    does: 'points earned at the buyer\'s tier multiplier fixed on the order (pts-earn-)',
    undoes: 'reversed even if spent: the balance may go negative and blocks spending (pts-rev-)',
  },
  commission: {
    does: 'shares on each line\'s commission base credited pending: partners\' cash to their frozen accounts, members\' points to their points accounts (partners/services/commission.ts#applyCommission)',
    undoes: 'a still-pending credit settled against its reversal; else taken back from frozen, available or points, which may go negative (reverseCommission)',
  },
  ladder: {
    does: 'the buyer\'s counters, customer stage, card or package grants and spend upgrades',
    undoes: 'counters back, grants revoked (members/domain/ladder.ts#revokeGrant)',
  },
  wxPayOrder: {
    does: 'order.pay asked WeChat Pay for a payment (unifiedOrder; wxPay.requestedAtMs on the order, no status change)',
    undoes: 'closeOrder after the store closes the order (cron retries until WeChat Pay closes it or reports it paid)',
  },
};

/** Statuses in which an order's paid effects stand. */
export const EFFECTIVE: readonly OrderStatus[] = ['PAID', 'COMPLETED', 'SHIPPED', 'RECEIVED', 'PICKED_UP'];

/** Statuses that mean the buyer has the goods: commission's refund window runs from reaching one. */
export const RECEIPT: readonly OrderStatus[] = ['COMPLETED', 'RECEIVED', 'PICKED_UP'];

/** What a paid order does, whichever way it was paid. */
const PAID_EFFECTS: readonly EffectName[] = ['topUpCredit', 'sale', 'commission', 'pointsEarned', 'ladder'];

export type TransitionName =
  | 'create'
  | 'redeem'
  | 'pay'
  | 'payLate'
  | 'seatPaid'
  | 'groupSucceeded'
  | 'close'
  | 'complete'
  | 'refund'
  | 'refundPayment'
  | 'refundConfirmed'
  | 'ship'
  | 'receive'
  | 'pickUp'
  | 'refundPart';

export interface TransitionRule {
  /** Where the order may be (null: the order does not exist yet). The compare-and-set guard. */
  from: readonly (OrderStatus | null)[];
  /** Where it goes; two when the way it was paid decides (WeChat Pay refunds wait for the callback). */
  to: readonly OrderStatus[];
  /** Effects applied, in this order, in the transaction that writes the status. */
  apply: readonly EffectName[];
  /** Effects undone, in this order, in that transaction (or right after its commit). */
  undo: readonly EffectName[];
  why: string;
}

export const TRANSITIONS: Record<TransitionName, TransitionRule> = {
  create: { from: [null], to: ['PENDING'], apply: ['stock', 'pointsSpent'], undo: [], why: 'order.create, a top-up, a group seat: reserved until paid or closed' },
  redeem: { from: [null], to: ['PAID'], apply: ['stock', 'pointsSpent'], undo: [], why: 'a points exchange is paid in points when it is made' },
  pay: { from: ['PENDING'], to: ['PAID'], apply: ['storedValue', ...PAID_EFFECTS], undo: [], why: 'payNotify (WeChat Pay) or order.pay by balance' },
  seatPaid: { from: ['PENDING'], to: ['GROUPING'], apply: ['storedValue'], undo: [], why: 'a group seat is paid: money only, effects wait for the group' },
  groupSucceeded: { from: ['GROUPING'], to: ['PAID'], apply: PAID_EFFECTS, undo: [], why: 'the group filled: every paid seat takes its effects' },
  close: { from: ['PENDING'], to: ['CLOSED'], apply: [], undo: ['pointsSpent', 'stock', 'wxPayOrder'], why: 'the payment window passed (cron) or the buyer cancelled' },
  payLate: { from: ['CLOSED'], to: ['PAID'], apply: ['stock', 'pointsSpent', ...PAID_EFFECTS], undo: [], why: 'WeChat Pay confirmed a payment after the order closed: honoured, reservations taken again' },
  complete: { from: ['PAID'], to: ['COMPLETED'], apply: [], undo: [], why: 'the owner completes an order handed over outside the app (no parcel, no pickup code): receipt; commission\'s refund window starts' },
  ship: { from: ['PAID'], to: ['SHIPPED'], apply: [], undo: [], why: 'the owner enters the parcels (carrier, tracking number); WeChat\'s shipping information is uploaded after the commit' },
  receive: { from: ['SHIPPED'], to: ['RECEIVED'], apply: [], undo: [], why: 'the buyer confirms receipt, or the cron does autoReceiveDays after shipping: commission\'s refund window starts' },
  pickUp: { from: ['PAID'], to: ['PICKED_UP'], apply: [], undo: [], why: 'the owner checks a pickup order\'s code: receipt; shipping information (pickup) is uploaded after the commit' },
  refundPart: { from: EFFECTIVE, to: [...EFFECTIVE, 'REFUNDING', 'REFUNDED'], apply: [], undo: ['sale', 'commission', 'pointsEarned', 'ladder', 'pointsSpent', 'stock', 'storedValue'], why: 'an approved after-sales request: its amount back the way it came, each effect undone in proportion (orders/domain/afterSale.ts); the status stays, unless this refund takes the rest of the order' },
  refund: { from: EFFECTIVE, to: ['REFUNDING', 'REFUNDED'], apply: [], undo: [...PAID_EFFECTS.filter((e) => e !== 'topUpCredit'), 'pointsSpent', 'stock', 'storedValue'], why: 'the owner refunds: every effect undone, money back the way it came' },
  refundPayment: { from: ['GROUPING', 'PENDING', 'CLOSED'], to: ['REFUNDING', 'REFUNDED'], apply: [], undo: ['storedValue'], why: 'a group seat\'s money goes back (group failed, seat or group gone): nothing else happened' },
  refundConfirmed: { from: ['REFUNDING'], to: ['REFUNDED'], apply: [], undo: [], why: 'refundNotify: WeChat Pay sent the money back' },
};

/** Statuses an order never leaves. */
export const TERMINAL: readonly OrderStatus[] = ['REFUNDED'];

export type TransitionCheck = { ok: true; to: OrderStatus } | { ok: false; message: string };

/** May an order in `from` make `name`, landing in `to` (default: the rule's only target)? */
export function checkTransition(name: TransitionName, from: OrderStatus | null, to?: OrderStatus): TransitionCheck {
  const rule = TRANSITIONS[name];
  if (!rule.from.includes(from)) return { ok: false, message: `${name}: an order in ${from ?? '(none)'} cannot make this change` };
  const target = to ?? (rule.to.length === 1 ? rule.to[0] : undefined);
  if (target === undefined || !rule.to.includes(target)) return { ok: false, message: `${name}: ${String(to)} is not one of ${rule.to.join(', ')}` };
  return { ok: true, to: target };
}

/** Transitions an order in `status` may make (the status machine as a list, for tests and docs). */
export function transitionsFrom(status: OrderStatus | null): TransitionName[] {
  return (Object.keys(TRANSITIONS) as TransitionName[]).filter((n) => TRANSITIONS[n].from.includes(status));
}
