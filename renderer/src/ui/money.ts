/**
 * The UI's money formatting and parsing: the shared rules of shared/domain/currency (the
 * same the invoice PDF uses), in the store's locale. Amounts are integer minor units and
 * reach Intl as exact decimal strings, so no float ever carries money.
 */
import { currencyDigits, formatMoney as formatInLocale } from '../../../shared/domain/currency';
import { decimalSeparator, groupSeparator, StoreFormat } from '../../../shared/domain/format';
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

/** A count in the store's locale ("1.234" in it-IT). */
export function formatCount(n: number): string {
  return new StoreFormat(storeLocale ?? 'en-US', 'UTC').number(n);
}

/**
 * What a user typed → minor units; null when it is not an amount. Either "." or "," separates the
 * fraction ("19.99", "19,99": a keypad may have either); the store locale's grouping is taken out
 * when the text also has the locale's decimal separator after it ("1.234,56" in it-IT).
 */
export function parseMoney(text: string, currency: string): number | null {
  const locale = storeLocale ?? 'en-US';
  const decimal = decimalSeparator(locale);
  // Narrow and no-break spaces (fr-FR, de-CH groups) are read as plain spaces.
  const g = groupSeparator(locale).replace(/[\u00a0\u202f]/g, ' ');
  let plain = text.trim().replace(/[\u00a0\u202f]/g, ' ');
  const point = plain.lastIndexOf(decimal);
  if (g && point > 0 && plain.slice(0, point).includes(g)) {
    const whole = plain.slice(0, point);
    // Groups of three digits only: "1.23,4" is a typo, not an amount.
    if (!new RegExp(`^\\d{1,3}(${escapeRegExp(g)}\\d{3})+$`).test(whole)) return null;
    plain = whole.split(g).join('') + plain.slice(point);
  }
  return parseMajor(plain, currencyDigits(currency));
}

/** Minor units as the plain decimal a user types, with the store locale's separator ("19,99" in it-IT). */
export function toMoneyInput(minor: number, currency: string): string {
  const text = formatMajor(minor, currencyDigits(currency));
  const decimal = decimalSeparator(storeLocale ?? 'en-US');
  return decimal === '.' ? text : text.replace('.', decimal);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
