/**
 * The cart, kept on the device (购物车): product ids and quantities only. Prices are never
 * stored: the cart page asks the server for today's prices and checkout re-quotes every line,
 * so a stale cart can never charge a stale amount. Checkout sends the chosen lines in one
 * multi-line order.create.
 */
import Taro from '@tarojs/taro';

export interface CartLine {
  productId: string;
  qty: number;
  /** Chosen for checkout (the cart's checkbox). */
  checked: boolean;
}

const STORAGE_KEY = 'cart.v1';
export const MAX_QTY = 99;
/** order.create takes at most 20 lines. */
export const MAX_LINES = 20;
/** The 购物车 tab's position in app.config.ts. */
const CART_TAB_INDEX = 2;

const clampQty = (qty: number) => Math.min(MAX_QTY, Math.max(1, Math.floor(qty)));

function isLine(v: unknown): v is CartLine {
  const l = v as CartLine;
  return typeof l === 'object' && l !== null && typeof l.productId === 'string' && Number.isSafeInteger(l.qty) && typeof l.checked === 'boolean';
}

export function readCart(): CartLine[] {
  try {
    const raw: unknown = Taro.getStorageSync(STORAGE_KEY);
    return Array.isArray(raw) ? raw.filter(isLine).map((l) => ({ ...l, qty: clampQty(l.qty) })) : [];
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

/** Pure: the cart after adding `qty` of a product (to its line if there is one, checked). */
export function addLine(lines: readonly CartLine[], productId: string, qty: number): CartLine[] {
  const hit = lines.find((l) => l.productId === productId);
  if (hit === undefined) return [{ productId, qty: clampQty(qty), checked: true }, ...lines].slice(0, MAX_LINES);
  return lines.map((l) => (l.productId === productId ? { ...l, qty: clampQty(l.qty + qty), checked: true } : l));
}

export function addToCart(productId: string, qty: number): CartLine[] {
  return writeCart(addLine(readCart(), productId, qty));
}

/** After an order of the cart's chosen lines was created: they leave the cart. */
export function removeFromCart(productIds: readonly string[]): CartLine[] {
  return writeCart(readCart().filter((l) => !productIds.includes(l.productId)));
}

/** Refreshes the tab badge (on launch and when a tab page shows). */
export function refreshCartBadge(): void {
  showBadge(readCart());
}

export { clampQty };
