/**
 * The least the store can receive for a sale at a price — what the commission payout cap is
 * measured against (PRODUCT.md: "within a payout cap of its lowest sellable price", issue 9):
 * the price less the largest points discount a checkout allows, and, when it is paid from stored
 * value, only the principal share of it (the bonus is the store's own gift coming back, so it is
 * counted as a discount). The most bonus-heavy top-up package sets that share: a member whose
 * balance came from it pays with the most bonus. Floored: the cap is never measured against more
 * than the store can receive.
 */
export interface TopUpShape {
  payFen: number;
  creditFen: number;
}

export interface ReceivableRule {
  /** The points cap of a checkout (settings.pointsRule.maxOrderPct); null where points cannot be used (a group seat). */
  pointsMaxOrderPct: number | null;
  /** Every top-up package the store sells or sold (a balance outlives its package). */
  topUps: readonly TopUpShape[];
}

/** The package that leaves the least principal per fen of balance, as pay/credit (1/1 when none gives a bonus). */
function leanestPrincipal(topUps: readonly TopUpShape[]): { pay: bigint; credit: bigint } {
  let best = { pay: BigInt(1), credit: BigInt(1) };
  for (const t of topUps) {
    if (!(t.creditFen > t.payFen) || t.payFen <= 0) continue;
    const pay = BigInt(t.payFen);
    const credit = BigInt(t.creditFen);
    if (pay * best.credit < best.pay * credit) best = { pay, credit };
  }
  return best;
}

export function lowestReceivableFen(priceFen: number, rule: ReceivableRule): number {
  if (!Number.isSafeInteger(priceFen) || priceFen < 0) throw new RangeError(`lowestReceivableFen: ${priceFen} is not a fen amount`);
  const pct = rule.pointsMaxOrderPct ?? 0;
  if (!Number.isInteger(pct) || pct < 0 || pct > 100) throw new RangeError(`lowestReceivableFen: points cap ${pct}% is not 0..100`);
  const { pay, credit } = leanestPrincipal(rule.topUps);
  return Number((BigInt(priceFen) * BigInt(100 - pct) * pay) / (BigInt(100) * credit));
}
