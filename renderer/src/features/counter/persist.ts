/**
 * The cart of this terminal, kept in localStorage so a reload or a crashed window loses nothing;
 * with it, the checkouts sent whose outcome is unknown, so a Pay after a reload reuses their
 * idempotency key and never makes the sale twice.
 */

const KEY = 'tessera.counter.cart.v1';

export interface SavedCart<Line, Customer, Held, Pending> {
  lines: Line[];
  /** The order discount; absent in carts saved before discounts. */
  orderDiscount?: { kind: 'percent' | 'amount'; value: number; reason: string } | null;
  customer: Customer;
  note: string;
  held: Held | null;
  /** Absent in carts saved before it was kept. */
  pending?: Pending | null;
}

export function loadCart<L, C, H, P>(): SavedCart<L, C, H, P> | null {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    if (!raw) return null;
    const saved = JSON.parse(raw) as SavedCart<L, C, H, P>;
    return Array.isArray(saved.lines) ? saved : null;
  } catch {
    return null;
  }
}

export function saveCart<L, C, H, P>(cart: SavedCart<L, C, H, P>): void {
  try {
    if (cart.lines.length === 0 && cart.held === null && !cart.pending && !cart.orderDiscount) globalThis.localStorage?.removeItem(KEY);
    else globalThis.localStorage?.setItem(KEY, JSON.stringify(cart));
  } catch {
    // Storage full or disabled: the cart still works, it is just not kept across a reload.
  }
}
