import type { Customer, Invoice, OrderLine, Output, ParsedInput } from '../../../shared/contract';
import type { InvoiceStatus } from '../../../shared/contract/invoices';
import { taxBreakdown, type TaxBreakdownEntry } from '../../../shared/domain/money';
import { AppError } from '../../../shared/errors';
import { iso } from '../clock';
import { newId } from '../ids';
import type { Actor, ServiceDeps } from './deps';
import type { OrderService } from './orders';
import { decodeCursor, toPage, Where } from './paging';
import type { SettingsService } from './settings';

export interface InvoiceRow {
  id: string;
  seq: number;
  number: string;
  order_id: string;
  order_number: number;
  status: InvoiceStatus;
  currency: string;
  lines: string;
  tax_breakdown: string;
  seller: string;
  customer: string | null;
  subtotal: number;
  tax: number;
  total: number;
  amount_paid: number;
  issued_at: string;
  paid_at: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
}

export function invoiceNumber(seq: number): string {
  return `INV-${String(seq).padStart(6, '0')}`;
}

/** What is still owed: nothing on a cancelled invoice. */
export function balanceOf(r: Pick<InvoiceRow, 'status' | 'total' | 'amount_paid'>): number {
  return r.status === 'CANCELLED' ? 0 : r.total - r.amount_paid;
}

export function invoiceSummary(r: Pick<InvoiceRow, 'number' | 'status' | 'total' | 'amount_paid'>) {
  return { number: r.number, status: r.status, total: r.total, amountPaid: r.amount_paid };
}

export class InvoiceService {
  private readonly q;

  constructor(
    private readonly d: ServiceDeps,
    private readonly orders: OrderService,
    private readonly settings: SettingsService,
  ) {
    const s = d.sqlite;
    this.q = {
      byId: s.prepare<[string], InvoiceRow>('SELECT * FROM invoices WHERE id = ?'),
      byOrder: s.prepare<[string], InvoiceRow>('SELECT * FROM invoices WHERE order_id = ?'),
      nextSeq: s.prepare<[], { value: number }>(
        "INSERT INTO counters (name, value) VALUES ('invoice', 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value",
      ),
      insert: s.prepare(
        `INSERT INTO invoices (id, seq, number, order_id, order_number, status, currency, lines, tax_breakdown, seller, customer,
           customer_name, subtotal, tax, total, amount_paid, issued_at)
         VALUES (@id, @seq, @number, @orderId, @orderNumber, 'PENDING', @currency, @lines, @taxBreakdown, @seller, @customer,
           @customerName, @subtotal, @tax, @total, 0, @now)`,
      ),
      linkOrder: s.prepare('UPDATE orders SET invoice_id = ? WHERE id = ?'),
      cancel: s.prepare("UPDATE invoices SET status = 'CANCELLED', cancelled_at = @now, cancel_reason = @reason WHERE id = @id"),
    };
  }

  row(id: string): InvoiceRow {
    const row = this.q.byId.get(id);
    if (!row) throw new AppError('NOT_FOUND', `No invoice with id ${id}.`);
    return row;
  }

  rowByOrder(orderId: string): InvoiceRow | undefined {
    return this.q.byOrder.get(orderId);
  }

  get(id: string): Invoice {
    return toInvoice(this.row(id));
  }

  getByOrder(orderId: string): Invoice {
    this.orders.row(orderId);
    const row = this.q.byOrder.get(orderId);
    if (!row) throw new AppError('NOT_FOUND', 'This order has no invoice yet.');
    return toInvoice(row);
  }

