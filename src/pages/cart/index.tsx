import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { shop } from '../../api/client';
import { BottomBar, Check, EmptyState, Loadable, Price, ProductRow, Skeleton, Stepper } from '../../components/ui';
import type { PriceOffer, Product } from '../../contracts';
import { useQuery } from '../../hooks/useQuery';
import { MAX_QTY, readCart, writeCart, type CartLine } from '../../utils/cart';
import { track } from '../../utils/track';
import './index.scss';

interface Row {
  line: CartLine;
  product: Product;
  offer: PriceOffer | undefined;
}

/** Pure: cart lines joined with today's catalogue; a product no longer on sale is dropped. */
function rowsOf(lines: readonly CartLine[], products: readonly Product[], offers: Record<string, PriceOffer>): Row[] {
  const byId = new Map(products.map((p) => [p._id, p]));
  return lines.flatMap((line) => {
    const product = byId.get(line.productId);
    return product === undefined ? [] : [{ line, product, offer: offers[product._id] }];
  });
}

/** What the chosen lines cost at today's prices for this shopper (checkout re-quotes on the server). */
const estimateFen = (rows: readonly Row[]) => rows.filter((r) => r.line.checked).reduce((sum, r) => sum + (r.offer?.payFen ?? r.product.listPriceFen) * r.line.qty, 0);

export default function CartPage() {
  const [lines, setLines] = useState<CartLine[]>(readCart);
  const q = useQuery(() => shop('catalog.list', {}));
  useDidShow(() => setLines(writeCart(readCart())));
  useDidShow(() => { if (readCart().length > 0) track('cart'); });
  const save = (next: CartLine[]) => setLines(writeCart(next));
  const update = (productId: string, patch: Partial<CartLine>) => save(lines.map((l) => (l.productId === productId ? { ...l, ...patch } : l)));
  const remove = async (productId: string) => {
    const { confirm } = await Taro.showModal({ title: '删除商品', content: '确定从购物车删除这件商品吗？', confirmText: '删除', cancelText: '取消' });
    if (confirm) save(lines.filter((l) => l.productId !== productId));
  };
  const goShopping = () => void Taro.switchTab({ url: '/pages/index/index' });

  if (lines.length === 0) {
    return (
      <View className="cart page">
        <EmptyState id="cart-empty" title="购物车还是空的" description="挑几件好物放进来吧" picture="cart" action={{ id: 'go-shopping', text: '去逛逛', onClick: goShopping }} />
      </View>
    );
  }
  return (
    <View className="cart page page--with-bar">
      <Loadable query={q} skeleton={<Skeleton variant="list" rows={lines.length} />}>
        {(catalog) => {
          const rows = rowsOf(lines, catalog.products, catalog.offers);
          const chosen = rows.filter((r) => r.line.checked);
          const allChecked = rows.length > 0 && chosen.length === rows.length;
          const checkout = () => void Taro.navigateTo({ url: '/pages/checkout/index?from=cart' });
          return (
            <View>
              <View className="cart-list">
                {rows.map(({ line, product, offer }) => (
                  <View key={product._id} className="cart-line">
                    <Check id={`cart-check-${product._id}`} checked={line.checked} onChange={(checked) => update(product._id, { checked })} />
                    <View className="cart-line__row">
                      <ProductRow id={`cart-line-${product._id}`} product={product} offer={offer} onOpen={() => void Taro.navigateTo({ url: `/pages/product/index?id=${product._id}` })}>
                        <Stepper id={`cart-qty-${product._id}`} value={line.qty} min={1} max={Math.max(1, Math.min(MAX_QTY, product.stock))} onChange={(qty) => update(product._id, { qty })} />
                      </ProductRow>
                      <Text id={`cart-remove-${product._id}`} className="cart-line__remove" onClick={() => void remove(product._id)}>删除</Text>
                    </View>
                  </View>
                ))}
              </View>
              <Text className="cart-note">价格以结算页为准；会员价、积分抵扣在结算时计算</Text>
              <BottomBar>
                <Check id="cart-all" label="全选" checked={allChecked} onChange={(on) => save(lines.map((l) => ({ ...l, checked: on })))} />
                <View className="cart-total">
                  <Text className="cart-total__label">合计</Text>
                  <Price id="cart-total" fen={estimateFen(rows)} size="m" />
                </View>
                <Button id="cart-checkout" type="primary" disabled={chosen.length === 0} onClick={checkout}>
                  {`结算(${chosen.reduce((n, r) => n + r.line.qty, 0)})`}
                </Button>
              </BottomBar>
            </View>
          );
        }}
      </Loadable>
    </View>
  );
}
