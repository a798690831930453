// The catalogue the owner runs from the app: products with pictures, a detail of pictures and
// text, a category and specs (each with its own prices, commission base and stock); the owner's
// categories. Shared by the owner console and the admin function.
import * as z from 'zod';
import { Fen, Id, Product, SpecId, Text } from './model';
import { FileId, PRODUCT_PICTURES_MAX } from './media';

/** At most this many specs a product (a diaper in S / M / L / XL / XXL …). */
export const SPECS_MAX = 20;
/** At most this many blocks in a product's detail. */
export const DETAIL_BLOCKS_MAX = 30;
/** The largest stock change one save may make, either way. */
export const STOCK_DELTA_MAX = 1_000_000;
/** ¥1,000,000: no single unit costs more in this store. */
const PRICE_MAX_FEN = 100_000_000;

const Price = Fen.max(PRICE_MAX_FEN, '价格不能超过 ¥1,000,000');

/**
 * One spec as the owner edits it. `specId` null = a new spec. Stock is never sent as a number
 * of units left: `stockDelta` is what to add (or, negative, take away), so units sold while the
 * form was open are never overwritten (docs/DECISIONS.md, "Specs"). A new spec's delta is its
 * first stock.
 */
export const SpecDraft = z
  .object({
    specId: SpecId.nullable(),
    name: Text(1, 20),
    listPriceFen: Price,
    memberPriceFen: Price.nullable(),
    partnerPriceFen: Price.nullable(),
    commissionBaseFen: Price.nullable(),
    stockDelta: z.number().int().min(-STOCK_DELTA_MAX).max(STOCK_DELTA_MAX),
  })
  .strict();
export type SpecDraft = z.infer<typeof SpecDraft>;

/** A detail block as the owner sends it: a paragraph, or a picture (only the owner's own or the store's). */
export const DetailBlockDraft = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: Text(1, 500) }).strict(),
  z.object({ type: z.literal('picture'), fileId: FileId }).strict(),
]);
export type DetailBlockDraft = z.infer<typeof DetailBlockDraft>;

export const ProductDraft = z
  .object({
    name: Text(1, 40),
    subtitle: Text(0, 60),
    categoryId: Id.nullable(),
    /** The first is the cover. */
    pictures: z.array(FileId).max(PRODUCT_PICTURES_MAX),
    detail: z.array(DetailBlockDraft).max(DETAIL_BLOCKS_MAX),
    onSale: z.boolean(),
    /** Points that redeem one unit of the first spec; null = not exchangeable. */
    pointsPrice: z.number().int().positive().max(100_000_000).nullable(),
    /** A membership card (member, N days) or the partner package (partner, for good); such a product has one spec. */
    grantsStage: z.enum(['member', 'partner']).nullable(),
    grantsDays: z.number().int().positive().max(3650).nullable(),
    specs: z.array(SpecDraft).min(1, '至少要有一个规格').max(SPECS_MAX, `最多 ${SPECS_MAX} 个规格`),
  })
  .strict();
export type ProductDraft = z.infer<typeof ProductDraft>;

export const Category = z.object({
  _id: Id,
  name: z.string(),
  sort: z.number().int(),
  /** An icon picture (cloud fileID) or null: the UI draws the name's first character. */
  picture: z.string().nullable().default(null),
});
export type Category = z.infer<typeof Category>;

const Empty = z.object({}).strict();

/** Owner actions of the catalogue (served by the admin function). */
export const catalogAdminActions = {
  /** Every product, on sale or not, with every spec's prices and stock. */
  'product.list': { input: Empty, output: z.object({ products: z.array(Product) }) },
  /** A new product; its id comes from the owner's request id, so a retry returns the same product. */
  'product.create': {
    input: z.object({ requestId: Id, product: ProductDraft }).strict(),
    output: z.object({ product: Product }),
  },
  /**
   * Saves the owner's edit against the version they loaded (CONFLICT when it moved). Stock moves
   * by each spec's delta, never to an absolute number; a repeat of the same request id is a no-op.
   */
  'product.update': {
    input: z.object({ requestId: Id, productId: Id, version: z.number().int().min(1), product: ProductDraft }).strict(),
    output: z.object({ product: Product }),
  },
  'category.list': {
    input: Empty,
    output: z.object({ categories: z.array(Category.extend({ productCount: z.number().int() })) }),
  },
  /** Creates (categoryId null; the id comes from the request id) or renames a category. */
  'category.save': {
    input: z.object({ requestId: Id, categoryId: Id.nullable(), name: Text(1, 8), picture: FileId.nullable() }).strict(),
    output: z.object({ category: Category }),
  },
  /** Refused while products are in it (move them first). */
  'category.remove': { input: z.object({ categoryId: Id }).strict(), output: z.object({ removed: z.boolean() }) },
  /** The categories' order on the home page: every category id, once, in the new order. */
  'category.reorder': {
    input: z.object({ categoryIds: z.array(Id).min(1).max(50) }).strict(),
    output: z.object({ categories: z.array(Category) }),
  },
} as const;
