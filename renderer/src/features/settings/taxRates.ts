/**
 * Tax classes as the admin screens show and read them: a class's rate today and the change
 * ahead, rates typed as percents in the store's locale ("5,5" in it-IT), and the day a new
 * rate applies from (today or later, as the core requires).
 */
import type { TaxClass } from '../../../../shared/contract';
import type { StoreFormat } from '../../../../shared/domain/format';
import { t } from '../../i18n';
import { parsePercent } from '../products/percent';
import { formatDay } from '../reports/format';

type Rates = Pick<TaxClass, 'rates'>;

/** The rate of the latest day on or before `day`, or the first when every rate starts later. */
export function rateOnDay(tc: Rates, day: string): number {
  let rate = tc.rates[0]?.rateBp ?? 0;
  for (const r of tc.rates) if (r.effectiveFrom <= day) rate = r.rateBp;
  return rate;
}

/** The next rate change after `today`, or null when none is scheduled. */
export function upcomingRate(tc: Rates, today: string): { rateBp: number; effectiveFrom: string } | null {
  return tc.rates.find((r) => r.effectiveFrom > today) ?? null;
}

/** "20 % → 22 % from 1 Jan 2027", or null when no change is scheduled. */
export function rateChangeText(tc: Rates, today: string, fmt: StoreFormat): string | null {
  const next = upcomingRate(tc, today);
  if (!next) return null;
  return t('settings.rateChange', { from: fmt.rate(rateOnDay(tc, today)), to: fmt.rate(next.rateBp), day: formatDay(next.effectiveFrom, fmt.locale) });
}

/** "Reduced · 5,5 %": a class as a select or a list names it. */
export function taxClassLabel(tc: Pick<TaxClass, 'name' | 'rateBp'>, fmt: StoreFormat): string {
  return t('settings.taxClassOption', { name: tc.name, rate: fmt.rate(tc.rateBp) });
}

/** A rate as the store's locale types it: 550 → "5,5" (it-IT), "5.5" (en-US). */
export function toRateInput(bp: number, fmt: StoreFormat): string {
  const whole = Math.trunc(bp / 100);
  const frac = String(bp % 100).padStart(2, '0').replace(/0+$/, '');
  return frac ? `${whole}${fmt.decimalSeparator()}${frac}` : String(whole);
}

/** A rate typed as a percent ("5,5", "5.5 %") as basis points, or the message to show by the field. */
export function readRate(text: string, fmt: StoreFormat): number | string {
  if (!text.trim()) return t('settings.rateRequired');
  return parsePercent(text) ?? t('settings.rateInvalid', { example: toRateInput(550, fmt) });
}

/** What is wrong with the day a new rate applies from ("YYYY-MM-DD", from a date picker), or null. */
export function effectiveFromProblem(day: string, today: string, fmt: StoreFormat): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return t('settings.rateDayRequired');
  if (day < today) return t('settings.rateDayPast', { day: formatDay(today, fmt.locale) });
  return null;
}
