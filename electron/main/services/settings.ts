import type { Sqlite } from '../db/open';

/** Store settings; Admin → Settings edits them. Invoices freeze the seller part at issue. */
export interface StoreSettings {
  storeName: string;
  address: string | null;
  taxId: string | null;
  phone: string | null;
  currency: string;
}

export const defaultSettings: StoreSettings = {
  storeName: 'My Store',
  address: null,
  taxId: null,
  phone: null,
  currency: 'EUR',
};

export class SettingsService {
  private readonly all;
  private cache: StoreSettings | null = null;

  constructor(sqlite: Sqlite) {
    this.all = sqlite.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
  }

  get(): StoreSettings {
    if (!this.cache) {
      const stored = Object.fromEntries(this.all.all().map((r) => [r.key, JSON.parse(r.value) as unknown]));
      this.cache = { ...defaultSettings, ...stored } as StoreSettings;
    }
    return this.cache;
  }

  seller() {
    const s = this.get();
    return { name: s.storeName, address: s.address, taxId: s.taxId, phone: s.phone };
  }

  /** Forget the cached copy (after settings are written). */
  invalidate(): void {
    this.cache = null;
  }
}
