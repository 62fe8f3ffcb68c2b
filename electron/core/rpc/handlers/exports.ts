import type { Services } from '../../services';
import type { DomainHandlers } from '../types';

export function exportHandlers(s: Services): DomainHandlers<'exports'> {
  return {
    'exports.orders': (input, ctx) => s.exports.orders(input, ctx.actor),
    'exports.invoices': (input, ctx) => s.exports.invoices(input, ctx.actor),
    'exports.payments': (input, ctx) => s.exports.payments(input, ctx.actor),
    'exports.creditNotes': (input, ctx) => s.exports.creditNotes(input, ctx.actor),
    'exports.zReports': (input, ctx) => s.exports.zReports(input, ctx.actor),
    'exports.cancel': (input, ctx) => s.exports.cancel(input.jobId, ctx.actor),
    'exports.download': (input, ctx) => s.exports.downloadLink(input.id, ctx.actor),
    'exports.reveal': (input) => s.exports.reveal(input.id),
    'exports.saveAs': (input, ctx) => s.exports.saveAs(input.id, ctx.actor),
  };
}
