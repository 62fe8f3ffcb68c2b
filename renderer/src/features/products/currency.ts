import { api } from '../../api';

/**
 * The store currency (ISO 4217, from settings.get), for money typed or shown without an
 * order or invoice to carry one (product prices, an empty list's summary). Read afresh by
 * each screen load, so a change in Settings shows at once.
 */
export async function storeCurrency(): Promise<string> {
  return (await api.call('settings.get', {})).currency;
}
