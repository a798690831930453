import { randomInt } from 'crypto';
import { REFERRAL_CODE_ALPHABET, REFERRAL_CODE_LENGTH } from '../../../../src/contracts';

/**
 * A referral code: 8 characters drawn uniformly (crypto randomInt, no modulo bias) from a
 * 31-character alphabet, about 8.5 × 10^11 codes, so neither a sequence nor a neighbour of one
 * code tells anything about another. Uniqueness is the database's job (`_id` = code).
 */
export function newReferralCode(pick: (n: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < REFERRAL_CODE_LENGTH; i += 1) code += REFERRAL_CODE_ALPHABET[pick(REFERRAL_CODE_ALPHABET.length)];
  return code;
}

/** What the binding rules need to know about the one who arrives. */
export interface Arrival {
  openid: string;
  referrerOpenid: string | null;
  /** Set once a first code has been decided on (bound or refused): the first code decides, once. */
  referralDecidedAtMs: number | null;
  paidOrderCount: number;
}

export type BindDecision =
  | { kind: 'bind' }
  | { kind: 'unchanged' }
  | { kind: 'refuse_not_eligible' }
  | { kind: 'error_self' }
  | { kind: 'error_cycle' };

/**
 * Binding rules, in order: nobody refers themselves; a bond is for life and a first code is
 * decided once (so a later code never displaces an earlier one — that is what keeps an upline
 * from losing a member because somebody else upgraded); only a newcomer (no paid order yet, in
 * 'visit' mode) binds; only a referrer whose tier earns commission may recruit; and the
 * referrer must not be the newcomer's own descendant (`referrerIsDescendant`, from a walk of the
 * referrer's whole ancestor path).
 */
export function decideBinding(who: Arrival, referrerOpenid: string, referrerEligible: boolean, referrerIsDescendant: boolean, atPayment: boolean): BindDecision {
  if (who.openid === referrerOpenid) return { kind: 'error_self' };
  if (who.referrerOpenid !== null || who.referralDecidedAtMs !== null) return { kind: 'unchanged' };
  // At the first paid order the count may already include that very order.
  if (!atPayment && who.paidOrderCount > 0) return { kind: 'unchanged' };
  if (!referrerEligible) return { kind: 'refuse_not_eligible' };
  if (referrerIsDescendant) return { kind: 'error_cycle' };
  return { kind: 'bind' };
}

/** The ancestor path a member stores: [parent, grandparent], nearest first. */
export function uplinesUnder(referrer: { _id: string; referrerOpenid?: string | null }): string[] {
  return referrer.referrerOpenid ? [referrer._id, referrer.referrerOpenid] : [referrer._id];
}
