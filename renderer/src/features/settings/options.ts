import type { TaxRounding } from '../../../../shared/domain/pricing';
import type { Language, Translate } from '../../i18n';
import type { SelectOption } from '../../ui';

/** ISO 4217 codes that are not money a shop takes (the server refuses them too). */
const NOT_MONEY = new Set(['XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX']);

function withCurrent(options: SelectOption[], current: string | undefined): SelectOption[] {
  return current && !options.some((o) => o.value === current) ? [{ value: current, label: current }, ...options] : options;
}

/** The currencies, named in the UI's language. */
export function currencyOptions(t: Translate, language: Language, current?: string): SelectOption[] {
  const names = new Intl.DisplayNames([language], { type: 'currency' });
  const codes = Intl.supportedValuesOf('currency').filter((c) => !NOT_MONEY.has(c));
  return withCurrent(
    codes.map((c) => ({ value: c, label: t('settings.currencyOption', { code: c, name: names.of(c) ?? c }) })),
    current,
  );
}

/** Locales for money and dates on invoices and receipts (the server accepts any BCP 47 tag it supports). */
const LOCALES = [
  'en-US', 'en-GB', 'en-IE', 'en-CA', 'en-AU', 'fr-FR', 'fr-BE', 'fr-CH', 'fr-CA', 'de-DE', 'de-AT', 'de-CH', 'it-IT', 'es-ES', 'es-MX',
  'pt-PT', 'pt-BR', 'nl-NL', 'nl-BE', 'da-DK', 'sv-SE', 'nb-NO', 'fi-FI', 'pl-PL', 'cs-CZ', 'hu-HU', 'ro-RO', 'el-GR', 'tr-TR', 'ja-JP',
];

/** The locales, named in the UI's language. */
export function localeOptions(t: Translate, language: Language, current?: string): SelectOption[] {
  const names = new Intl.DisplayNames([language], { type: 'language' });
  return withCurrent(
    LOCALES.map((l) => ({ value: l, label: t('settings.localeOption', { name: names.of(l) ?? l, code: l }) })),
    current,
  );
}

export function timeZoneOptions(current?: string): SelectOption[] {
  return withCurrent(
    ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')].map((z) => ({ value: z, label: z.replace(/_/g, ' ') })),
    current,
  );
}

export const paperOptions = (t: Translate): SelectOption[] => [
  { value: 'A4', label: t('settings.paperA4') },
  { value: 'Letter', label: t('settings.paperLetter') },
];

export const receiptWidthOptions = (t: Translate): SelectOption[] => [
  { value: '80', label: t('settings.receiptWidthOption', { width: '80' }) },
  { value: '58', label: t('settings.receiptWidthOption', { width: '58' }) },
];

export const taxRoundingOptions = (t: Translate): SelectOption[] => [
  { value: 'line', label: t('settings.taxRoundingLine') },
  { value: 'rate', label: t('settings.taxRoundingRate') },
];

/** One line on what each rounding means, under the select. */
export function taxRoundingHint(t: Translate, rounding: TaxRounding): string {
  return rounding === 'line' ? t('settings.taxRoundingLineHint') : t('settings.taxRoundingRateHint');
}
