/**
 * Date filters: the user picks days in their own time zone (`<input type="date">`, "2026-06-01");
 * the contract takes instants. A day runs from its local midnight to the instant before the next.
 */
function localDay(day: string, offsetDays = 0): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + offsetDays);
}

/** The first instant of a local day, as ISO UTC; undefined for no day. */
export function dayStart(day: string): string | undefined {
  return localDay(day)?.toISOString();
}

/** The last instant (millisecond) of a local day, as ISO UTC; undefined for no day. */
export function dayEnd(day: string): string | undefined {
  const next = localDay(day, 1);
  return next ? new Date(next.getTime() - 1).toISOString() : undefined;
}

/** Today as the value of a date input ("2026-06-01"), in local time. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** "1 Jun 2026, 09:30" in the user's locale and time zone. */
export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** "1 Jun 2026". */
export function formatDate(iso: string): string {
  return dateOnly.format(new Date(iso));
}
