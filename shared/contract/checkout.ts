import { z } from 'zod';
import { id, money, positiveMoney, quantity, text } from './common';
import { sellers } from '../domain/roles';
import { method } from './define';
import { contractMessage as msg } from '../errors';
import { invoice } from './invoices';
import { customer, discountInput, order, orderLines, orderNote } from './orders';
import { approval } from './approval';
import { payment, paymentMethod } from './payments';

/** The most tenders one sale takes (split payments). */
export const MAX_TENDERS = 20;

/** One way the customer pays: `amount` is what it applies to the invoice; cash `tendered` ≥ amount gives change. */
export const tenderInput = z.strictObject({
  method: paymentMethod,
  amount: positiveMoney,
  tendered: positiveMoney.optional(),
  reference: text(100).optional(),
  /** The voucher's code, for method voucher (never more than its balance). */
  code: text(40).optional(),
});
export type TenderInput = z.infer<typeof tenderInput>;

export const checkoutInput = z
  .strictObject({
    lines: orderLines.optional(),
    /** The order discount. Absent: none (a new sale) or the held order's own. null: none, and a held order's is removed. */
    discount: discountInput.nullable().optional(),
    /** A manager's approval for a discount, override or sale below cost beyond the cashier's limit. */
    approval: approval.optional(),
    /** Absent: none (a new sale) or the held order's own. null: none, and a held order's customer is cleared. */
    customer: customer.nullable().optional(),
    /** Absent: none (a new sale) or the held order's own. null: none, and a held order's note is cleared. */
    note: orderNote.nullable().optional(),
    /** Charge a held (RECEIVED) order; with `lines`, `customer` or `note` (null clears) they replace its own (then `version` is required). */
    heldOrderId: id.optional(),
    /** The held order's version: required when its content is replaced; when given alone, a held order changed since is CONFLICT. */
    version: z.number().int().positive().optional(),
    tenders: z.array(tenderInput).min(1, msg('saleNeedsTender')).max(MAX_TENDERS),
    idempotencyKey: text(128),
  })
  .superRefine((v, ctx) => {
    if (v.heldOrderId === undefined && v.lines === undefined) {
      ctx.addIssue({ code: 'custom', path: ['lines'], message: msg('linesRequiredUnlessHeld') });
    }
    if (v.heldOrderId === undefined && v.version !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['version'], message: msg('versionOnlyForHeld') });
    }
    const replaces = v.lines !== undefined || v.customer !== undefined || v.note !== undefined || v.discount !== undefined;
    if (v.heldOrderId !== undefined && replaces && v.version === undefined) {
      ctx.addIssue({ code: 'custom', path: ['version'], message: msg('versionRequiredForHeld') });
    }
  });

/** A line taken off a cart, or a cart given up, at the counter: recorded for the manager (and the Z report). */
export const voidKinds = ['line', 'cart'] as const;

export const checkoutMethods = {
  'orders.checkout': method({
    summary: 'Sell in one step: the order (or a held one), its invoice and every tender, in one transaction',
    access: sellers,
    input: checkoutInput,
    output: z.object({ order, invoice, payments: z.array(payment), change: money }),
  }),
  'orders.recordVoid': method({
    summary: 'Record lines taken off a cart (kind line) or a cart given up (kind cart) at the counter',
    access: sellers,
    input: z.strictObject({
      kind: z.enum(voidKinds),
      lines: z.array(z.strictObject({ productId: id, quantity })).min(1).max(500),
      /** The held order the cart was opened from, if any. */
      heldOrderId: id.optional(),
    }),
    output: z.object({ recorded: z.number().int().min(0), amount: money }),
  }),
};
