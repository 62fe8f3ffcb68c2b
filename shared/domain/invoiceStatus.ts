/** An invoice's states, without zod, so the renderer can list them without loading the contract's schemas. */
export const invoiceStatuses = ['PENDING', 'PAID', 'CANCELLED'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

/** States in which nothing is owed, whatever was paid. The exports build their SQL from this list. */
export const owingNothing: readonly InvoiceStatus[] = ['CANCELLED'];

/**
 * What is still owed on an invoice: the one rule, for the services, the exports and the
 * documents. Cash rounding recorded on its payments counts as settled (15.59 due, 15.60
 * taken: amountPaid 1560, cashRounding −1, balance 0). Credit notes reduce it by what they credited.
 */
export function balanceOf(invoice: { status: InvoiceStatus; total: number; amountPaid: number; cashRounding?: number; credited?: number }): number {
  return owingNothing.includes(invoice.status) ? 0 : invoice.total - (invoice.credited ?? 0) - invoice.amountPaid - (invoice.cashRounding ?? 0);
}
