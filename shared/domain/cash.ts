/**
 * The cash drawer's rules, pure: what a drawer should hold, cash rounding, and counts by
 * denomination. The close screen, X and Z reports and the core all use these.
 */
import { currencyDigits } from './currency';

/** Notes and coins in common use, major units, largest first (the count screen's rows). */
const DENOMINATIONS: Record<string, readonly number[]> = {
  EUR: [500, 200, 100, 50, 20, 10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01],
  USD: [100, 50, 20, 10, 5, 2, 1, 0.25, 0.1, 0.05, 0.01],
  GBP: [50, 20, 10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01],
  CHF: [1000, 200, 100, 50, 20, 10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05],
  JPY: [10000, 5000, 2000, 1000, 500, 100, 50, 10, 5, 1],
  CAD: [100, 50, 20, 10, 5, 2, 1, 0.25, 0.1, 0.05],
  AUD: [100, 50, 20, 10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05],
  SEK: [1000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
  NOK: [1000, 500, 200, 100, 50, 20, 10, 5, 1],
  DKK: [1000, 500, 200, 100, 50, 20, 10, 5, 2, 1, 0.5],
  PLN: [500, 200, 100, 50, 20, 10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01],
  CZK: [5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
};

/**
 * The currency's notes and coins in minor units, largest first. A currency not in the table
 * gets the 1-2-5 series from 1 minor unit up to a thousand major units.
 */
export function denominations(currency: string): number[] {
  const scale = 10 ** currencyDigits(currency);
  const known = DENOMINATIONS[currency];
  if (known) return known.map((d) => Math.round(d * scale));
  const series: number[] = [];
  for (let unit = 1; unit <= 1000 * scale; unit *= 10) series.push(unit, unit * 2, unit * 5);
  return series.filter((d) => d <= 1000 * scale).reverse();
}

/** A count by denomination: how many of each note or coin (minor units). */
export interface CountLine {
  denomination: number;
  quantity: number;
}

/** What a count by denomination adds up to. */
export function countTotal(count: readonly CountLine[]): number {
  return count.reduce((sum, l) => sum + l.denomination * l.quantity, 0);
}

/**
 * Cash due rounded to the store's `cashRounding` increment (minor units), half up; no
 * increment (null, 0 or 1) leaves it as it is. 1559 with 5 → 1560; 1557 → 1555.
 */
export function roundCash(amount: number, increment: number | null): number {
  if (!increment || increment <= 1) return amount;
  return Math.floor((amount + increment / 2) / increment) * increment;
}

/**
 * A cash payment towards an invoice: what it takes and the rounding it records. A payment
 * that clears the balance (the exact balance, or the balance rounded to the increment) takes
 * the rounded balance and records `rounding = balance − taken` (15.59 due, 15.60 taken: −1),
 * so amountPaid + rounding settles the invoice. Any other amount takes itself, no rounding.
 */
export function cashTaken(balance: number, amount: number, increment: number | null): { taken: number; rounding: number } {
  const due = roundCash(balance, increment);
  if (amount === balance || amount === due) return { taken: due, rounding: balance - due };
  return { taken: amount, rounding: 0 };
}

/** What moved through a drawer during a cash session, minor units (all ≥ 0). */
export interface DrawerFlows {
  openingFloat: number;
  /** Cash taken for sales, as handed to the drawer net of change (rounding included). */
  cashPayments: number;
  cashRefunds: number;
  payIns: number;
  payOuts: number;
  drops: number;
}

/**
 * The cash a drawer should hold: float + cash payments − cash refunds + pay-ins − pay-outs −
 * drops. The one rule for the X and Z reports and the close screen.
 */
export function expectedCash(f: DrawerFlows): number {
  return f.openingFloat + f.cashPayments - f.cashRefunds + f.payIns - f.payOuts - f.drops;
}

/** Over (positive) or short (negative): counted against expected. */
export function cashVariance(counted: number, expected: number): number {
  return counted - expected;
}

/** Whether a variance needs a manager's approval to close: beyond the threshold either way. */
export function varianceNeedsApproval(variance: number, approvalAbove: number): boolean {
  return Math.abs(variance) > approvalAbove;
}
