// The spec sheet (规格选择): the product page's bottom sheet where a shopper picks a size and how
// many, sees that size's price for them and what is left, then adds it to the cart or buys it.
import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import type { PriceOffer, Product } from '../../contracts';
import { OfferTag, Price, ProductPicture, Sheet, Stepper, StruckPrice } from '../ui';
import { MAX_QTY } from '../../utils/cart';
import './index.scss';

/** What the sheet was opened for: both buttons, or the one the shopper already tapped. */
export type SheetMode = 'pick' | 'cart' | 'buy';

interface Props {
  product: Product;
  specOffers: Record<string, PriceOffer>;
  /** The product's own offer, shown until a size is chosen. */
  offer: PriceOffer;
  mode: SheetMode | null;
  specId: string | null;
  qty: number;
  onChange: (specId: string | null, qty: number) => void;
  onConfirm: (action: 'cart' | 'buy') => void;
  onClose: () => void;
}

function Chosen({ product, offer, spec }: { product: Product; offer: PriceOffer; spec: Product['specs'][number] | null }) {
  return (
    <View className="spec-sheet__head">
      <ProductPicture product={product} size="small" />
      <View className="spec-sheet__head-text">
        <View className="spec-sheet__price">
          <Price id="sheet-price" fen={offer.payFen} size="m" />
          {spec === null && offer.multiPrice && <Text className="spec-sheet__from">起</Text>}
          {offer.payFen < offer.listFen && <StruckPrice fen={offer.listFen} />}
        </View>
        <OfferTag offer={offer} />
        <Text id="sheet-stock" className="spec-sheet__stock">{spec === null ? '请选择规格' : spec.stock > 0 ? `库存 ${spec.stock} 件` : '已售罄'}</Text>
      </View>
    </View>
  );
}

export function SpecSheet({ product, specOffers, offer, mode, specId, qty, onChange, onConfirm, onClose }: Props) {
  const spec = product.specs.find((s) => s._id === specId) ?? null;
  const shown = spec === null ? offer : specOffers[spec._id] ?? offer;
  const max = Math.max(1, Math.min(MAX_QTY, spec?.stock ?? MAX_QTY));
  const ready = spec !== null && spec.stock >= qty && product.onSale;
  const button = (action: 'cart' | 'buy', text: string, primary: boolean) => (
    <Button id={mode === 'pick' ? `sheet-${action === 'cart' ? 'add-to-cart' : 'buy-now'}` : 'sheet-confirm'} className="spec-sheet__button" type={primary ? 'primary' : 'default'} disabled={!ready} onClick={() => onConfirm(action)}>
      {spec !== null && spec.stock === 0 ? '已售罄' : text}
    </Button>
  );
  const footer = mode === 'pick'
    ? <>{button('cart', '加入购物车', false)}{button('buy', '立即购买', true)}</>
    : button(mode === 'buy' ? 'buy' : 'cart', '确定', true);
  return (
    <Sheet id="spec-sheet" open={mode !== null} onClose={onClose} footer={footer}>
      <Chosen product={product} offer={shown} spec={spec} />
      <Text className="spec-sheet__label">规格</Text>
      <View className="spec-sheet__chips">
        {product.specs.map((s) => (
          <Text
            key={s._id}
            id={`spec-${s._id}`}
            className={`spec-sheet__chip${s._id === specId ? ' spec-sheet__chip--on' : ''}${s.stock <= 0 ? ' spec-sheet__chip--off' : ''}`}
            onClick={() => s.stock > 0 && onChange(s._id, Math.min(qty, Math.max(1, s.stock)))}
          >
            {s.name}
          </Text>
        ))}
      </View>
      <View className="spec-sheet__qty">
        <Text className="spec-sheet__label">数量</Text>
        <Stepper id="sheet-qty" value={qty} min={1} max={max} disabled={spec === null} onChange={(n) => onChange(specId, n)} />
      </View>
    </Sheet>
  );
}
