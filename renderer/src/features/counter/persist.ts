/** The cart of this terminal, kept in localStorage so a reload or a crashed window loses nothing. */

const KEY = 'tessera.counter.cart.v1';

export interface SavedCart<Line, Customer, Held> {
  lines: Line[];
  customer: Customer;
  note: string;
  held: Held | null;
}

export function loadCart<L, C, H>(): SavedCart<L, C, H> | null {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    if (!raw) return null;
    const saved = JSON.parse(raw) as SavedCart<L, C, H>;
    return Array.isArray(saved.lines) ? saved : null;
  } catch {
    return null;
  }
}

export function saveCart<L, C, H>(cart: SavedCart<L, C, H>): void {
  try {
    if (cart.lines.length === 0 && cart.held === null) globalThis.localStorage?.removeItem(KEY);
    else globalThis.localStorage?.setItem(KEY, JSON.stringify(cart));
  } catch {
    // Storage full or disabled: the cart still works, it is just not kept across a reload.
  }
}
