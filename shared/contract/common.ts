import { z } from 'zod';
import { MAX_AMOUNT, MAX_QUANTITY, MAX_TAX_RATE_BP } from '../domain/money';
import { roles } from './define';
import { contractMessage as msg } from '../errors';

export const id = z.string().min(1).max(64);
export const isoTime = z.iso.datetime({ offset: false });
/**
 * A point in time for filters: a full ISO time (that instant), or a date (YYYY-MM-DD), a day of
 * the store cut at midnight in the store's time zone (settings.timeZone): `from` is its first
 * instant, `to` includes it whole.
 */
export const timeFilter = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);
export const money = z.number().int().min(0).max(MAX_AMOUNT);
export const positiveMoney = z.number().int().min(1).max(MAX_AMOUNT);
export const quantity = z.number().int().min(1).max(MAX_QUANTITY);
export const taxRateBp = z.number().int().min(0).max(MAX_TAX_RATE_BP);
export const currency = z.string().regex(/^[A-Z]{3}$/, msg('currencyCodeFormat'));
export const role = z.enum(roles);
export const empty = z.strictObject({});

/** A lone UTF-16 surrogate cannot be stored as UTF-8: SQLite would silently replace it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (s: string) => !LONE_SURROGATE.test(s);

/** C0 and C1 control characters and DEL: never part of a single-line text. */
// eslint-disable-next-line no-control-regex
const SINGLE_LINE_CONTROLS = /^[^\u0000-\u001f\u007f-\u009f]*$/;
/** The same, but newline, carriage return and tab are allowed (notes, addresses). */
// eslint-disable-next-line no-control-regex
const MULTI_LINE_CONTROLS = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$/;
/**
 * Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): in a name they
 * make text display in an order other than the stored one (a receipt line or user name
 * that reads differently from what it is). Letters of right-to-left scripts need none.
 */
const NO_BIDI_CONTROLS = /^[^\u202a-\u202e\u2066-\u2069]*$/;

/**
 * The one rule for single-line text (names, references, reasons, search boxes): no control
 * characters (C0, DEL, C1), no bidi controls, valid Unicode. Applied after trimming.
 */
export function singleLine<T extends z.ZodString>(schema: T) {
  return schema
    .regex(SINGLE_LINE_CONTROLS, msg('noControlChars'))
    .regex(NO_BIDI_CONTROLS, msg('noBidiControls'))
    .refine(wellFormed, msg('validUnicode'));
}

/** A single-line text, trimmed, at most `max` characters, no control characters; may be empty (a search box). */
export function searchText(max: number) {
  return singleLine(z.string().trim().max(max, msg('atMostChars', { max })));
}

/** A single-line text that must not be empty (names, references). */
export function text(max: number) {
  return searchText(max).min(1, msg('notEmpty'));
}

/** A multi-line text (notes, addresses): newlines and tabs allowed. */
export function longText(max: number) {
  return z
    .string()
    .trim()
    .max(max, msg('atMostChars', { max }))
    .regex(MULTI_LINE_CONTROLS, msg('noControlChars'))
    .refine(wellFormed, msg('validUnicode'));
}

export const pageInput = {
  limit: z.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(512).optional(),
};

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
