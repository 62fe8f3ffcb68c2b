import { useMemo } from 'react';
import { StoreFormat } from '../../../shared/domain/format';
import type { Settings } from '../../../shared/contract';
import { useStoreSettings } from './settings';

/** Until the settings are read: the browser's own, the best guess there is. */
function browserFormat(): StoreFormat {
  const { locale, timeZone } = Intl.DateTimeFormat().resolvedOptions();
  return new StoreFormat(locale, timeZone || 'UTC');
}

let current: StoreFormat = browserFormat();

/** Called when the settings are read or saved: every format follows the store from then on. */
export function adoptStoreFormat(settings: Pick<Settings, 'locale' | 'timeZone' | 'currency'>): void {
  if (current.locale !== settings.locale || current.timeZone !== settings.timeZone || current.currency !== settings.currency) {
    current = StoreFormat.of(settings);
  }
}

/** The store's format for code outside components (helpers of the screens). */
export function storeFormat(): StoreFormat {
  return current;
}

/**
 * Dates, times, numbers and money in the store's locale and time zone (not the browser's):
 * re-renders when the settings change.
 */
export function useStoreFormat(): StoreFormat {
  const settings = useStoreSettings().data;
  const locale = settings?.locale;
  const timeZone = settings?.timeZone;
  const currency = settings?.currency;
  return useMemo(
    () => (locale && timeZone ? new StoreFormat(locale, timeZone, currency) : current),
    [locale, timeZone, currency],
  );
}
