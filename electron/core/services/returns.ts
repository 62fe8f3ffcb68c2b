import type { Output, ParsedInput } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { AuthService } from './auth';
import type { CashSessionService } from './cashSessions';
import type { CheckoutService } from './checkout';
import type { CreditNoteService } from './creditNotes';
import type { Actor, ServiceDeps } from './deps';
import type { InvoiceService, InvoiceRow } from './invoices';
import type { OrderService } from './orders';
import type { PaymentService } from './payments';
import type { ProductService } from './products';
import type { SettingsService } from './settings';
import type { VoucherService } from './vouchers';

const notBuilt = () => new AppError('INTERNAL', 'not built yet');

/**
 * Returns and exchanges: a credit note for what comes back (its own gapless CN series, lines
 * pointing at the invoice's, amounts prorated by shared/domain/returns), the money back to the
 * original tenders, another tender or a voucher, in one transaction.
 */
export class ReturnService {
  constructor(
    private readonly d: ServiceDeps,
    private readonly deps: {
      orders: OrderService;
      invoices: InvoiceService;
      payments: PaymentService;
      checkout: CheckoutService;
      products: ProductService;
      settings: SettingsService;
      cashSessions: Pick<CashSessionService, 'requireOpenFor' | 'openFor'>;
      auth: Pick<AuthService, 'verifyApproval'>;
      creditNotes: CreditNoteService;
      vouchers: VoucherService;
    },
  ) {}

  async create(_input: ParsedInput<'returns.create'>, _actor: Actor): Promise<Output<'returns.create'>> {
    void this.d;
    void this.deps;
    throw notBuilt();
  }

  async exchange(_input: ParsedInput<'returns.exchange'>, _actor: Actor): Promise<Output<'returns.exchange'>> {
    throw notBuilt();
  }

  returnable(_invoiceId: string, _actor: Actor): Output<'returns.returnable'> {
    throw notBuilt();
  }

  receiptlessPrice(_productId: string): Output<'returns.receiptlessPrice'> {
    throw notBuilt();
  }

  /**
   * orders.cancel of an invoiced order, inside its transaction: the credit note for the part
   * not already credited, and the refund of what is still paid (never twice).
   */
  cancelInTx(_invoice: InvoiceRow, _reason: string, _actor: Actor): void {
    throw notBuilt();
  }
}
