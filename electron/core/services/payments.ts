import crypto from 'node:crypto';
import type { Output, ParsedInput, Payment, PaymentMethod } from '../../../shared/contract';
import { formatMoney } from '../../../shared/domain/currency';
import { AppError } from '../../../shared/errors';
import { iso } from '../clock';
import { newId } from '../ids';
import type { Actor, ServiceDeps } from './deps';
import { canonicalJson } from './events';
import { balanceOf, invoiceSummary, type InvoiceRow, type InvoiceService } from './invoices';
import type { OrderService } from './orders';
import { decodeCursor, toPage, Where } from './paging';
import type { SettingsService } from './settings';

interface PaymentRow {
  id: string;
  invoice_id: string;
  order_id: string;
  method: PaymentMethod;
  kind: 'payment' | 'refund';
  amount: number;
  tendered: number | null;
  change: number | null;
  reference: string | null;
  refund_of: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  created_by: string;
  created_at: string;
  rowid: number;
}

function toPayment(r: PaymentRow): Payment {
  return {
    id: r.id,
    invoiceId: r.invoice_id,
    orderId: r.order_id,
    method: r.method,
    amount: r.amount,
    tendered: r.tendered,
    change: r.change,
    reference: r.reference,
    kind: r.kind,
    refundOf: r.refund_of,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

type PayResult = Output<'payments.pay'>;

export class PaymentService {
  private readonly q;

  constructor(
    private readonly d: ServiceDeps,
    private readonly orders: OrderService,
    private readonly invoices: InvoiceService,
    private readonly settings: SettingsService,
  ) {
    const s = d.sqlite;
    this.q = {
      byId: s.prepare<[string], PaymentRow>('SELECT rowid, * FROM payments WHERE id = ?'),
      byKey: s.prepare<[string], PaymentRow>('SELECT rowid, * FROM payments WHERE idempotency_key = ?'),
      ofInvoice: s.prepare<[string], PaymentRow>("SELECT rowid, * FROM payments WHERE invoice_id = ? AND kind = 'payment' ORDER BY rowid"),
      insert: s.prepare(
        `INSERT INTO payments (id, invoice_id, order_id, method, kind, amount, tendered, change, reference, refund_of,
           idempotency_key, request_hash, created_by, created_at)
         VALUES (@id, @invoiceId, @orderId, @method, @kind, @amount, @tendered, @change, @reference, @refundOf,
           @idempotencyKey, @requestHash, @createdBy, @now)`,
      ),
      addToInvoice: s.prepare('UPDATE invoices SET amount_paid = amount_paid + @delta WHERE id = @id'),
      markPaid: s.prepare("UPDATE invoices SET status = 'PAID', paid_at = @now WHERE id = @id"),
      addToOrder: s.prepare('UPDATE orders SET amount_paid = amount_paid + @delta, version = version + 1, updated_at = @now WHERE id = @id'),
    };
  }

  get(id: string): Payment {
    const row = this.q.byId.get(id);
    if (!row) throw new AppError('NOT_FOUND', `No payment with id ${id}.`);
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
      .update(canonicalJson({ invoiceId: input.invoiceId, method: input.method, amount: input.amount, tendered: input.tendered ?? null, reference: input.reference ?? null }))
      .digest('hex');
    const result = this.d.tx((): PayResult => {
      const first = this.q.byKey.get(input.idempotencyKey);
      if (first) {
        if (first.request_hash !== requestHash) {
          throw new AppError('CONFLICT', 'This idempotency key was already used for a different payment.', { issues: [{ path: ['idempotencyKey'], message: 'was used with other input' }] });
        }
        return this.result(first.id);
      }
      const invoice = this.invoices.row(input.invoiceId);
      if (invoice.status !== 'PENDING') {
        throw new AppError('INVALID_TRANSITION', `Invoice ${invoice.number} is ${invoice.status}; ${invoice.status === 'PAID' ? 'nothing is left to pay' : 'it cannot be paid'}.`);
      }
      const balance = balanceOf(invoice);
      if (input.amount > balance) {
        throw AppError.field('amount', `is more than the balance of ${formatMoney(balance, invoice.currency, this.settings.get().locale)}`);
      }
      const { tendered, change } = this.cash(input);
      const now = iso(this.d.clock());
      const id = newId();
      this.q.insert.run({
        id,
        invoiceId: invoice.id,
        orderId: invoice.order_id,
        method: input.method,
        kind: 'payment',
        amount: input.amount,
        tendered,
        change,
        reference: input.reference ?? null,
        refundOf: null,
        idempotencyKey: input.idempotencyKey,
        requestHash,
        createdBy: actor.userId,
        now,
      });
      this.q.addToInvoice.run({ id: invoice.id, delta: input.amount });
      this.d.changed({ event: 'invoice.changed', data: { id: invoice.id, status: invoice.status } });
      const order = this.orders.get(invoice.order_id);
      this.q.addToOrder.run({ id: order.id, delta: input.amount, now });
      this.d.events.append({ at: now, actor: actor.userId, type: 'payment.received', entity: 'payment', entityId: id, before: null, after: this.get(id) });
      if (input.amount === balance) {
        this.q.markPaid.run({ id: invoice.id, now });
        this.d.changed({ event: 'invoice.changed', data: { id: invoice.id, status: 'PAID' } });
        this.d.events.append({
          at: now,
          actor: actor.userId,
          type: 'invoice.paid',
          entity: 'invoice',
          entityId: invoice.id,
          before: invoiceSummary(invoice),
          after: { ...invoiceSummary(invoice), status: 'PAID', amountPaid: invoice.total },
        });
        this.orders.moveTo(this.orders.get(order.id), 'FULFILLED', 'payments.pay', actor);
        this.d.hooks.beforeCommit?.('payments.settle');
      }
      return this.result(id);
    });
    return result;
  }

  /** Cash takes a tendered amount (default: exact) and gives change; other methods take none. */
  private cash(input: ParsedInput<'payments.pay'>): { tendered: number | null; change: number | null } {
    if (input.method !== 'cash') {
      if (input.tendered !== undefined) throw AppError.field('tendered', 'only cash payments take a tendered amount');
      return { tendered: null, change: null };
    }
    const tendered = input.tendered ?? input.amount;
    if (tendered < input.amount) throw AppError.field('tendered', 'must be at least the amount');
    return { tendered, change: tendered - input.amount };
  }

  private result(paymentId: string): PayResult {
    const payment = this.get(paymentId);
    return { payment, invoice: this.invoices.get(payment.invoiceId), order: this.orders.get(payment.orderId) };
  }

  /** Records one refund per payment of the invoice, inside the caller's transaction. Returns the total refunded. */
  refundAllInTx(invoice: InvoiceRow, actor: Actor): number {
    const now = iso(this.d.clock());
    let refunded = 0;
    for (const p of this.q.ofInvoice.all(invoice.id)) {
      const id = newId();
      this.q.insert.run({
        id,
        invoiceId: invoice.id,
        orderId: invoice.order_id,
        method: p.method,
        kind: 'refund',
        amount: p.amount,
        tendered: null,
        change: null,
        reference: p.reference,
        refundOf: p.id,
        idempotencyKey: null,
        requestHash: null,
        createdBy: actor.userId,
        now,
      });
      refunded += p.amount;
      this.d.events.append({ at: now, actor: actor.userId, type: 'payment.refunded', entity: 'payment', entityId: id, before: null, after: this.get(id) });
    }
    if (refunded > 0) {
      this.q.addToInvoice.run({ id: invoice.id, delta: -refunded });
      this.q.addToOrder.run({ id: invoice.order_id, delta: -refunded, now });
    }
    return refunded;
  }

  list(input: ParsedInput<'payments.list'>): Output<'payments.list'> {
    const after = decodeCursor(input.cursor, ['string', 'number'] as const);
    const where = new Where()
      .equals('invoice_id', input.invoiceId)
      .equals('order_id', input.orderId)
      .equals('method', input.method)
      .timeRange('created_at', input.from, input.to);
    if (after) where.add('(created_at, rowid) < (@afterAt, @afterRow)', { afterAt: after[0], afterRow: after[1] });
    const sql = `SELECT rowid, * FROM payments ${where.sql()} ORDER BY created_at DESC, rowid DESC LIMIT @limit`;
    const rows = this.d.stmt(sql).all({ ...where.params, limit: input.limit + 1 }) as PaymentRow[];
    return toPage(rows, input.limit, toPayment, (r) => [r.created_at, r.rowid]);
  }
}

