import { z } from 'zod';
import { canonicalLocale, canonicalTimeZone, isSupportedCurrency } from '../domain/currency';
import { MAX_AMOUNT, MAX_QUANTITY } from '../domain/money';
import { taxRoundings } from '../domain/pricing';
import { documentLanguages, uiLanguages } from '../i18n/languages';
import { contractMessage as msg } from '../errors';
import { empty, longText, searchText, text } from './common';
import { method } from './define';

export const paperSizes = ['A4', 'Letter'] as const;
export const receiptWidths = [58, 80] as const;
export const paperSize = z.enum(paperSizes);
export const receiptWidth = z.union([z.literal(58), z.literal(80)]);
export type PaperSize = z.infer<typeof paperSize>;
export type ReceiptWidth = z.infer<typeof receiptWidth>;

/** The largest logo, in bytes (PNG or JPEG, told apart by their first bytes). */
export const MAX_LOGO_BYTES = 512 * 1024;
/** Base64 length of MAX_LOGO_BYTES. */
const MAX_LOGO_BASE64 = Math.ceil(MAX_LOGO_BYTES / 3) * 4;
export const logoTypes = ['image/png', 'image/jpeg'] as const;

export const logoInfo = z.object({
  contentType: z.enum(logoTypes),
  bytes: z.number().int().min(1).max(MAX_LOGO_BYTES),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Hex SHA-256 of the image bytes: changes whenever the logo does. */
  sha256: z.string(),
});
export type LogoInfo = z.infer<typeof logoInfo>;

export const settings = z.object({
  storeName: z.string(),
  address: z.string().nullable(),
  taxId: z.string().nullable(),
  phone: z.string().nullable(),
  /** ISO 4217; fixed once the first order exists (orders and invoices are recorded in it). */
  currency: z.string(),
  /** BCP 47 tag used to format money and dates on invoices and receipts. */
  locale: z.string(),
  /** IANA time zone for dates on invoices and receipts. */
  timeZone: z.string(),
  invoiceFooter: z.string().nullable(),
  paperSize,
  receiptWidth,
  logo: logoInfo.nullable(),
  /** The most change a cash tender may give, minor units (default: the largest banknote in common use for the currency). */
  maxChange: z.number().int().positive(),
  /** A typed quantity above this asks the cashier to confirm. */
  quantityConfirmAbove: z.number().int().positive(),
  /** A shared terminal locks after this many idle minutes (0: never). */
  lockAfterIdleMinutes: z.number().int().min(0),
  /** Cash due is rounded to this increment, minor units (5: CHF 0.05); null: no rounding. */
  cashRounding: z.number().int().positive().nullable(),
  /** Closing a cash session over or short by more than this (minor units) needs a manager's approval. */
  varianceApprovalAbove: z.number().int().min(0),
  /** Cashiers count the drawer before they see what it should hold. */
  blindCount: z.boolean(),
  /** Cashiers take returns with a receipt for this many days after the sale; later, a manager approves. */
  returnWindowDays: z.number().int().min(0),
  /** A return without a receipt refunds the lowest price the product sold for in this many days. */
  receiptlessPriceWindowDays: z.number().int().min(1),
  /** A voucher can be spent for this many days after it is issued. */
  voucherValidityDays: z.number().int().min(1),
  /** The reasons offered for a returned line (free text is accepted too). */
  returnReasons: z.array(z.string()),
  /** Shelf prices include tax (the customer pays the price shown); fixed once the first order exists, like the currency. */
  pricesIncludeTax: z.boolean(),
  /** Where tax is rounded: per line, or per tax rate on the invoice (each line's tax is then its share). */
  taxRounding: z.enum(taxRoundings),
  /** The reasons offered for a discount or a price override (free text is accepted too). */
  discountReasons: z.array(z.string()),
  /** The largest discount or price reduction (percent of the price) a cashier gives without a manager. */
  cashierMaxDiscountPercent: z.number().int().min(0).max(100),
  /** What the sign-in screen speaks, and every user who has not chosen a language. */
  defaultLanguage: z.enum(uiLanguages),
  /** What the store's documents (receipt, invoice, credit note, Z report, XLSX labels) are written in, whoever prints them. */
  documentLanguage: z.enum(documentLanguages),
  /** True once orders exist: `currency` and `pricesIncludeTax` can no longer change. */
  currencyLocked: z.boolean(),
});
export type Settings = z.infer<typeof settings>;

