import { MAX_AMOUNT } from '../../../../shared/domain/money';

/** Notes and coins, in major units, that quick cash amounts round up to. */
const steps = [1, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] as const;

/**
 * The next round cash amounts strictly above `amount` (minor units), smallest first:
 * for 12.56 → 13, 15, 20, 50 (in major units). Integer arithmetic only.
 */
export function quickAmounts(amount: number, fractionDigits: number, count = 4): number[] {
  const unit = 10 ** fractionDigits;
  const out: number[] = [];
  for (const step of steps) {
    const size = step * unit;
    const next = amount - (amount % size) + size;
    if (next > MAX_AMOUNT) break;
    if (!out.includes(next)) out.push(next);
    if (out.length === count) break;
  }
  return out;
}
