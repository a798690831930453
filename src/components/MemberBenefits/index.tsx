import { Text, View } from '@tarojs/components';
import type { MemberPrivilege, Product, Tier } from '../../contracts';
import { formatFen, formatMultiplier } from '../../utils/format';
import './index.scss';

interface Props {
  privileges: readonly MemberPrivilege[];
  tiers: readonly Tier[];
  /** The card being sold or just bought (its validity). */
  card: Product | null;
  /** How many privileged products to name (the rest are counted). */
  limit?: number;
}

function multiplierOf(tiers: readonly Tier[], id: Tier['_id']): number | null {
  return tiers.find((t) => t._id === id)?.pointsMultiplierPct ?? null;
}

/** Everything the card gives, price privilege first (会员价 on named products), then points, then validity. */
export function MemberBenefits({ privileges, tiers, card, limit = 3 }: Props) {
  const shown = privileges.slice(0, limit);
  const memberPct = multiplierOf(tiers, 'member');
  const customerPct = multiplierOf(tiers, 'customer') ?? 100;
  return (
    <View id="member-benefits" className="benefits">
      <View className="benefits__item">
        <Text className="benefits__index">1</Text>
        <View className="benefits__body">
          <Text className="benefits__title">会员价</Text>
          <Text className="benefits__note">{privileges.length === 0 ? '会员专享价商品即将上线' : `${privileges.length} 款商品享会员价，买得越多省得越多`}</Text>
          {shown.map((p) => (
            <View key={p.productId} id={`privilege-${p.productId}`} className="benefits__price">
              <Text className="benefits__product">{p.name}</Text>
              <Text className="benefits__member-price">{`会员价 ${formatFen(p.memberPriceFen)}`}</Text>
              <Text className="benefits__save">{`省 ${formatFen(p.listPriceFen - p.memberPriceFen)}`}</Text>
            </View>
          ))}
        </View>
      </View>
      {memberPct !== null && memberPct > customerPct && (
        <View id="benefit-points" className="benefits__item">
          <Text className="benefits__index">2</Text>
          <View className="benefits__body">
            <Text className="benefits__title">{`积分 ${formatMultiplier(memberPct)} 倍`}</Text>
            <Text className="benefits__note">每消费 1 元得积分翻倍，积分可抵现、可兑换好物</Text>
          </View>
        </View>
      )}
      {card !== null && (
        <View id="benefit-validity" className="benefits__item">
          <Text className="benefits__index">{memberPct !== null && memberPct > customerPct ? '3' : '2'}</Text>
          <View className="benefits__body">
            <Text className="benefits__title">{card.grantsDays === null ? '长期有效' : `${card.grantsDays} 天有效`}</Text>
            <Text className="benefits__note">{`${card.name} ${formatFen(card.listPriceFen)}，续费从到期日顺延`}</Text>
          </View>
        </View>
      )}
    </View>
  );
}
