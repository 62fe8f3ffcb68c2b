/**
 * The UI's money formatting and parsing: the shared rules of shared/domain/currency (the
 * same the invoice PDF uses), in the store's locale. Amounts are integer minor units and
 * reach Intl as exact decimal strings, so no float ever carries money.
 */
import { currencyDigits, formatMoney as formatInLocale } from '../../../shared/domain/currency';
import { formatMajor, parseMajor } from '../../../shared/domain/money';

/** The store's locale (settings.locale), set after sign-in; the shared default until then. */
let storeLocale: string | undefined;

export function setMoneyLocale(locale: string | undefined): void {
  storeLocale = locale;
}

/** Digits after the decimal point for a currency (2 for EUR, 0 for JPY). */
export const fractionDigits = currencyDigits;

/** 1999, 'EUR' → "€19.99" in the store's locale. */
export function formatMoney(minor: number, currency: string): string {
  return formatInLocale(minor, currency, storeLocale);
}

/** "19.99" → 1999 for 'EUR'; null when the text is not an amount. */
export function parseMoney(text: string, currency: string): number | null {
  return parseMajor(text, currencyDigits(currency));
}

/** Minor units as the plain decimal a user types ("19.99"). */
export function toMoneyInput(minor: number, currency: string): string {
  return formatMajor(minor, currencyDigits(currency));
}
