/**
 * Taking payment for an invoice. Other screens use either:
 * - `openPayment(invoiceId, { returnTo: '/orders', returnLabel: 'Back to orders' })`: the
 *   counter's payment screen for that invoice; done (or Pay later) goes back to `returnTo`;
 * - `<PaymentPanel invoiceId onDone onLeave? doneLabel? />`: the same panel inside their own page or dialog.
 * A payment of their own (a gift voucher, an exchange's difference) is built from `useTenderDraft`,
 * `<AmountDue>`, `<TenderEntry>` and `<MoneyField>`; `<DonePanel>` shows what was paid.
 */
export { PaymentPanel, type PaymentPanelProps } from './PaymentPanel';
export { openPayment, usePayment, type PaymentSession, type PayResult } from './store';
export { newKey } from './keys';
export { quickAmounts } from './cash';
export { AmountDue, TenderEntry, useTenderDraft, type TenderEntryProps } from './TenderEntry';
export { MoneyField } from './MoneyField';
export { DonePanel, type DonePanelProps } from './DonePanel';
export { useDoneActions } from './useDoneActions';
export { methods, methodLabel } from './methods';
