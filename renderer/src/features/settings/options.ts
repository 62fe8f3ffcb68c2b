import type { TaxRounding } from '../../../../shared/domain/pricing';
import type { SelectOption } from '../../ui';

/** ISO 4217 codes that are not money a shop takes (the server refuses them too). */
const NOT_MONEY = new Set(['XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX']);

function withCurrent(options: SelectOption[], current: string | undefined): SelectOption[] {
  return current && !options.some((o) => o.value === current) ? [{ value: current, label: current }, ...options] : options;
}

export function currencyOptions(current?: string): SelectOption[] {
  const names = new Intl.DisplayNames(['en'], { type: 'currency' });
  const codes = Intl.supportedValuesOf('currency').filter((c) => !NOT_MONEY.has(c));
  return withCurrent(
    codes.map((c) => ({ value: c, label: `${c} · ${names.of(c) ?? c}` })),
    current,
  );
}

/** Locales for money and dates on invoices and receipts (the server accepts any BCP 47 tag it supports). */
const LOCALES = [
  'en-US', 'en-GB', 'en-IE', 'en-CA', 'en-AU', 'fr-FR', 'fr-BE', 'fr-CH', 'fr-CA', 'de-DE', 'de-AT', 'de-CH', 'it-IT', 'es-ES', 'es-MX',
  'pt-PT', 'pt-BR', 'nl-NL', 'nl-BE', 'da-DK', 'sv-SE', 'nb-NO', 'fi-FI', 'pl-PL', 'cs-CZ', 'hu-HU', 'ro-RO', 'el-GR', 'tr-TR', 'ja-JP',
];

export function localeOptions(current?: string): SelectOption[] {
  const names = new Intl.DisplayNames(['en'], { type: 'language' });
  return withCurrent(
    LOCALES.map((l) => ({ value: l, label: `${names.of(l) ?? l} (${l})` })),
    current,
  );
}

export function timeZoneOptions(current?: string): SelectOption[] {
  return withCurrent(
    ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')].map((z) => ({ value: z, label: z.replace(/_/g, ' ') })),
    current,
  );
}

export const paperOptions: SelectOption[] = [
  { value: 'A4', label: 'A4 (210 × 297 mm)' },
  { value: 'Letter', label: 'US Letter (8.5 × 11 in)' },
];

export const receiptWidthOptions: SelectOption[] = [
  { value: '80', label: '80 mm' },
  { value: '58', label: '58 mm' },
];

export const taxRoundingOptions: SelectOption[] = [
  { value: 'line', label: 'On each line' },
  { value: 'rate', label: 'Per tax rate on the total' },
];

/** One line on what each rounding means, under the select. */
export const taxRoundingHints: Record<TaxRounding, string> = {
  line: "Each line's tax is rounded, and the invoice adds them up.",
  rate: "The tax of each rate is rounded once on the invoice's total; each line shows its share.",
};
