/**
 * Currencies, locales and money formatting, pure (Intl only): the same on both sides.
 * Amounts stay integer minor units; formatting goes through the exact decimal string
 * of `formatMajor`, never through a float.
 */
import { formatMajor } from './money';

/** ISO 4217 codes Intl knows that are not money a shop takes (funds, metals, test codes). */
const NOT_MONEY = new Set(['XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX']);

let currencies: readonly string[] | null = null;

/** The ISO 4217 codes a store may use, sorted. */
export function supportedCurrencies(): readonly string[] {
  currencies ??= Intl.supportedValuesOf('currency').filter((c) => !NOT_MONEY.has(c));
  return currencies;
}

export function isSupportedCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && supportedCurrencies().includes(code);
}

const digitsCache = new Map<string, number>();

/** Digits of the minor unit: 2 for EUR (cents), 0 for JPY, 3 for BHD. */
export function currencyDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** A BCP 47 tag Intl formats numbers and dates for, in canonical form; null when it is not one. */
export function canonicalLocale(tag: string): string | null {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (!canonical || Intl.NumberFormat.supportedLocalesOf([canonical]).length === 0) return null;
    return canonical;
  } catch {
    return null;
  }
}

/** An IANA time zone Intl knows (aliases accepted), in the form Intl reports; null when unknown. */
export function canonicalTimeZone(zone: string): string | null {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

const formatters = new Map<string, Intl.NumberFormat>();

function moneyFormatter(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let nf = formatters.get(key);
  if (!nf) {
    nf = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, nf);
  }
  return nf;
}

/**
 * Minor units → "€12.56" / "12,56 €" / "¥1,200": the exact decimal string goes to Intl
 * (which formats strings without passing through a float).
 */
export function formatMoney(minor: number, currency: string, locale = 'en-US'): string {
  return moneyFormatter(currency, locale).format(formatMajor(minor, currencyDigits(currency)) as Intl.StringNumericLiteral);
}

/** Basis points → "20%", "5.5%" (locale-aware, exact). */
export function formatRate(bp: number, locale = 'en-US'): string {
  const key = `${locale}|%`;
  let nf = formatters.get(key);
  if (!nf) {
    nf = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 });
    formatters.set(key, nf);
  }
  return nf.format(formatMajor(bp, 4) as Intl.StringNumericLiteral);
}

/** The largest banknote in common use, in major units, for the currencies a shop is most likely to keep. */
const LARGEST_BANKNOTE: Record<string, number> = {
  EUR: 500, GBP: 50, USD: 100, CHF: 1000, JPY: 10000, CAD: 100, AUD: 100, NZD: 100, SEK: 1000, NOK: 1000,
  DKK: 1000, PLN: 500, CZK: 5000, HUF: 20000, RON: 500, BGN: 100, ISK: 10000, TRY: 200, RUB: 5000, UAH: 1000,
  INR: 500, CNY: 100, HKD: 1000, SGD: 1000, KRW: 50000, TWD: 2000, THB: 1000, MYR: 100, IDR: 100000, PHP: 1000,
  BRL: 200, MXN: 1000, ARS: 20000, CLP: 20000, COP: 100000, ZAR: 200, NGN: 1000, EGP: 200, MAD: 200, ILS: 200,
  AED: 1000, SAR: 500,
};

/** For a currency not in the table: a thousand major units. */
const FALLBACK_BANKNOTE = 1000;

/**
 * The default most change a cash tender may give (setting `maxChange`), in minor units: the
 * largest banknote of the currency, since a customer never hands over more than one note too many.
 */
export function defaultMaxChange(currency: string): number {
  return (LARGEST_BANKNOTE[currency] ?? FALLBACK_BANKNOTE) * 10 ** currencyDigits(currency);
}

/** A tender as far as change goes: cash may be handed over above its amount. */
export interface ChangeTender {
  method: string;
  amount: number;
  tendered?: number | null;
}

/** The change a tender gives: cash handed over beyond its amount; nothing for card, other, or exact cash. */
export function tenderChange(t: ChangeTender): number {
  return t.method === 'cash' && t.tendered != null && t.tendered > t.amount ? t.tendered - t.amount : 0;
}

/** A sale's change: the sum over its tenders (what the store's `maxChange` limits). */
export function saleChange(tenders: readonly ChangeTender[]): number {
  return tenders.reduce((sum, t) => sum + tenderChange(t), 0);
}
