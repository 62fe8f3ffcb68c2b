import { z } from 'zod';
import { id, isoTime, money, page, pageInput, taxRateBp, timeFilter } from './common';
import { roles } from '../domain/roles';
import { method } from './define';
import { paymentMethod } from './payments';
import { receiptLayout, receiptPrintResult } from './documents';
import { receiptWidth } from './settings';

const countAmount = z.object({ count: z.number().int().min(0), amount: z.number().int() });

/** What the sales of a scope (a cash session, or a day) add up to; the one shape of X, Z and the day summary. */
export const salesFigures = z.object({
  /** Invoices issued: how many and their totals (net of tax, tax, gross). */
  sales: z.object({ count: z.number().int().min(0), net: z.number().int(), tax: z.number().int(), gross: z.number().int() }),
  /** Per tax rate of the invoices issued. */
  taxRates: z.array(z.object({ taxRateBp, net: z.number().int(), tax: z.number().int(), gross: z.number().int() })),
  /** Per tender: payments taken (count, amount) and refunds given (count, amount). */
  tenders: z.array(z.object({ method: paymentMethod, count: z.number().int().min(0), amount: z.number().int(), refundCount: z.number().int().min(0), refunds: z.number().int() })),
  /** Refunds over all tenders. */
  refunds: countAmount,
  /** Invoices cancelled (their totals). */
  cancellations: countAmount,
  /** Credit notes issued (returns, exchanges, cancellations, returns without a receipt): how many and their gross. */
  creditNotes: countAmount,
  /** Credit notes' tax per rate (what the returns take back of each rate). */
  creditNoteTaxRates: z.array(z.object({ taxRateBp, net: z.number().int(), tax: z.number().int(), gross: z.number().int() })),
  /** Vouchers issued (refunds as store credit, gift vouchers sold) and redeemed as tenders. */
  vouchers: z.object({ issued: countAmount, redeemed: countAmount }),
  /** Discounts given on the invoices issued (lines' own and order discounts): in all, and per reason (most first). */
  discounts: z.object({
    count: z.number().int().min(0),
    amount: z.number().int(),
    byReason: z.array(z.object({ reason: z.string(), count: z.number().int().min(0), amount: z.number().int() })),
  }),
  /** Cash rounding recorded on payments, signed (amountPaid + rounding = total). */
  rounding: z.number().int(),
  /** Gross sales minus credit notes (a cancelled invoice counts through its credit note, once): what the perpetual grand total adds. */
  netSales: z.number().int(),
});
export type SalesFigures = z.infer<typeof salesFigures>;

/** One cashier's part of a session. */
export const cashierFigures = salesFigures.extend({
  userId: id,
  name: z.string(),
  lineVoids: countAmount,
  abandonedCarts: countAmount,
  noSales: z.number().int().min(0),
});

/**
 * A cash session's report: the X report of an open session as it stands, or the figures a Z
 * report sealed at the close.
 */
export const sessionReport = salesFigures.extend({
  sessionId: id,
  registerId: id,
  registerCode: z.string(),
  registerName: z.string(),
  currency: z.string(),
  openedAt: isoTime,
  openedByName: z.string(),
  closedAt: isoTime.nullable(),
  closedByName: z.string().nullable(),
  /** When the figures were taken (the close, for a Z). */
  at: isoTime,
  openingFloat: money,
  cash: z.object({
    payments: z.number().int(),
    refunds: z.number().int(),
    payIns: countAmount,
    payOuts: countAmount,
    drops: countAmount,
  }),
  /** Null on a cashier's X report while the store counts blind. */
  expectedCash: z.number().int().nullable(),
  countedCash: money.nullable(),
  variance: z.number().int().nullable(),
  note: z.string().nullable(),
  approvedByName: z.string().nullable(),
  noSales: z.number().int().min(0),
  lineVoids: countAmount,
  abandonedCarts: countAmount,
  cashiers: z.array(cashierFigures),
  /** The register's perpetual grand total including this session's net sales. */
  grandTotal: z.number().int(),
});
export type SessionReport = z.infer<typeof sessionReport>;

