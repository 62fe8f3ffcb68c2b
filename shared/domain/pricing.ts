/**
 * The one pricing rule: what a cart's lines cost after discounts, their tax and totals, for
 * tax-exclusive or tax-inclusive prices and tax rounded per line or per rate. The counter's
 * preview, the core, documents, exports and reports all take their figures from here, so they
 * can never disagree. Integer minor units throughout; BigInt where a product could overflow.
 */
import { MAX_AMOUNT, MoneyRangeError, applyRate, type Amounts } from './money';

export const discountKinds = ['percent', 'amount'] as const;
export type DiscountKind = (typeof discountKinds)[number];
export const taxRoundings = ['line', 'rate'] as const;
export type TaxRounding = (typeof taxRoundings)[number];
export const priceBases = ['net', 'gross'] as const;
export type PriceBasis = (typeof priceBases)[number];

/** A discount as given: `value` is a percentage (10 = 10 %, two decimals at most) or an amount in minor units. */
export interface Discount {
  kind: DiscountKind;
  value: number;
  reason: string;
}

export interface PricingRules {
  pricesIncludeTax: boolean;
  taxRounding: TaxRounding;
}

export interface PricingLine {
  /** Per unit, in the store's basis (net, or gross when prices include tax). */
  unitPrice: number;
  quantity: number;
  taxRateBp: number;
  discount?: Discount | null;
}

export interface PricedLine extends Amounts {
  /** unitPrice × quantity, before any discount (in the store's basis). */
  amount: number;
  /** What the line's own discount took off. */
  lineDiscount: number;
  /** The line's share of the order discount. */
  orderDiscount: number;
}

export interface PricedCart {
  lines: PricedLine[];
  /** subtotal (net), tax and total (what the customer pays) after every discount. */
  totals: Amounts & { discount: number; orderDiscount: number };
}

/** A discount that cannot be applied (larger than what it is taken off); `field` names it. */
export class DiscountError extends Error {
  constructor(
    readonly field: (string | number)[],
    message: string,
    /** What the discount was taken off (minor units). */
    readonly amount: number,
  ) {
    super(message);
    this.name = 'DiscountError';
  }
}

/** A percentage (two decimals at most) as basis points: 12.5 → 1250. */
export function percentBp(value: number): number {
  return Math.round(value * 100);
}

/** What `discount` takes off `amount`: a percentage rounded half away from zero, or the amount itself. */
export function discountOf(amount: number, discount: Discount | null | undefined, field: (string | number)[]): number {
  if (!discount) return 0;
  const off = discount.kind === 'percent' ? applyRate(amount, percentBp(discount.value)) : discount.value;
  if (off > amount) throw new DiscountError(field, `is more than the ${amount} it is taken off`, amount);
  return off;
}

/**
 * Splits `total` over `weights` in proportion, by the largest-remainder method: each part is
 * its exact share rounded down, and what is left goes one unit at a time to the largest
 * remainders, ties to the earlier part. The parts always add up to `total`.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((n, w) => n + w, 0);
  if (sum === 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const T = BigInt(total);
  const S = BigInt(sum);
  const parts = weights.map((w) => (T * BigInt(w)) / S);
  const remainders = weights.map((w, i) => ({ i, r: (T * BigInt(w)) % S }));
  let left = total - parts.reduce((n, p) => n + Number(p), 0);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  const out = parts.map(Number);
  for (const { i } of remainders) {
    if (left <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
    left -= 1;
  }
  return out;
}

/** The tax inside a gross amount: gross × r / (1 + r), rounded half away from zero. */
export function extractTax(gross: number, rateBp: number): number {
  const num = BigInt(gross) * BigInt(rateBp);
  const den = BigInt(10_000 + rateBp);
  const q = num / den;
  return Number((num % den) * 2n >= den ? q + 1n : q);
}

/** The tax on `base` (net, or gross when prices include tax) at `rateBp`, rounded once. */
function taxOn(base: number, rateBp: number, rules: PricingRules): number {
  return rules.pricesIncludeTax ? extractTax(base, rateBp) : applyRate(base, rateBp);
}

function inRange(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_AMOUNT) throw new MoneyRangeError(field);
  return value;
}

/**
 * Prices a cart. Each line's amount is unitPrice × quantity; its own discount comes off; the
 * order discount is spread over the lines in proportion to what is left of them (largest
 * remainder, ties to the earlier line); tax is computed after discounts, per line or per rate
 * (then each line's tax is its share of its rate's tax, so the lines still add up).
 * Throws MoneyRangeError (a sum too large) or DiscountError (a discount larger than its amount).
 */
export function priceCart(lines: readonly PricingLine[], orderDiscount: Discount | null | undefined, rules: PricingRules): PricedCart {
  const amounts = lines.map((l) => inRange(l.unitPrice * l.quantity, 'subtotal'));
  const lineDiscounts = lines.map((l, i) => discountOf(amounts[i] ?? 0, l.discount, ['lines', i, 'discount', 'value']));
  const afterLine = amounts.map((a, i) => a - (lineDiscounts[i] ?? 0));
  const cart = inRange(afterLine.reduce((n, a) => n + a, 0), 'subtotal');
  const orderOff = discountOf(cart, orderDiscount, ['discount', 'value']);
  const shares = allocate(orderOff, afterLine);
  const bases = afterLine.map((a, i) => a - (shares[i] ?? 0));

  let taxes: number[];
  if (rules.taxRounding === 'line') {
    taxes = bases.map((b, i) => taxOn(b, lines[i]?.taxRateBp ?? 0, rules));
  } else {
    taxes = bases.map(() => 0);
    const byRate = new Map<number, number[]>();
    lines.forEach((l, i) => byRate.set(l.taxRateBp, [...(byRate.get(l.taxRateBp) ?? []), i]));
    for (const [rateBp, indexes] of byRate) {
      const rateBase = indexes.reduce((n, i) => n + (bases[i] ?? 0), 0);
      const parts = allocate(taxOn(rateBase, rateBp, rules), indexes.map((i) => bases[i] ?? 0));
      indexes.forEach((i, k) => (taxes[i] = parts[k] ?? 0));
    }
  }

  const priced = bases.map((base, i): PricedLine => {
    const tax = taxes[i] ?? 0;
    const subtotal = rules.pricesIncludeTax ? base - tax : base;
    return {
      amount: amounts[i] ?? 0,
      lineDiscount: lineDiscounts[i] ?? 0,
      orderDiscount: shares[i] ?? 0,
      subtotal,
      tax: inRange(tax, 'tax'),
      total: inRange(subtotal + tax, 'total'),
    };
  });
  let subtotal = 0;
  let tax = 0;
  let discount = 0;
  for (const l of priced) {
    subtotal = inRange(subtotal + l.subtotal, 'subtotal');
    tax = inRange(tax + l.tax, 'tax');
    discount += l.lineDiscount + l.orderDiscount;
  }
  return { lines: priced, totals: { subtotal, tax, total: inRange(subtotal + tax, 'total'), discount, orderDiscount: orderOff } };
}

/** What one unit sells for, shown on shelves and in the product grid: gross in either basis. */
export function shelfPrice(unitPrice: number, taxRateBp: number, rules: Pick<PricingRules, 'pricesIncludeTax'>): number {
  return rules.pricesIncludeTax ? unitPrice : unitPrice + applyRate(unitPrice, taxRateBp);
}
