/**
 * The pricing rule's golden cases (the figures the issue fixes, in minor units) and its edges:
 * the largest-remainder split, tax taken out of a gross price, percentages with decimals and
 * discounts larger than what they come off.
 */
import { describe, expect, test } from 'vitest';
import { allocate, discountOf, DiscountError, extractTax, percentBp, priceCart, shelfPrice, type Discount, type PricingRules } from '../../shared/domain/pricing';

const net = (taxRounding: PricingRules['taxRounding'] = 'line'): PricingRules => ({ pricesIncludeTax: false, taxRounding });
const gross = (taxRounding: PricingRules['taxRounding'] = 'line'): PricingRules => ({ pricesIncludeTax: true, taxRounding });
const off = (kind: Discount['kind'], value: number): Discount => ({ kind, value, reason: 'test' });
const threeAt10 = [1, 2, 3].map(() => ({ unitPrice: 100, quantity: 1, taxRateBp: 1000 }));

describe('golden cases', () => {
  test('tax-exclusive 10 %, per line: an order discount of 100 over three lines of 100', () => {
    const cart = priceCart(threeAt10, off('amount', 100), net('line'));
    expect(cart.lines.map((l) => l.orderDiscount)).toEqual([34, 33, 33]);
    expect(cart.lines.map((l) => l.subtotal)).toEqual([66, 67, 67]);
    expect(cart.lines.map((l) => l.tax)).toEqual([7, 7, 7]);
    expect(cart.totals).toEqual({ subtotal: 200, tax: 21, total: 221, discount: 100, orderDiscount: 100 });
  });

  test('the same cart with tax rounded per rate: tax 20, total 220, the lines still add up', () => {
    const cart = priceCart(threeAt10, off('amount', 100), net('rate'));
    expect(cart.lines.map((l) => l.subtotal)).toEqual([66, 67, 67]);
    // 20 × 66/200 = 6.6, 20 × 67/200 = 6.7 twice: 6 each, the 2 left to the largest remainders.
    expect(cart.lines.map((l) => l.tax)).toEqual([6, 7, 7]);
    expect(cart.totals).toEqual({ subtotal: 200, tax: 20, total: 220, discount: 100, orderDiscount: 100 });
  });

  test('tax-inclusive 20 %: 3 × 100 gross → tax 50, net 250; 1 × 999 → tax 167, net 832', () => {
    for (const taxRounding of ['line', 'rate'] as const) {
      expect(priceCart([{ unitPrice: 100, quantity: 3, taxRateBp: 2000 }], null, gross(taxRounding)).lines[0]).toEqual({
        amount: 300,
        lineDiscount: 0,
        orderDiscount: 0,
        subtotal: 250,
        tax: 50,
        total: 300,
      });
      const cart = priceCart([{ unitPrice: 999, quantity: 1, taxRateBp: 2000 }], null, gross(taxRounding));
      expect(cart.totals).toEqual({ subtotal: 832, tax: 167, total: 999, discount: 0, orderDiscount: 0 });
    }
  });

  test('tax-exclusive 10 %: 1 × 1999 with a 10 % line discount → discount 200, net 1799, tax 180, total 1979', () => {
    const cart = priceCart([{ unitPrice: 1999, quantity: 1, taxRateBp: 1000, discount: off('percent', 10) }], null, net());
    expect(cart.lines[0]).toEqual({ amount: 1999, lineDiscount: 200, orderDiscount: 0, subtotal: 1799, tax: 180, total: 1979 });
    expect(cart.totals).toEqual({ subtotal: 1799, tax: 180, total: 1979, discount: 200, orderDiscount: 0 });
  });
});

