/**
 * Taking payment for an invoice. Other screens use either:
 * - `openPayment(invoiceId, { returnTo: '/orders', returnLabel: 'Back to orders' })`: the
 *   counter's payment screen for that invoice; done (or Pay later) goes back to `returnTo`;
 * - `<PaymentPanel invoiceId onDone onLeave? doneLabel? />`: the same panel inside their own page or dialog.
 */
export { PaymentPanel, type PaymentPanelProps } from './PaymentPanel';
export { openPayment, usePayment, type PaymentSession, type PayResult } from './store';
export { newKey } from './keys';
export { quickAmounts } from './cash';
