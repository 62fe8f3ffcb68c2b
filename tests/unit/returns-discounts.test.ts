import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { exchangeFigures, lineCredit, receiptlessTotal } from '../../renderer/src/features/returns/plan';
import { priceCart, type PricingRules } from '../../shared/domain/pricing';
import { creditFor, prorate, type Credited } from '../../shared/domain/returns';

const GROSS: PricingRules = { pricesIncludeTax: true, taxRounding: 'line' };

/** Returns `steps` of a line one after another, as the core does (credited so far kept per line). */
function returnAll(line: Parameters<typeof creditFor>[0], steps: readonly number[]): (Credited & { total: number })[] {
  let returned = 0;
  const credited: Credited = { subtotal: 0, tax: 0, discount: 0 };
  return steps.map((q) => {
    const c = creditFor(line, { returned, credited }, q);
    returned += q;
    credited.subtotal += c.subtotal;
    credited.tax += c.tax;
    credited.discount += c.discount;
    return c;
  });
}

describe('a returned line gives back its share of its discounts', () => {
  test('golden: 3 × 10.00 at 10 % with 10 % off, returned 1, 1, 1 → 1.00 of discount each, 9.90 credited each', () => {
    const [line] = priceCart([{ unitPrice: 1000, quantity: 3, taxRateBp: 1000, discount: { kind: 'percent', value: 10, reason: 'Damaged' } }], null, { pricesIncludeTax: false, taxRounding: 'line' }).lines;
    const credits = returnAll({ quantity: 3, ...line! }, [1, 1, 1]);
    expect(credits.map((c) => c.discount)).toEqual([100, 100, 100]);
    expect(credits.map((c) => c.total)).toEqual([990, 990, 990]);
  });

  test('a line sold before discounts existed gives none back', () => {
    expect(creditFor({ quantity: 2, subtotal: 2000, tax: 400 }, { returned: 0, credited: { subtotal: 0, tax: 0, discount: 0 } }, 1)).toEqual({ subtotal: 1000, tax: 200, discount: 0, total: 1200 });
  });

  test('property: any sequence of partial returns gives back exactly the line, its tax and its discounts, each step its cumulative share', () => {
    const cart = fc.record({
      lines: fc.array(
        fc.record({
          unitPrice: fc.integer({ min: 50, max: 100_000 }),
          quantity: fc.integer({ min: 1, max: 12 }),
          taxRateBp: fc.constantFrom(0, 550, 1000, 2000),
          discount: fc.option(fc.oneof(fc.record({ kind: fc.constant('percent' as const), value: fc.integer({ min: 1, max: 10_000 }).map((v) => v / 100), reason: fc.constant('r') }), fc.record({ kind: fc.constant('amount' as const), value: fc.integer({ min: 1, max: 50 }), reason: fc.constant('r') })), { nil: undefined }),
        }),
        { minLength: 1, maxLength: 5 },
      ),
      order: fc.option(fc.record({ kind: fc.constant('percent' as const), value: fc.integer({ min: 1, max: 5000 }).map((v) => v / 100), reason: fc.constant('o') }), { nil: null }),
      rules: fc.record({ pricesIncludeTax: fc.boolean(), taxRounding: fc.constantFrom('line' as const, 'rate' as const) }),
      cuts: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 12 }),
    });
    fc.assert(
      fc.property(cart, ({ lines, order, rules, cuts }) => {
        const priced = priceCart(lines, order, rules);
        priced.lines.forEach((p, i) => {
          const sold = lines[i]!.quantity;
          // Split `sold` into steps from the cuts, the last taking the rest.
          const steps: number[] = [];
          let left = sold;
          for (const c of cuts) {
            if (left <= 0) break;
            const q = Math.min(c, left);
            steps.push(q);
            left -= q;
          }
          if (left > 0) steps.push(left);
          const line = { quantity: sold, ...p };
          const credits = returnAll(line, steps);
          const sum = (k: 'subtotal' | 'tax' | 'discount' | 'total') => credits.reduce((n, c) => n + c[k], 0);
          expect([sum('subtotal'), sum('tax'), sum('discount'), sum('total')]).toEqual([p.subtotal, p.tax, p.lineDiscount + p.orderDiscount, p.total]);
          let back = 0;
          credits.forEach((c, k) => {
            back += steps[k]!;
            const before = back - steps[k]!;
            expect(c.discount).toBe(prorate(p.lineDiscount + p.orderDiscount, back, sold) - prorate(p.lineDiscount + p.orderDiscount, before, sold));
            // The Returns screen's estimate is the core's credit.
            const credited = prorate(p.subtotal, before, sold) + prorate(p.tax, before, sold);
            expect(lineCredit(line, { returned: before, credited }, steps[k]!)).toBe(c.total);
          });
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('the Returns screen prices by the store’s rules', () => {
  test('a tax-inclusive store: the shelf price is what comes back or is paid', () => {
    expect(receiptlessTotal([{ unitPrice: 999, taxRateBp: 2000, quantity: 1 }], GROSS)).toBe(999);
    expect(receiptlessTotal([{ unitPrice: 795, taxRateBp: 2000, quantity: 2 }], { pricesIncludeTax: false, taxRounding: 'line' })).toBe(1908);
    expect(exchangeFigures([{ unitPrice: 1667, taxRateBp: 2000, quantity: 1, discount: { kind: 'amount', value: 167, reason: 'Price match' } }], 1500, GROSS)).toEqual({ saleTotal: 1500, toPay: 0, toGiveBack: 0 });
  });
});
