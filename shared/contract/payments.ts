import { z } from 'zod';
import { id, isoTime, money, page, pageInput, positiveMoney, text, timeFilter } from './common';
import { paymentKinds, paymentMethods as methodsOfPayment } from '../domain/payments';
import { backOffice, sellers } from '../domain/roles';
import { method } from './define';
import { invoice } from './invoices';
import { order } from './orders';

export const paymentMethod = z.enum(methodsOfPayment);
export type PaymentMethod = z.infer<typeof paymentMethod>;

export const payment = z.object({
  id,
  /** Null on a refund of a return without a receipt (its credit note has no invoice). */
  invoiceId: id.nullable(),
  orderId: id.nullable(),
  method: paymentMethod,
  /** What it took; 0 only for cash whose due rounds to nothing (2 cents due, 5-cent coins): it records the rounding alone. */
  amount: money,
  tendered: money.nullable(),
  change: money.nullable(),
  reference: z.string().nullable(),
  kind: z.enum(paymentKinds),
  /** For a refund: the id of the payment it returns. */
  refundOf: z.string().nullable().optional(),
  /** For a refund: the credit note it pays back (null for refunds recorded before credit notes existed). */
  creditNoteId: z.string().nullable(),
  /** For a voucher tender or a refund as a voucher: the voucher's code. */
  voucherCode: z.string().nullable(),
  /** Cash rounding this payment recorded, signed: due − taken (15.59 due, 15.60 taken: −1); a refund undoes its payment's. */
  rounding: z.number().int(),
  /** The cash session it went through; null for a session bound to no register. */
  cashSessionId: z.string().nullable(),
  createdBy: z.string(),
  createdAt: isoTime,
});
export type Payment = z.infer<typeof payment>;

export const paymentMethods = {
  'payments.pay': method({
    summary: 'Take a payment towards an invoice',
    access: sellers,
    input: z.strictObject({
      invoiceId: id,
      method: paymentMethod,
      amount: positiveMoney,
      tendered: positiveMoney.optional(),
      reference: text(100).optional(),
      /** The voucher's code, for method voucher. */
      code: text(40).optional(),
      idempotencyKey: text(128),
    }),
    output: z.object({ payment, invoice, order }),
  }),
  'payments.list': method({
    summary: 'Payments and refunds, newest first',
    access: backOffice,
    input: z.strictObject({
      invoiceId: id.optional(),
      orderId: id.optional(),
      method: paymentMethod.optional(),
      creditNoteId: id.optional(),
      from: timeFilter.optional(),
      to: timeFilter.optional(),
      ...pageInput,
    }),
    output: page(payment),
  }),
};
