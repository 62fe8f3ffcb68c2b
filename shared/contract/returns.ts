import { z } from 'zod';
import { id, isoTime, money, page, pageInput, positiveMoney, quantity, taxRateBp, text, timeFilter, searchText } from './common';
import { roles, sellers } from '../domain/roles';
import { creditNoteKinds, voucherKinds, voucherEntryKinds } from '../domain/returns';
import { method } from './define';
import { contractMessage as msg } from '../errors';
import { invoice, seller } from './invoices';
import { customer, order, orderLines, priceBasis } from './orders';
import { payment, paymentMethod } from './payments';
import { approval } from './approval';
import { tenderInput, MAX_TENDERS } from './checkout';

/** A store-credit voucher: a code (printed as text and barcode), what is left on it, until when. */
export const voucher = z.object({
  id,
  code: z.string(),
  /** refund: store credit for a return; gift: sold at the counter (a multi-purpose voucher, no tax at sale). */
  kind: z.enum(voucherKinds),
  currency: z.string(),
  amount: money,
  balance: money,
  issuedAt: isoTime,
  expiresAt: isoTime,
  /** True when past its expiry or spent. */
  usable: z.boolean(),
  /** The credit note it was issued for (refund), or the invoice of its sale (gift). */
  creditNoteId: z.string().nullable(),
  invoiceId: z.string().nullable(),
});
export type Voucher = z.infer<typeof voucher>;

/** One entry of a voucher's ledger: issued (+), redeemed (−), restored (+, a voucher tender refunded). */
export const voucherEntry = z.object({
  kind: z.enum(voucherEntryKinds),
  amount: z.number().int(),
  balance: money,
  paymentId: z.string().nullable(),
  at: isoTime,
  byName: z.string(),
});

/** One line of a credit note: what came back, priced as its share of the invoice line. */
export const creditNoteLine = z.object({
  /** The invoice line it corrects (its index in invoice.lines); null on a return without a receipt. */
  invoiceLineIndex: z.number().int().min(0).nullable(),
  productId: z.string().nullable(),
  sku: z.string().nullable(),
  name: z.string(),
  unitPrice: money,
  quantity,
  taxRateBp,
  /** Its share of the invoice line's discounts (own and order's) that the return gives back. */
  discount: money,
  subtotal: money,
  tax: money,
  total: money,
  /** Goes back on the shelf (recorded for when stock is kept). */
  restock: z.boolean(),
  reason: z.string(),
});
export type CreditNoteLine = z.infer<typeof creditNoteLine>;

export const creditNote = z.object({
  id,
  /** CN-000001: its own gapless series (CN-R1-000001, per register, once attached to a head office). */
  number: z.string(),
  /** return, exchange (its new invoice in exchangeInvoiceId), cancellation (orders.cancel), receiptless (no invoice). */
  kind: z.enum(creditNoteKinds),
  invoiceId: z.string().nullable(),
  invoiceNumber: z.string().nullable(),
  orderId: z.string().nullable(),
  currency: z.string(),
  lines: z.array(creditNoteLine),
  /** As the invoice it corrects (net, or gross when its prices include tax). */
  priceBasis,
  /** The lines' discount shares. */
  discountTotal: money,
  subtotal: money,
  tax: money,
  total: money,
  taxBreakdown: z.array(z.object({ taxRateBp, base: money, tax: money })),
  /** What went back to the customer (refunds, vouchers included); the rest reduced what was still owed. */
  refunded: money,
  refunds: z.array(payment),
  vouchers: z.array(voucher),
  seller,
  customer: customer.nullable(),
  issuedAt: isoTime,
  issuedBy: id,
  issuedByName: z.string(),
  approvedByName: z.string().nullable(),
  cashSessionId: z.string().nullable(),
  exchangeInvoiceId: z.string().nullable(),
});
export type CreditNote = z.infer<typeof creditNote>;

const reason = text(200);

/** A line coming back with its receipt: the invoice line (by index) and how many. */
export const returnLine = z.strictObject({ invoiceLineIndex: z.number().int().min(0).max(499), quantity, restock: z.boolean().optional(), reason });
/** A line coming back without a receipt: the product and how many. */
export const receiptlessLine = z.strictObject({ productId: id, quantity, restock: z.boolean().optional(), reason });

/** How money goes back: a tender (cash through the open session, card, other) or a voucher (store credit). */
export const refundInput = z.strictObject({ method: paymentMethod, amount: positiveMoney, reference: text(100).optional() });
export type RefundInput = z.infer<typeof refundInput>;

