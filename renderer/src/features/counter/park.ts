/**
 * The counter's cart as seen from outside the counter (signing out, switching cashier):
 * how many lines it holds, and parking it as a held order so nothing rung up is lost.
 */
import { noCartErrors, useCounter } from './store';

/** Lines in the cart of this terminal (0 when it is empty). */
export function cartLineCount(): number {
  return useCounter.getState().lines.length;
}

/** Why a cart that needs a manager's approval is not parked: said where the cashier signs out, and on the cart. */
export const PARK_NEEDS_APPROVAL =
  'A manager must approve this cart’s discounts or typed prices before it can be held. It is still on the counter: hold it there with a manager’s approval, or charge it, then sign out.';

/**
 * Holds the cart as an order (orders.create, RECEIVED in the queue) and empties it.
 * True when there was nothing to park or it was parked; false when refused (the cart is kept,
 * its errors shown on the counter). A cart the store holds only with a manager's approval is
 * kept too, and throws PARK_NEEDS_APPROVAL: nobody approves from the sign-out question.
 */
export async function parkCart(): Promise<boolean> {
  if (cartLineCount() === 0) return true;
  const outcome = await useCounter.getState().hold();
  if (outcome && 'approval' in outcome) {
    useCounter.setState({ errors: { ...noCartErrors, general: PARK_NEEDS_APPROVAL } });
    throw new Error(PARK_NEEDS_APPROVAL);
  }
  return outcome !== null;
}
