import crypto from 'node:crypto';
import type { Approval, CreditNoteLine, Customer, Output, ParsedInput } from '../../../shared/contract';
import { formatMoney } from '../../../shared/domain/currency';
import { MAX_AMOUNT, MoneyRangeError, sumAmounts } from '../../../shared/domain/money';
import { priceCart, type PriceBasis } from '../../../shared/domain/pricing';
import { refundDue, returnWindowEnd } from '../../../shared/domain/returns';
import { AppError, errorIssue, type ErrorIssue } from '../../../shared/errors';
import { iso } from '../clock';
import type { AuthService } from './auth';
import type { CashSessionService } from './cashSessions';
import type { CheckoutService } from './checkout';
import type { CreditNoteDraft, CreditNoteService, CreditNoteRow } from './creditNotes';
import type { Actor, ServiceDeps } from './deps';
import { canonicalJson } from './events';
import type { InvoiceService } from './invoices';
import type { Approver, OrderService } from './orders';
import type { PaymentService } from './payments';
import type { ProductService } from './products';
import type { RefundService } from './refunds';
import { ReturnedLines, type LineRequest } from './returnedLines';
import { balanceOf, type InvoiceRow } from './rows';
import type { SettingsService } from './settings';
import type { VoucherService } from './vouchers';

type CreateInput = ParsedInput<'returns.create'>;
type ExchangeInput = ParsedInput<'returns.exchange'>;

/** The hash an idempotency key is bound to: the input but its key and the approval (a PIN is not kept, even hashed). */
function requestHashOf(kind: string, input: { idempotencyKey: string; approval?: Approval }): string {
  const { idempotencyKey: _key, approval: _approval, ...rest } = input;
  return crypto.createHash('sha256').update(canonicalJson({ kind, ...rest })).digest('hex');
}

/** What an invoice has been paid, as it settled it (cash rounding included), net of refunds. */
function paidOf(invoice: InvoiceRow): number {
  return invoice.amountPaid + invoice.cashRounding;
}

/** VALIDATION raised by `fn` with its field paths under `prefix` (an exchange's sale lines are ['sale', 'lines', …]). */
function under<T>(prefix: (string | number)[], fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'VALIDATION') throw err;
    const issues = ((err.details as { issues?: ErrorIssue[] } | undefined)?.issues ?? []).map((i) => ({ ...i, path: [...prefix, ...i.path] }));
    throw new AppError('VALIDATION', `${prefix.join('.')}.${err.message}`, { issues });
  }
}

/**
 * Returns and exchanges: a credit note for what comes back (its own gapless CN series, lines
 * pointing at the invoice's, amounts prorated by shared/domain/returns), the money back to the
 * original tenders, another tender or a voucher, in one transaction.
 */
