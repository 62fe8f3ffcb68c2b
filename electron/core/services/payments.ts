import crypto from 'node:crypto';
import { asc, and, eq, isNull, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Output, ParsedInput, Payment } from '../../../shared/contract';
import { cashTaken } from '../../../shared/domain/cash';
import { defaultMaxChange, formatMoney, tenderChange } from '../../../shared/domain/currency';
import { AppError, errorIssue } from '../../../shared/errors';
import { iso } from '../clock';
import { payments } from '../db/schema';
import { newId } from '../ids';
import type { CashSessionService } from './cashSessions';
import type { Actor, ServiceDeps } from './deps';
import { canonicalJson } from './events';
import type { InvoiceService } from './invoices';
import type { OrderService } from './orders';
import { decodeCursor, toPage, Where } from './paging';
import { balanceOf, columnsOf, toPayment, type PaymentRow } from './rows';
import type { SettingsService } from './settings';
import type { VoucherService } from './vouchers';

type PayResult = Output<'payments.pay'>;
/** What one payment applies to an invoice (payments.pay's input without its key; a tender of orders.checkout). */
export type PaymentInput = Pick<ParsedInput<'payments.pay'>, 'invoiceId' | 'method' | 'amount' | 'tendered' | 'reference' | 'code'>;

/** The most change a cash payment may give: the store's `maxChange`, else its currency's default. */
export function maxChangeOf(settings: { maxChange: number | null; currency: string }): number {
  return settings.maxChange ?? defaultMaxChange(settings.currency);
}

/**
 * What a tender takes of a balance: cash that clears it (the balance, or the balance rounded to
 * the store's `cashRounding`) takes the rounded balance and records the difference as
 * rounding; anything else takes itself. `over`: it takes more than the balance (refused).
 */
export function tenderTakes(balance: number, tender: { method: string; amount: number }, increment: number | null): { taken: number; rounding: number; over: boolean } {
  const { taken, rounding } = tender.method === 'cash' ? cashTaken(balance, tender.amount, increment) : { taken: tender.amount, rounding: 0 };
  return { taken, rounding, over: taken + rounding > balance };
}

/** A voucher tender names its voucher; no other method takes a code. */
function checkVoucherCode(input: { method: string; code?: string }, at: (string | number)[]): void {
  if (input.method === 'voucher' && (input.code === undefined || input.code.trim() === '')) throw AppError.rule([...at, 'code'], 'voucherCodeRequired');
  if (input.method !== 'voucher' && input.code !== undefined) throw AppError.rule([...at, 'code'], 'voucherCodeOnly');
}

/** The select list whose rows are the schema's row type (for the list's dynamic SQL). */
const PAYMENT_COLUMNS = columnsOf(payments);

export class PaymentService {
  private readonly q;

  constructor(
    private readonly d: ServiceDeps,
    private readonly orders: OrderService,
    private readonly invoices: InvoiceService,
    private readonly settings: SettingsService,
    private readonly cashSessions: Pick<CashSessionService, 'requireOpenFor'>,
    /** Voucher tenders spend through it. */
    private readonly vouchers: Pick<VoucherService, 'redeemInTx'>,
  ) {
    const db = drizzle(d.sqlite);
    const ph = (name: string) => sql.placeholder(name);
    this.q = {
      byId: db.select().from(payments).where(eq(payments.id, ph('id'))).prepare(),
      byKey: db.select().from(payments).where(eq(payments.idempotencyKey, ph('key'))).prepare(),
      // A checkout's tenders: the order's payments that carry no key of their own (payments.pay always has one).
      unkeyedOfOrder: db
        .select()
        .from(payments)
        .where(and(eq(payments.orderId, ph('id')), eq(payments.kind, 'payment'), isNull(payments.idempotencyKey)))
        .orderBy(asc(sql`rowid`))
        .prepare(),
      insert: db
        .insert(payments)
        .values({
          id: ph('id'),
          invoiceId: ph('invoiceId'),
          orderId: ph('orderId'),
          method: ph('method'),
          kind: ph('kind'),
          amount: ph('amount'),
          tendered: ph('tendered'),
          change: ph('change'),
          reference: ph('reference'),
          refundOf: ph('refundOf'),
          rounding: ph('rounding'),
          cashSessionId: ph('cashSessionId'),
          voucherCode: ph('voucherCode'),
          idempotencyKey: ph('idempotencyKey'),
          requestHash: ph('requestHash'),
          createdBy: ph('createdBy'),
          createdAt: ph('now'),
        })
        .prepare(),
    };
  }

  get(id: string): Payment {
    const row = this.q.byId.get({ id });
    if (!row) throw AppError.of('NOT_FOUND', 'noPayment', { id });
    return toPayment(row);
  }

  /**
   * Takes a payment. The one that brings the balance to 0 marks the invoice PAID and the order
   * FULFILLED in the same transaction. A repeated idempotency key returns the first payment
   * (with the invoice and order as they are now); with other input it is a CONFLICT.
   */
  pay(input: ParsedInput<'payments.pay'>, actor: Actor): PayResult {
    const requestHash = crypto
      .createHash('sha256')
      .update(
        canonicalJson({
          invoiceId: input.invoiceId,
          method: input.method,
          amount: input.amount,
          tendered: input.tendered ?? null,
          reference: input.reference ?? null,
          // Only when given: keys from before vouchers hash as they did.
          ...(input.code === undefined ? {} : { code: input.code }),
        }),
      )
      .digest('hex');
    const result = this.d.tx((): PayResult => {
      const first = this.q.byKey.get({ key: input.idempotencyKey });
      if (first) {
        if (first.requestHash !== requestHash) {
          throw AppError.of('CONFLICT', 'paymentKeyReused', undefined, { issues: [errorIssue(['idempotencyKey'], 'usedWithOtherInput')] });
        }
        return this.result(first.id);
      }
      return this.result(this.payInTx(input, actor, { idempotencyKey: input.idempotencyKey, requestHash }));
    });
    return result;
  }

