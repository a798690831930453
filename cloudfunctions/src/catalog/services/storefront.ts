// The storefront's reads for the shop function: the store's name and logo, the catalogue and a
// product as the caller may see them (their price, the next stage's), the card's privileges.
import { templateIdsOf, type Category, type PriceOffer, type Product, type StoreInfo } from '../../../../src/contracts';
import { memberPrivileges, offerFor, productFor, specOffers } from '../domain/offers';
import type { Stage } from '../domain/pricing';
import { getProduct, listProducts, type CatalogFilter } from './catalog';
import { listCategories } from './categories';
import { getSettings } from '../../store/services/settings';
import type { UserDoc } from '../../members/services/session';
import { getOrNull } from '../../shared/tx';
import { stageAt } from '../../members/domain/ladder';
import { nowMs } from '../../adapters/clock';

/** The caller's stage in force now (a lapsed card shows list prices before the cron notices it). */
export async function stageOf(openid: string): Promise<Stage> {
  return stageAt(await getOrNull<UserDoc>('users', openid), nowMs());
}

/** settings/store's `logo` (a cloud fileID, set by the owner's upload or the demo seed; media work, issue 11). */
function logoOf(settings: object): string | null {
  const logo = (settings as { logo?: unknown }).logo;
  return typeof logo === 'string' && logo !== '' ? logo : null;
}

export async function storeInfo(): Promise<StoreInfo> {
  const settings = await getSettings();
  return { name: settings.name, logo: logoOf(settings), subscribe: templateIdsOf(settings.subscribeTemplates), pickup: settings.pickup.address.trim() === '' ? null : settings.pickup };
}

export async function catalogFor(openid: string, filter: CatalogFilter = {}): Promise<{ products: Product[]; myPrices: Record<string, number>; offers: Record<string, PriceOffer>; specOffers: Record<string, Record<string, PriceOffer>>; categories: Category[] }> {
  const [products, stage, categories] = [await listProducts(filter), await stageOf(openid), await listCategories()];
  const offers = Object.fromEntries(products.map((p) => [p._id, offerFor(p, stage)]));
  return {
    products: products.map((p) => productFor(p, stage)),
    myPrices: Object.fromEntries(products.map((p) => [p._id, offers[p._id].payFen])),
    offers,
    specOffers: Object.fromEntries(products.map((p) => [p._id, specOffers(p, stage)])),
    categories,
  };
}

export async function productViewFor(openid: string, productId: string): Promise<{ product: Product; myPriceFen: number; offer: PriceOffer; specOffers: Record<string, PriceOffer> }> {
  const [product, stage] = [await getProduct(productId), await stageOf(openid)];
  const offer = offerFor(product, stage);
  return { product: productFor(product, stage), myPriceFen: offer.payFen, offer, specOffers: specOffers(product, stage) };
}

export async function cardPrivileges() {
  return memberPrivileges(await listProducts());
}
