import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { shop, type ClientOutput } from '../../api/client';
import { BottomBar, Check, EmptyState, Loadable, Price, ProductRow, Skeleton, Stepper } from '../../components/ui';
import type { PriceOffer, Product } from '../../contracts';
import { useQuery } from '../../hooks/useQuery';
import { MAX_QTY, lineKey, readCart, writeCart, type CartLine } from '../../utils/cart';
import { track } from '../../utils/track';
import './index.scss';

type Catalog = ClientOutput<'shop', 'catalog.list'>;

interface Row {
  line: CartLine;
  product: Product;
  /** The line's size; null when it is to choose (a line kept before sizes, or a size taken off sale). */
  spec: Product['specs'][number] | null;
  offer: PriceOffer | undefined;
}

/** Pure: cart lines joined with today's catalogue; a product no longer on sale is dropped. */
function rowsOf(lines: readonly CartLine[], catalog: Pick<Catalog, 'products' | 'offers' | 'specOffers'>): Row[] {
  const byId = new Map(catalog.products.map((p) => [p._id, p]));
  return lines.flatMap((line) => {
    const product = byId.get(line.productId);
    if (product === undefined) return [];
    const spec = line.specId === null ? (product.specs.length === 1 ? product.specs[0] : null) : product.specs.find((s) => s._id === line.specId) ?? null;
    const offer = spec === null ? catalog.offers[product._id] : catalog.specOffers[product._id]?.[spec._id];
    return [{ line, product, spec, offer }];
  });
}

/** A line that can go to checkout: its size known and in stock. */
const buyable = (r: Row) => r.line.checked && r.spec !== null && r.spec.stock > 0;

/** What the chosen lines cost at today's prices for this shopper (checkout re-quotes on the server). */
const estimateFen = (rows: readonly Row[]) => rows.filter(buyable).reduce((sum, r) => sum + (r.offer?.payFen ?? r.product.listPriceFen) * r.line.qty, 0);

function SpecNote({ row, onChoose }: { row: Row; onChoose: () => void }) {
  const key = lineKey(row.line);
  if (row.spec === null) return <Text id={`cart-spec-${key}`} className="cart-line__spec cart-line__spec--choose" onClick={onChoose}>请选择规格 ›</Text>;
  if (row.spec.stock <= 0) return <Text id={`cart-spec-${key}`} className="cart-line__spec cart-line__spec--out">{`${row.spec.name} 已售罄`}</Text>;
  return row.product.specs.length > 1 ? <Text id={`cart-spec-${key}`} className="cart-line__spec">{row.spec.name}</Text> : null;
}

interface LineProps {
  row: Row;
  onUpdate: (key: string, patch: Partial<CartLine>) => void;
  onRemove: (key: string) => void;
  onChoose: (row: Row) => void;
}

/** One cart line: check, picture, name, this shopper's price for its size, quantity, the size, 删除. */
function CartLineRow({ row, onUpdate, onRemove, onChoose }: LineProps) {
  const { line, product, spec, offer } = row;
  const key = lineKey(line);
  return (
    <View className="cart-line">
      <Check id={`cart-check-${key}`} checked={line.checked} onChange={(checked) => onUpdate(key, { checked })} />
      <View className="cart-line__row">
        <ProductRow id={`cart-line-${key}`} product={product} offer={offer} onOpen={() => void Taro.navigateTo({ url: `/pages/product/index?id=${product._id}` })}>
          <Stepper id={`cart-qty-${key}`} value={line.qty} min={1} max={Math.max(1, Math.min(MAX_QTY, spec?.stock ?? 1))} disabled={spec === null} onChange={(qty) => onUpdate(key, { qty })} />
        </ProductRow>
        <View className="cart-line__foot">
          <SpecNote row={row} onChoose={() => onChoose(row)} />
          <Text id={`cart-remove-${key}`} className="cart-line__remove" onClick={() => onRemove(key)}>删除</Text>
        </View>
      </View>
    </View>
  );
}

export default function CartPage() {
  const [lines, setLines] = useState<CartLine[]>(readCart);
  const q = useQuery(() => shop('catalog.list', {}));
  useDidShow(() => setLines(writeCart(readCart())));
  useDidShow(() => { if (readCart().length > 0) track('cart'); });
  const save = (next: CartLine[]) => setLines(writeCart(next));
  const update = (key: string, patch: Partial<CartLine>) => save(lines.map((l) => (lineKey(l) === key ? { ...l, ...patch } : l)));
  const remove = async (key: string) => {
    const { confirm } = await Taro.showModal({ title: '删除商品', content: '确定从购物车删除这件商品吗？', confirmText: '删除', cancelText: '取消' });
    if (confirm) save(lines.filter((l) => lineKey(l) !== key));
  };
  const goShopping = () => void Taro.switchTab({ url: '/pages/index/index' });
  // Choosing a size again happens on the product page's sheet; the old line leaves the cart.
  const choose = (row: Row) => {
    save(lines.filter((l) => lineKey(l) !== lineKey(row.line)));
    void Taro.navigateTo({ url: `/pages/product/index?id=${row.product._id}&sheet=1` });
  };

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
          const rows = rowsOf(lines, catalog);
          const chosen = rows.filter(buyable);
          const allChecked = rows.length > 0 && rows.every((r) => r.line.checked);
          // Checkout takes the checked lines: a line whose size is to choose or sold out stays in the cart, unchecked.
          const checkout = () => {
            const ok = new Set(chosen.map((r) => lineKey(r.line)));
            save(lines.map((l) => (l.checked && !ok.has(lineKey(l)) ? { ...l, checked: false } : l)));
            void Taro.navigateTo({ url: '/pages/checkout/index?from=cart' });
          };
          return (
            <View>
              <View className="cart-list">
                {rows.map((row) => <CartLineRow key={lineKey(row.line)} row={row} onUpdate={update} onRemove={(key) => void remove(key)} onChoose={choose} />)}
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