  /** Issues the invoice of a RECEIVED order: number, frozen lines and totals, order → PROCESSING, in one transaction. */
  generate(orderId: string, actor: Actor): Invoice {
    const result = this.d.tx(() => {
      const order = this.orders.get(orderId);
      const existing = this.q.byOrder.get(orderId);
      if (existing) throw new AppError('CONFLICT', `Order ${order.number} already has invoice ${existing.number}.`);
      this.orders.moveTo(order, 'PROCESSING', 'invoices.generate', actor);
      const seq = this.q.nextSeq.get()?.value ?? 1;
      const id = newId();
      const now = iso(this.d.clock());
      this.q.insert.run({
        id,
        seq,
        number: invoiceNumber(seq),
        orderId,
        orderNumber: order.number,
        currency: order.currency,
        lines: JSON.stringify(order.lines),
        taxBreakdown: JSON.stringify(taxBreakdown(order.lines)),
        seller: JSON.stringify(this.settings.seller()),
        customer: order.customer === null ? null : JSON.stringify(order.customer),
        customerName: order.customer?.name ?? null,
        subtotal: order.subtotal,
        tax: order.tax,
        total: order.total,
        now,
      });
      this.q.linkOrder.run(id, orderId);
      const invoice = this.get(id);
      this.d.events.append({ at: now, actor: actor.userId, type: 'invoice.issued', entity: 'invoice', entityId: id, before: null, after: invoice });
      this.d.changed({ event: 'invoice.changed', data: { id, status: invoice.status } });
      return invoice;
    });
    return result;
  }

  /** Marks a PENDING or PAID invoice cancelled inside the caller's transaction. */
  cancelInTx(row: InvoiceRow, reason: string, actor: Actor): void {
    const now = iso(this.d.clock());
    this.q.cancel.run({ id: row.id, now, reason });
    this.d.events.append({
      at: now,
      actor: actor.userId,
      type: 'invoice.cancelled',
      entity: 'invoice',
      entityId: row.id,
      before: invoiceSummary(row),
      after: { ...invoiceSummary(row), status: 'CANCELLED', reason },
    });
    this.d.changed({ event: 'invoice.changed', data: { id: row.id, status: 'CANCELLED' } });
  }

  /** Newest first, keyset-paged, with count and sums over the whole filter. */
  list(input: ParsedInput<'invoices.list'>): Output<'invoices.list'> {
    const after = decodeCursor(input.cursor, ['string', 'number'] as const);
    const statuses = input.status === undefined ? [] : Array.isArray(input.status) ? input.status : [input.status];
    const where = new Where().inList('status', statuses).timeRange('issued_at', input.from, input.to);
    if (input.query) {
      // "INV-000002" is an invoice number; other text searches the order (number, customer, lines).
      const invoiceNo = /^inv-?0*(\d{1,15})$/i.exec(input.query.trim());
      if (invoiceNo) where.add('seq = @qSeq', { qSeq: Number(invoiceNo[1]) });
      else where.add(this.orders.queryClause(input.query, where.params, 'order_number'));
    }
    const summary = this.d
      .stmt(`SELECT count(*) AS count, coalesce(sum(total), 0) AS total, coalesce(sum(amount_paid), 0) AS amountPaid FROM invoices ${where.sql()}`)
      .get(where.params) as { count: number; total: number; amountPaid: number };
    if (after) where.add('(issued_at, seq) < (@afterAt, @afterSeq)', { afterAt: after[0], afterSeq: after[1] });
    const pageSql = `SELECT * FROM invoices ${where.sql()} ORDER BY issued_at DESC, seq DESC LIMIT @limit`;
    const rows = this.d.stmt(pageSql).all({ ...where.params, limit: input.limit + 1 }) as InvoiceRow[];
    return { ...toPage(rows, input.limit, toInvoice, (r) => [r.issued_at, r.seq]), summary };
  }
}

export function toInvoice(r: InvoiceRow): Invoice {
  return {
    id: r.id,
    number: r.number,
    orderId: r.order_id,
    orderNumber: r.order_number,
    status: r.status,
    currency: r.currency,
    lines: JSON.parse(r.lines) as OrderLine[],
    subtotal: r.subtotal,
    tax: r.tax,
    total: r.total,
    taxBreakdown: JSON.parse(r.tax_breakdown) as TaxBreakdownEntry[],
    amountPaid: r.amount_paid,
    balance: balanceOf(r),
    seller: JSON.parse(r.seller) as Invoice['seller'],
    customer: r.customer === null ? null : (JSON.parse(r.customer) as Customer),
    issuedAt: r.issued_at,
    paidAt: r.paid_at,
    cancelledAt: r.cancelled_at,
    cancelReason: r.cancel_reason,
  };
}
