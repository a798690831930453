import type { Stage } from '../../members/domain/ladder';

export type { Stage };

/** The three prices an owner may set on a product; null means "no special price for that tier". */
export interface TierPrices {
  listPriceFen: number;
  memberPriceFen: number | null;
  partnerPriceFen: number | null;
}

export type PriceLadderCheck = { ok: true } | { ok: false; message: string };

function isFen(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/**
 * A tier price only counts when it is a real fen amount. A broken one (negative, fractional) is
 * ignored rather than trusted: charging list price is safer than selling for less than nothing.
 */
function usable(priceFen: number | null): number {
  return priceFen !== null && isFen(priceFen) ? priceFen : Number.POSITIVE_INFINITY;
}

/**
 * The unit price a shopper at `stage` pays. Each tier takes the lowest price it is entitled to,
 * including every lower tier's price, so price privilege (seed 002: a member never pays more
 * than a non-member) holds even when the owner's config is inconsistent — e.g. a member price
 * above list, or a partner price above the member price.
 */
export function unitPriceFor(product: TierPrices, stage: Stage): number {
  const listFen = product.listPriceFen;
  const memberFen = Math.min(listFen, usable(product.memberPriceFen));
  if (stage === 'member') return memberFen;
  if (stage === 'partner') return Math.min(memberFen, usable(product.partnerPriceFen));
  return listFen;
}

/**
 * Rejects an owner's price config that would only hold by the clamping in unitPriceFor: the
 * owner should see the mistake, not have it silently corrected at checkout.
 */
export function validatePriceLadder(product: TierPrices): PriceLadderCheck {
  const { listPriceFen, memberPriceFen, partnerPriceFen } = product;
  if (!isFen(listPriceFen)) return { ok: false, message: '零售价必须是非负整数（单位：分）' };
  if (memberPriceFen !== null && !isFen(memberPriceFen)) return { ok: false, message: '会员价必须是非负整数（单位：分）' };
  if (partnerPriceFen !== null && !isFen(partnerPriceFen)) return { ok: false, message: '合伙人价必须是非负整数（单位：分）' };
  if (memberPriceFen !== null && memberPriceFen > listPriceFen) return { ok: false, message: '会员价不能高于零售价' };
  if (partnerPriceFen !== null && partnerPriceFen > listPriceFen) return { ok: false, message: '合伙人价不能高于零售价' };
  if (partnerPriceFen !== null && memberPriceFen !== null && partnerPriceFen > memberPriceFen) {
    return { ok: false, message: '合伙人价不能高于会员价' };
  }
  return { ok: true };
}
