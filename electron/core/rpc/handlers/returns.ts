import type { Services } from '../../services';
import type { DomainHandlers } from '../types';

export function returnHandlers(s: Services): DomainHandlers<'returns'> {
  return {
    'returns.create': (input, ctx) => s.returns.create(input, ctx.actor),
    'returns.exchange': (input, ctx) => s.returns.exchange(input, ctx.actor),
    'returns.returnable': (input, ctx) => s.returns.returnable(input.invoiceId, ctx.actor),
    'returns.receiptlessPrice': (input) => s.returns.receiptlessPrice(input.productId),
  };
}

export function creditNoteHandlers(s: Services): DomainHandlers<'creditNotes'> {
  return {
    'creditNotes.get': (input) => s.creditNotes.get(input.id),
    'creditNotes.list': (input) => s.creditNotes.list(input),
    'creditNotes.pdf': (input) => s.documents.creditNotePdf(s.creditNotes.get(input.id)),
    'creditNotes.receiptLayout': (input) => s.documents.creditNoteLayout(s.creditNotes.get(input.id), input.width),
    'creditNotes.escpos': (input) => s.documents.creditNoteEscPos(s.creditNotes.get(input.id), input.width),
    'creditNotes.receiptPrint': (input, ctx) => s.documents.creditNotePrint(s.creditNotes.get(input.id), input.width, ctx.actor),
  };
}

export function voucherHandlers(s: Services): DomainHandlers<'vouchers'> {
  return {
    'vouchers.get': (input) => s.vouchers.get(input.code),
    'vouchers.sell': (input, ctx) => s.vouchers.sell(input, ctx.actor, s.checkout),
  };
}
