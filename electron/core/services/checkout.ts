import type { Output, ParsedInput } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { Actor, ServiceDeps } from './deps';
import type { InvoiceService } from './invoices';
import type { OrderService } from './orders';
import type { PaymentService } from './payments';
import type { ProductService } from './products';
import type { SettingsService } from './settings';

/** One sale in one transaction: the order, its invoice and every tender (orders.checkout). */
export class CheckoutService {
  constructor(
    private readonly d: ServiceDeps,
    private readonly orders: OrderService,
    private readonly invoices: InvoiceService,
    private readonly payments: PaymentService,
    private readonly products: ProductService,
    private readonly settings: SettingsService,
  ) {}

  checkout(_input: ParsedInput<'orders.checkout'>, _actor: Actor): Output<'orders.checkout'> {
    throw new AppError('INTERNAL', 'orders.checkout is not available yet.');
  }

  recordVoid(_input: ParsedInput<'orders.recordVoid'>, _actor: Actor): Output<'orders.recordVoid'> {
    throw new AppError('INTERNAL', 'orders.recordVoid is not available yet.');
  }
}
