/**
 * A client-made idempotency key ([0-9a-z], well under the contract's 64): one per attempt at a
 * write, so a double tap or a retry lands on the same server record instead of a second one.
 */
export function newRequestId(): string {
  const random = Math.random().toString(36).slice(2, 12);
  return `r${Date.now().toString(36)}${random}`;
}
