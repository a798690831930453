import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { admin } from '../../../api/client';
import { Badge, EmptyState, Loadable, ProductPicture, Section, Skeleton } from '../../../components/ui';
import type { Product } from '../../../contracts';
import { useQuery } from '../../../hooks/useQuery';
import { formatFen } from '../../../utils/format';
import '../../owner.scss';
import './index.scss';

const go = (url: string) => () => void Taro.navigateTo({ url });

/** A size's ladder as the owner set it (the partner price included: this is the owner's view), and what is left. */
function SpecLine({ p, spec }: { p: Product; spec: Product['specs'][number] }) {
  return (
    <View id={`owner-spec-${p._id}-${spec._id}`} className="owner-product__spec">
      {p.specs.length > 1 && <Text className="owner-product__spec-name">{spec.name}</Text>}
      <View className="owner-product__prices">
        <Text className="owner-product__list">{`零售 ${formatFen(spec.listPriceFen)}`}</Text>
        {spec.memberPriceFen !== null && <Text className="owner-product__member">{`会员价 ${formatFen(spec.memberPriceFen)}`}</Text>}
        {spec.partnerPriceFen !== null && <Text className="owner-product__partner">{`合伙人价 ${formatFen(spec.partnerPriceFen)}`}</Text>}
        <Text id={`owner-stock-${p._id}-${spec._id}`} className={spec.stock > 0 ? 'owner-product__stock' : 'owner-product__stock owner-product__stock--out'}>{spec.stock > 0 ? `库存 ${spec.stock}` : '已售罄'}</Text>
      </View>
    </View>
  );
}

function ProductCardOwner({ p }: { p: Product }) {
  return (
    <Section id={`owner-product-${p._id}`}>
      <View className="owner-product__head" onClick={go(`/owner/pages/product-edit/index?id=${p._id}`)}>
        <ProductPicture product={p} size="small" />
        <View className="owner-product__info">
          <View className="owner-card-head">
            <Text className="owner-card-title">{p.name}</Text>
            <Badge text={p.onSale ? '在售' : '已下架'} tone={p.onSale ? 'success' : 'grey'} />
          </View>
          {p.specs.map((s) => <SpecLine key={s._id} p={p} spec={s} />)}
          {p.pointsPrice !== null && <Text className="owner-meta">{`${p.pointsPrice} 积分可兑`}</Text>}
        </View>
      </View>
      <View className="owner-actions">
        <Button id={`edit-${p._id}`} size="small" onClick={go(`/owner/pages/product-edit/index?id=${p._id}`)}>编辑</Button>
      </View>
    </Section>
  );
}

export default function OwnerProductsPage() {
  const q = useQuery(async () => (await admin('product.list', {})).products);
  return (
    <View className="owner-products page">
      <View className="owner-toolbar">
        <Button id="go-owner-categories" size="small" onClick={go('/owner/pages/categories/index')}>分类管理</Button>
        <Button id="new-product" size="small" type="primary" onClick={go('/owner/pages/product-edit/index')}>+ 新建商品</Button>
      </View>
      <Loadable
        query={q}
        skeleton={<Skeleton variant="list" rows={4} />}
        isEmpty={(products) => products.length === 0}
        empty={<EmptyState id="owner-products-empty" title="还没有商品" description="上架第一件商品，顾客就能下单了" picture="goods" action={{ id: 'empty-new-product', text: '新建商品', onClick: go('/owner/pages/product-edit/index') }} />}
      >
        {(products) => products.map((p) => <ProductCardOwner key={p._id} p={p} />)}
      </Loadable>
    </View>
  );
}
