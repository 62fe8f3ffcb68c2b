import { z } from 'zod';
import { orderStatuses } from '../domain/orderStatus';
import { MAX_AMOUNT, MAX_LINES } from '../domain/money';
import { discountKinds, priceBases } from '../domain/pricing';
import { id, isoTime, longText, money, page, pageInput, quantity, taxRateBp, text, timeFilter, searchText } from './common';
import { roles, sellers } from '../domain/roles';
import { method } from './define';
import { contractMessage as msg } from '../errors';
import { approval } from './approval';

export const orderStatus = z.enum(orderStatuses);

export const customer = z.strictObject({
  name: text(200),
  email: z.email().max(254).optional(),
  phone: text(40).optional(),
  taxId: text(40).optional(),
  address: longText(500).optional(),
});
export type Customer = z.infer<typeof customer>;

/** A discount as given: `value` is a percentage (10 = 10 %, two decimals at most) or an amount in minor units. */
export const discount = z.object({ kind: z.enum(discountKinds), value: z.number(), reason: z.string() });
export type Discount = z.infer<typeof discount>;
export const discountInput = z
  .strictObject({
    kind: z.enum(discountKinds),
    value: z.number().positive(msg('moreThanZero')).max(MAX_AMOUNT),
    reason: text(200),
  })
  .superRefine((d, ctx) => {
    if (d.kind === 'percent' && d.value > 100) ctx.addIssue({ code: 'custom', path: ['value'], message: msg('percentAtMost100') });
    // Exactly a number with two decimals: a tolerance would let 1e-9 (nothing off) or 99.999999999 (all of it) through as given.
    if (d.kind === 'percent' && Math.round(d.value * 100) / 100 !== d.value) ctx.addIssue({ code: 'custom', path: ['value'], message: msg('percentTwoDecimals') });
    if (d.kind === 'amount' && !Number.isInteger(d.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: msg('amountWholeMinorUnits') });
  });
export const priceBasis = z.enum(priceBases);

export const lineInput = z.union([
  z.strictObject({
    productId: id,
    quantity,
    /** The price typed at sale: required for an open-price product; otherwise an override of its price (with priceReason). */
    unitPrice: money.optional(),
    priceReason: text(200).optional(),
    discount: discountInput.optional(),
  }),
  z.strictObject({ name: text(200), unitPrice: money, taxRateBp: taxRateBp.optional(), taxClassId: id.optional(), quantity, discount: discountInput.optional() }),
]);
export type LineInput = z.infer<typeof lineInput>;
export const orderLines = z.array(lineInput).min(1, msg('orderNeedsLine')).max(MAX_LINES);

export const orderLine = z.object({
  productId: z.string().nullable(),
  sku: z.string().nullable(),
  name: z.string(),
  /** Per unit, in the order's price basis (gross when prices include tax), after any override. */
  unitPrice: money,
  /** The product's own price when the line's was typed over it (an override); null otherwise. */
  listPrice: money.nullable(),
  priceReason: z.string().nullable(),
  quantity,
  taxClassId: z.string().nullable(),
  taxRateBp,
  /** unitPrice × quantity, before discounts. */
  amount: money,
  /** The line's own discount as given, and what it took off. */
  discount: discount.nullable(),
  lineDiscount: money,
  /** The line's share of the order discount. */
  orderDiscount: money,
  /** Net of tax, after discounts. */
  subtotal: money,
  tax: money,
  /** What the customer pays for the line. */
  total: money,
});
export type OrderLine = z.infer<typeof orderLine>;

export const order = z.object({
  id,
  number: z.number().int().positive(),
  status: orderStatus,
  lines: z.array(orderLine),
  customer: customer.nullable(),
  note: z.string().nullable(),
  /** net: prices exclude tax; gross: prices include it (the store's pricesIncludeTax when the order was priced). */
  priceBasis,
  /** The order discount as given (spread over the lines' orderDiscount). */
  discount: discount.nullable(),
  /** Every discount on the order: lines' own and the order's. */
  discountTotal: money,
  subtotal: money,
  tax: money,
  total: money,
  currency: z.string(),
  /** The manager who approved a discount, override or sale below cost beyond the cashier's limit. */
  approvedBy: z.object({ id, name: z.string() }).nullable(),
  invoiceId: z.string().nullable(),
  amountPaid: money,
  version: z.number().int().positive(),
  allowedTransitions: z.array(orderStatus),
  createdBy: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type Order = z.infer<typeof order>;

export const historyEntry = z.object({
  seq: z.number().int(),
  at: isoTime,
  type: z.string(),
  entity: z.string(),
  actorName: z.string().nullable(),
  status: z.string().nullable(),
  amount: z.number().int().nullable(),
  reason: z.string().nullable(),
});
export type HistoryEntry = z.infer<typeof historyEntry>;

const readers = roles;
export const orderNote = longText(1000);

export const orderMethods = {
  'orders.create': method({
    summary: 'Open an order (RECEIVED)',
    access: sellers,
    input: z.strictObject({
      lines: orderLines,
      discount: discountInput.optional(),
      customer: customer.optional(),
      note: orderNote.optional(),
      approval: approval.optional(),
      clientRequestId: text(128).optional(),
    }),
    output: order,
  }),
  'orders.get': method({ summary: 'One order', access: readers, input: z.strictObject({ id }), output: order }),
  'orders.list': method({
    summary: 'Orders, newest first',
    access: readers,
    input: z.strictObject({
      status: z.array(orderStatus).max(6).optional(),
      from: timeFilter.optional(),
      to: timeFilter.optional(),
      query: searchText(100).optional(),
      ...pageInput,
    }),
    output: page(order),
  }),
  'orders.update': method({
    summary: 'Change a RECEIVED order',
    access: sellers,
    input: z.strictObject({
      id,
      version: z.number().int().positive(),
      lines: orderLines.optional(),
      /** null removes the order discount. */
      discount: discountInput.nullable().optional(),
      approval: approval.optional(),
      customer: customer.nullable().optional(),
      note: orderNote.nullable().optional(),
    }),
    output: order,
  }),
  'orders.delete': method({
    summary: 'Delete a RECEIVED order that never had an invoice',
    access: sellers,
    input: z.strictObject({ id }),
    output: z.strictObject({}),
  }),
  'orders.cancel': method({
    summary: 'Cancel an order; refunds what was paid',
    access: sellers,
    input: z.strictObject({ id, reason: text(500) }),
    output: order,
  }),
  'orders.history': method({
    summary: 'What happened to an order, its invoice and its payments, oldest first',
    access: readers,
    input: z.strictObject({ id }),
    output: z.object({ items: z.array(historyEntry) }),
  }),
  'orders.transition': method({
    summary: 'Ship or deliver an order',
    access: sellers,
    input: z.strictObject({ id, to: orderStatus }),
    output: order,
  }),
};
