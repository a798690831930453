import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useRef, useState } from 'react';
import { admin, errorMessage, type ClientOutput } from '../../../api/client';
import { Avatar, EmptyState, Loadable, Section, Skeleton } from '../../../components/ui';
import { useQuery } from '../../../hooks/useQuery';
import { newRequestId } from '../../../utils/requestId';
import { Field } from '../../components/Field';
import { moved } from '../product-edit/draft';
import '../../owner.scss';
import './index.scss';

type Row = ClientOutput<'admin', 'category.list'>['categories'][number];

/** Runs a write and shows what the server said; the list reloads after it either way. */
async function attempt(write: () => Promise<unknown>, done: string, reload: () => Promise<void>): Promise<boolean> {
  try {
    await write();
    void Taro.showToast({ title: done, icon: 'success' });
    return true;
  } catch (e) {
    void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    return false;
  } finally {
    await reload();
  }
}

function CategoryRow({ c, index, count, onMove, onRename, onRemove }: { c: Row; index: number; count: number; onMove: (by: -1 | 1) => void; onRename: () => void; onRemove: () => void }) {
  return (
    <View id={`owner-category-${c._id}`} className="owner-category">
      <Avatar name={c.name} picture={c.picture} size="s" />
      <View className="owner-category__text">
        <Text className="owner-line">{c.name}</Text>
        <Text className="owner-meta">{`${c.productCount} 件商品`}</Text>
      </View>
      <View className="owner-category__actions">
        {index > 0 && <Text id={`category-up-${c._id}`} onClick={() => onMove(-1)}>上移</Text>}
        {index < count - 1 && <Text id={`category-down-${c._id}`} onClick={() => onMove(1)}>下移</Text>}
        <Text id={`category-rename-${c._id}`} onClick={onRename}>改名</Text>
        <Text id={`category-remove-${c._id}`} className="owner-category__remove" onClick={onRemove}>删除</Text>
      </View>
    </View>
  );
}

export default function OwnerCategoriesPage() {
  const q = useQuery(async () => (await admin('category.list', {})).categories);
  const [name, setName] = useState('');
  const [editing, setEditing] = useState<Row | null>(null);
  const requestId = useRef(newRequestId());
  const save = async () => {
    const ok = await attempt(() => admin('category.save', { requestId: requestId.current, categoryId: editing?._id ?? null, name: name.trim(), picture: editing?.picture ?? null }), '已保存', q.reload);
    if (!ok) return;
    requestId.current = newRequestId();
    setName('');
    setEditing(null);
  };
  const remove = async (c: Row) => {
    const { confirm } = await Taro.showModal({ title: '删除分类', content: `删除「${c.name}」？分类下有商品时不能删除。`, confirmText: '删除', cancelText: '取消' });
    if (confirm) await attempt(() => admin('category.remove', { categoryId: c._id }), '已删除', q.reload);
  };
  const move = (rows: Row[], i: number, by: -1 | 1) => attempt(() => admin('category.reorder', { categoryIds: moved(rows, i, by).map((c) => c._id) }), '已调整顺序', q.reload);
  return (
    <View className="owner-categories page">
      <Section title={editing === null ? '新建分类' : `修改「${editing.name}」`}>
        <Field id="category-name" label="分类名称" placeholder="最多 8 个字，如 纸尿裤" maxlength={8} value={name} onInput={setName} />
        <View className="owner-actions">
          {editing !== null && <Button size="small" onClick={() => { setEditing(null); setName(''); }}>取消</Button>}
          <Button id="save-category" size="small" type="primary" disabled={name.trim() === ''} onClick={() => void save()}>保存</Button>
        </View>
      </Section>
      <Loadable
        query={q}
        skeleton={<Skeleton variant="list" rows={3} />}
        isEmpty={(rows) => rows.length === 0}
        empty={<EmptyState id="categories-empty" title="还没有分类" description="建几个分类，顾客在首页就能按分类逛" picture="goods" />}
      >
        {(rows) => (
          <Section title="首页显示顺序">
            {rows.map((c, i) => (
              <CategoryRow key={c._id} c={c} index={i} count={rows.length} onMove={(by) => void move(rows, i, by)} onRename={() => { setEditing(c); setName(c.name); }} onRemove={() => void remove(c)} />
            ))}
          </Section>
        )}
      </Loadable>
    </View>
  );
}
