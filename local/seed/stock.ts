// Products with their stock for seeds and load runs, as the catalogue keeps them: the product
// document holds its specs, each spec's stock is its own document (product_stock/<product>~<spec>).
import { ladderSummary, type SpecDoc } from '../../cloudfunctions/src/catalog/domain/specs';
import type { LocalRuntime } from '../runtime/runtime';

export type SeedSpec = SpecDoc & { stock: number };

export const stockIdOf = (productId: string, specId: string): string => `${productId}~${specId}`;

/** Adds a product (its product-level prices are its cheapest spec's) and each spec's stock document. */
export async function addProduct(rt: LocalRuntime, product: { _id: string } & Record<string, unknown>, specs: readonly SeedSpec[]): Promise<void> {
  const defs = specs.map(({ stock: _stock, ...s }) => s);
  await rt.db.collection('products').add({ data: { ...product, specs: defs, ...ladderSummary(defs), version: 1 } });
  for (const s of specs) await rt.db.collection('product_stock').add({ data: { _id: stockIdOf(product._id, s._id), productId: product._id, specId: s._id, stock: s.stock } });
}

/** A spec's units left, read straight from the store (no operation counted). */
export function stockOf(rt: LocalRuntime, productId: string, specId = 'default'): number {
  const row = rt.db.raw().prepare(`SELECT json_extract(data, '$.stock') AS stock FROM docs WHERE coll = 'product_stock' AND id = ?`).get(stockIdOf(productId, specId)) as { stock: number } | undefined;
  return row?.stock ?? 0;
}

/** Sets a spec's units left (a load run's large stock). */
export async function setStock(rt: LocalRuntime, productId: string, stock: number, specId = 'default'): Promise<void> {
  await rt.db.collection('product_stock').doc(stockIdOf(productId, specId)).update({ data: { stock } });
}