  /** The payments orders.checkout recorded for the order's tenders, in tender order. */
  tendersOf(orderId: string): Payment[] {
    return this.q.unkeyedOfOrder.all({ id: orderId }).map(toPayment);
  }

  /**
   * One payment of a PENDING invoice inside the caller's transaction (payments.pay, and each
   * tender of orders.checkout): the checks, the row, its event, and the invoice and order
   * settling when it clears the balance. `at` prefixes the field paths of its errors
   * (a tender's index in orders.checkout). Returns the payment's id.
   */
  payInTx(input: PaymentInput, actor: Actor, keyed: { idempotencyKey: string; requestHash: string } | null, at: (string | number)[] = []): string {
    // Money moves through the register's open cash session, or not at all (vouchers too: the Z counts them).
    const cashSessionId = this.cashSessions.requireOpenFor(actor);
    checkVoucherCode(input, at);
    const invoice = this.invoices.row(input.invoiceId);
    if (invoice.status !== 'PENDING') {
      throw AppError.of('INVALID_TRANSITION', 'invoiceNotPayable', { number: invoice.number, status: invoice.status, statusCode: invoice.status });
    }
    const balance = balanceOf(invoice);
    const { taken, rounding, over } = tenderTakes(balance, input, this.settings.get().cashRounding);
    if (over) {
      throw AppError.rule([...at, 'amount'], 'moreThanBalance', { balance: formatMoney(balance, invoice.currency, this.settings.get().locale) });
    }
    const { tendered, change } = this.cash({ ...input, amount: taken }, at);
    const id = newId();
    // A voucher tender takes its amount off the voucher first: over its balance, nothing is stored.
    const voucherCode = input.method === 'voucher' ? this.vouchers.redeemInTx(input.code ?? '', taken, id, actor, at, invoice.currency).code : null;
    const now = iso(this.d.clock());
    this.q.insert.run({
      id,
      invoiceId: invoice.id,
      orderId: invoice.orderId,
      method: input.method,
      kind: 'payment',
      amount: taken,
      tendered,
      change,
      reference: input.reference ?? null,
      refundOf: null,
      rounding,
      cashSessionId,
      voucherCode,
      idempotencyKey: keyed?.idempotencyKey ?? null,
      requestHash: keyed?.requestHash ?? null,
      createdBy: actor.userId,
      now,
    });
    this.d.events.append({ at: now, actor: actor.userId, type: 'payment.received', entity: 'payment', entityId: id, before: null, after: this.get(id) });
    if (this.invoices.recordPayment(invoice, taken, rounding, actor, now)) this.d.hooks.beforeCommit?.('payments.settle');
    return id;
  }

  /**
   * Cash takes a tendered amount (default: exact) and gives change, at most the store's
   * `maxChange` (a scanned barcode in the tendered field must not become money); other methods take none.
   */
  private cash(input: PaymentInput, at: (string | number)[]): { tendered: number | null; change: number | null } {
    if (input.method !== 'cash') {
      if (input.tendered !== undefined) throw AppError.rule([...at, 'tendered'], 'tenderedCashPaymentsOnly');
      return { tendered: null, change: null };
    }
    const tendered = input.tendered ?? input.amount;
    if (tendered < input.amount) throw AppError.rule([...at, 'tendered'], 'atLeastAmount');
    const change = tenderChange({ method: 'cash', amount: input.amount, tendered });
    const settings = this.settings.get();
    const maxChange = maxChangeOf(settings);
    if (change > maxChange) {
      throw AppError.rule([...at, 'tendered'], 'tooMuchChange', { max: formatMoney(maxChange, settings.currency, settings.locale) });
    }
    return { tendered, change };
  }

  private result(paymentId: string): PayResult {
    const payment = this.get(paymentId);
    // payments.pay always pays an invoice (only a receipt-less return's refund has none).
    return { payment, invoice: this.invoices.get(payment.invoiceId ?? ''), order: this.orders.get(payment.orderId ?? '') };
  }

  list(input: ParsedInput<'payments.list'>): Output<'payments.list'> {
    const after = decodeCursor(input.cursor, ['string', 'number'] as const);
    const where = new Where()
      .equals('invoice_id', input.invoiceId)
      .equals('order_id', input.orderId)
      .equals('method', input.method)
      .equals('credit_note_id', input.creditNoteId)
      .timeRange('created_at', input.from, input.to, this.settings.get().timeZone);
    if (after) where.add('(created_at, rowid) < (@afterAt, @afterRow)', { afterAt: after[0], afterRow: after[1] });
    const rows = this.d
      .stmt(`SELECT rowid AS "rowid", ${PAYMENT_COLUMNS} FROM payments ${where.sql()} ORDER BY created_at DESC, rowid DESC LIMIT @limit`)
      .all({ ...where.params, limit: input.limit + 1 }) as (PaymentRow & { rowid: number })[];
    return toPage(rows, input.limit, toPayment, (r) => [r.createdAt, r.rowid]);
  }
}

