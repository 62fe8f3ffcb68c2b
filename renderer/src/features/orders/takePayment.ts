import { api } from '../../api';
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
