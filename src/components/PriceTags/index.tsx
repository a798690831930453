import { Text, View } from '@tarojs/components';
import type { Product } from '../../contracts';
import { formatFen } from '../../utils/money';
import './index.scss';

/** List price plus the member/partner prices when the product has them. */
export function PriceTags({ product }: { product: Product }) {
  return (
    <View className="price-tags">
      <Text className="price-tags__list price">{formatFen(product.listPriceFen)}</Text>
      {product.memberPriceFen !== null && (
        <Text className="tag price-tags__member">{`会员价 ${formatFen(product.memberPriceFen)}`}</Text>
      )}
      {product.partnerPriceFen !== null && (
        <Text className="tag price-tags__partner">{`合伙人价 ${formatFen(product.partnerPriceFen)}`}</Text>
      )}
    </View>
  );
}
