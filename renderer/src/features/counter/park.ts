/**
 * The counter's cart as seen from outside the counter (signing out, switching cashier):
 * how many lines it holds, and parking it as a held order so nothing rung up is lost.
 */
import { t } from '../../i18n';
import { noCartErrors, useCounter } from './store';

/** Lines in the cart of this terminal (0 when it is empty). */
export function cartLineCount(): number {
  return useCounter.getState().lines.length;
}

/** Why a cart that needs a manager's approval is not parked: said where the cashier signs out, and on the cart. */
export function parkNeedsApproval(): string {
  return t('counter.parkNeedsApproval');
}

/**
 * Holds the cart as an order (orders.create, RECEIVED in the queue) and empties it.
 * True when there was nothing to park or it was parked; false when refused (the cart is kept,
 * its errors shown on the counter). A cart the store holds only with a manager's approval is
 * kept too, and throws parkNeedsApproval(): nobody approves from the sign-out question.
 */
export async function parkCart(): Promise<boolean> {
  if (cartLineCount() === 0) return true;
  const outcome = await useCounter.getState().hold();
  if (outcome && 'approval' in outcome) {
    const why = parkNeedsApproval();
    useCounter.setState({ errors: { ...noCartErrors, general: why } });
    throw new Error(why);
  }
  return outcome !== null;
}