/** An optional text: trimmed; empty clears it (null). Single-line ones follow the shared single-line rule. */
function clearableText(max: number, multiline = false) {
  return (multiline ? longText(max) : searchText(max)).transform((s) => (s === '' ? null : s)).nullable();
}

export const settingsUpdate = z.strictObject({
  storeName: text(120).optional(),
  address: clearableText(500, true).optional(),
  taxId: clearableText(40).optional(),
  phone: clearableText(40).optional(),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .refine(isSupportedCurrency, msg('unknownCurrency'))
    .optional(),
  locale: z
    .string()
    .trim()
    .max(35)
    .refine((s) => canonicalLocale(s) !== null, msg('unknownLocale'))
    .transform((s) => canonicalLocale(s) as string)
    .optional(),
  timeZone: z
    .string()
    .trim()
    .max(64)
    .refine((s) => canonicalTimeZone(s) !== null, msg('unknownTimeZone'))
    .transform((s) => canonicalTimeZone(s) as string)
    .optional(),
  invoiceFooter: clearableText(1000, true).optional(),
  paperSize: paperSize.optional(),
  receiptWidth: receiptWidth.optional(),
  /** Minor units; null: back to the currency's default. */
  maxChange: z.number().int().min(1).max(MAX_AMOUNT).nullable().optional(),
  quantityConfirmAbove: z.number().int().min(1).max(MAX_QUANTITY).optional(),
  lockAfterIdleMinutes: z.number().int().min(0).max(24 * 60).optional(),
  /** Minor units, at most 100 major units' worth; null: no cash rounding. */
  cashRounding: z.number().int().min(2).max(10_000).nullable().optional(),
  varianceApprovalAbove: z.number().int().min(0).max(MAX_AMOUNT).optional(),
  blindCount: z.boolean().optional(),
  returnWindowDays: z.number().int().min(0).max(3650).optional(),
  receiptlessPriceWindowDays: z.number().int().min(1).max(3650).optional(),
  voucherValidityDays: z.number().int().min(1).max(3650 * 2).optional(),
  returnReasons: z.array(text(80)).max(30).optional(),
  pricesIncludeTax: z.boolean().optional(),
  taxRounding: z.enum(taxRoundings).optional(),
  discountReasons: z.array(text(80)).max(30).optional(),
  cashierMaxDiscountPercent: z.number().int().min(0).max(100).optional(),
  defaultLanguage: z.enum(uiLanguages).optional(),
  documentLanguage: z.enum(documentLanguages).optional(),
  /** A PNG or JPEG image as base64 (no data: prefix), at most 512 KiB; null removes the logo. */
  logo: z
    .string()
    .max(MAX_LOGO_BASE64, msg('logoTooLarge'))
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, msg('mustBeBase64'))
    .nullable()
    .optional(),
});

export const settingsMethods = {
  'settings.get': method({ summary: 'The store settings', access: 'signedIn', input: empty, output: settings }),
  'settings.update': method({
    summary: 'Change store settings (only the fields given)',
    access: ['admin'],
    input: settingsUpdate,
    output: settings,
  }),
  'settings.logo': method({
    summary: 'The logo image, for previews and printed pages',
    access: 'signedIn',
    input: empty,
    output: z.object({ logo: z.object({ contentType: z.enum(logoTypes), contentBase64: z.string() }).nullable() }),
  }),
};
