/**
 * Row → contract mapping for the order, invoice and payment aggregates, written once and
 * used by the services, documents, exports, bench and tests. Row types come from the
 * schema; raw SQL (dynamic list filters) selects `columnsOf(table)` to get the same rows.
 */
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Customer, Discount, Invoice, Order, OrderLine, Payment, Voucher } from '../../../shared/contract';
import type { PriceBasis } from '../../../shared/domain/pricing';
import { balanceOf } from '../../../shared/domain/invoiceStatus';
import { transitions } from '../../../shared/domain/orderStatus';
import type { TaxBreakdownEntry } from '../../../shared/domain/money';
import type { invoices, orderLines, orders, payments, vouchers } from '../db/schema';

export type OrderRow = typeof orders.$inferSelect;
export type LineRow = typeof orderLines.$inferSelect;
export type InvoiceRow = typeof invoices.$inferSelect;
export type PaymentRow = typeof payments.$inferSelect;
export type VoucherRow = typeof vouchers.$inferSelect;

/** `"col" AS "key", …` for every column of `table`: raw SQL whose rows are `table.$inferSelect`. */
export function columnsOf(table: SQLiteTable, alias?: string): string {
  const prefix = alias ? `"${alias}".` : '';
  return Object.entries(getTableColumns(table))
    .map(([key, column]) => `${prefix}"${column.name}" AS "${key}"`)
    .join(', ');
}

/** A named parameter of a prepared drizzle statement, where drizzle's types want an SQL value. */
export function param(name: string): SQL {
  return sql`${sql.placeholder(name)}`;
}

/** The order as the contract gives it: its lines, and what its invoice has been paid. */
export function toOrder(r: OrderRow, lines: readonly LineRow[], amountPaid: number, approverName: string | null): Order {
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    lines: lines.map(toLine),
    customer: customerOf(r.customer),
    note: r.note,
    priceBasis: r.priceBasis as PriceBasis,
    discount: discountOf(r.discount),
    discountTotal: r.discountTotal,
    approvedBy: r.approvedBy === null ? null : { id: r.approvedBy, name: approverName ?? '' },
    subtotal: r.subtotal,
    tax: r.tax,
    total: r.total,
    currency: r.currency,
    invoiceId: r.invoiceId,
    amountPaid,
    version: r.version,
    allowedTransitions: [...transitions[r.status]],
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function toLine(r: LineRow): OrderLine {
  return {
    productId: r.productId,
    sku: r.sku,
    name: r.name,
    unitPrice: r.unitPrice,
    listPrice: r.listPrice,
    priceReason: r.priceReason,
    quantity: r.quantity,
    taxClassId: r.taxClassId,
    taxRateBp: r.taxRateBp,
    amount: r.unitPrice * r.quantity,
    discount: discountOf(r.discount),
    lineDiscount: r.lineDiscount,
    orderDiscount: r.orderDiscount,
    subtotal: r.subtotal,
    tax: r.tax,
    total: r.total,
  };
}

/** A discount a row froze as JSON, or none. */
export function discountOf(json: string | null): Discount | null {
  return json === null ? null : (JSON.parse(json) as Discount);
}

/**
 * An invoice line as frozen at issue. Lines frozen before discounts and overrides existed lack
 * those fields: they had none.
 */
export function frozenLine(l: Partial<OrderLine> & Pick<OrderLine, 'productId' | 'sku' | 'name' | 'unitPrice' | 'quantity' | 'taxRateBp' | 'subtotal' | 'tax' | 'total'>): OrderLine {
  return { listPrice: null, priceReason: null, taxClassId: null, amount: l.unitPrice * l.quantity, discount: null, lineDiscount: 0, orderDiscount: 0, ...l };
}

/** The one balance rule (shared/domain), for the services that import their row helpers from here. */
export { balanceOf };

/** What an event records of an invoice's state change. */
export function invoiceSummary(r: Pick<InvoiceRow, 'number' | 'status' | 'total' | 'amountPaid'>) {
  return { number: r.number, status: r.status, total: r.total, amountPaid: r.amountPaid };
}

/** The customer a row froze as JSON (an order's, an invoice's, a credit note's), or none. */
export function customerOf(json: string | null): Customer | null {
  return json === null ? null : (JSON.parse(json) as Customer);
}

/** What an issued document (invoice, credit note) froze when issued: its figures, tax per rate, seller and customer. */
export function frozenAtIssue(r: { subtotal: number; tax: number; total: number; taxBreakdown: string; seller: string; customer: string | null }) {
  return {
    subtotal: r.subtotal,
    tax: r.tax,
    total: r.total,
    taxBreakdown: JSON.parse(r.taxBreakdown) as TaxBreakdownEntry[],
    seller: JSON.parse(r.seller) as Invoice['seller'],
    customer: customerOf(r.customer),
  };
}

export function toInvoice(r: InvoiceRow): Invoice {
  return {
    id: r.id,
    number: r.number,
    orderId: r.orderId,
    orderNumber: r.orderNumber,
    status: r.status,
    currency: r.currency,
    lines: (JSON.parse(r.lines) as Parameters<typeof frozenLine>[0][]).map(frozenLine),
    priceBasis: r.priceBasis as PriceBasis,
    discount: discountOf(r.discount),
    discountTotal: r.discountTotal,
    approvedByName: r.approvedByName,
    ...frozenAtIssue(r),
    credited: r.credited,
    amountPaid: r.amountPaid,
    cashRounding: r.cashRounding,
    balance: balanceOf(r),
    issuedAt: r.issuedAt,
    paidAt: r.paidAt,
    cancelledAt: r.cancelledAt,
    cancelReason: r.cancelReason,
  };
}

export function toPayment(r: PaymentRow): Payment {
  return {
    id: r.id,
    invoiceId: r.invoiceId,
    orderId: r.orderId,
    method: r.method,
    amount: r.amount,
    tendered: r.tendered,
    change: r.change,
    reference: r.reference,
    kind: r.kind,
    refundOf: r.refundOf,
    rounding: r.rounding,
    cashSessionId: r.cashSessionId,
    creditNoteId: r.creditNoteId,
    voucherCode: r.voucherCode,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
  };
}

/** The contract's voucher from its row; `now` (ms) tells whether it can still be spent (something left, not expired). */
export function toVoucher(r: VoucherRow, now: number): Voucher {
  return {
    id: r.id,
    code: r.code,
    kind: r.kind,
    currency: r.currency,
    amount: r.amount,
    balance: r.balance,
    issuedAt: r.issuedAt,
    expiresAt: r.expiresAt,
    usable: r.balance > 0 && Date.parse(r.expiresAt) > now,
    creditNoteId: r.creditNoteId,
    invoiceId: r.invoiceId,
  };
}
