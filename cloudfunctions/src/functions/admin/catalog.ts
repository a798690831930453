import type { catalogAdminActions } from '../../../../src/contracts';
import type { Handlers } from '../router';
import { listAllProducts } from '../../catalog/services/catalog';
import { createProduct, updateProduct } from '../../catalog/services/productAdmin';
import { categoriesWithCounts, removeCategory, reorderCategories, saveCategory } from '../../catalog/services/categories';

/** Handlers of the owner's catalogue actions. */
export const catalogAdminHandlers: Handlers<typeof catalogAdminActions> = {
  'product.list': async () => ({ products: await listAllProducts() }),
  'product.create': async ({ requestId, product }, caller) => ({ product: await createProduct(caller.openid, requestId, product, caller.nowMs) }),
  'product.update': async (input, caller) => ({ product: await updateProduct(caller.openid, input, caller.nowMs) }),
  'category.list': async () => ({ categories: await categoriesWithCounts() }),
  'category.save': async (input, caller) => ({ category: await saveCategory(caller.openid, input, caller.nowMs) }),
  'category.remove': async ({ categoryId }) => ({ removed: await removeCategory(categoryId) }),
  'category.reorder': async ({ categoryIds }, caller) => ({ categories: await reorderCategories(categoryIds, caller.nowMs) }),
};
