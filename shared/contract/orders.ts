import { z } from 'zod';
import { orderStatuses } from '../domain/orderStatus';
import { MAX_LINES } from '../domain/money';
import { id, isoTime, longText, money, page, pageInput, quantity, taxRateBp, text, timeFilter, searchText } from './common';
import { roles, sellers } from '../domain/roles';
import { method } from './define';

export const orderStatus = z.enum(orderStatuses);

export const customer = z.strictObject({
  name: text(200),
  email: z.email().max(254).optional(),
  phone: text(40).optional(),
  taxId: text(40).optional(),
  address: longText(500).optional(),
});
export type Customer = z.infer<typeof customer>;

export const lineInput = z.union([
  z.strictObject({ productId: id, quantity }),
  z.strictObject({ name: text(200), unitPrice: money, taxRateBp: taxRateBp.optional(), quantity }),
]);
export type LineInput = z.infer<typeof lineInput>;
export const orderLines = z.array(lineInput).min(1, 'an order needs at least one line').max(MAX_LINES);

export const orderLine = z.object({
  productId: z.string().nullable(),
  sku: z.string().nullable(),
  name: z.string(),
  unitPrice: money,
  quantity,
  taxRateBp,
  subtotal: money,
  tax: money,
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
  subtotal: money,
  tax: money,
  total: money,
  currency: z.string(),
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
    input: z.strictObject({ lines: orderLines, customer: customer.optional(), note: orderNote.optional(), clientRequestId: text(128).optional() }),
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
