/**
 * Who may lower a price: a cashier alone up to the store's `cashierMaxDiscountPercent` (a line's
 * discount or price override against its list price, and the order discount against the cart);
 * beyond it, and whenever a line would sell below its cost, a manager approves. The counter asks
 * for the approval up front with the same rule the core enforces.
 */
import type { Role } from './roles';
import { applyRate } from './money';
import { percentBp, type PricedCart } from './pricing';

/** total-discount: each discount within the limit, but together (lines' and order's) beyond it. */
export type ApprovalCause = 'line-discount' | 'price-override' | 'order-discount' | 'total-discount' | 'below-cost';

export interface PolicyLine {
  /** The product's own price per unit (null: an open-price product or a line typed by hand). */
  listPrice: number | null;
  unitPrice: number;
  quantity: number;
  /** The product's cost per unit, net of tax (null: not set). */
  cost: number | null;
}

export interface ApprovalNeed {
  cause: ApprovalCause;
  /** The line it is about (absent for the order discount). */
  line?: number;
}

/** Cashiers need a manager for more than the limit; managers and admins approve their own. */
export function approvesAlone(role: Role): boolean {
  return role === 'manager' || role === 'admin';
}

/**
 * `more` taken off `of` is beyond `percent` %: more than the limit as an amount, rounded the way
 * a percentage discount is (so a 10 % discount on 19.99, 2.00 off, is within a 10 % limit).
 */
function beyond(more: number, of: number, percent: number): boolean {
  return more > applyRate(of, percentBp(percent));
}

/** Everything in a priced cart that needs a manager's approval (empty: the cashier may alone). */
export function approvalNeeds(lines: readonly PolicyLine[], priced: PricedCart, maxPercent: number): ApprovalNeed[] {
  const needs: ApprovalNeed[] = [];
  let afterLine = 0;
  let listCart = 0;
  let paid = 0;
  lines.forEach((l, i) => {
    const p = priced.lines[i];
    if (!p) return;
    afterLine += p.amount - p.lineDiscount;
    const list = (l.listPrice ?? l.unitPrice) * l.quantity;
    listCart += list;
    paid += p.amount - p.lineDiscount - p.orderDiscount;
    const reduction = list - (p.amount - p.lineDiscount);
    if (reduction > 0 && beyond(reduction, list, maxPercent)) needs.push({ cause: p.lineDiscount > 0 ? 'line-discount' : 'price-override', line: i });
    if (l.cost !== null && p.subtotal < l.cost * l.quantity) needs.push({ cause: 'below-cost', line: i });
  });
  if (priced.totals.orderDiscount > 0) {
    if (beyond(priced.totals.orderDiscount, afterLine, maxPercent)) needs.push({ cause: 'order-discount' });
    // Discounts stack: line discounts and typed prices with an order discount on top are judged together against the list prices.
    else if (beyond(listCart - paid, listCart, maxPercent)) needs.push({ cause: 'total-discount' });
  }
  return needs;
}