export const returnInput = z
  .strictObject({
    /** Absent: a return without a receipt (lines by productId; needs a manager). */
    invoiceId: id.optional(),
    lines: z.array(z.union([returnLine, receiptlessLine])).min(1).max(500),
    /** Absent: back to the original tenders (receiptless: a voucher). Given: they add up to what is refunded. */
    refunds: z.array(refundInput).min(1).max(MAX_TENDERS).optional(),
    approval: approval.optional(),
    idempotencyKey: text(128),
  })
  .superRefine((v, ctx) => {
    v.lines.forEach((l, i) => {
      if (v.invoiceId !== undefined && !('invoiceLineIndex' in l)) ctx.addIssue({ code: 'custom', path: ['lines', i, 'invoiceLineIndex'], message: msg('invoiceLineRequired') });
      if (v.invoiceId === undefined && !('productId' in l)) ctx.addIssue({ code: 'custom', path: ['lines', i, 'productId'], message: msg('productRequiredWithoutInvoice') });
    });
  });

/** What an invoice line has left to return. */
export const returnableLine = z.object({
  invoiceLineIndex: z.number().int().min(0),
  name: z.string(),
  sold: quantity,
  returned: z.number().int().min(0),
  returnable: z.number().int().min(0),
  /** Credited so far (gross). */
  credited: money,
});

export const returnMethods = {
  'returns.create': method({
    summary: 'Take goods back: a credit note for the lines, money back to the tenders or as a voucher, in one transaction',
    access: sellers,
    input: returnInput,
    output: z.object({ creditNote, invoice: invoice.nullable() }),
  }),
  'returns.exchange': method({
    summary: 'Swap goods: a credit note for what comes back and an invoice for what goes out, linked; only the difference is settled',
    access: sellers,
    input: z.strictObject({
      invoiceId: id,
      lines: z.array(returnLine).min(1).max(500),
      sale: z.strictObject({ lines: orderLines }),
      /** What the customer pays when the new sale costs more than what comes back. */
      tenders: z.array(tenderInput).min(1).max(MAX_TENDERS).optional(),
      /** How the difference goes back when the new sale costs less (default: the original tenders). */
      refunds: z.array(refundInput).min(1).max(MAX_TENDERS).optional(),
      approval: approval.optional(),
      idempotencyKey: text(128),
    }),
    output: z.object({ creditNote, order, invoice, payments: z.array(payment), change: money }),
  }),
  'returns.returnable': method({
    summary: 'What is left to return of an invoice, line by line, and whether this user may take it back alone',
    access: roles,
    input: z.strictObject({ invoiceId: id }),
    output: z.object({
      invoiceId: id,
      lines: z.array(returnableLine),
      /** Past the store's returnWindowDays: a cashier needs a manager's approval. */
      outsideWindow: z.boolean(),
      windowEndsAt: isoTime,
      creditNotes: z.array(creditNote),
    }),
  }),
  'returns.receiptlessPrice': method({
    summary: 'The price a return without a receipt refunds: the lowest the product sold for within receiptlessPriceWindowDays',
    access: sellers,
    input: z.strictObject({ productId: id }),
    output: z.object({ productId: id, unitPrice: money, taxRateBp, total: money, soldAt: isoTime.nullable() }),
  }),
  'creditNotes.get': method({ summary: 'One credit note', access: roles, input: z.strictObject({ id }), output: creditNote }),
  'creditNotes.list': method({
    summary: 'Credit notes, newest first, with a summary over the whole filter',
    access: roles,
    input: z.strictObject({
      invoiceId: id.optional(),
      kind: z.enum(creditNoteKinds).optional(),
      from: timeFilter.optional(),
      to: timeFilter.optional(),
      /** A credit note number (CN-000001, CN-R1-000001), an invoice number (INV-000042, INV-R1-000042), or text of the customer or lines. */
      query: searchText(100).optional(),
      ...pageInput,
    }),
    output: page(creditNote).extend({
      summary: z.object({ count: z.number().int().min(0), total: z.number().int().min(0), refunded: z.number().int().min(0), tax: z.number().int().min(0) }),
    }),
  }),
  'vouchers.get': method({
    summary: 'A voucher by its code, with its ledger',
    access: roles,
    input: z.strictObject({ code: text(40) }),
    output: voucher.extend({ entries: z.array(voucherEntry) }),
  }),
  'vouchers.sell': method({
    summary: 'Sell a gift voucher at the counter: no tax at sale, paid with the tenders given, in one transaction',
    access: sellers,
    input: z.strictObject({ amount: positiveMoney, tenders: z.array(tenderInput).min(1).max(MAX_TENDERS), idempotencyKey: text(128) }),
    output: z.object({ voucher, order, invoice, payments: z.array(payment), change: money }),
  }),
};
