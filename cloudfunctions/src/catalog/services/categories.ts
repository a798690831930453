// The owner's categories (分类): a name, an optional icon picture and an order. Products name
// their category; the home page shows the categories as icons, 分类 as a sidebar.
import { AppError, Category } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import type { Doc } from '../../adapters/sdk';
import { hashInput } from '../../shared/ids';
import { getOrNull } from '../../shared/tx';
import { PRODUCTS } from './catalog';
import { attachProblem } from './pictures';

export const CATEGORIES = 'categories';
/** More would not fit a phone's sidebar. */
export const CATEGORIES_MAX = 50;

export async function listCategories(): Promise<Category[]> {
  const { data } = await db().collection(CATEGORIES).orderBy('sort', 'asc').limit(CATEGORIES_MAX).get();
  return data.map((d) => Category.parse(d));
}

/** Each category with how many products (on sale or not) are in it: one read of the products' categories. */
export async function categoriesWithCounts(): Promise<(Category & { productCount: number })[]> {
  const { data } = await db().collection(PRODUCTS).field({ categoryId: true }).limit(1000).get();
  const counts = new Map<string, number>();
  for (const p of data) if (typeof p.categoryId === 'string') counts.set(p.categoryId, (counts.get(p.categoryId) ?? 0) + 1);
  return (await listCategories()).map((c) => ({ ...c, productCount: counts.get(c._id) ?? 0 }));
}

export function categoryIdFor(ownerOpenid: string, requestId: string): string {
  return `c${hashInput(['category', ownerOpenid, requestId]).slice(0, 15)}`;
}

export interface CategoryInput {
  requestId: string;
  categoryId: string | null;
  name: string;
  picture: string | null;
}

async function checkName(name: string, exceptId: string | null): Promise<void> {
  const { data } = await db().collection(CATEGORIES).where({ name }).limit(2).get();
  if (data.some((d) => d._id !== exceptId)) throw new AppError('INVALID_INPUT', `已有名为「${name}」的分类`);
}

async function nextSort(): Promise<number> {
  const { data } = await db().collection(CATEGORIES).orderBy('sort', 'desc').limit(1).get();
  return data.length === 0 ? 10 : Number(data[0].sort) + 10;
}

/**
 * category.save: a new category (its id comes from the request id, so a retry lands on it; the
 * same id with other content is IDEMPOTENCY_MISMATCH) or a rename. Checked before any write.
 */
export async function saveCategory(ownerOpenid: string, input: CategoryInput, nowMs: number): Promise<Category> {
  const name = input.name.trim();
  if (name === '') throw new AppError('INVALID_INPUT', '请填写分类名称');
  const problem = input.picture === null ? null : await attachProblem([input.picture], ownerOpenid);
  if (problem) throw new AppError('INVALID_INPUT', problem);
  if (input.categoryId !== null) return renameCategory(input.categoryId, name, input.picture, nowMs);
  const categoryId = categoryIdFor(ownerOpenid, input.requestId);
  const requestHash = hashInput({ name, picture: input.picture });
  const existing = await getOrNull<Doc>(CATEGORIES, categoryId);
  if (existing) {
    if (existing.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_MISMATCH', '同一请求号的分类内容不一致');
    return Category.parse(existing);
  }
  await checkName(name, null);
  if ((await db().collection(CATEGORIES).count()).total >= CATEGORIES_MAX) throw new AppError('INVALID_INPUT', `最多 ${CATEGORIES_MAX} 个分类`);
  const doc = { _id: categoryId, name, picture: input.picture, sort: await nextSort(), requestHash, createdAtMs: nowMs, updatedAtMs: nowMs };
  await db().collection(CATEGORIES).add({ data: doc });
  return Category.parse(doc);
}

async function renameCategory(categoryId: string, name: string, picture: string | null, nowMs: number): Promise<Category> {
  if (!(await getOrNull<Doc>(CATEGORIES, categoryId))) throw new AppError('NOT_FOUND', '分类不存在');
  await checkName(name, categoryId);
  await db().collection(CATEGORIES).doc(categoryId).update({ data: { name, picture: db().command.set(picture), updatedAtMs: nowMs } });
  return Category.parse((await getOrNull<Doc>(CATEGORIES, categoryId))!);
}

/** category.remove: only an empty category (products are moved first, on purpose, by the owner). A repeat answers removed: false. */
export async function removeCategory(categoryId: string): Promise<boolean> {
  if (!(await getOrNull<Doc>(CATEGORIES, categoryId))) return false;
  const { total } = await db().collection(PRODUCTS).where({ categoryId }).count();
  if (total > 0) throw new AppError('INVALID_INPUT', `分类下还有 ${total} 件商品，请先把它们移到其他分类`);
  const res = await db().collection(CATEGORIES).doc(categoryId).remove();
  return res.stats.removed === 1;
}

/** category.reorder: the owner's new order, naming every category exactly once (checked before any write). */
export async function reorderCategories(categoryIds: readonly string[], nowMs: number): Promise<Category[]> {
  const current = await listCategories();
  const known = new Set(current.map((c) => c._id));
  const given = new Set(categoryIds);
  if (given.size !== categoryIds.length || given.size !== known.size || categoryIds.some((id) => !known.has(id))) {
    throw new AppError('INVALID_INPUT', '分类列表已变化，请刷新后再排序');
  }
  for (const [i, id] of categoryIds.entries()) {
    const sort = (i + 1) * 10;
    if (current.find((c) => c._id === id)?.sort !== sort) await db().collection(CATEGORIES).doc(id).update({ data: { sort, updatedAtMs: nowMs } });
  }
  return listCategories();
}
