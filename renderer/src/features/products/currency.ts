import { contract } from '../../../../shared/contract';
import { api } from '../../api';

/** The server's currency before an administrator sets another one (services/settings.ts). */
const FALLBACK_CURRENCY = 'EUR';

let cached: Promise<string> | null = null;

async function readStoreCurrency(): Promise<string> {
  // settings.get carries the store currency where the contract has it.
  if (Object.hasOwn(contract, 'settings.get')) {
    try {
      const call = api.call as (method: string, input: object) => Promise<unknown>;
      const settings = await call('settings.get', {});
      const currency = (settings as { currency?: unknown } | null)?.currency;
      if (typeof currency === 'string' && /^[A-Z]{3}$/.test(currency)) return currency;
    } catch {
      // Fall through to what the orders say.
    }
  }
  // Orders are recorded in the store currency.
  const { items } = await api.call('orders.list', { limit: 1 });
  return items[0]?.currency ?? FALLBACK_CURRENCY;
}

/**
 * The store currency (ISO 4217), for money typed or shown without an order or invoice
 * to carry one (product prices, an empty list's summary). Read once per session.
 */
export function storeCurrency(): Promise<string> {
  cached ??= readStoreCurrency().catch((err: unknown) => {
    cached = null;
    throw err;
  });
  return cached;
}

/** Forgets the cached currency (the session ended, or the settings changed). */
export function forgetStoreCurrency(): void {
  cached = null;
}
