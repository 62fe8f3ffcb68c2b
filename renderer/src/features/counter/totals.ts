import { lineAmounts, sumAmounts, type Amounts } from '../../../../shared/domain/money';
import { parseQuantity, type CartLine } from './store';

/** A line's amounts for the preview (same rules as the server), or null when its quantity is not valid yet. */
export function previewAmounts(line: CartLine): Amounts | null {
  const quantity = parseQuantity(line.quantityText);
  if (quantity === null) return null;
  try {
    return lineAmounts({ unitPrice: line.unitPrice, taxRateBp: line.taxRateBp, quantity });
  } catch {
    return null;
  }
}

/** The cart's totals, or null while a line's quantity is not valid (or the sum is too large to record). */
export function cartTotals(lines: readonly CartLine[]): { lines: (Amounts | null)[]; totals: Amounts | null } {
  const amounts = lines.map(previewAmounts);
  if (!amounts.every((a) => a !== null)) return { lines: amounts, totals: null };
  try {
    return { lines: amounts, totals: sumAmounts(amounts as Amounts[]) };
  } catch {
    return { lines: amounts, totals: null };
  }
}
