import { useEffect, useState } from 'react';
import type { Translate } from '../../i18n';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long ago `iso` was, short: "now", "4 min", "2 h 5 min", "3 d" (in the user's language). */
export function formatAge(iso: string, now: number, t: Translate): string {
  const ms = Math.max(0, now - Date.parse(iso));
  if (ms < MINUTE) return t('orders.ageNow');
  if (ms < HOUR) return t('orders.ageMinutes', { minutes: Math.floor(ms / MINUTE) });
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR);
    const m = Math.floor((ms % HOUR) / MINUTE);
    return m > 0 && h < 10 ? t('orders.ageHoursMinutes', { hours: h, minutes: m }) : t('orders.ageHours', { hours: h });
  }
  return t('orders.ageDays', { days: Math.floor(ms / DAY) });
}

/** The current time, re-read every `everyMs` so ages stay fresh. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}
