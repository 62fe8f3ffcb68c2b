import type { Order } from '../../../../shared/contract';
import { api } from '../../api';
import { navigate } from '../../app/router';
import { useCounter } from '../counter/store';
import { openPayment, usePayment } from '../payment';

/**
 * Opens the counter's payment screen for an existing invoice; when it is paid (or left for
 * later) the app returns to `returnTo`. The invoice is read first and handed over, so the
 * payment screen opens with it at once. Throws ApiError when the invoice cannot be read.
 */
export async function takePayment(invoiceId: string, returnTo: string, returnLabel: string): Promise<void> {
  const invoice = await api.call('invoices.get', { id: invoiceId });
  usePayment.getState().open(invoice.id, { invoice, returnTo, returnLabel });
  openPayment(invoice.id, { returnTo, returnLabel });
}

/**
 * Reopens a held order (RECEIVED, no invoice) in the counter's cart, to be edited and charged
 * there. Returns a message when it cannot (the counter has a sale in progress, or the order has
 * lines typed in by hand), else null.
 */
export function openInCounter(order: Order): string | null {
  const refused = useCounter.getState().openHeld(order);
  if (refused) return refused;
  navigate('/counter');
  return null;
}
