import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  applyRate,
  formatMajor,
  lineAmounts,
  MAX_AMOUNT,
  MAX_QUANTITY,
  MAX_TAX_RATE_BP,
  MoneyRangeError,
  parseMajor,
  sumAmounts,
  taxBreakdown,
} from '../../shared/domain/money';

// Within range even for 30 lines at the largest quantity and rate (the overflow test covers beyond).
const unitPrice = fc.integer({ min: 0, max: 100_000 });
const quantity = fc.integer({ min: 1, max: MAX_QUANTITY });
const rate = fc.integer({ min: 0, max: MAX_TAX_RATE_BP });
const line = fc.record({ unitPrice, quantity, taxRateBp: rate });

/** Exact reference: rounding half away from zero with BigInt arithmetic, written independently. */
function referenceTax(subtotal: number, bp: number): number {
  const scaled = BigInt(subtotal) * BigInt(bp) * 2n;
  return Number((scaled + 10_000n) / 20_000n);
}

describe('tax rounding', () => {
  test('examples: half away from zero', () => {
    expect(applyRate(333, 700)).toBe(23); // 23.31
    expect(applyRate(50, 1000)).toBe(5); // 5.0
    expect(applyRate(5, 1000)).toBe(1); // 0.5 → 1
    expect(applyRate(15, 1000)).toBe(2); // 1.5 → 2
    expect(applyRate(25, 1000)).toBe(3); // 2.5 → 3 (not banker's 2)
    expect(applyRate(4, 1000)).toBe(0); // 0.4 → 0
    expect(applyRate(-5, 1000)).toBe(-1); // away from zero
    expect(applyRate(MAX_AMOUNT, MAX_TAX_RATE_BP)).toBe(MAX_AMOUNT);
  });

  test('matches the exact reference and stays within half a unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_AMOUNT }), rate, (amount, bp) => {
        const tax = applyRate(amount, bp);
        expect(Number.isSafeInteger(tax)).toBe(true);
        expect(tax).toBe(referenceTax(amount, bp));
        // |tax − exact| ≤ 0.5 ⇔ |tax·10000 − amount·bp| ≤ 5000
        const diff = BigInt(tax) * 10_000n - BigInt(amount) * BigInt(bp);
        expect(diff <= 5000n && diff > -5000n).toBe(true);
      }),
    );
  });
});

describe('line and order amounts', () => {
  test('line: subtotal = price × qty, total = subtotal + tax, all integers, never negative', () => {
    fc.assert(
      fc.property(line, (l) => {
        const a = lineAmounts(l);
        expect(a.subtotal).toBe(l.unitPrice * l.quantity);
        expect(a.tax).toBe(referenceTax(a.subtotal, l.taxRateBp));
        expect(a.total).toBe(a.subtotal + a.tax);
        for (const v of Object.values(a)) {
          expect(Number.isInteger(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  test('order totals are the sums of the lines; the breakdown adds up to them', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 30 }), (lines) => {
        const amounts = lines.map((l) => ({ ...lineAmounts(l), taxRateBp: l.taxRateBp }));
        const totals = sumAmounts(amounts);
        expect(totals.subtotal).toBe(amounts.reduce((s, a) => s + a.subtotal, 0));
        expect(totals.tax).toBe(amounts.reduce((s, a) => s + a.tax, 0));
        expect(totals.total).toBe(totals.subtotal + totals.tax);
        const breakdown = taxBreakdown(amounts);
        expect(breakdown.reduce((s, b) => s + b.base, 0)).toBe(totals.subtotal);
        expect(breakdown.reduce((s, b) => s + b.tax, 0)).toBe(totals.tax);
        expect(new Set(breakdown.map((b) => b.taxRateBp)).size).toBe(breakdown.length);
      }),
    );
  });

  test('amounts that would leave the safe range are refused, never wrapped', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_AMOUNT / 1000 + 1, max: MAX_AMOUNT }), fc.integer({ min: 1001, max: MAX_QUANTITY }), rate, (price, qty, bp) => {
        expect(() => lineAmounts({ unitPrice: price, quantity: qty, taxRateBp: bp })).toThrow(MoneyRangeError);
      }),
    );
    const big = { subtotal: MAX_AMOUNT, tax: 0, total: MAX_AMOUNT };
    expect(() => sumAmounts([big, big])).toThrow(MoneyRangeError);
  });
});

describe('decimal text ↔ minor units, without floats', () => {
  test('examples', () => {
    expect(parseMajor('19.99')).toBe(1999);
    expect(parseMajor('19,99')).toBe(1999);
    expect(parseMajor('0.1')).toBe(10);
    expect(parseMajor('20')).toBe(2000);
    expect(parseMajor('1.005')).toBeNull();
    expect(parseMajor('-1')).toBeNull();
    expect(parseMajor('1e3')).toBeNull();
    expect(parseMajor('')).toBeNull();
    expect(parseMajor('12', 0)).toBe(12);
    expect(formatMajor(1999)).toBe('19.99');
    expect(formatMajor(5)).toBe('0.05');
    expect(formatMajor(-150)).toBe('-1.50');
  });

  test('round trip for every amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_AMOUNT }), (minor) => {
        expect(parseMajor(formatMajor(minor))).toBe(minor);
      }),
    );
  });
});
