// Prices that sell: what each shopper sees of a product's price ladder. Pure; the shop function
// applies it to the catalogue and the product page.
import type { MemberPrivilege, PriceOffer, Product } from '../../../../src/contracts';
import { unitPriceFor, type Stage, type TierPrices } from './pricing';

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
  const payLabel = !below ? null : stage === 'partner' ? 'partner' : stage === 'member' ? 'member' : null;
  if (stage === 'partner') return { payFen, payLabel, next: null };
  if (stage !== 'member' && memberFen < payFen) return { payFen, payLabel, next: { stage: 'member', priceFen: memberFen, saveFen: payFen - memberFen } };
  if (partnerFen < payFen) return { payFen, payLabel, next: { stage: 'partner', priceFen: null, saveFen: null } };
  return { payFen, payLabel, next: null };
}

/** The product as this shopper may see it: the partner price only for partners. */
export function productFor(product: Product, stage: Stage): Product {
  return stage === 'partner' ? product : { ...product, partnerPriceFen: null };
}

/** Products a member pays less for, biggest saving first: the card's first benefit. */
export function memberPrivileges(products: readonly Product[]): MemberPrivilege[] {
  return products
    .map((p) => ({ productId: p._id, name: p.name, listPriceFen: p.listPriceFen, memberPriceFen: unitPriceFor(p, 'member') }))
    .filter((p) => p.memberPriceFen < p.listPriceFen)
    .sort((a, b) => b.listPriceFen - b.memberPriceFen - (a.listPriceFen - a.memberPriceFen));
}
