import { ratio, type Ratio } from './ratio';

/**
 * Repeat business (seed 001). A purchase is a paid goods or group-buy order. Its purchase number
 * is fixed when it is paid: 1 + the customer's earlier purchases not fully refunded at that
 * moment (a later refund does not renumber what came after). Orders are grouped by number into
 * 1st, 2nd, 3rd and 4th-or-later, on the day they were paid, net of their refunds to date: units
 * and revenue shrink by what was refunded, and a fully refunded order stops counting as an order.
 *
 *   items per order (n)      = units(n) / orders(n)                      — seed 001: 1.1, 1.6, 2.5
 *   repurchase share         = revenue(2nd, 3rd, 4th+) / revenue(all)     — seed 001's 38 %
 */
export interface PurchaseBucket {
  orders: number;
  units: number;
  revenueFen: number;
}

/** Index 0..3 = 1st, 2nd, 3rd, 4th and later. */
export type PurchaseBuckets = [PurchaseBucket, PurchaseBucket, PurchaseBucket, PurchaseBucket];

export function bucketIndex(purchaseNumber: number): 0 | 1 | 2 | 3 {
  if (!Number.isSafeInteger(purchaseNumber) || purchaseNumber < 1) throw new RangeError(`purchase number ${purchaseNumber}`);
  return Math.min(purchaseNumber, 4) - 1 as 0 | 1 | 2 | 3;
}

export function zeroBuckets(): PurchaseBuckets {
  const z = (): PurchaseBucket => ({ orders: 0, units: 0, revenueFen: 0 });
  return [z(), z(), z(), z()];
}

export function addBuckets(a: PurchaseBuckets, b: PurchaseBuckets): PurchaseBuckets {
  const add = (x: PurchaseBucket, y: PurchaseBucket): PurchaseBucket => ({ orders: x.orders + y.orders, units: x.units + y.units, revenueFen: x.revenueFen + y.revenueFen });
  return [add(a[0], b[0]), add(a[1], b[1]), add(a[2], b[2]), add(a[3], b[3])];
}

export interface RepeatFigures {
  buckets: PurchaseBuckets;
  /** Units per order for the 1st, 2nd, 3rd and 4th+ purchase. */
  itemsPerOrder: [Ratio, Ratio, Ratio, Ratio];
  /** Revenue of 2nd and later purchases over all purchase revenue. */
  repurchaseShare: Ratio;
  /** Orders that were 2nd or later purchases over all orders. */
  repeatOrderShare: Ratio;
}

export function repeatFigures(buckets: PurchaseBuckets): RepeatFigures {
  const per = (b: PurchaseBucket): Ratio => ratio(b.units, b.orders);
  const revenue = buckets.reduce((s, b) => s + b.revenueFen, 0);
  const orders = buckets.reduce((s, b) => s + b.orders, 0);
  return {
    buckets: addBuckets(buckets, zeroBuckets()),
    itemsPerOrder: [per(buckets[0]), per(buckets[1]), per(buckets[2]), per(buckets[3])],
    repurchaseShare: ratio(revenue - buckets[0].revenueFen, revenue),
    repeatOrderShare: ratio(orders - buckets[0].orders, orders),
  };
}
