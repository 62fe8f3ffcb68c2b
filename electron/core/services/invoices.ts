import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Invoice, Output, ParsedInput } from '../../../shared/contract';
import { taxBreakdown } from '../../../shared/domain/money';
import { AppError } from '../../../shared/errors';
import { iso } from '../clock';
import { invoices } from '../db/schema';
import { newId } from '../ids';
import type { CashSessionService } from './cashSessions';
import type { Actor, ServiceDeps } from './deps';
import { documentNumber, numberQuery, type DocumentNumbers } from './numbering';
import type { OrderService } from './orders';
import { decodeCursor, toPage, Where } from './paging';
import { balanceOf, columnsOf, invoiceSummary, param, toInvoice, type InvoiceRow } from './rows';
import type { SettingsService } from './settings';

export { balanceOf, invoiceSummary, toInvoice, type InvoiceRow };

/** The number of the store-wide series (an installation not attached to a head office): INV-000001. */
export function invoiceNumber(seq: number): string {
  return documentNumber('INV', seq);
}

/** The select list whose rows are the schema's row type (for the list's dynamic SQL). */
const INVOICE_COLUMNS = columnsOf(invoices);

export class InvoiceService {
  private readonly q;

  constructor(
    private readonly d: ServiceDeps,
    private readonly orders: OrderService,
    private readonly settings: SettingsService,
    private readonly cashSessions: Pick<CashSessionService, 'openFor'>,
    private readonly numbers: Pick<DocumentNumbers, 'draw'>,
  ) {
    const db = drizzle(d.sqlite);
    const id = sql.placeholder('id');
    const ph = (name: string) => sql.placeholder(name);
    this.q = {
      byId: db.select().from(invoices).where(eq(invoices.id, id)).prepare(),
      byOrder: db.select().from(invoices).where(eq(invoices.orderId, id)).prepare(),
      insert: db
        .insert(invoices)
        .values({
          id,
          seq: ph('seq'),
          number: ph('number'),
          orderId: ph('orderId'),
          orderNumber: ph('orderNumber'),
          status: 'PENDING',
          currency: ph('currency'),
          lines: ph('lines'),
          taxBreakdown: ph('taxBreakdown'),
          seller: ph('seller'),
          customer: ph('customer'),
          customerName: ph('customerName'),
          priceBasis: ph('priceBasis'),
          discount: ph('discount'),
          discountTotal: ph('discountTotal'),
          approvedByName: ph('approvedByName'),
          subtotal: ph('subtotal'),
          tax: ph('tax'),
          total: ph('total'),
          amountPaid: 0,
          issuedAt: ph('now'),
          issuedBy: ph('issuedBy'),
          cashSessionId: ph('cashSessionId'),
        })
        .prepare(),
      addPaid: db
        .update(invoices)
        .set({ amountPaid: sql`${invoices.amountPaid} + ${ph('delta')}`, cashRounding: sql`${invoices.cashRounding} + ${ph('rounding')}` })
        .where(eq(invoices.id, id))
        .prepare(),
      addCredit: db
        .update(invoices)
        .set({
          credited: sql`${invoices.credited} + ${ph('credited')}`,
          amountPaid: sql`${invoices.amountPaid} - ${ph('refunded')}`,
          cashRounding: sql`${invoices.cashRounding} + ${ph('rounding')}`,
        })
        .where(eq(invoices.id, id))
        .prepare(),
      markPaid: db.update(invoices).set({ status: 'PAID', paidAt: param('now') }).where(eq(invoices.id, id)).prepare(),
      cancel: db
        .update(invoices)
        .set({ status: 'CANCELLED', cancelledAt: param('now'), cancelReason: param('reason'), cancelSessionId: param('cancelSessionId') })
        .where(eq(invoices.id, id))
        .prepare(),
    };
  }

  row(id: string): InvoiceRow {
    const row = this.q.byId.get({ id });
    if (!row) throw AppError.of('NOT_FOUND', 'noInvoice', { id });
    return row;
  }

