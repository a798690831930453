import { Button } from '@nutui/nutui-react-taro';
import { Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { shop } from '../../api/client';
import { EmptyState, Icon, Loadable, ProductRow, Skeleton } from '../../components/ui';
import type { Product, ProductKind } from '../../contracts';
import { useQuery } from '../../hooks/useQuery';
import { addToCart, refreshCartBadge } from '../../utils/cart';
import { takeCategoryRequest } from '../../utils/categoryLink';
import { KIND_LABEL, KIND_ORDER } from '../../utils/labels';
import { usePageShare } from '../../utils/share';
import './index.scss';

type Filter = ProductKind | 'all';

/** Pure: the products of a kind whose name or subtitle holds the search text. */
function pick(products: readonly Product[], filter: Filter, search: string): Product[] {
  const text = search.trim();
  return products.filter((p) => (filter === 'all' || p.kind === filter) && (text === '' || p.name.includes(text) || p.subtitle.includes(text)));
}

function Sidebar({ kinds, active, onPick }: { kinds: readonly Filter[]; active: Filter; onPick: (f: Filter) => void }) {
  return (
    <View className="category-side">
      {kinds.map((k) => (
        <View key={k} id={`category-${k}`} className={`category-side__item${k === active ? ' category-side__item--active' : ''}`} onClick={() => onPick(k)}>
          <Text>{k === 'all' ? '全部' : KIND_LABEL[k]}</Text>
        </View>
      ))}
    </View>
  );
}

export default function CategoryPage() {
  const q = useQuery(() => shop('catalog.list', {}));
  usePageShare('category', { title: '全部分类 · 会员专享好价' });
  const [filter, setFilter] = useState<Filter>('all');
  const [search, setSearch] = useState('');
  const [focus, setFocus] = useState(false);
  useDidShow(() => {
    refreshCartBadge();
    const req = takeCategoryRequest();
    if (req === null) return;
    setFilter(req.kind ?? 'all');
    setFocus(req.search);
  });
  const open = (id: string) => void Taro.navigateTo({ url: `/pages/product/index?id=${id}` });
  const add = (p: Product) => {
    addToCart(p._id, 1);
    void Taro.showToast({ title: '已加入购物车', icon: 'success' });
  };
  const kinds: Filter[] = ['all', ...KIND_ORDER.filter((k) => q.data?.products.some((p) => p.kind === k) ?? true)];
  return (
    <View className="category">
      <View className="category-search">
        <Icon name="search" size={16} />
        <Input id="category-search" className="category-search__input" placeholder="搜索商品" value={search} focus={focus} confirmType="search" onInput={(e) => setSearch(e.detail.value)} />
      </View>
      <View className="category-body">
        <Sidebar kinds={kinds} active={filter} onPick={setFilter} />
        <View className="category-list">
          <Loadable query={q} skeleton={<Skeleton variant="list" rows={4} />}>
            {(catalog) => {
              const shown = pick(catalog.products, filter, search);
              if (shown.length === 0) {
                return <EmptyState id="category-empty" title={search.trim() === '' ? '这个分类还没有商品' : `没有找到“${search.trim()}”`} picture="goods" compact />;
              }
              return shown.map((p) => (
                <ProductRow key={p._id} id={`category-product-${p._id}`} product={p} offer={catalog.offers[p._id]} onOpen={() => open(p._id)}>
                  <Button id={`add-${p._id}`} className="category-add" type="primary" size="mini" disabled={!p.onSale || p.stock === 0} onClick={() => add(p)}>
                    {p.stock === 0 ? '售罄' : '加购'}
                  </Button>
                </ProductRow>
              ));
            }}
          </Loadable>
        </View>
      </View>
    </View>
  );
}
