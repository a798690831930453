import { Product } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import { AppError } from '../../../../src/contracts';
import { isMissing } from '../../ledger/journal';

export async function listProducts(): Promise<Product[]> {
  const { data } = await db().collection('products').where({ onSale: true }).orderBy('sort', 'asc').limit(100).get();
  return data.map((d) => Product.parse(d));
}

/** The owner's view: every product, on sale or not. */
export async function listAllProducts(): Promise<Product[]> {
  const { data } = await db().collection('products').orderBy('sort', 'asc').limit(200).get();
  return data.map((d) => Product.parse(d));
}

export async function getProduct(productId: string): Promise<Product> {
  try {
    const { data } = await db().collection('products').doc(productId).get();
    return Product.parse(data);
  } catch (e) {
    if (isMissing(e)) throw new AppError('NOT_FOUND', '商品不存在');
    throw e;
  }
}
