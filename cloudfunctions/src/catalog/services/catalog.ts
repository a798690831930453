// Reading the catalogue: products with their specs and each spec's stock. A product document
// holds its definition (written by the owner only); each spec's stock is its own document in
// product_stock (written by shoppers' conditional updates, orders/services/stock.ts), so a sale
// never touches the product and a spec's sales never touch another spec.
import { AppError, DEFAULT_SPEC_ID, Product } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import type { Doc } from '../../adapters/sdk';
import { defaultSpec, totalStock, type SpecDoc } from '../domain/specs';
import { getOrNull } from '../../shared/tx';

export const PRODUCTS = 'products';
/** One document per spec: `{ productId, specId, stock }`, id `<productId>~<specId>`. */
export const PRODUCT_STOCK = 'product_stock';

export function stockIdOf(productId: string, specId: string): string {
  return `${productId}~${specId}`;
}

/** A product document's specs; a product made before specs has one, `default`, with the product's prices. */
export function specDocsOf(doc: Doc): SpecDoc[] {
  if (Array.isArray(doc.specs) && doc.specs.length > 0) return doc.specs as SpecDoc[];
  return [defaultSpec({ listPriceFen: Number(doc.listPriceFen), memberPriceFen: (doc.memberPriceFen ?? null) as number | null, partnerPriceFen: (doc.partnerPriceFen ?? null) as number | null })];
}

/** Made before specs (not yet moved by the migration): its stock is still on the product. */
export function isLegacyProduct(doc: Doc): boolean {
  return !Array.isArray(doc.specs) || doc.specs.length === 0;
}

/** The public product: the document with each spec's stock (from `stock`, keyed by stockIdOf). */
export function productFromDoc(doc: Doc, stock: ReadonlyMap<string, number>): Product {
  const legacy = isLegacyProduct(doc);
  const specs = specDocsOf(doc).map((s) => ({
    ...s,
    stock: stock.get(stockIdOf(doc._id, s._id)) ?? (legacy && s._id === DEFAULT_SPEC_ID ? Number(doc.stock ?? 0) : 0),
  }));
  return Product.parse({ ...doc, specs, stock: totalStock(specs) });
}

const STOCK_PRODUCTS_PER_QUERY = 40; // 40 products × 20 specs at most stays within one get()'s 1,000

/** Every spec's stock of these products, by stock id: one query per 40 products (reads never conflict). */
export async function readStock(productIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const ids = [...new Set(productIds)];
  for (let i = 0; i < ids.length; i += STOCK_PRODUCTS_PER_QUERY) {
    const chunk = ids.slice(i, i + STOCK_PRODUCTS_PER_QUERY);
    const { data } = await db().collection(PRODUCT_STOCK).where({ productId: db().command.in(chunk) }).limit(1000).get();
    for (const d of data) out.set(d._id, Number(d.stock));
  }
  return out;
}

async function withStock(docs: readonly Doc[]): Promise<Product[]> {
  const stock = await readStock(docs.map((d) => d._id));
  return docs.map((d) => productFromDoc(d, stock));
}

/** Characters with a meaning in a regular expression, escaped: a search is literal text. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export interface CatalogFilter {
  categoryId?: string;
  /** Part of a name or subtitle, any case (Database.RegExp; fine for a store's few hundred products). */
  q?: string;
}

/** What shoppers see: products on sale, in the owner's order, optionally one category or a search. */
export async function listProducts(filter: CatalogFilter = {}): Promise<Product[]> {
  const _ = db().command;
  const conds: object[] = [{ onSale: true }];
  if (filter.categoryId) conds.push({ categoryId: filter.categoryId });
  const q = filter.q?.trim();
  if (q) {
    const re = db().RegExp({ regexp: escapeRegExp(q), options: 'i' });
    conds.push(_.or([{ name: re }, { subtitle: re }]));
  }
  const { data } = await db().collection(PRODUCTS).where(conds.length === 1 ? conds[0] : _.and(conds)).orderBy('sort', 'asc').limit(100).get();
  return withStock(data);
}

/** Products matching a condition, in the owner's order, with stock (cards, the points exchange). */
export async function productsWhere(cond: object, limit: number): Promise<Product[]> {
  const { data } = await db().collection(PRODUCTS).where(cond).orderBy('sort', 'asc').limit(limit).get();
  return withStock(data);
}

/** The owner's view: every product, on sale or not. */
export async function listAllProducts(): Promise<Product[]> {
  const { data } = await db().collection(PRODUCTS).orderBy('sort', 'asc').limit(200).get();
  return withStock(data);
}

/** One product with its specs' stock, or null. */
export async function findProduct(productId: string): Promise<Product | null> {
  const doc = await getOrNull<Doc>(PRODUCTS, productId);
  return doc ? (await withStock([doc]))[0] : null;
}

export async function getProduct(productId: string): Promise<Product> {
  const product = await findProduct(productId);
  if (!product) throw new AppError('NOT_FOUND', '商品不存在');
  return product;
}

/** Several products by id (an order's lines), with stock; missing ones are left out. */
export async function productsById(productIds: readonly string[]): Promise<Map<string, Product>> {
  const ids = [...new Set(productIds)];
  if (ids.length === 0) return new Map();
  const { data } = await db().collection(PRODUCTS).where({ _id: db().command.in(ids) }).limit(ids.length).get();
  return new Map((await withStock(data)).map((p) => [p._id, p]));
}