  rowByOrder(orderId: string): InvoiceRow | undefined {
    return this.q.byOrder.get({ id: orderId });
  }

  get(id: string): Invoice {
    return toInvoice(this.row(id));
  }

  getByOrder(orderId: string): Invoice {
    this.orders.row(orderId);
    const row = this.q.byOrder.get({ id: orderId });
    if (!row) throw AppError.of('NOT_FOUND', 'orderHasNoInvoice');
    return toInvoice(row);
  }

  /** Issues the invoice of a RECEIVED order: number, frozen lines and totals, order → PROCESSING, in one transaction. */
  generate(orderId: string, actor: Actor): Invoice {
    return this.d.tx(() => this.issueInTx(orderId, actor));
  }

  /**
   * invoices.generate inside the caller's transaction (invoices.generate, orders.checkout): the
   * only place an invoice number is drawn, so a rolled-back sale leaves no gap.
   */
  issueInTx(orderId: string, actor: Actor): Invoice {
    const order = this.orders.get(orderId);
    const existing = this.q.byOrder.get({ id: orderId });
    if (existing) throw AppError.of('CONFLICT', 'orderHasInvoice', { number: order.number, invoice: existing.number });
    const id = newId();
    this.orders.invoiced(order, id, actor);
    const { seq, number } = this.numbers.draw('invoice', actor);
    const now = iso(this.d.clock());
    this.q.insert.run({
      id,
      seq,
      number,
      orderId,
      orderNumber: order.number,
      currency: order.currency,
      lines: JSON.stringify(order.lines),
      taxBreakdown: JSON.stringify(taxBreakdown(order.lines)),
      seller: JSON.stringify(this.settings.seller()),
      customer: order.customer === null ? null : JSON.stringify(order.customer),
      customerName: order.customer?.name ?? null,
      priceBasis: order.priceBasis,
      discount: order.discount === null ? null : JSON.stringify(order.discount),
      discountTotal: order.discountTotal,
      approvedByName: order.approvedBy?.name ?? null,
      subtotal: order.subtotal,
      tax: order.tax,
      total: order.total,
      now,
      issuedBy: actor.userId,
      // Issuing moves no money: no open session needed, but the Z counts the sale in the one that is.
      cashSessionId: this.cashSessions.openFor(actor),
    });
    const invoice = this.get(id);
    this.d.events.append({ at: now, actor: actor.userId, type: 'invoice.issued', entity: 'invoice', entityId: id, before: null, after: invoice });
    this.d.changed({ event: 'invoice.changed', data: { id, status: invoice.status } });
    return invoice;
  }

  /**
   * Adds `delta` (negative for refunds) to what the invoice has been paid, and `rounding` (the
   * payment's cash rounding, undone by its refund) to its cash rounding, inside the caller's
   * transaction; the order's version moves with it. A payment that clears the balance
   * (delta + rounding) marks the invoice PAID and its order FULFILLED. Returns whether it did.
   */
  recordPayment(invoice: InvoiceRow, delta: number, rounding: number, actor: Actor, now: string): boolean {
    this.q.addPaid.run({ id: invoice.id, delta, rounding });
    this.d.changed({ event: 'invoice.changed', data: { id: invoice.id, status: invoice.status } });
    this.orders.paymentRecorded(invoice.orderId, now);
    // A payment (never a refund) that clears the balance; cash whose due rounds to nothing takes 0 and clears it by its rounding.
    if (delta < 0 || delta + rounding <= 0 || delta + rounding !== balanceOf(invoice)) return false;
    this.q.markPaid.run({ id: invoice.id, now });
    this.d.changed({ event: 'invoice.changed', data: { id: invoice.id, status: 'PAID' } });
    this.d.events.append({
      at: now,
      actor: actor.userId,
      type: 'invoice.paid',
      entity: 'invoice',
      entityId: invoice.id,
      before: invoiceSummary(invoice),
      after: { ...invoiceSummary(invoice), status: 'PAID', amountPaid: invoice.amountPaid + delta, ...(invoice.cashRounding + rounding !== 0 ? { cashRounding: invoice.cashRounding + rounding } : {}) },
    });
    this.orders.moveTo(this.orders.get(invoice.orderId), 'FULFILLED', 'payments.pay', actor);
    return true;
  }

