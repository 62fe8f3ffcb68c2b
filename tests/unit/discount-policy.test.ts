/**
 * Who may lower a price: the cashier's limit on a line's discount or typed price and on the
 * order discount, selling below cost, and who approves alone.
 */
import { describe, expect, test } from 'vitest';
import { approvalNeeds, approvesAlone, type PolicyLine } from '../../shared/domain/discountPolicy';
import { priceCart, type Discount, type PricingLine, type PricingRules } from '../../shared/domain/pricing';

const NET: PricingRules = { pricesIncludeTax: false, taxRounding: 'line' };
const off = (kind: Discount['kind'], value: number): Discount => ({ kind, value, reason: 'test' });

type Line = PricingLine & Partial<Pick<PolicyLine, 'listPrice' | 'cost'>>;

/** The needs of a cart as the core prices it, with the cashier's limit (10 % unless told). */
function needs(lines: Line[], order: Discount | null = null, max = 10, rules = NET) {
  const policy = lines.map((l): PolicyLine => ({ listPrice: l.listPrice ?? null, unitPrice: l.unitPrice, quantity: l.quantity, cost: l.cost ?? null }));
  return approvalNeeds(policy, priceCart(lines, order, rules), max);
}

const line = (unitPrice: number, extra: Partial<Line> = {}): Line => ({ unitPrice, quantity: 1, taxRateBp: 2000, ...extra });

describe('line discounts', () => {
  test('up to the limit exactly the cashier gives it alone; beyond needs a manager', () => {
    expect(needs([line(1000, { discount: off('percent', 10) })])).toEqual([]);
    expect(needs([line(1000, { discount: off('amount', 100) })])).toEqual([]);
    expect(needs([line(1000, { discount: off('amount', 101) })])).toEqual([{ cause: 'line-discount', line: 0 }]);
    expect(needs([line(10_000, { discount: off('percent', 10.01) })])).toEqual([{ cause: 'line-discount', line: 0 }]);
    expect(needs([line(500), line(10_000, { quantity: 3, discount: off('percent', 10.01) })])).toEqual([{ cause: 'line-discount', line: 1 }]);
  });

  test('a percentage at the limit is allowed even where rounding makes the amount a shade more', () => {
    // 10 % of 1999 is 199.9, taken off as 200: the cashier gave 10 %, not more.
    expect(needs([line(1999, { discount: off('percent', 10) })])).toEqual([]);
    expect(needs([line(1005, { quantity: 3, discount: off('percent', 10) })])).toEqual([]);
    // The same 200 typed as an amount is the limit rounded the same way.
    expect(needs([line(1999, { discount: off('amount', 200) })])).toEqual([]);
    expect(needs([line(1999, { discount: off('amount', 201) })])).toEqual([{ cause: 'line-discount', line: 0 }]);
  });

  test('a limit of 0 % sends every discount to a manager', () => {
    expect(needs([line(1000, { discount: off('amount', 1) })], null, 0)).toEqual([{ cause: 'line-discount', line: 0 }]);
    expect(needs([line(1000)], off('amount', 1), 0)).toEqual([{ cause: 'order-discount' }]);
    expect(needs([line(1000)], null, 0)).toEqual([]);
  });
});

describe('typed prices', () => {
  test('an override down to the limit is the cashier’s; beyond is a manager’s', () => {
    expect(needs([line(900, { listPrice: 1000 })])).toEqual([]);
    expect(needs([line(899, { listPrice: 1000 })])).toEqual([{ cause: 'price-override', line: 0 }]);
    expect(needs([line(899, { listPrice: 1000, quantity: 4 })])).toEqual([{ cause: 'price-override', line: 0 }]);
  });

  test('an override up is no discount, whatever its size', () => {
    expect(needs([line(5000, { listPrice: 1000 })], null, 0)).toEqual([]);
  });

  test('an override and a discount on one line count together against the list price', () => {
    // 1000 → 950 (5 %), then 6 % off 950 = 57: 107 off 1000 is beyond 10 %.
    expect(needs([line(950, { listPrice: 1000, discount: off('percent', 6) })])).toEqual([{ cause: 'line-discount', line: 0 }]);
    expect(needs([line(950, { listPrice: 1000, discount: off('amount', 50) })])).toEqual([]);
  });

  test('an open price (no list price) is whatever is typed', () => {
    expect(needs([line(1, { listPrice: null })], null, 0)).toEqual([]);
  });
});

