// Specs (规格): each spec of a product has its own price ladder, commission base and stock. Pure
// rules for the owner's edit (what may be saved, in words an owner understands) and for what a
// product shows (its cheapest spec's ladder, each spec's offer). No I/O.
import type { PriceOffer, Spec, SpecDraft } from '../../../../src/contracts';
import { DEFAULT_SPEC_ID } from '../../../../src/contracts';
import { validatePriceLadder, type TierPrices } from './pricing';

/** A spec as the product document stores it (its stock lives in product_stock). */
export interface SpecDoc extends TierPrices {
  _id: string;
  name: string;
  commissionBaseFen: number | null;
}

export type SpecsCheck = { ok: true } | { ok: false; message: string };

/** The name an owner reads in a message: 「L 码」 when the product has several specs. */
function label(name: string, many: boolean): string {
  return many ? `「${name}」` : '';
}

/**
 * Why the owner's specs cannot be saved, or ok. `existingIds`: the product's specs now (empty for
 * a new product). Price privilege holds per spec — a member never pays more than a non-member,
 * a partner never more than a member — so a ladder that would only hold by clamping is refused
 * with the spec named, as the single-product editor did.
 */
export function checkSpecs(drafts: readonly SpecDraft[], existingIds: ReadonlySet<string>): SpecsCheck {
  const many = drafts.length > 1;
  const names = new Set<string>();
  const ids = new Set<string>();
  for (const d of drafts) {
    const name = d.name.trim();
    if (name === '') return { ok: false, message: '规格名称不能为空' };
    if (names.has(name)) return { ok: false, message: `规格名称重复：${name}` };
    names.add(name);
    if (d.specId !== null) {
      if (!existingIds.has(d.specId)) return { ok: false, message: `规格不存在：${name}` };
      if (ids.has(d.specId)) return { ok: false, message: `规格重复：${name}` };
      ids.add(d.specId);
    } else if (d.stockDelta < 0) {
      return { ok: false, message: `${label(name, many) || '新规格'}的初始库存不能为负` };
    }
    const ladder = validatePriceLadder(d);
    if (!ladder.ok) return { ok: false, message: `${label(name, many)}${ladder.message}（会员不能比非会员付得多）` };
    if (d.commissionBaseFen !== null && d.commissionBaseFen > d.listPriceFen) {
      return { ok: false, message: `${label(name, many)}佣金基数不能高于零售价` };
    }
  }
  return { ok: true };
}

/** The ladder a product shows on cards and in summaries: its spec with the lowest list price (first on ties). */
export function ladderSummary(specs: readonly TierPrices[]): TierPrices {
  const cheapest = specs.reduce((best, s) => (s.listPriceFen < best.listPriceFen ? s : best), specs[0]);
  return { listPriceFen: cheapest.listPriceFen, memberPriceFen: cheapest.memberPriceFen, partnerPriceFen: cheapest.partnerPriceFen };
}

/**
 * A line's commission base per unit: the spec's own base, else the owner's per-product base in
 * the commission settings, else the spec's list price — never the buyer's price, so a buyer's
 * upgrade never lowers anyone's commission.
 */
export function unitCommissionBaseFen(spec: { commissionBaseFen?: number | null; listPriceFen: number }, settingsBaseFen: number | null | undefined): number {
  return spec.commissionBaseFen ?? settingsBaseFen ?? spec.listPriceFen;
}

/** The spec a line names, or the product's only spec when the line names none; null when neither. */
export function specOf<S extends { _id: string }>(specs: readonly S[], specId: string | null | undefined): S | null {
  if (specId === undefined || specId === null) return specs.length === 1 ? specs[0] : null;
  return specs.find((s) => s._id === specId) ?? null;
}

/** What a product sold before specs was: one spec carrying the product's prices. */
export function defaultSpec(p: TierPrices): SpecDoc {
  return { _id: DEFAULT_SPEC_ID, name: '默认', listPriceFen: p.listPriceFen, memberPriceFen: p.memberPriceFen, partnerPriceFen: p.partnerPriceFen, commissionBaseFen: null };
}

/** Units left over every spec (a spec below zero after a late payment counts as none). */
export function totalStock(specs: readonly Pick<Spec, 'stock'>[]): number {
  return specs.reduce((sum, s) => sum + Math.max(0, s.stock), 0);
}

/**
 * The product's offer to a shopper at `stage`: the spec that costs them least (first on ties),
 * marked multiPrice when specs cost them different amounts ("¥118 起").
 */
export function productOffer(specOffers: readonly PriceOffer[]): PriceOffer {
  const best = specOffers.reduce((a, b) => (b.payFen < a.payFen ? b : a), specOffers[0]);
  const multiPrice = specOffers.some((o) => o.payFen !== best.payFen);
  return { ...best, multiPrice };
}