  /**
   * A credit note's effect on its invoice inside the caller's transaction: `credited` grows by
   * its total, the amount paid falls by what went back (`refunded`, money and vouchers) and the
   * cash rounding moves by the refunds' rounding (out − due), so the balance stays exact. With
   * `settle`, a PENDING invoice that owes nothing after it and still holds a payment becomes
   * PAID (its order FULFILLED), as a payment clearing it would.
   */
  creditInTx(invoice: InvoiceRow, credit: { credited: number; refunded: number; rounding: number }, actor: Actor, now: string, settle: boolean): void {
    this.q.addCredit.run({ id: invoice.id, ...credit });
    this.d.changed({ event: 'invoice.changed', data: { id: invoice.id, status: invoice.status } });
    this.orders.paymentRecorded(invoice.orderId, now);
    const after = this.row(invoice.id);
    if (!settle || after.status !== 'PENDING' || balanceOf(after) !== 0 || after.amountPaid <= 0) return;
    this.q.markPaid.run({ id: invoice.id, now });
    this.d.changed({ event: 'invoice.changed', data: { id: invoice.id, status: 'PAID' } });
    this.d.events.append({ at: now, actor: actor.userId, type: 'invoice.paid', entity: 'invoice', entityId: invoice.id, before: invoiceSummary(invoice), after: { ...invoiceSummary(after), status: 'PAID', credited: after.credited } });
    this.orders.moveTo(this.orders.get(invoice.orderId), 'FULFILLED', 'payments.pay', actor);
  }

  /** Marks a PENDING or PAID invoice cancelled inside the caller's transaction. */
  cancelInTx(row: InvoiceRow, reason: string, actor: Actor): void {
    const now = iso(this.d.clock());
    this.q.cancel.run({ id: row.id, now, reason, cancelSessionId: this.cashSessions.openFor(actor) });
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
    const where = new Where().inList('status', statuses).timeRange('issued_at', input.from, input.to, this.settings.get().timeZone);
    if (input.query) {
      // "INV-000002" or "INV-R1-000002" is an invoice number; other text searches the order (number, customer, lines).
      const invoiceNo = numberQuery('INV', input.query);
      if (invoiceNo !== null) where.add('number = @qNumber', { qNumber: invoiceNo });
      else where.add(this.orders.queryClause(input.query, where.params, 'order_number'));
    }
    const summary = this.d
      .stmt(
        `SELECT count(*) FILTER (WHERE status <> 'CANCELLED') AS count,
                coalesce(sum(total) FILTER (WHERE status <> 'CANCELLED'), 0) AS total,
                coalesce(sum(amount_paid) FILTER (WHERE status <> 'CANCELLED'), 0) AS amountPaid,
                coalesce(sum(credited) FILTER (WHERE status <> 'CANCELLED'), 0) AS credited,
                count(*) FILTER (WHERE status = 'CANCELLED') AS cancelledCount,
                coalesce(sum(total) FILTER (WHERE status = 'CANCELLED'), 0) AS cancelledTotal
         FROM invoices ${where.sql()}`,
      )
      .get(where.params) as Output<'invoices.list'>['summary'];
    if (after) where.add('(issued_at, seq) < (@afterAt, @afterSeq)', { afterAt: after[0], afterSeq: after[1] });
    const pageSql = `SELECT ${INVOICE_COLUMNS} FROM invoices ${where.sql()} ORDER BY issued_at DESC, seq DESC LIMIT @limit`;
    const rows = this.d.stmt(pageSql).all({ ...where.params, limit: input.limit + 1 }) as InvoiceRow[];
    return { ...toPage(rows, input.limit, toInvoice, (r) => [r.issuedAt, r.seq]), summary };
  }
}
