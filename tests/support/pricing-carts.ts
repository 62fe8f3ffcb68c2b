/**
 * Random carts for the pricing property tests (fast-check): 1–8 lines at random prices,
 * quantities and rates (0 included), random line discounts (percent or amount), a random order
 * discount, either price basis and either tax rounding. Every discount is one the contract
 * takes (a percentage with two decimals at most, a whole amount of 1 or more) and no larger
 * than what it is taken off, so every cart can be priced and sold.
 * TESSERA_PRICING_RUNS sets the number of carts (the default runs in seconds).
 */
import fc from 'fast-check';
import { priceCart, type Discount, type PricingLine, type PricingRules } from '../../shared/domain/pricing';

export const PRICING_RUNS = Number(process.env.TESSERA_PRICING_RUNS ?? 0) || null;

/** The rates a store uses, weighted so that lines often share one (per-rate rounding has something to spread). */
export const rateArb = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(0, 550, 700, 1000, 2000, 2100) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 10_000 }) });

/** A discount drawn before the amount it comes off is known: a percentage, or a fraction (‰) of that amount. */
export type DiscountDraw = { kind: 'percent'; hundredths: number } | { kind: 'amount'; permille: number } | null;

export const discountDrawArb: fc.Arbitrary<DiscountDraw> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('percent' as const), hundredths: fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(1000, 1250, 3333, 5000, 10_000)) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('amount' as const), permille: fc.integer({ min: 0, max: 1000 }) }) },
);

/** The discount a draw gives on `amount` (none when an amount would be 0: the contract wants 1 or more). */
export function discountFor(draw: DiscountDraw, amount: number, reason = 'property'): Discount | null {
  if (draw === null) return null;
  if (draw.kind === 'percent') return { kind: 'percent', value: draw.hundredths / 100, reason };
  const value = Math.floor((amount * draw.permille) / 1000);
  return value >= 1 ? { kind: 'amount', value, reason } : null;
}

export const lineDrawArb = fc.record({
  unitPrice: fc.oneof({ weight: 1, arbitrary: fc.constantFrom(0, 1, 99, 100, 999, 1999) }, { weight: 5, arbitrary: fc.integer({ min: 0, max: 200_000 }) }),
  quantity: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 40 })),
  taxRateBp: rateArb,
  discount: discountDrawArb,
});
export type LineDraw = typeof lineDrawArb extends fc.Arbitrary<infer T> ? T : never;

export const rulesArb: fc.Arbitrary<PricingRules> = fc.record({ pricesIncludeTax: fc.boolean(), taxRounding: fc.constantFrom('line' as const, 'rate' as const) });

export interface Cart {
  lines: PricingLine[];
  orderDiscount: Discount | null;
}

/** A cart from its draws: each line's discount on its amount, the order discount on what they leave. */
export function cartOf(lines: readonly LineDraw[], order: DiscountDraw): Cart {
  const priced = lines.map((l) => ({ unitPrice: l.unitPrice, quantity: l.quantity, taxRateBp: l.taxRateBp, discount: discountFor(l.discount, l.unitPrice * l.quantity) }));
  const afterLines = priceCart(priced, null, { pricesIncludeTax: false, taxRounding: 'line' }).lines.reduce((n, l) => n + l.subtotal, 0);
  return { lines: priced, orderDiscount: discountFor(order, afterLines) };
}

export const cartArb: fc.Arbitrary<Cart> = fc.tuple(fc.array(lineDrawArb, { minLength: 1, maxLength: 8 }), discountDrawArb).map(([lines, order]) => cartOf(lines, order));

/** A short text of a cart for a failure report. */
export function describeCart(cart: Cart, rules?: PricingRules): string {
  return JSON.stringify({ rules, lines: cart.lines, orderDiscount: cart.orderDiscount });
}
