/**
 * The cart, kept on the device (购物车): product and spec ids and quantities only. Prices are
 * never stored: the cart page asks the server for today's prices and checkout re-quotes every
 * line, so a stale cart can never charge a stale amount. Checkout sends the chosen lines in one
 * multi-line order.create.
 */
import Taro from '@tarojs/taro';

export interface CartLine {
  productId: string;
  /** The spec (size) chosen; null for a line kept before specs: the product's only spec, or to choose again. */
  specId: string | null;
  qty: number;
  /** Chosen for checkout (the cart's checkbox). */
  checked: boolean;
}

const STORAGE_KEY = 'cart.v2';
/** The cart before specs: product ids only; read once and carried over. */
const OLD_STORAGE_KEY = 'cart.v1';
export const MAX_QTY = 99;
/** order.create takes at most 20 lines. */
export const MAX_LINES = 20;
/** The 购物车 tab's position in app.config.ts. */
const CART_TAB_INDEX = 2;

const clampQty = (qty: number) => Math.min(MAX_QTY, Math.max(1, Math.floor(qty)));

/** A line's identity in the cart: the same product in two sizes is two lines. */
export const lineKey = (l: Pick<CartLine, 'productId' | 'specId'>): string => `${l.productId}~${l.specId ?? ''}`;

function isLine(v: unknown): v is Omit<CartLine, 'specId'> & { specId?: unknown } {
  const l = v as CartLine;
  return typeof l === 'object' && l !== null && typeof l.productId === 'string' && Number.isSafeInteger(l.qty) && typeof l.checked === 'boolean';
}

function parseLines(raw: unknown): CartLine[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isLine).map((l) => ({ productId: l.productId, specId: typeof l.specId === 'string' ? l.specId : null, qty: clampQty(l.qty), checked: l.checked }));
}

export function readCart(): CartLine[] {
  try {
    const raw: unknown = Taro.getStorageSync(STORAGE_KEY);
    if (Array.isArray(raw)) return parseLines(raw);
    const old = parseLines(Taro.getStorageSync(OLD_STORAGE_KEY));
    if (old.length > 0) {
      Taro.setStorageSync(STORAGE_KEY, old);
      Taro.removeStorageSync(OLD_STORAGE_KEY);
    }
    return old;
  } catch {
    return [];
  }
}

/** The number on the 购物车 tab: units in the cart. */
export function cartCount(lines: readonly CartLine[]): number {
  return lines.reduce((sum, l) => sum + l.qty, 0);
}

function showBadge(lines: readonly CartLine[]): void {
  const count = cartCount(lines);
  const done = count > 0 ? Taro.setTabBarBadge({ index: CART_TAB_INDEX, text: count > 99 ? '99+' : `${count}` }) : Taro.removeTabBarBadge({ index: CART_TAB_INDEX });
  // A page without the tab bar (or H5 before it mounts) refuses: the next tab page shows it.
  Promise.resolve(done).catch(() => undefined);
}

export function writeCart(lines: readonly CartLine[]): CartLine[] {
  const kept = lines.slice(0, MAX_LINES);
  try {
    Taro.setStorageSync(STORAGE_KEY, kept);
  } catch {
    // Storage full: the cart of this visit still works in memory.
  }
  showBadge(kept);
  return kept;
}

/** Pure: the cart after adding `qty` of a product's spec (to its line if there is one, checked). */
export function addLine(lines: readonly CartLine[], productId: string, specId: string | null, qty: number): CartLine[] {
  const key = lineKey({ productId, specId });
  const hit = lines.find((l) => lineKey(l) === key);
  if (hit === undefined) return [{ productId, specId, qty: clampQty(qty), checked: true }, ...lines].slice(0, MAX_LINES);
  return lines.map((l) => (lineKey(l) === key ? { ...l, qty: clampQty(l.qty + qty), checked: true } : l));
}

export function addToCart(productId: string, specId: string | null, qty: number): CartLine[] {
  return writeCart(addLine(readCart(), productId, specId, qty));
}

/** After an order of the cart's chosen lines was created: they leave the cart. */
export function removeFromCart(keys: readonly string[]): CartLine[] {
  return writeCart(readCart().filter((l) => !keys.includes(lineKey(l))));
}

/** Refreshes the tab badge (on launch and when a tab page shows). */
export function refreshCartBadge(): void {
  showBadge(readCart());
}

export { clampQty };
