/**
 * The cart of this terminal, kept in localStorage so a reload or a crashed window loses nothing;
 * with it, the checkouts sent whose outcome is unknown, so a Pay after a reload reuses their
 * idempotency key and never makes the sale twice.
 */

const KEY = 'tessera.counter.cart.v1';

export interface SavedCart<Line, Customer, Held, Pending> {
  lines: Line[];
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

function write(cart: SavedCart<unknown, unknown, unknown, unknown>): void {
  try {
    if (cart.lines.length === 0 && cart.held === null && !cart.pending) globalThis.localStorage?.removeItem(KEY);
    else globalThis.localStorage?.setItem(KEY, JSON.stringify(cart));
  } catch {
    // Storage full or disabled: the cart still works, it is just not kept across a reload.
  }
}

/** The cart last written, and the one waiting to be (null: none). */
let written: SavedCart<unknown, unknown, unknown, unknown> | null = null;
let queued: SavedCart<unknown, unknown, unknown, unknown> | null = null;

/** Writes the cart waiting to be written, if any. */
export function flushCart(): void {
  const cart = queued;
  if (!cart) return;
  queued = null;
  written = cart;
  write(cart);
}

if (typeof addEventListener === 'function') {
  // A reload, a closed tab or window, a hidden page: what is waiting is written first.
  addEventListener('pagehide', flushCart);
  addEventListener('visibilitychange', () => {
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') flushCart();
  });
}

/**
 * Keeps the cart. A sale made or emptied, a held order, or a checkout whose outcome is unknown is
 * written at once; a line scanned or changed is written just after the frame that shows it (a
 * scan's Enter must not wait for serialising the cart and a synchronous storage write), and on
 * pagehide before that.
 */
export function saveCart<L, C, H, P>(cart: SavedCart<L, C, H, P>): void {
  const now = cart as SavedCart<unknown, unknown, unknown, unknown>;
  const urgent = now.lines.length === 0 || now.held !== (queued ?? written)?.held || now.pending !== (queued ?? written)?.pending;
  const waiting = queued !== null;
  queued = now;
  if (urgent || typeof requestAnimationFrame !== 'function') return flushCart();
  if (waiting) return;
  // After the next paint; a hidden page paints no frames, so a timer too (whichever comes first).
  requestAnimationFrame(() => setTimeout(flushCart, 0));
  setTimeout(flushCart, 100);
}
