/**
 * The counter's cart as seen from outside the counter (signing out, switching cashier):
 * how many lines it holds, and parking it as a held order so nothing rung up is lost.
 */
import { useCounter } from './store';

/** Lines in the cart of this terminal (0 when it is empty). */
export function cartLineCount(): number {
  return useCounter.getState().lines.length;
}

/**
 * Holds the cart as an order (orders.create, RECEIVED in the queue) and empties it.
 * True when there was nothing to park or it was parked; false when refused (the cart is kept,
 * its errors shown on the counter).
 */
export async function parkCart(): Promise<boolean> {
  if (cartLineCount() === 0) return true;
  const order = await useCounter.getState().hold();
  return order !== null;
}
