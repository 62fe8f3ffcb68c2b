/**
 * The one money formatter and parser of the UI. Amounts are integer minor units; they are
 * turned into exact decimal strings before Intl formats them, so no float ever carries money.
 */
import { formatMajor, parseMajor } from '../../../shared/domain/money';

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string): Intl.NumberFormat {
  let f = formatters.get(currency);
  if (!f) {
    f = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    formatters.set(currency, f);
  }
  return f;
}

/** Digits after the decimal point for a currency (2 for EUR, 0 for JPY). */
export function fractionDigits(currency: string): number {
  return formatter(currency).resolvedOptions().maximumFractionDigits ?? 2;
}

/** 1999, 'EUR' → "€19.99" (in the user's locale). */
export function formatMoney(minor: number, currency: string): string {
  // Intl formats a decimal string exactly (no conversion to a binary float).
  return formatter(currency).format(formatMajor(minor, fractionDigits(currency)) as `${number}`);
}

/** "19.99" → 1999 for 'EUR'; null when the text is not an amount. */
export function parseMoney(text: string, currency: string): number | null {
  return parseMajor(text, fractionDigits(currency));
}

/** Minor units as the plain decimal a user types ("19.99"). */
export function toMoneyInput(minor: number, currency: string): string {
  return formatMajor(minor, fractionDigits(currency));
}
