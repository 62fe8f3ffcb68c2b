import type { Output, ParsedInput, Voucher } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { CheckoutService } from './checkout';
import type { Actor, ServiceDeps } from './deps';
import type { SettingsService } from './settings';

const notBuilt = () => new AppError('INTERNAL', 'not built yet');

/** Store credit: vouchers issued for returns or sold as gifts, spent as a checkout tender. */
export class VoucherService {
  constructor(
    private readonly d: ServiceDeps,
    private readonly settings: SettingsService,
  ) {}

  get(_code: string): Output<'vouchers.get'> {
    void this.d;
    void this.settings;
    throw notBuilt();
  }

  /** A gift voucher sold at the counter (checkout's sale of one untaxed line, and the voucher). */
  sell(_input: ParsedInput<'vouchers.sell'>, _actor: Actor, _checkout: CheckoutService): Output<'vouchers.sell'> {
    throw notBuilt();
  }

  /** Issues a voucher inside the caller's transaction (a refund as store credit, or a gift sale). */
  issueInTx(_v: { kind: Voucher['kind']; amount: number; creditNoteId: string | null; invoiceId: string | null; paymentId: string | null }, _actor: Actor): Voucher {
    throw notBuilt();
  }

  /** Takes `amount` off the voucher `code` inside the caller's transaction (a voucher tender); never below 0. */
  redeemInTx(_code: string, _amount: number, _paymentId: string, _actor: Actor, _at: (string | number)[]): void {
    throw notBuilt();
  }

  /** Gives back to a voucher what a refunded voucher tender took. */
  restoreInTx(_code: string, _amount: number, _paymentId: string, _actor: Actor): void {
    throw notBuilt();
  }
}