describe('below cost', () => {
  test('selling under the cost always needs a manager; at the cost does not', () => {
    expect(needs([line(1000, { cost: 1000 })], null, 100)).toEqual([]);
    expect(needs([line(999, { listPrice: 1000, cost: 1000 })], null, 100)).toEqual([{ cause: 'below-cost', line: 0 }]);
    expect(needs([line(1000, { cost: 950, discount: off('percent', 6) })], null, 100)).toEqual([{ cause: 'below-cost', line: 0 }]);
    expect(needs([line(1000, { cost: 950, discount: off('percent', 6) })])).toEqual([{ cause: 'below-cost', line: 0 }]);
    expect(needs([line(1000, { cost: 950, discount: off('percent', 20) })])).toEqual([{ cause: 'line-discount', line: 0 }, { cause: 'below-cost', line: 0 }]);
  });

  test('the order discount’s share counts, and the cost is per unit', () => {
    expect(needs([line(1000, { cost: 960 }), line(1000)], off('percent', 5), 100)).toEqual([{ cause: 'below-cost', line: 0 }]);
    expect(needs([line(250, { cost: 240, quantity: 4 })], off('amount', 40), 100)).toEqual([]);
    expect(needs([line(250, { cost: 240, quantity: 4 })], off('amount', 41), 100)).toEqual([{ cause: 'below-cost', line: 0 }]);
  });

  test('with tax-inclusive prices the cost is compared with the net', () => {
    const gross: PricingRules = { pricesIncludeTax: true, taxRounding: 'line' };
    // 1200 gross at 20 % is 1000 net.
    expect(needs([line(1200, { cost: 1000 })], null, 100, gross)).toEqual([]);
    expect(needs([line(1200, { cost: 1001 })], null, 100, gross)).toEqual([{ cause: 'below-cost', line: 0 }]);
  });
});

describe('order discount', () => {
  test('up to the limit of the cart (after line discounts) alone; beyond needs a manager', () => {
    expect(needs([line(600), line(400)], off('percent', 10))).toEqual([]);
    expect(needs([line(600), line(400)], off('amount', 100))).toEqual([]);
    expect(needs([line(600), line(400)], off('amount', 101))).toEqual([{ cause: 'order-discount' }]);
    expect(needs([line(6000), line(4000)], off('percent', 10.01))).toEqual([{ cause: 'order-discount' }]);
    // The cart is 900 once the line's own 10 % is off: 91 off it is beyond 10 % on its own.
    expect(needs([line(1000, { discount: off('percent', 10) })], off('amount', 91))).toEqual([{ cause: 'order-discount' }]);
  });

  test('discounts stack: each within the limit, together judged against the list prices', () => {
    // 10 % on the line and 10 % on the order is 19 % off: beyond a cashier's 10 %.
    expect(needs([line(1000, { discount: off('percent', 10) })], off('percent', 10))).toEqual([{ cause: 'total-discount' }]);
    // 5 % and 5 % (9.75 % in all) stay within it; a typed price down 5 % and 5 % off the order too.
    expect(needs([line(1000, { discount: off('percent', 5) })], off('percent', 5))).toEqual([]);
    expect(needs([line(950, { listPrice: 1000 })], off('percent', 5))).toEqual([]);
    // A raised price gives no room: the order discount is judged on its own then.
    expect(needs([line(1200, { listPrice: 1000 })], off('percent', 10))).toEqual([]);
    expect(needs([line(1000, { discount: off('percent', 6) })], off('percent', 6))).toEqual([{ cause: 'total-discount' }]);
  });

  test('a 10 % order discount on a cart whose tenth is not whole is still the cashier’s', () => {
    expect(needs([line(1999)], off('percent', 10))).toEqual([]);
    expect(needs([line(1999)], off('percent', 30))).toEqual([{ cause: 'order-discount' }]);
  });
});

test('managers and admins approve their own; cashiers and support do not', () => {
  expect(approvesAlone('manager')).toBe(true);
  expect(approvesAlone('admin')).toBe(true);
  expect(approvesAlone('cashier')).toBe(false);
  expect(approvesAlone('support')).toBe(false);
});
