import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { ParsedInput } from '../../../shared/contract';
import { MAX_LOGO_BYTES, type LogoInfo, type PaperSize, type ReceiptWidth, type Settings } from '../../../shared/contract/settings';
import { defaultMaxChange } from '../../../shared/domain/currency';
import type { TaxRounding } from '../../../shared/domain/pricing';
import type { DocumentLanguage, Language } from '../../../shared/i18n/languages';
import { AppError } from '../../../shared/errors';
import { iso } from '../clock';
import { invoices, orders, settings } from '../db/schema';
import type { Actor, ServiceDeps } from './deps';
import { sniffImage } from './documents/image';
import { canonicalJson } from './events';

export interface StoredLogo extends LogoInfo {
  /** The image bytes, base64. */
  data: string;
}

/** Store settings; Admin → Settings edits them. Invoices freeze the seller part at issue. */
export interface StoreSettings {
  storeName: string;
  address: string | null;
  taxId: string | null;
  phone: string | null;
  currency: string;
  locale: string;
  timeZone: string;
  invoiceFooter: string | null;
  paperSize: PaperSize;
  receiptWidth: ReceiptWidth;
  logo: StoredLogo | null;
  /** Null: the currency's default (shared/domain/currency defaultMaxChange). */
  maxChange: number | null;
  quantityConfirmAbove: number;
  lockAfterIdleMinutes: number;
  /** Cash due rounded to this increment (minor units); null: none. */
  cashRounding: number | null;
  varianceApprovalAbove: number;
  blindCount: boolean;
  returnWindowDays: number;
  receiptlessPriceWindowDays: number;
  voucherValidityDays: number;
  returnReasons: string[];
  pricesIncludeTax: boolean;
  taxRounding: TaxRounding;
  discountReasons: string[];
  cashierMaxDiscountPercent: number;
  defaultLanguage: Language;
  documentLanguage: DocumentLanguage;
}

type Key = keyof StoreSettings;

/** This machine's time zone: the default until the store sets one. */
function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export const defaultSettings: Omit<StoreSettings, 'timeZone'> = {
  storeName: 'My Store',
  address: null,
  taxId: null,
  phone: null,
  currency: 'EUR',
  locale: 'en-US',
  invoiceFooter: null,
  paperSize: 'A4',
  receiptWidth: 80,
  logo: null,
  maxChange: null,
  quantityConfirmAbove: 999,
  lockAfterIdleMinutes: 10,
  cashRounding: null,
  varianceApprovalAbove: 1000,
  blindCount: false,
  returnWindowDays: 30,
  receiptlessPriceWindowDays: 90,
  voucherValidityDays: 365,
  returnReasons: ['Changed mind', 'Wrong size', 'Damaged', 'Faulty', 'Not as described'],
  pricesIncludeTax: false,
  taxRounding: 'line',
  discountReasons: ['Damaged', 'Price match', 'Loyal customer', 'Staff', 'Promotion'],
  cashierMaxDiscountPercent: 10,
  defaultLanguage: 'en',
  documentLanguage: 'en',
};

const keys: readonly Key[] = [...(Object.keys(defaultSettings) as Key[]), 'timeZone'];

/** What the audit trail records of a value: the logo by its hash, never its bytes. */
function audited(key: Key, value: unknown): unknown {
  if (key !== 'logo' || value === null) return value;
  const { contentType, bytes, sha256 } = value as StoredLogo;
  return { contentType, bytes, sha256 };
}

export class SettingsService {
  private readonly q;
  private cache: StoreSettings | null = null;
  private logoCache: { sha256: string; data: Buffer } | null = null;

  constructor(private readonly d: ServiceDeps) {
    const db = d.db;
    const ph = sql.placeholder;
    this.q = {
      all: db.select().from(settings).prepare(),
      put: db
        .insert(settings)
        .values({ key: ph('key'), value: ph('value') })
        .onConflictDoUpdate({ target: settings.key, set: { value: sql.raw(`excluded.${settings.value.name}`) } })
        .prepare(),
      remove: db.delete(settings).where(eq(settings.key, ph('key'))).prepare(),
      // EXISTS has no drizzle form that reads as clearly: raw, over the schema's tables.
      hasSales: db
        .select({ n: sql<number>`EXISTS (SELECT 1 FROM ${orders}) OR EXISTS (SELECT 1 FROM ${invoices})` })
        .from(sql`(SELECT 1)`)
        .prepare(),
    };
  }

