/**
 * The store's way of writing dates, times, numbers and money: its locale and its time zone,
 * never the machine's or the browser's. Pure (Intl only): screens, documents and export
 * labels all format through it, and date filters cut days with `storeDayStart`.
 */
import { formatMoney, formatRate } from './currency';

export interface StoreLocale {
  /** BCP 47 tag, e.g. "it-IT". */
  locale: string;
  /** IANA zone, e.g. "Europe/Rome". */
  timeZone: string;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Formatters are costly to build; one per locale, zone and style. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    dateFormats.set(key, f);
  }
  return f;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, f);
  }
  return f;
}

function toDate(time: string | number | Date): Date | null {
  const d = time instanceof Date ? time : new Date(time);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Formats in one store's locale and time zone. An unreadable time is shown as given. */
export class StoreFormat {
  constructor(
    readonly locale: string,
    readonly timeZone: string,
    /** The store currency, for `money` without a currency of its own. */
    readonly currency = 'EUR',
  ) {}

  static of(s: StoreLocale & { currency?: string }): StoreFormat {
    return new StoreFormat(s.locale, s.timeZone, s.currency);
  }

  private fmt(time: string | number | Date, options: Intl.DateTimeFormatOptions): string {
    const d = toDate(time);
    return d ? dateFormat(this.locale, this.timeZone, options).format(d) : String(time);
  }

  /** "6 dic 2026" (it-IT), "Dec 6, 2026" (en-US). */
  date(time: string | number | Date): string {
    return this.fmt(time, { dateStyle: 'medium' });
  }

  /** "03:17" (it-IT), "3:17 AM" (en-US). */
  time(time: string | number | Date, seconds = false): string {
    return this.fmt(time, { timeStyle: seconds ? 'medium' : 'short' });
  }

  /** "6 dic 2026, 03:17" (it-IT), "Dec 6, 2026, 3:17 AM" (en-US). */
  dateTime(time: string | number | Date): string {
    return this.fmt(time, { dateStyle: 'medium', timeStyle: 'short' });
  }

  /** 1234567 → "1.234.567" (it-IT), "1,234,567" (en-US). */
  number(n: number, options?: Intl.NumberFormatOptions): string {
    return numberFormat(this.locale, options).format(n);
  }

  /** Integer minor units → "12,56 €" / "¥1,200", exactly (no float carries money). */
  money(minor: number, currency = this.currency): string {
    return formatMoney(minor, currency, this.locale);
  }

  /** Basis points → "20 %" / "5.5%". */
  rate(bp: number): string {
    return formatRate(bp, this.locale);
  }

  /** The character the locale writes between whole and fraction: "," for it-IT, "." for en-US. */
  decimalSeparator(): string {
    return decimalSeparator(this.locale);
  }

  /** The store's calendar day of an instant, as "YYYY-MM-DD". */
  day(time: string | number | Date): string {
    const d = toDate(time);
    return d ? dayOf(d.getTime(), this.timeZone) : String(time);
  }
}

/** The locale's decimal separator ("," for it-IT). */
export function decimalSeparator(locale: string): string {
  return numberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
}

/** The locale's grouping separator ("." for it-IT, "," for en-US; may be a space). */
export function groupSeparator(locale: string): string {
  return numberFormat(locale).formatToParts(1_234_567).find((p) => p.type === 'group')?.value ?? '';
}

/** The calendar day ("YYYY-MM-DD") an instant falls on in a time zone. */
export function dayOf(ms: number, timeZone: string): string {
  const parts = dateFormat('en-US', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit', hourCycle: 'h23' }).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year').padStart(4, '0')}-${get('month')}-${get('day')}`;
}

/** Midnight UTC of a calendar date, in ms; unlike Date.UTC, years 0–99 are those years, not 1900–1999. */
function utcMidnight(year: number, monthIndex: number, day: number): number {
  return new Date(0).setUTCFullYear(year, monthIndex, day);
}

/** Local time minus UTC, in ms, at an instant. */
function offsetAt(ms: number, timeZone: string): number {
  const parts = dateFormat('en-US', timeZone, {
    year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23',
  }).formatToParts(ms);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = utcMidnight(n('year'), n('month') - 1, n('day')) + ((n('hour') * 60 + n('minute')) * 60 + n('second')) * 1000;
  return local - Math.floor(ms / 1000) * 1000;
}

/** True when `ms` is the first instant of `day` in the zone: on that day, and the instant before is not. */
function startsDay(ms: number, day: string, timeZone: string): boolean {
  return dayOf(ms, timeZone) === day && dayOf(ms - 1, timeZone) < day;
}

/**
 * The first instant (ms since epoch) of a calendar day in a time zone: its midnight, or, where
 * the clocks skip midnight (a DST change at 00:00), the moment the day begins.
 */
export function storeDayStart(day: string, timeZone: string): number {
  const m = DATE_ONLY.exec(day);
  if (!m) throw new RangeError(`not a date: ${day}`);
  const midnightUtc = utcMidnight(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // The zone's offset just before, at and after the day's midnight: one of them is the day's.
  const offsets = new Set([-86_400_000, 0, 86_400_000].map((d) => offsetAt(midnightUtc + d, timeZone)));
  const candidates: number[] = [];
  for (const o of offsets) {
    const t = midnightUtc - o;
    if (startsDay(t, day, timeZone)) candidates.push(t);
  }
  if (candidates.length > 0) return Math.min(...candidates);
  // Midnight skipped by a transition at another time (23:30 → 00:30): search the day's start.
  let lo = midnightUtc - 15 * 3_600_000;
  let hi = midnightUtc + 15 * 3_600_000;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (dayOf(mid, timeZone) < day) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The day after `day` ("2026-12-31" → "2027-01-01"); null after 9999-12-31, the last day a date here can name. */
export function nextDay(day: string): string | null {
  const m = DATE_ONLY.exec(day);
  if (!m) throw new RangeError(`not a date: ${day}`);
  const next = new Date(utcMidnight(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1)).toISOString();
  return DATE_ONLY.test(next.slice(0, 10)) ? next.slice(0, 10) : null;
}

export function isDateOnly(value: string): boolean {
  return DATE_ONLY.test(value);
}
