import { useQuery, type QueryClient, type UseQueryResult } from '@tanstack/react-query';
import type { Settings } from '../../../shared/contract';
import type { ApiError } from '../api';
import { adoptStoreLanguage } from '../i18n';
import { setMoneyLocale } from '../ui/money';
import { useDataClient } from './context';
import { adoptStoreFormat } from './format';
import { contractKey } from './keys';

const key = contractKey('settings.get', {});

/** Money, dates and numbers everywhere are shown in the store's locale and time zone, like on its invoices. */
function adopt(settings: Settings): Settings {
  setMoneyLocale(settings.locale);
  adoptStoreFormat(settings);
  void adoptStoreLanguage(settings.defaultLanguage);
  return settings;
}

/**
 * The store's settings (currency, locale, time zone, receipt width...): the renderer's one
 * read of `settings.get`, cached and re-read when a settings.changed event says so.
 */
export function useStoreSettings(): UseQueryResult<Settings, ApiError> {
  const client = useDataClient();
  return useQuery<Settings, ApiError>({ queryKey: key, queryFn: async () => adopt(await client.call('settings.get', {})) });
}

/** After a save: every screen shows the saved settings at once. */
export function storeSettingsSaved(queryClient: QueryClient, settings: Settings): void {
  queryClient.setQueryData(key, adopt(settings));
}

/** The store currency, or null until the settings are read. */
export function useStoreCurrency(): string | null {
  return useStoreSettings().data?.currency ?? null;
}

