import { storeFormat } from '../../data/format';

/**
 * Date filters: the user picks store days (`<input type="date">`, "2026-06-01"); the server cuts
 * a date at the store's midnight in its time zone, so the day goes as it is.
 */
function storeDay(day: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : undefined;
}

/** The `from` of a store day ("2026-06-01"); undefined for no day. */
export function dayStart(day: string): string | undefined {
  return storeDay(day);
}

/** The `to` of a store day: the server includes the whole day; undefined for no day. */
export function dayEnd(day: string): string | undefined {
  return storeDay(day);
}

/** Today in the store's time zone, as the value of a date input ("2026-06-01"). */
export function today(): string {
  return storeFormat().day(Date.now());
}

/** "6 dic 2026, 03:17" in the store's locale and time zone. */
export function formatDateTime(iso: string): string {
  return storeFormat().dateTime(iso);
}

/** "6 dic 2026". */
export function formatDate(iso: string): string {
  return storeFormat().date(iso);
}
