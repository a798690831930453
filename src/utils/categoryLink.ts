import Taro from '@tarojs/taro';
import type { ProductKind } from '../contracts';

/**
 * 分类 is a tab page, and switchTab takes no query: the kind to open travels through this
 * module (the category page reads it when shown). null = the search box, all kinds.
 */
let requested: { kind: ProductKind | null; search: boolean } | null = null;

export function openCategory(kind: ProductKind | null): void {
  requested = { kind, search: kind === null };
  void Taro.switchTab({ url: '/pages/category/index' });
}

/** What the last openCategory asked for, once. */
export function takeCategoryRequest(): { kind: ProductKind | null; search: boolean } | null {
  const r = requested;
  requested = null;
  return r;
}
