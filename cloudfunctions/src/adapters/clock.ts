// The one clock. In CloudBase it is the wall clock. The local runtime may set an offset on a
// process-wide symbol so tests and demos can let time pass (refund windows, expiries) without
// sleeping; nothing in production sets it.
const OFFSET_KEY = Symbol.for('member-store.clockOffsetMs');

export function nowMs(): number {
  const offset = (globalThis as Record<symbol, unknown>)[OFFSET_KEY];
  return Date.now() + (typeof offset === 'number' ? offset : 0);
}
