import { z } from 'zod';
import { id, isoTime, money, page, pageInput, taxRateBp, timeFilter, searchText } from './common';
import { roles, sellers } from '../domain/roles';
import { method } from './define';
import { invoiceStatuses } from '../domain/invoiceStatus';
import { customer, discount, orderLine, priceBasis } from './orders';

export { invoiceStatuses };
export const invoiceStatus = z.enum(invoiceStatuses);
export type InvoiceStatus = z.infer<typeof invoiceStatus>;

export const seller = z.object({
  name: z.string(),
  address: z.string().nullable(),
  taxId: z.string().nullable(),
  phone: z.string().nullable(),
});

export const invoice = z.object({
  id,
  number: z.string(),
  orderId: id,
  orderNumber: z.number().int().positive(),
  status: invoiceStatus,
  currency: z.string(),
  lines: z.array(orderLine),
  /** net: prices exclude tax; gross: the lines' prices include it. */
  priceBasis,
  /** The order discount as given, and every discount on the invoice (lines' own and the order's). */
  discount: discount.nullable(),
  discountTotal: money,
  subtotal: money,
  tax: money,
  total: money,
  taxBreakdown: z.array(z.object({ taxRateBp, base: money, tax: money })),
  /** The manager who approved a discount, override or sale below cost on it. */
  approvedByName: z.string().nullable(),
  /** What its credit notes gave back (gross): balance = total − credited − amountPaid − cashRounding. */
  credited: money,
  amountPaid: money,
  /** The signed sum of its payments' cash rounding: amountPaid + cashRounding = total once PAID. */
  cashRounding: z.number().int(),
  balance: money,
  seller,
  customer: customer.nullable(),
  issuedAt: isoTime,
  paidAt: isoTime.nullable(),
  cancelledAt: isoTime.nullable(),
  cancelReason: z.string().nullable(),
});
export type Invoice = z.infer<typeof invoice>;

const readers = roles;

export const invoiceMethods = {
  'invoices.generate': method({
    summary: 'Issue the invoice of a RECEIVED order',
    access: sellers,
    input: z.strictObject({ orderId: id }),
    output: invoice,
  }),
  'invoices.get': method({ summary: 'One invoice', access: readers, input: z.strictObject({ id }), output: invoice }),
  'invoices.getByOrder': method({
    summary: 'The invoice of an order',
    access: readers,
    input: z.strictObject({ orderId: id }),
    output: invoice,
  }),
  'invoices.list': method({
    summary: 'Invoices, newest first, with a summary over the whole filter',
    access: readers,
    input: z.strictObject({
      status: z.union([invoiceStatus, z.array(invoiceStatus).max(3)]).optional(),
      from: timeFilter.optional(),
      to: timeFilter.optional(),
      query: searchText(100).optional(),
      ...pageInput,
    }),
    output: page(invoice).extend({
      /** `total` and `amountPaid` over the invoices that are not cancelled; the cancelled ones apart. */
      summary: z.object({
        count: z.number().int().min(0),
        total: z.number().int().min(0),
        amountPaid: z.number().int(),
        credited: z.number().int().min(0),
        cancelledCount: z.number().int().min(0),
        cancelledTotal: z.number().int().min(0),
      }),
    }),
  }),
};