export const zReport = sessionReport.extend({
  id,
  /** Z-<register code>-000001: gapless per register. */
  number: z.string(),
  seq: z.number().int().positive(),
  /** The audit trail's head hash when the Z was sealed: a paper anchor of the trail. */
  chainHead: z.string(),
  createdAt: isoTime,
});
export type ZReport = z.infer<typeof zReport>;

export const zReportSummary = z.object({
  id,
  number: z.string(),
  seq: z.number().int().positive(),
  registerId: id,
  registerCode: z.string(),
  sessionId: id,
  openedAt: isoTime,
  closedAt: isoTime,
  closedByName: z.string(),
  sales: z.number().int(),
  netSales: z.number().int(),
  variance: z.number().int(),
  grandTotal: z.number().int(),
});

/** One register's part of a day (registerId null: sessions bound to no register). */
export const registerDay = salesFigures.extend({
  registerId: id.nullable(),
  registerCode: z.string().nullable(),
  registerName: z.string(),
});

export const daySummary = salesFigures.extend({
  /** The store's day (YYYY-MM-DD, store time zone) and the instants it spans. */
  date: z.iso.date(),
  from: isoTime,
  to: isoTime,
  currency: z.string(),
  registers: z.array(registerDay),
});

export const dashboard = z.object({
  currency: z.string(),
  today: z.object({ date: z.iso.date(), sales: countAmount, byHour: z.array(z.object({ hour: z.number().int().min(0).max(23), count: z.number().int(), gross: z.number().int() })) }),
  /** The last 30 days, today included, oldest first. */
  days: z.array(z.object({ date: z.iso.date(), count: z.number().int(), gross: z.number().int() })),
  byTender: z.array(z.object({ method: paymentMethod, amount: z.number().int() })),
  byTaxRate: z.array(z.object({ taxRateBp, net: z.number().int(), tax: z.number().int() })),
  topProducts: z.array(z.object({ productId: z.string().nullable(), name: z.string(), quantity: z.number().int(), gross: z.number().int() })),
});

const zInput = z.strictObject({ id });

export const reportMethods = {
  'reports.x': method({
    summary: "An open cash session's X report: its figures as they stand, read-only",
    access: roles,
    input: z.strictObject({ sessionId: id }),
    output: sessionReport,
  }),
  'reports.z': method({ summary: 'One Z report', access: roles, input: zInput, output: zReport }),
  'reports.zList': method({
    summary: 'Z reports, newest first',
    access: roles,
    input: z.strictObject({ registerId: id.optional(), from: timeFilter.optional(), to: timeFilter.optional(), ...pageInput }),
    output: page(zReportSummary),
  }),
  'reports.zPdf': method({
    summary: 'A Z report as a PDF document',
    access: roles,
    input: zInput,
    output: z.object({ fileName: z.string(), contentBase64: z.string() }),
  }),
  'reports.zLayout': method({
    summary: 'A Z report as receipt lines (58 or 80 mm), for a printable page',
    access: roles,
    input: z.strictObject({ id, width: receiptWidth.optional() }),
    output: receiptLayout.omit({ invoiceId: true, creditNoteId: true }).extend({ zReportId: id }),
  }),
  'reports.zPrint': method({
    summary: "Prints a Z report on the register's network printer, or the desktop's printer",
    access: roles,
    input: z.strictObject({ id, width: receiptWidth.optional() }),
    output: receiptPrintResult,
  }),
  'reports.daySummary': method({
    summary: "A day's sales, tax, refunds and totals per payment method, per register (default: today)",
    access: ['admin', 'manager', 'support'],
    input: z.strictObject({ date: z.iso.date().optional() }),
    output: daySummary,
  }),
  'reports.dashboard': method({
    summary: 'Today and the last 30 days: sales by hour and day, by tender, by tax rate, top products',
    access: ['admin', 'manager', 'support'],
    input: z.strictObject({}),
    output: dashboard,
  }),
};