  get(): StoreSettings {
    if (!this.cache) {
      const stored = Object.fromEntries(
        this.q.all
          .all()
          .filter((r) => (keys as readonly string[]).includes(r.key))
          .map((r) => [r.key, JSON.parse(r.value) as unknown]),
      );
      this.cache = { ...defaultSettings, timeZone: machineTimeZone(), ...stored } as StoreSettings;
    }
    return this.cache;
  }

  /** True once sales exist: they are recorded in the store currency, so it can no longer change. */
  currencyLocked(): boolean {
    return this.q.hasSales.get()?.n === 1;
  }

  /** The settings as the contract shows them (the logo by its description, not its bytes). */
  view(): Settings {
    const { logo, ...rest } = this.get();
    return {
      ...rest,
      maxChange: rest.maxChange ?? defaultMaxChange(rest.currency),
      logo: logo && { contentType: logo.contentType, bytes: logo.bytes, width: logo.width, height: logo.height, sha256: logo.sha256 },
      currencyLocked: this.currencyLocked(),
    };
  }

  seller() {
    const s = this.get();
    return { name: s.storeName, address: s.address, taxId: s.taxId, phone: s.phone };
  }

  /** The logo's bytes, or null when the store has none. */
  logo(): { contentType: LogoInfo['contentType']; data: Buffer; width: number; height: number } | null {
    const logo = this.get().logo;
    if (!logo) return null;
    if (this.logoCache?.sha256 !== logo.sha256) this.logoCache = { sha256: logo.sha256, data: Buffer.from(logo.data, 'base64') };
    return { contentType: logo.contentType, data: this.logoCache.data, width: logo.width, height: logo.height };
  }

  /**
   * Applies the given fields; every value is checked before anything is written, and the
   * change and its `settings.updated` event commit together. Returns the new settings.
   */
  update(input: ParsedInput<'settings.update'>, actor: Actor): Settings {
    const patch: Partial<StoreSettings> = {};
    for (const key of keys) {
      if (key === 'logo') continue;
      const value = input[key];
      if (value !== undefined) Object.assign(patch, { [key]: value });
    }
    if (input.logo !== undefined) patch.logo = input.logo === null ? null : decodeLogo(input.logo);

    try {
      this.d.tx(() => {
        this.invalidate();
        const current = this.get();
        const changed = keys.filter((k) => k in patch && canonicalJson(patch[k]) !== canonicalJson(current[k]));
        if (changed.includes('pricesIncludeTax') && this.currencyLocked()) {
          throw AppError.rule('pricesIncludeTax', 'pricesIncludeTaxLocked', { included: current.pricesIncludeTax ? 'yes' : 'no' });
        }
        if (changed.includes('currency') && this.currencyLocked()) {
          throw AppError.rule('currency', 'currencyLocked', { currency: current.currency });
        }
        if (changed.length === 0) return;
        for (const k of changed) {
          const value = patch[k];
          if ((k === 'logo' || k === 'maxChange') && value === null) this.q.remove.run({ key: k });
          else this.q.put.run({ key: k, value: JSON.stringify(value) });
        }
        this.d.events.append({
          at: iso(this.d.clock()),
          actor: actor.userId,
          type: 'settings.updated',
          entity: 'settings',
          entityId: null,
          before: Object.fromEntries(changed.map((k) => [k, audited(k, current[k])])),
          after: Object.fromEntries(changed.map((k) => [k, audited(k, patch[k])])),
        });
        this.d.changed({ event: 'settings.changed', data: { keys: changed } });
        this.d.hooks.beforeCommit?.('settings.update');
      });
    } finally {
      this.invalidate();
    }
    return this.view();
  }

  /** Forget the cached copy (after settings are written). */
  invalidate(): void {
    this.cache = null;
  }
}

/** Base64 → a stored logo, or VALIDATION naming `logo`: PNG or JPEG by its bytes, at most 512 KiB. */
function decodeLogo(base64: string): StoredLogo {
  const data = Buffer.from(base64, 'base64');
  if (data.length > MAX_LOGO_BYTES) throw AppError.rule('logo', 'logoTooLarge');
  const info = sniffImage(data);
  if (!info) throw AppError.rule('logo', 'logoNotImage');
  return {
    ...info,
    bytes: data.length,
    sha256: crypto.createHash('sha256').update(data).digest('hex'),
    data: data.toString('base64'),
  };
}
