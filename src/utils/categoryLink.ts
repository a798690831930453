import Taro from '@tarojs/taro';

/**
 * 分类 is a tab page, and switchTab takes no query: the category to open travels through this
 * module (the category page reads it when shown). `categoryId` null = every category; `search`
 * puts the cursor in the search box.
 */
let requested: { categoryId: string | null; search: boolean } | null = null;

export function openCategory(categoryId: string | null, search = false): void {
  requested = { categoryId, search };
  void Taro.switchTab({ url: '/pages/category/index' });
}

/** What the last openCategory asked for, once. */
export function takeCategoryRequest(): { categoryId: string | null; search: boolean } | null {
  const r = requested;
  requested = null;
  return r;
}