export class ReturnService {
  private readonly lines: ReturnedLines;

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
      refunds: RefundService;
    },
  ) {
    this.lines = new ReturnedLines(d);
  }

  async create(input: CreateInput, actor: Actor): Promise<Output<'returns.create'>> {
    const requestHash = requestHashOf('return', input);
    const first = this.replayed(input.idempotencyKey, requestHash);
    if (first) return this.createAnswer(first.id);
    const invoice = input.invoiceId === undefined ? null : this.deps.invoices.row(input.invoiceId);
    const approver = await this.approve(invoice, input.approval, actor);
    const id = this.d.tx(() => {
      const again = this.replayed(input.idempotencyKey, requestHash);
      if (again) return again.id;
      const keyed = { idempotencyKey: input.idempotencyKey, requestHash, approvedBy: approver?.userId ?? null };
      return invoice === null ? this.receiptlessInTx(input, keyed, actor) : this.returnInTx(invoice.id, input, keyed, actor);
    });
    return this.createAnswer(id);
  }

  async exchange(input: ExchangeInput, actor: Actor): Promise<Output<'returns.exchange'>> {
    const requestHash = requestHashOf('exchange', input);
    const first = this.replayed(input.idempotencyKey, requestHash);
    if (first) return this.exchangeAnswer(first);
    const invoice = this.deps.invoices.row(input.invoiceId);
    const approver = await this.approve(invoice, input.approval, actor);
    const row = this.d.tx(() => {
      const again = this.replayed(input.idempotencyKey, requestHash);
      if (again) return again;
      return this.exchangeInTx(invoice.id, input, { idempotencyKey: input.idempotencyKey, requestHash, approvedBy: approver?.userId ?? null }, actor, approver);
    });
    this.deps.orders.search.written();
    return this.exchangeAnswer(row);
  }

  returnable(invoiceId: string, actor: Actor): Output<'returns.returnable'> {
    const invoice = this.deps.invoices.get(invoiceId);
    const so = this.lines.of(invoiceId);
    const windowEndsAt = returnWindowEnd(invoice.issuedAt, this.deps.settings.get().returnWindowDays);
    return {
      invoiceId,
      lines: invoice.lines.map((line, index) => {
        const back = so.get(index);
        const returned = back?.returned ?? 0;
        return {
          invoiceLineIndex: index,
          name: line.name,
          sold: line.quantity,
          returned,
          returnable: invoice.status === 'CANCELLED' ? 0 : line.quantity - returned,
          credited: back === undefined ? 0 : back.credited.subtotal + back.credited.tax,
        };
      }),
      outsideWindow: this.needsManager(actor) && this.d.clock() > Date.parse(windowEndsAt),
      windowEndsAt,
      creditNotes: this.deps.creditNotes.ofInvoice(invoiceId),
    };
  }

  /**
   * The lowest unit price `productId` sold for (before discounts) on an invoice not cancelled,
   * issued within receiptlessPriceWindowDays; none sold: its current price (soldAt null). Taxed
   * at its current rate, priced by the store's rule (a tax-inclusive store refunds the shelf price).
   */
  receiptlessPrice(productId: string, field: (string | number)[] = ['productId']): Output<'returns.receiptlessPrice'> {
    const product = this.deps.products.row(productId, field);
    const since = iso(this.d.clock() - this.deps.settings.get().receiptlessPriceWindowDays * 86_400_000);
    const sold = this.d
      .stmt(
        `SELECT l.unit_price AS unitPrice, i.issued_at AS soldAt FROM invoices i JOIN order_lines l ON l.order_id = i.order_id
         WHERE i.issued_at >= @since AND i.status <> 'CANCELLED' AND l.product_id = @productId
         ORDER BY l.unit_price ASC, i.issued_at DESC LIMIT 1`,
      )
      .get({ since, productId }) as { unitPrice: number; soldAt: string } | undefined;
    const unitPrice = sold?.unitPrice ?? product.unitPrice;
    const taxRateBp = this.deps.products.rateOf(product);
    return { productId, unitPrice, taxRateBp, total: priceCart([{ unitPrice, quantity: 1, taxRateBp }], null, this.deps.orders.rules()).totals.total, soldAt: sold?.soldAt ?? null };
  }

  /**
   * orders.cancel of an invoiced order, inside its transaction: the credit note for the part
   * not already credited, and the refund of what is still paid (never twice), then the invoice CANCELLED.
   */
  cancelInTx(invoice: InvoiceRow, reason: string, actor: Actor): void {
    const inv = this.deps.invoices.row(invoice.id);
    const paid = Math.max(0, paidOf(inv));
    // Money goes back through the register's open cash session, as the payments came in.
    if (paid > 0) this.deps.cashSessions.requireOpenFor(actor);
    const now = iso(this.d.clock());
    const rest = this.lines.rest(inv, reason);
    const lines = rest.length === 0 ? [] : this.lines.creditInTx(inv, rest);
    if (lines.length > 0) this.deps.vouchers.takeBackGiftsInTx(inv.id, actor);
    const id = lines.length === 0 ? null : this.issueInTx(inv, { kind: 'cancellation', lines, refunded: paid, exchangeInvoiceId: null, idempotencyKey: null, requestHash: null, approvedBy: null }, actor, now);
    const moved = this.deps.refunds.toTendersInTx({ invoice: inv, creditNoteId: id, actor, now }, paid);
    this.deps.invoices.creditInTx(inv, { credited: sumAmounts(lines).total, refunded: moved.out, rounding: moved.rounding }, actor, now, false);
    if (id !== null) this.issued(id, actor, now);
    this.deps.invoices.cancelInTx(this.deps.invoices.row(inv.id), reason, actor);
  }

  // ---- the writes ----

  private returnInTx(invoiceId: string, input: CreateInput, keyed: Keyed, actor: Actor): string {
    const inv = this.openInvoice(invoiceId);
    const lines = this.lines.creditInTx(inv, input.lines as LineRequest[]);
    this.deps.vouchers.takeBackGiftsInTx(inv.id, actor);
    const credit = sumAmounts(lines).total;
    const due = refundDue(credit, balanceOf(inv), paidOf(inv));
    const rounding = input.refunds ? this.deps.refunds.checkGiven(input.refunds, due, 'refunds', { invoice: inv }) : 0;
    const now = iso(this.d.clock());
    const id = this.issueInTx(inv, { kind: 'return', lines, refunded: due, exchangeInvoiceId: null, ...keyed }, actor, now);
    const target = { invoice: inv, creditNoteId: id, actor, now };
    const moved = input.refunds ? this.deps.refunds.asGivenInTx(target, input.refunds, rounding) : this.deps.refunds.toTendersInTx(target, due);
    this.deps.invoices.creditInTx(inv, { credited: credit, refunded: moved.out, rounding: moved.rounding }, actor, now, true);
    this.issued(id, actor, now);
    return id;
  }

  private receiptlessInTx(input: CreateInput, keyed: Keyed, actor: Actor): string {
    const taken = input.lines.map((l, i) => {
      if (!('productId' in l)) throw AppError.rule(['lines', i, 'productId'], 'productRequiredWithoutInvoice');
      const price = this.receiptlessPrice(l.productId, ['lines', i, 'productId']);
      if (price.unitPrice * l.quantity > MAX_AMOUNT) throw AppError.rule(['lines', i, 'quantity'], 'lineAmountTooLarge');
      return { l, price, product: this.deps.products.row(l.productId) };
    });
    // Priced together by the store's rule, as a sale of the same lines would be.
    const priced = this.priceAll(taken.map(({ l, price }) => ({ unitPrice: price.unitPrice, quantity: l.quantity, taxRateBp: price.taxRateBp })));
    const lines = taken.map(({ l, price, product }, i): CreditNoteLine => {
      const { subtotal, tax, total } = priced[i]!;
      return { invoiceLineIndex: null, productId: product.id, sku: product.sku, name: product.name, unitPrice: price.unitPrice, quantity: l.quantity, taxRateBp: price.taxRateBp, discount: 0, subtotal, tax, total, restock: l.restock ?? true, reason: l.reason };
    });
    const total = sumAmounts(lines).total;
    // Store credit unless cash is asked for.
    const refunds = input.refunds ?? (total > 0 ? [{ method: 'voucher' as const, amount: total }] : []);
    const rounding = this.deps.refunds.checkGiven(refunds, total, 'refunds', { allowed: ['cash', 'voucher'] });
    const now = iso(this.d.clock());
    const id = this.issueInTx(null, { kind: 'receiptless', lines, refunded: total, exchangeInvoiceId: null, ...keyed }, actor, now);
    this.deps.refunds.asGivenInTx({ invoice: null, creditNoteId: id, actor, now }, refunds, rounding);
    this.issued(id, actor, now);
    return id;
  }

  /**
   * The exchange: the credit note for what comes back, the new sale (order, invoice), the part
   * of the credit that is money moved onto the new invoice (a payment of method 'other'
   * referring to the credit note, and refund rows of method 'other' on the old invoice
   * referring to the new one), then only the difference: tenders in, or refunds out.
   */
  private exchangeInTx(invoiceId: string, input: ExchangeInput, keyed: Keyed, actor: Actor, approver: Approver): CreditNoteRow {
    const inv = this.openInvoice(invoiceId);
    const lines = this.lines.creditInTx(inv, input.lines);
    this.deps.vouchers.takeBackGiftsInTx(inv.id, actor);
    const credit = sumAmounts(lines).total;
    const due = refundDue(credit, balanceOf(inv), paidOf(inv));
    const drawn = this.deps.creditNotes.draw(actor);
    const customer = inv.customer === null ? undefined : (JSON.parse(inv.customer) as Customer);
    const order = under(['sale'], () => this.deps.orders.createInTx({ lines: input.sale.lines, customer }, actor, approver));
    const sale = this.deps.invoices.issueInTx(order.id, actor);
    const moved = Math.min(due, sale.total);
    if (moved > 0) this.deps.payments.payInTx({ invoiceId: sale.id, method: 'other', amount: moved, reference: drawn.number }, actor, null, ['sale']);
    const toPay = sale.total - moved;
    if (toPay > 0 && !input.tenders) throw AppError.rule('tenders', 'tendersRequired', { amount: this.money(toPay) });
    if (toPay === 0 && input.tenders) throw AppError.rule('tenders', 'tendersNotNeeded');
    input.tenders?.forEach((t, i) => {
      this.deps.payments.payInTx({ invoiceId: sale.id, method: t.method, amount: t.amount, tendered: t.tendered, reference: t.reference, code: t.code }, actor, null, ['tenders', i]);
    });
    if (this.deps.invoices.row(sale.id).status !== 'PAID') throw AppError.rule('tenders', 'tendersMustPay', { amount: this.money(toPay) });
    const back = due - moved;
    if (input.refunds && back === 0) throw AppError.rule('refunds', 'refundsNotNeeded');
    const rounding = input.refunds ? this.deps.refunds.checkGiven(input.refunds, back, 'refunds', { invoice: inv, moved }) : 0;
    const now = iso(this.d.clock());
    const id = this.issueInTx(inv, { kind: 'exchange', lines, refunded: due, exchangeInvoiceId: sale.id, ...keyed }, actor, now, drawn);
    const target = { invoice: inv, creditNoteId: id, actor, now };
    this.deps.refunds.transferInTx(target, moved, sale.number);
    const rest = input.refunds ? this.deps.refunds.asGivenInTx(target, input.refunds, rounding) : this.deps.refunds.toTendersInTx(target, back);
    this.deps.invoices.creditInTx(inv, { credited: credit, refunded: moved + rest.out, rounding: rest.rounding }, actor, now, true);
    this.issued(id, actor, now);
    return this.deps.creditNotes.byKey(keyed.idempotencyKey) as CreditNoteRow;
  }

  /** Writes the credit note (its number drawn now unless given), price basis, seller and customer frozen from the invoice. */
  private issueInTx(
    inv: InvoiceRow | null,
    draft: Omit<CreditNoteDraft, 'invoiceId' | 'orderId' | 'priceBasis' | 'customer' | 'seller' | 'cashSessionId'>,
    actor: Actor,
    now: string,
    drawn = this.deps.creditNotes.draw(actor),
  ): string {
    return this.deps.creditNotes.insertInTx(
      drawn,
      {
        ...draft,
        invoiceId: inv?.id ?? null,
        orderId: inv?.orderId ?? null,
        priceBasis: inv === null ? this.basis() : (inv.priceBasis as PriceBasis),
        customer: inv?.customer ? (JSON.parse(inv.customer) as Customer) : null,
        seller: inv?.seller ?? null,
        cashSessionId: this.deps.cashSessions.openFor(actor),
      },
      actor,
      now,
    );
  }

  /** The credit note's event (with its refunds and vouchers) and push. */
  private issued(id: string, actor: Actor, now: string): void {
    const note = this.deps.creditNotes.get(id);
    this.d.events.append({ at: now, actor: actor.userId, type: 'credit_note.issued', entity: 'credit_note', entityId: id, before: null, after: note });
    this.d.changed({ event: 'creditNote.changed', data: { id, invoiceId: note.invoiceId } });
  }

  // ---- checks and answers ----

  private openInvoice(id: string): InvoiceRow {
    const inv = this.deps.invoices.row(id);
    if (inv.status === 'CANCELLED') throw AppError.of('INVALID_TRANSITION', 'invoiceCancelledNoReturn', { number: inv.number });
    return inv;
  }

  private needsManager(actor: Actor): boolean {
    return actor.role !== 'manager' && actor.role !== 'admin';
  }

  /**
   * A cashier takes back a sale alone within returnWindowDays of its invoice; past it, or
   * without a receipt, a manager approves (FORBIDDEN APPROVAL_REQUIRED, before anything is
   * written). A given approval is checked (and recorded) whoever asks.
   */
  private async approve(invoice: InvoiceRow | null, approval: Approval | undefined, actor: Actor): Promise<Approver> {
    if (approval === undefined && this.needsManager(actor)) {
      const windowEnd = invoice === null ? null : returnWindowEnd(invoice.issuedAt, this.deps.settings.get().returnWindowDays);
      if (windowEnd === null || this.d.clock() > Date.parse(windowEnd)) {
        const details = { reason: 'APPROVAL_REQUIRED', ...(windowEnd === null ? {} : { windowEndsAt: windowEnd }) };
        throw windowEnd === null
          ? AppError.of('FORBIDDEN', 'returnReceiptlessApproval', undefined, details)
          : AppError.of('FORBIDDEN', 'returnPastWindowApproval', { number: invoice?.number ?? '', days: this.deps.settings.get().returnWindowDays }, details);
      }
    }
    return approval === undefined ? null : await this.deps.auth.verifyApproval(approval);
  }

  /** The credit note of an idempotency key used with the same input; CONFLICT when used with other input. */
  private replayed(key: string, requestHash: string): CreditNoteRow | undefined {
    const first = this.deps.creditNotes.byKey(key);
    if (first && first.requestHash !== requestHash) {
      throw AppError.of('CONFLICT', 'returnKeyReused', undefined, { issues: [errorIssue(['idempotencyKey'], 'usedWithOtherInput')] });
    }
    return first;
  }

  private createAnswer(id: string): Output<'returns.create'> {
    const creditNote = this.deps.creditNotes.get(id);
    return { creditNote, invoice: creditNote.invoiceId === null ? null : this.deps.invoices.get(creditNote.invoiceId) };
  }

  private exchangeAnswer(row: CreditNoteRow): Output<'returns.exchange'> {
    const invoice = this.deps.invoices.get(row.exchangeInvoiceId ?? '');
    const payments = this.deps.payments.tendersOf(invoice.orderId);
    return { creditNote: this.deps.creditNotes.get(row.id), order: this.deps.orders.get(invoice.orderId), invoice, payments, change: payments.reduce((n, p) => n + (p.change ?? 0), 0) };
  }

  /** The store's price basis now (a return without a receipt has no invoice to take it from). */
  private basis(): PriceBasis {
    return this.deps.orders.rules().pricesIncludeTax ? 'gross' : 'net';
  }

  /** Lines priced together by the store's rule; a total too large is refused on `lines`. */
  private priceAll(lines: { unitPrice: number; quantity: number; taxRateBp: number }[]) {
    try {
      return priceCart(lines, null, this.deps.orders.rules()).lines;
    } catch (err) {
      if (err instanceof MoneyRangeError) throw AppError.rule('lines', 'returnTotalTooLarge');
      throw err;
    }
  }

  private money(amount: number): string {
    const s = this.deps.settings.get();
    return formatMoney(amount, s.currency, s.locale);
  }
}

interface Keyed {
  idempotencyKey: string;
  requestHash: string;
  approvedBy: string | null;
}
