import type { Order, ParsedInput } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { Actor, ServiceDeps } from './deps';
import type { InvoiceService } from './invoices';
import type { OrderService } from './orders';
import type { PaymentService } from './payments';

/**
 * orders.cancel: in one transaction the order becomes CANCELLED, its invoice (if any) is
 * cancelled, and every payment gets a refund row. Nothing is deleted.
 */
export class CancellationService {
  constructor(
    private readonly d: ServiceDeps,
    private readonly orders: OrderService,
    private readonly invoices: InvoiceService,
    private readonly payments: PaymentService,
  ) {}

  cancel(input: ParsedInput<'orders.cancel'>, actor: Actor): Order {
    return this.d.tx(() => {
      const before = this.orders.get(input.id);
      if (before.amountPaid > 0 && actor.role !== 'admin' && actor.role !== 'manager') {
        throw new AppError('FORBIDDEN', `Order ${before.number} has payments; only a manager or an admin can cancel it and refund them.`);
      }
      this.orders.moveTo(before, 'CANCELLED', 'orders.cancel', actor, { reason: input.reason });
      const invoice = this.invoices.rowByOrder(before.id);
      if (invoice && invoice.status !== 'CANCELLED') {
        this.payments.refundAllInTx(invoice, actor);
        this.invoices.cancelInTx(invoice, input.reason, actor);
      }
      return this.orders.get(before.id);
    });
  }
}
