import { Text, View } from '@tarojs/components';
import type { Product } from '../../contracts';
import { formatFen } from '../../utils/money';
import './index.scss';

/**
 * List price plus the member/partner prices when the product has them. When the server says the
 * viewer pays less than list (myPriceFen), that price leads and the list price is struck through.
 */
export function PriceTags({ product, myPriceFen }: { product: Product; myPriceFen?: number }) {
  const discounted = myPriceFen !== undefined && myPriceFen < product.listPriceFen;
  return (
    <View className="price-tags">
      {discounted && <Text className="price-tags__mine price">{`你的价 ${formatFen(myPriceFen)}`}</Text>}
      <Text className={discounted ? 'price-tags__list price-tags__list--struck muted' : 'price-tags__list price'}>{formatFen(product.listPriceFen)}</Text>
      {!discounted && product.memberPriceFen !== null && (
        <Text className="tag price-tags__member">{`会员价 ${formatFen(product.memberPriceFen)}`}</Text>
      )}
      {!discounted && product.partnerPriceFen !== null && (
        <Text className="tag price-tags__partner">{`合伙人价 ${formatFen(product.partnerPriceFen)}`}</Text>
      )}
    </View>
  );
}
