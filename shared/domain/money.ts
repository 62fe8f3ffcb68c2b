/**
 * Money and tax, pure and in integer minor units. Prices are tax-exclusive in v1;
 * the whole computation lives here so tax-inclusive pricing can become a setting.
 */

/** Largest money value (minor units) anywhere: 10^12 keeps every product and sum a safe integer. */
export const MAX_AMOUNT = 1_000_000_000_000;
export const MAX_QUANTITY = 100_000;
export const MAX_TAX_RATE_BP = 10_000;
export const MAX_LINES = 500;

export type RoundingRule = 'half-away-from-zero';

/**
 * amount × rateBp / 10000, rounded to the minor unit by `rule`. The one place the
 * rounding rule lives (tax authorities differ). BigInt keeps the product exact.
 */
export function applyRate(amount: number, rateBp: number, rule: RoundingRule = 'half-away-from-zero'): number {
  const product = BigInt(amount) * BigInt(rateBp);
  const negative = product < 0n;
  const abs = negative ? -product : product;
  let quotient = abs / 10_000n;
  const remainder = abs % 10_000n;
  switch (rule) {
    case 'half-away-from-zero':
      if (remainder * 2n >= 10_000n) quotient += 1n;
      break;
  }
  return Number(negative ? -quotient : quotient);
}

export interface LineInput {
  unitPrice: number;
  quantity: number;
  taxRateBp: number;
}

export interface Amounts {
  subtotal: number;
  tax: number;
  total: number;
}

export interface TaxBreakdownEntry {
  taxRateBp: number;
  base: number;
  tax: number;
}

/** Thrown when a computed amount would leave the supported range; `field` names it. */
export class MoneyRangeError extends Error {
  constructor(readonly field: string) {
    super(`${field} exceeds the largest supported amount`);
    this.name = 'MoneyRangeError';
  }
}

function inRange(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_AMOUNT) throw new MoneyRangeError(field);
  return value;
}

export function lineAmounts(line: LineInput, rule: RoundingRule = 'half-away-from-zero'): Amounts {
  const subtotal = inRange(line.unitPrice * line.quantity, 'subtotal');
  const tax = inRange(applyRate(subtotal, line.taxRateBp, rule), 'tax');
  return { subtotal, tax, total: inRange(subtotal + tax, 'total') };
}

/** Order totals are the sums of the line amounts. */
export function sumAmounts(lines: readonly Amounts[]): Amounts {
  let subtotal = 0;
  let tax = 0;
  for (const l of lines) {
    subtotal = inRange(subtotal + l.subtotal, 'subtotal');
    tax = inRange(tax + l.tax, 'tax');
  }
  return { subtotal, tax, total: inRange(subtotal + tax, 'total') };
}

/** Tax per rate (sums of the lines' bases and taxes), highest rate first. */
export function taxBreakdown(lines: readonly (Amounts & { taxRateBp: number })[]): TaxBreakdownEntry[] {
  const byRate = new Map<number, TaxBreakdownEntry>();
  for (const l of lines) {
    const entry = byRate.get(l.taxRateBp) ?? { taxRateBp: l.taxRateBp, base: 0, tax: 0 };
    entry.base += l.subtotal;
    entry.tax += l.tax;
    byRate.set(l.taxRateBp, entry);
  }
  return [...byRate.values()].sort((a, b) => b.taxRateBp - a.taxRateBp);
}

/**
 * Parses a decimal string in major units ("19.99", "19,99", "20") into exact minor units,
 * without floats. Returns null when the text is not a valid amount for `fractionDigits`.
 */
export function parseMajor(text: string, fractionDigits = 2): number | null {
  const m = /^\s*(\d{1,13})(?:[.,](\d*))?\s*$/.exec(text);
  if (!m) return null;
  const whole = m[1] ?? '0';
  const frac = m[2] ?? '';
  if (frac.length > fractionDigits) return null;
  const value = Number(whole) * 10 ** fractionDigits + Number(frac.padEnd(fractionDigits, '0') || '0');
  return Number.isSafeInteger(value) && value <= MAX_AMOUNT ? value : null;
}

/** Formats minor units as a plain decimal string in major units ("1999" → "19.99"), exactly. */
export function formatMajor(minor: number, fractionDigits = 2): string {
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(fractionDigits + 1, '0');
  const whole = digits.slice(0, digits.length - fractionDigits);
  const frac = digits.slice(digits.length - fractionDigits);
  return `${negative ? '-' : ''}${whole}${fractionDigits > 0 ? `.${frac}` : ''}`;
}
