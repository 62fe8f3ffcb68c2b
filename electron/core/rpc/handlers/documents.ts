import type { Services } from '../../services';
import type { DomainHandlers } from '../types';

/** Receipts; `invoices.pdf` sits with the other invoice handlers and calls `s.documents.invoicePdf`. */
export function receiptHandlers(s: Services): DomainHandlers<'receipts'> {
  return {
    'receipts.escpos': (input) => s.documents.receiptEscPos(input.invoiceId, input.width),
    'receipts.layout': (input) => s.documents.receiptLayout(input.invoiceId, input.width),
    'receipts.print': (input, ctx) => s.documents.receiptPrint(input.invoiceId, input.width, ctx.actor),
  };
}
