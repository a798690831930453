import { Button } from '@nutui/nutui-react-taro';
import { Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { shop } from '../../api/client';
import { EmptyState, Icon, Loadable, ProductRow, Skeleton, isSoldOut } from '../../components/ui';
import type { Category, Product } from '../../contracts';
import { useQuery } from '../../hooks/useQuery';
import { addToCart, refreshCartBadge } from '../../utils/cart';
import { takeCategoryRequest } from '../../utils/categoryLink';
import { usePageShare } from '../../utils/share';
import './index.scss';

/** How long typing pauses before the search goes to the server. */
const SEARCH_PAUSE_MS = 350;

function Sidebar({ categories, active, onPick }: { categories: readonly Category[]; active: string | null; onPick: (id: string | null) => void }) {
  const items: { id: string | null; name: string }[] = [{ id: null, name: '全部' }, ...categories.map((c) => ({ id: c._id, name: c.name }))];
  return (
    <View className="category-side">
      {items.map((c) => (
        <View key={c.id ?? 'all'} id={`category-${c.id ?? 'all'}`} className={`category-side__item${c.id === active ? ' category-side__item--active' : ''}`} onClick={() => onPick(c.id)}>
          <Text>{c.name}</Text>
        </View>
      ))}
    </View>
  );
}

/** The text typed, and the same text once typing has paused (what is searched). */
function useSearch(): { text: string; setText: (t: string) => void; searched: string } {
  const [text, setText] = useState('');
  const [searched, setSearched] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setSearched(text.trim().slice(0, 30)), SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  return { text, setText, searched };
}

export default function CategoryPage() {
  const [categoryId, setCategoryId] = useState<string | null>(null);
  usePageShare('category', { title: '全部分类 · 会员专享好价' });
  const [focus, setFocus] = useState(false);
  const search = useSearch();
  // A search looks through every category; picking a category clears the search.
  const filter = search.searched !== '' ? { q: search.searched } : categoryId !== null ? { categoryId } : {};
  const q = useQuery(() => shop('catalog.list', filter), { key: filter });
  const [categories, setCategories] = useState<Category[]>([]);
  useEffect(() => { if (q.data) setCategories(q.data.categories); }, [q.data]);
  useDidShow(() => {
    refreshCartBadge();
    const req = takeCategoryRequest();
    if (req === null) return;
    setCategoryId(req.categoryId);
    setFocus(req.search);
  });
  const open = (id: string, sheet = false) => void Taro.navigateTo({ url: `/pages/product/index?id=${id}${sheet ? '&sheet=1' : ''}` });
  const add = (p: Product) => {
    if (p.specs.length > 1) return open(p._id, true);
    addToCart(p._id, p.specs[0]._id, 1);
    void Taro.showToast({ title: '已加入购物车', icon: 'success' });
  };
  const pick = (id: string | null) => {
    search.setText('');
    setCategoryId(id);
  };
  return (
    <View className="category">
      <View className="category-search">
        <Icon name="search" size={16} />
        <Input id="category-search" className="category-search__input" placeholder="搜索商品" value={search.text} focus={focus} confirmType="search" onInput={(e) => search.setText(e.detail.value)} />
      </View>
      <View className="category-body">
        <Sidebar categories={categories} active={search.searched !== '' ? '' : categoryId} onPick={pick} />
        <View className="category-list">
          <Loadable query={q} skeleton={<Skeleton variant="list" rows={4} />}>
            {(catalog) => {
              if (catalog.products.length === 0) {
                return <EmptyState id="category-empty" title={search.searched === '' ? '这个分类还没有商品' : `没有找到“${search.searched}”`} picture="goods" compact />;
              }
              return catalog.products.map((p) => (
                <ProductRow key={p._id} id={`category-product-${p._id}`} product={p} offer={catalog.offers[p._id]} onOpen={() => open(p._id)}>
                  <Button id={`add-${p._id}`} className="category-add" type="primary" size="mini" disabled={isSoldOut(p)} onClick={() => add(p)}>
                    {isSoldOut(p) ? '售罄' : p.specs.length > 1 ? '选规格' : '加购'}
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
