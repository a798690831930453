// Products as shop cards: a picture slot, the name, what this shopper pays and the next stage's
// saving. A product without pictures gets a placeholder drawn from the product.
import { Image, Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import type { PriceOffer, Product } from '../../contracts';
import { formatFen } from '../../utils/format';
import { coverUrl } from '../../utils/picture';
import { KIND_LABEL, PRICE_LABEL } from '../../utils/labels';
import { Price, StruckPrice } from './Price';

/** An order line knows only the product's name: it gets the placeholder without colour or kind. */
type Pictured = Pick<Product, 'name'> & Partial<Pick<Product, 'kind' | 'coverColor' | 'pictures'>> & { pictureUrl?: string | null };

/** The product's cover picture, or a placeholder made from it: its colour, its first character, its kind. */
export function ProductPicture({ product, size = 'fill' }: { product: Pictured; size?: 'fill' | 'thumb' | 'small' | 'hero' }) {
  const src = product.pictureUrl || coverUrl(product);
  if (src) return <Image className={`ui-picture ui-picture--${size}`} src={src} mode="aspectFill" lazyLoad />;
  const initial = Array.from(product.name.trim())[0] ?? '';
  return (
    <View className={`ui-picture ui-picture--${size} ui-picture--placeholder${product.coverColor ? '' : ' ui-picture--plain'}`} style={product.coverColor ? { backgroundColor: product.coverColor } : undefined}>
      <Text className="ui-picture__initial">{initial}</Text>
      {(size === 'fill' || size === 'hero') && product.kind !== undefined && <Text className="ui-picture__kind">{KIND_LABEL[product.kind]}</Text>}
    </View>
  );
}

/** What this shopper's price is called, or what the next stage saves: 会员价 / 开卡立省 ¥40 / 升级合伙人更省. */
export function offerText(offer: PriceOffer): { text: string; tone: 'brand' | 'gold' } | null {
  if (offer.next?.stage === 'member' && offer.next.saveFen !== null) return { text: `开卡立省 ${formatFen(offer.next.saveFen)}`, tone: 'gold' };
  if (offer.payLabel !== null) return { text: PRICE_LABEL[offer.payLabel], tone: 'brand' };
  if (offer.next?.stage === 'partner') return { text: '升级合伙人更省', tone: 'gold' };
  return null;
}

export function OfferTag({ offer, id }: { offer: PriceOffer; id?: string }) {
  const shown = offerText(offer);
  if (shown === null) return null;
  return <Text id={id} className={`ui-offer-tag ui-offer-tag--${shown.tone}`}>{shown.text}</Text>;
}

/**
 * The price a card shows: the shopper's price ("起" when the product's sizes cost them different
 * amounts), the list price of that size struck when it is higher.
 */
export function OfferPrice({ product, offer, size = 'm' }: { product: Product; offer: PriceOffer | undefined; size?: 'l' | 'm' }) {
  const payFen = offer?.payFen ?? product.listPriceFen;
  const listFen = offer?.listFen || product.listPriceFen;
  return (
    <View className="ui-offer-price">
      <Price fen={payFen} size={size} />
      {offer?.multiPrice === true && <Text className="ui-offer-price__from">起</Text>}
      {payFen < listFen && <StruckPrice fen={listFen} />}
    </View>
  );
}

/** Sold out across every size, or taken off sale. */
export function isSoldOut(product: Pick<Product, 'stock' | 'onSale'>): boolean {
  return !product.onSale || product.stock <= 0;
}

interface CardProps {
  product: Product;
  offer: PriceOffer | undefined;
  onOpen: () => void;
}

/** A two-column grid card (home). */
export function ProductCard({ product, offer, onOpen }: CardProps) {
  return (
    <View id={`product-${product._id}`} className="ui-product-card" onClick={onOpen}>
      <View className="ui-product-card__picture">
        <ProductPicture product={product} />
        {isSoldOut(product) && <Text className="ui-product-card__soldout">已售罄</Text>}
      </View>
      <View className="ui-product-card__body">
        <Text className="ui-product-card__name">{product.name}</Text>
        <View className="ui-product-card__tags">{offer !== undefined && <OfferTag offer={offer} />}</View>
        <OfferPrice product={product} offer={offer} />
      </View>
    </View>
  );
}

/** A list row (分类, 购物车): picture, name, subtitle, price, and the row's own control. */
export function ProductRow({ product, offer, onOpen, id, children }: CardProps & { id?: string; children?: ReactNode }) {
  return (
    <View id={id} className="ui-product-row">
      <View className="ui-product-row__picture" onClick={onOpen}>
        <ProductPicture product={product} size="thumb" />
      </View>
      <View className="ui-product-row__body">
        <Text className="ui-product-row__name" onClick={onOpen}>{product.name}</Text>
        <Text className="ui-product-row__subtitle">{product.subtitle}</Text>
        {offer !== undefined && <OfferTag offer={offer} />}
        <View className="ui-product-row__foot">
          <OfferPrice product={product} offer={offer} />
          {children}
        </View>
      </View>
    </View>
  );
}