describe('allocate (largest remainder)', () => {
  test('ties go to the earlier part', () => {
    expect(allocate(100, [100, 100, 100])).toEqual([34, 33, 33]);
    expect(allocate(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(allocate(1, [5, 5])).toEqual([1, 0]);
  });

  test('the largest remainder wins over position', () => {
    // 10 × 1/6 = 1.67, 10 × 2/6 = 3.33, 10 × 3/6 = 5: the 1 left goes to the first (remainder .67).
    expect(allocate(10, [1, 2, 3])).toEqual([2, 3, 5]);
    expect(allocate(10, [3, 2, 1])).toEqual([5, 3, 2]);
  });

  test('zero weights get nothing; all zero puts everything on the first', () => {
    expect(allocate(7, [0, 3, 0, 4])).toEqual([0, 3, 0, 4]);
    expect(allocate(5, [0, 1, 0])).toEqual([0, 5, 0]);
    expect(allocate(0, [0, 0])).toEqual([0, 0]);
    expect(allocate(3, [0, 0])).toEqual([3, 0]);
  });

  test('one part takes the whole; nothing to split gives zeros', () => {
    expect(allocate(99, [12])).toEqual([99]);
    expect(allocate(0, [1, 2, 3])).toEqual([0, 0, 0]);
  });

  test('exact beyond 2^53 in the products (BigInt)', () => {
    const parts = allocate(999_999_999_999, [999_999_999_999, 1, 999_999_999_998]);
    expect(parts.reduce((n, p) => n + p, 0)).toBe(999_999_999_999);
    expect(parts).toEqual([500_000_000_000, 0, 499_999_999_999]);
  });
});

describe('extractTax (tax inside a gross amount)', () => {
  test('rounds half away from zero', () => {
    expect(extractTax(999, 2000)).toBe(167); // 166.5 → 167
    expect(extractTax(3, 2000)).toBe(1); // 0.5 → 1
    expect(extractTax(2, 2000)).toBe(0); // 0.33 → 0
    expect(extractTax(21, 1000)).toBe(2); // 1.909 → 2
    expect(extractTax(11, 1000)).toBe(1); // exactly 1
    expect(extractTax(1, 10_000)).toBe(1); // 100 %: 0.5 → 1
    expect(extractTax(0, 2000)).toBe(0);
    expect(extractTax(5000, 0)).toBe(0);
  });

  test('net + tax is the gross, and the tax is the exact share within half a unit', () => {
    for (const [g, bp] of [[1, 550], [105, 550], [8_69, 1000], [1_000_000_000_000, 2100], [12_345, 700]] as const) {
      const tax = extractTax(g, bp);
      // |tax − g·bp/(10000+bp)| ≤ ½ ⇔ |2·tax·(10000+bp) − 2·g·bp| ≤ 10000+bp
      const diff = 2n * BigInt(tax) * BigInt(10_000 + bp) - 2n * BigInt(g) * BigInt(bp);
      expect(diff <= BigInt(10_000 + bp) && diff >= -BigInt(10_000 + bp)).toBe(true);
    }
  });
});

describe('discounts', () => {
  test('a percentage with decimals: 12.5 % is 1250 bp, rounded half away from zero', () => {
    expect(percentBp(12.5)).toBe(1250);
    expect(percentBp(10.01)).toBe(1001);
    expect(percentBp(1.15)).toBe(115); // 114.99999999999999 in floating point
    expect(percentBp(0.01)).toBe(1);
    expect(discountOf(1000, off('percent', 12.5), ['x'])).toBe(125);
    expect(discountOf(999, off('percent', 12.5), ['x'])).toBe(125); // 124.875
    expect(discountOf(1004, off('percent', 12.5), ['x'])).toBe(126); // 125.5 → 126
    expect(discountOf(1000, off('percent', 100), ['x'])).toBe(1000);
    expect(discountOf(1000, null, ['x'])).toBe(0);
  });

  test('an amount may take a line to zero, not beyond; the error names the field', () => {
    expect(priceCart([{ unitPrice: 500, quantity: 2, taxRateBp: 2000, discount: off('amount', 1000) }], null, net()).totals).toMatchObject({ subtotal: 0, tax: 0, total: 0, discount: 1000 });
    const lines = [
      { unitPrice: 100, quantity: 1, taxRateBp: 0 },
      { unitPrice: 500, quantity: 2, taxRateBp: 2000, discount: off('amount', 1001) },
    ];
    const err = (() => {
      try {
        priceCart(lines, null, net());
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DiscountError);
    expect((err as DiscountError).field).toEqual(['lines', 1, 'discount', 'value']);
  });

  test('an order discount is taken off what the line discounts left; beyond it names the order discount', () => {
    const lines = [{ unitPrice: 1000, quantity: 1, taxRateBp: 0, discount: off('amount', 400) }];
    expect(priceCart(lines, off('amount', 600), net()).totals).toMatchObject({ total: 0, discount: 1000, orderDiscount: 600 });
    expect(() => priceCart(lines, off('amount', 601), net())).toThrow(expect.objectContaining({ name: 'DiscountError', field: ['discount', 'value'] }));
  });

  test('an order discount is spread by what is left of each line after its own discount, tax after discounts', () => {
    const cart = priceCart(
      [
        { unitPrice: 1000, quantity: 1, taxRateBp: 2000, discount: off('percent', 50) },
        { unitPrice: 500, quantity: 1, taxRateBp: 550 },
      ],
      off('percent', 10),
      net(),
    );
    expect(cart.lines.map((l) => [l.lineDiscount, l.orderDiscount, l.subtotal, l.tax])).toEqual([
      [500, 50, 450, 90],
      [0, 50, 450, 25], // 24.75 → 25
    ]);
    expect(cart.totals).toEqual({ subtotal: 900, tax: 115, total: 1015, discount: 600, orderDiscount: 100 });
  });

  test('tax-inclusive: the discount comes off the gross and the tax is taken out of what is left', () => {
    const cart = priceCart([{ unitPrice: 1200, quantity: 1, taxRateBp: 2000, discount: off('percent', 10) }], null, gross());
    expect(cart.lines[0]).toEqual({ amount: 1200, lineDiscount: 120, orderDiscount: 0, subtotal: 900, tax: 180, total: 1080 });
  });
});

test('shelf price: gross in either basis', () => {
  expect(shelfPrice(790, 1000, { pricesIncludeTax: false })).toBe(869);
  expect(shelfPrice(869, 1000, { pricesIncludeTax: true })).toBe(869);
});
