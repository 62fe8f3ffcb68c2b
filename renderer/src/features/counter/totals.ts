/**
 * The cart's figures, by the one pricing rule (shared/domain/pricing) the core uses, and who
 * must approve them (shared/domain/discountPolicy). Pure: plain cart lines and rules in, figures
 * out, so the preview is exactly what the store will record.
 */
import { approvalNeeds, type ApprovalNeed, type PolicyLine } from '../../../../shared/domain/discountPolicy';
import { DiscountError, priceCart, type Discount, type PricedCart, type PricedLine, type PricingLine, type PricingRules } from '../../../../shared/domain/pricing';
import { parseQuantity } from './quantity';
import type { CartLine } from './cartLine';

export type { PricingRules };

/** The rules until the store's settings are read (tax-exclusive, rounded per line). */
export const defaultRules: PricingRules = { pricesIncludeTax: false, taxRounding: 'line' };

/** What the line sells at per unit: its typed price, else its product's; null for an open price not typed yet. */
export function linePrice(line: CartLine): number | null {
  if (line.price) return line.price.unitPrice;
  return line.openPrice ? null : line.unitPrice;
}

/** The line as priced, or null while its quantity (or its open price) is not there yet. */
function pricingLine(line: CartLine): PricingLine | null {
  const quantity = parseQuantity(line.quantityText);
  const unitPrice = linePrice(line);
  if (quantity === null || unitPrice === null) return null;
  return { unitPrice, quantity, taxRateBp: line.taxRateBp, discount: line.discount ?? null };
}

export interface CartFigures {
  /** Each line priced (null while it cannot be: quantity, open price, or its discount is too large). */
  lines: (PricedLine | null)[];
  /** The cart's totals, or null while a line cannot be priced or the order discount is too large (or the sum is too large to record). */
  totals: PricedCart['totals'] | null;
  /** A discount larger than what it is taken off: the line's product id, or 'order'. */
  discountTooLarge: string | null;
}

/**
 * The cart priced as the core will price it: `cartTotals(lines, orderDiscount, rules)`.
 * While the whole cart cannot be priced, each line that can is priced alone (without the order
 * discount), so the lines still show their figures.
 */
export function cartTotals(lines: readonly CartLine[], orderDiscount: Discount | null, rules: PricingRules): CartFigures {
  const pricing = lines.map(pricingLine);
  const alone = () =>
    pricing.map((l) => {
      if (!l) return null;
      try {
        return priceCart([l], null, rules).lines[0] ?? null;
      } catch {
        return null;
      }
    });
  if (!pricing.every((l): l is PricingLine => l !== null)) return { lines: alone(), totals: null, discountTooLarge: null };
  try {
    const priced = priceCart(pricing, orderDiscount, rules);
    return { lines: priced.lines, totals: priced.totals, discountTooLarge: null };
  } catch (err) {
    let tooLarge: string | null = null;
    if (err instanceof DiscountError) {
      const [head, index] = err.field;
      tooLarge = head === 'lines' && typeof index === 'number' ? (lines[index]?.productId ?? null) : 'order';
    }
    return { lines: alone(), totals: null, discountTooLarge: tooLarge };
  }
}

/** What a manager must approve in the cart (empty: the cashier may alone); the core's rule on the same figures. */
export function cartApprovalNeeds(lines: readonly CartLine[], orderDiscount: Discount | null, rules: PricingRules, maxPercent: number): ApprovalNeed[] {
  const pricing = lines.map(pricingLine);
  if (!pricing.every((l): l is PricingLine => l !== null)) return [];
  let priced: PricedCart;
  try {
    priced = priceCart(pricing, orderDiscount, rules);
  } catch {
    return [];
  }
  const policy = lines.map(
    (l, i): PolicyLine => ({
      listPrice: l.openPrice ? null : l.unitPrice,
      unitPrice: pricing[i]?.unitPrice ?? l.unitPrice,
      quantity: pricing[i]?.quantity ?? 0,
      cost: l.cost ?? null,
    }),
  );
  return approvalNeeds(policy, priced, maxPercent);
}
