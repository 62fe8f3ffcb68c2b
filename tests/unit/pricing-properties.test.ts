/**
 * The pricing rule over random carts (fast-check; TESSERA_PRICING_RUNS for more): the
 * discounts add up (line discounts and order shares to the totals, the shares to the order
 * discount), every line and the totals are net + tax = total, tax is rounded once per line or
 * once per rate as the rules say, each share is its exact proportion within one unit, and no
 * figure is negative. The references are written apart from the rule, in BigInt.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { priceCart, type Discount, type PricingRules } from '../../shared/domain/pricing';
import { cartArb, describeCart, PRICING_RUNS, rulesArb } from '../support/pricing-carts';

const RUNS = PRICING_RUNS ?? 1000;

/** round(a × b ÷ c), half away from zero, for a, b ≥ 0 and c > 0. */
function roundDiv(a: number, b: number, c: number): number {
  return Number((2n * BigInt(a) * BigInt(b) + BigInt(c)) / (2n * BigInt(c)));
}

/** The tax on a base, by the basis: on a net amount, or inside a gross one. */
function referenceTax(base: number, bp: number, rules: PricingRules): number {
  return rules.pricesIncludeTax ? roundDiv(base, bp, 10_000 + bp) : roundDiv(base, bp, 10_000);
}

function referenceDiscount(amount: number, d: Discount | null | undefined): number {
  if (!d) return 0;
  return d.kind === 'percent' ? roundDiv(amount, Math.round(d.value * 100), 10_000) : d.value;
}

const sum = (xs: readonly number[]) => xs.reduce((n, x) => n + x, 0);

describe('priceCart over random carts', () => {
  test('discounts add up, net + tax = total, tax rounded where the rules say, nothing negative', () => {
    fc.assert(
      fc.property(cartArb, rulesArb, (cart, rules) => {
        const priced = priceCart(cart.lines, cart.orderDiscount, rules);
        const { lines, totals } = priced;
        expect(lines).toHaveLength(cart.lines.length);

        // Discounts: each line's own as given, the order's on what they leave, its shares adding up to it.
        const own = cart.lines.map((l) => referenceDiscount(l.unitPrice * l.quantity, l.discount));
        expect(lines.map((l) => l.amount)).toEqual(cart.lines.map((l) => l.unitPrice * l.quantity));
        expect(lines.map((l) => l.lineDiscount)).toEqual(own);
        const left = lines.map((l) => l.amount - l.lineDiscount);
        expect(totals.orderDiscount).toBe(referenceDiscount(sum(left), cart.orderDiscount));
        expect(sum(lines.map((l) => l.orderDiscount))).toBe(totals.orderDiscount);
        expect(sum(lines.map((l) => l.lineDiscount + l.orderDiscount))).toBe(totals.discount);
        // Each share is its exact proportion, rounded down or up by one (largest remainder).
        lines.forEach((l, i) => {
          const whole = sum(left);
          const floor = whole === 0 ? 0 : Number((BigInt(totals.orderDiscount) * BigInt(left[i]!)) / BigInt(whole));
          if (whole > 0) expect(l.orderDiscount === floor || l.orderDiscount === floor + 1).toBe(true);
        });

        // What the customer pays for a line is its amount less its discounts (gross), or that plus tax (net).
        const bases = lines.map((l) => l.amount - l.lineDiscount - l.orderDiscount);
        lines.forEach((l, i) => {
          expect(l.subtotal + l.tax).toBe(l.total);
          expect(rules.pricesIncludeTax ? l.total : l.subtotal).toBe(bases[i]);
        });

        // Tax: once per line, or once per rate with the lines' shares adding up to it.
        if (rules.taxRounding === 'line') {
          lines.forEach((l, i) => expect(l.tax).toBe(referenceTax(bases[i]!, cart.lines[i]!.taxRateBp, rules)));
        } else {
          for (const bp of new Set(cart.lines.map((l) => l.taxRateBp))) {
            const at = cart.lines.flatMap((l, i) => (l.taxRateBp === bp ? [i] : []));
            const rateTax = referenceTax(sum(at.map((i) => bases[i]!)), bp, rules);
            expect(sum(at.map((i) => lines[i]!.tax))).toBe(rateTax);
            const rateBase = sum(at.map((i) => bases[i]!));
            for (const i of at) {
              const floor = rateBase === 0 ? 0 : Number((BigInt(rateTax) * BigInt(bases[i]!)) / BigInt(rateBase));
              if (rateBase > 0) expect(lines[i]!.tax - floor).toBeOneOf([0, 1]);
            }
          }
        }

        // Totals are the lines' sums; nothing negative, every figure a whole minor unit.
        expect(totals.subtotal).toBe(sum(lines.map((l) => l.subtotal)));
        expect(totals.tax).toBe(sum(lines.map((l) => l.tax)));
        expect(totals.total).toBe(totals.subtotal + totals.tax);
        for (const l of lines) for (const v of Object.values(l)) expect(Number.isSafeInteger(v) && v >= 0, describeCart(cart, rules)).toBe(true);
        for (const v of Object.values(totals)) expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  test('per-rate rounding moves the tax by at most half a unit per line and per rate, nothing else', () => {
    fc.assert(
      fc.property(cartArb, fc.boolean(), (cart, pricesIncludeTax) => {
        const byLine = priceCart(cart.lines, cart.orderDiscount, { pricesIncludeTax, taxRounding: 'line' });
        const byRate = priceCart(cart.lines, cart.orderDiscount, { pricesIncludeTax, taxRounding: 'rate' });
        // The same discounts and the same bases; only where the tax is rounded differs.
        expect(byRate.lines.map((l) => [l.amount, l.lineDiscount, l.orderDiscount])).toEqual(byLine.lines.map((l) => [l.amount, l.lineDiscount, l.orderDiscount]));
        // Each rounding is within ½ of the exact tax: per rate, |Σ round(xᵢ) − round(Σ xᵢ)| ≤ (lines + 1) / 2.
        const rates = new Set(cart.lines.map((l) => l.taxRateBp)).size;
        expect(Math.abs(byRate.totals.tax - byLine.totals.tax)).toBeLessThanOrEqual(Math.floor((cart.lines.length + rates) / 2));
        // Net prices: the customer pays the same net either way; gross prices: the same total.
        if (pricesIncludeTax) expect(byRate.totals.total).toBe(byLine.totals.total);
        else expect(byRate.totals.subtotal).toBe(byLine.totals.subtotal);
      }),
      { numRuns: RUNS },
    );
  });
});
