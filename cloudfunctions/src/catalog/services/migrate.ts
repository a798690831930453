// Products made before specs kept their stock on the product document. The cron moves each to
// one `default` spec with its own stock document, once (a product with specs is left alone).
// Until then such a product shows its stock but sells nothing (the take finds no stock
// document): at most one cron period after the deploy that brings specs.
import { DEFAULT_SPEC_ID } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import { runTx } from '../../adapters/transaction';
import type { Doc } from '../../adapters/sdk';
import { txGet } from '../../shared/tx';
import { walk, type WalkResult } from '../../shared/walk';
import { isLegacyProduct, PRODUCT_STOCK, PRODUCTS, specDocsOf, stockIdOf } from './catalog';

/** One product, in a transaction that reads it again: a repeat, or a product migrated meanwhile, changes nothing. */
async function migrateOne(productId: string, nowMs: number): Promise<boolean> {
  return runTx(async (tx) => {
    const doc = await txGet<Doc>(tx, PRODUCTS, productId);
    if (!doc || !isLegacyProduct(doc)) return false;
    const stockId = stockIdOf(productId, DEFAULT_SPEC_ID);
    if (!(await txGet(tx, PRODUCT_STOCK, stockId))) {
      await tx.collection(PRODUCT_STOCK).doc(stockId).set({ data: { productId, specId: DEFAULT_SPEC_ID, stock: Math.max(0, Number(doc.stock ?? 0)), updatedAtMs: nowMs } });
    }
    const _ = db().command;
    await tx.collection(PRODUCTS).doc(productId).update({ data: { specs: _.set(specDocsOf(doc)), stock: _.remove(), version: Number(doc.version ?? 1), updatedAtMs: nowMs } });
    return true;
  });
}

/**
 * cron: moves products made before specs to a default spec with its own stock, walking them with
 * a cursor, each product on its own (shared/walk.ts): one that keeps failing never holds up the rest.
 */
export async function migrateLegacyProducts(nowMs: number): Promise<WalkResult> {
  const _ = db().command;
  return walk('productsMigrated', (after, limit) => db().collection(PRODUCTS).where({ specs: _.exists(false), _id: _.gt(after) }).orderBy('_id', 'asc').limit(limit).get(),
    (p) => migrateOne(p._id, nowMs), { batch: 50, budget: 200 });
}
