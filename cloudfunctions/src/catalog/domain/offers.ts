// Prices that sell: what each shopper sees of a product's price ladder. Pure; the shop function
// applies it to the catalogue and the product page.
import type { MemberPrivilege, PriceOffer, Product } from '../../../../src/contracts';
import { unitPriceFor, type Stage, type TierPrices } from './pricing';
import { productOffer } from './specs';

/**
 * What one unit costs a shopper at `stage`, and the next stage that would pay less:
 * fans and customers see the member price (开卡立省 ¥X); members see that partners pay less, not
 * how much — a partner's buying price is a trade price, shown only to partners.
 */
export function priceOffer(product: TierPrices, stage: Stage): PriceOffer {
  const payFen = unitPriceFor(product, stage);
  const memberFen = unitPriceFor(product, 'member');
  const partnerFen = unitPriceFor(product, 'partner');
  const below = payFen < product.listPriceFen;
  const payLabel: PriceOffer['payLabel'] = !below ? null : stage === 'partner' ? 'partner' : stage === 'member' ? 'member' : null;
  const base = { payFen, listFen: product.listPriceFen, multiPrice: false, payLabel };
  if (stage === 'partner') return { ...base, next: null };
  if (stage !== 'member' && memberFen < payFen) return { ...base, next: { stage: 'member', priceFen: memberFen, saveFen: payFen - memberFen } };
  if (partnerFen < payFen) return { ...base, next: { stage: 'partner', priceFen: null, saveFen: null } };
  return { ...base, next: null };
}

/** Each spec's offer, by spec id. */
export function specOffers(product: Pick<Product, 'specs'>, stage: Stage): Record<string, PriceOffer> {
  return Object.fromEntries(product.specs.map((s) => [s._id, priceOffer(s, stage)]));
}

/** The product's offer: its spec that costs this shopper least ("起" when specs differ). */
export function offerFor(product: Pick<Product, 'specs'>, stage: Stage): PriceOffer {
  return productOffer(product.specs.map((s) => priceOffer(s, stage)));
}

/** The product as this shopper may see it: the partner price (of the product and every spec) only for partners. */
export function productFor(product: Product, stage: Stage): Product {
  if (stage === 'partner') return product;
  return { ...product, partnerPriceFen: null, specs: product.specs.map((s) => ({ ...s, partnerPriceFen: null })) };
}

/** Products a member pays less for, biggest saving first: the card's first benefit. */
export function memberPrivileges(products: readonly Product[]): MemberPrivilege[] {
  return products
    .map((p) => {
      // The spec a member saves most on (privilege holds per spec; the card sells the best case honestly as one of them).
      const best = p.specs.reduce((a, s) => (s.listPriceFen - unitPriceFor(s, 'member') > a.listPriceFen - unitPriceFor(a, 'member') ? s : a), p.specs[0]);
      return { productId: p._id, name: p.name, listPriceFen: best.listPriceFen, memberPriceFen: unitPriceFor(best, 'member') };
    })
    .filter((p) => p.memberPriceFen < p.listPriceFen)
    .sort((a, b) => b.listPriceFen - b.memberPriceFen - (a.listPriceFen - a.memberPriceFen));
}
