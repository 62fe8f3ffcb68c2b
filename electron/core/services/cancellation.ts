import type { Order, ParsedInput } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { Actor, ServiceDeps } from './deps';
import type { InvoiceService } from './invoices';
import type { OrderService } from './orders';
import type { ReturnService } from './returns';

/**
 * orders.cancel: in one transaction the order becomes CANCELLED and its invoice (if any) is
 * corrected by a credit note for what was not already credited, what is still paid refunded
 * to its tenders (never twice after partial returns), and the invoice CANCELLED. Nothing is deleted.
 */
export class CancellationService {
  constructor(
    private readonly d: ServiceDeps,
    private readonly orders: OrderService,
    private readonly invoices: InvoiceService,
    private readonly returns: Pick<ReturnService, 'cancelInTx'>,
  ) {}

  cancel(input: ParsedInput<'orders.cancel'>, actor: Actor): Order {
    return this.d.tx(() => {
      const before = this.orders.get(input.id);
      if (before.amountPaid > 0 && actor.role !== 'admin' && actor.role !== 'manager') {
        throw AppError.of('FORBIDDEN', 'cancelPaidOrderForbidden', { number: before.number });
      }
      this.orders.moveTo(before, 'CANCELLED', 'orders.cancel', actor, { reason: input.reason });
      const invoice = this.invoices.rowByOrder(before.id);
      if (invoice && invoice.status !== 'CANCELLED') this.returns.cancelInTx(invoice, input.reason, actor);
      return this.orders.get(before.id);
    });
  }
}
