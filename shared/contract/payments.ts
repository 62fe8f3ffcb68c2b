import { z } from 'zod';
import { id, isoTime, money, page, pageInput, positiveMoney, text, timeFilter } from './common';
import { method } from './define';
import { invoice } from './invoices';
import { order } from './orders';

export const paymentMethod = z.enum(['cash', 'card', 'other']);
export type PaymentMethod = z.infer<typeof paymentMethod>;

export const payment = z.object({
  id,
  invoiceId: id,
  orderId: id,
  method: paymentMethod,
  amount: positiveMoney,
  tendered: money.nullable(),
  change: money.nullable(),
  reference: z.string().nullable(),
  kind: z.enum(['payment', 'refund']),
  /** For a refund: the id of the payment it returns. */
  refundOf: z.string().nullable().optional(),
  createdBy: z.string(),
  createdAt: isoTime,
});
export type Payment = z.infer<typeof payment>;

export const paymentMethods = {
  'payments.pay': method({
    summary: 'Take a payment towards an invoice',
    access: ['admin', 'manager', 'cashier'],
    input: z.strictObject({
      invoiceId: id,
      method: paymentMethod,
      amount: positiveMoney,
      tendered: positiveMoney.optional(),
      reference: text(100).optional(),
      idempotencyKey: text(128),
    }),
    output: z.object({ payment, invoice, order }),
  }),
  'payments.list': method({
    summary: 'Payments and refunds, newest first',
    access: ['admin', 'manager', 'support'],
    input: z.strictObject({
      invoiceId: id.optional(),
      orderId: id.optional(),
      method: paymentMethod.optional(),
      from: timeFilter.optional(),
      to: timeFilter.optional(),
      ...pageInput,
    }),
    output: page(payment),
  }),
};
