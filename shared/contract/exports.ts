import { z } from 'zod';
import { isoTime, timeFilter } from './common';
import { method } from './define';
import { invoiceStatus } from './invoices';
import { orderStatus } from './orders';
import { paymentMethod } from './payments';

export const exportKinds = ['orders', 'invoices', 'payments'] as const;
export type ExportKind = (typeof exportKinds)[number];

export const exportFormats = ['csv', 'ndjson', 'xlsx'] as const;
export const exportFormat = z.enum(exportFormats);
export type ExportFormat = z.infer<typeof exportFormat>;

/** A job id the caller may choose, so it can cancel the export before the call returns. */
export const exportJobId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8 to 64 letters, digits, _ or -');

/** One value or a list of values. */
function oneOrMany<T extends z.ZodType>(item: T, max: number) {
  return z.union([item, z.array(item).min(1).max(max)]);
}

const common = {
  format: exportFormat,
  /** Inclusive; a date is that day's start (UTC). */
  from: timeFilter.optional(),
  /** Inclusive; a date includes the whole day (UTC). */
  to: timeFilter.optional(),
  /** An absolute file path in an existing, writable folder; default `<data dir>/exports/<kind>-<timestamp>.<ext>`. */
  destination: z.string().min(1).max(4096).optional(),
  /** Replace an existing file at `destination` (otherwise CONFLICT). */
  overwrite: z.boolean().default(false),
  /** CSV only: start with a UTF-8 byte-order mark (Excel on Windows needs it to read UTF-8). */
  bom: z.boolean().default(false),
  /** Chosen by the caller to cancel or follow the job; made up when absent. */
  jobId: exportJobId.optional(),
};

export const exportResult = z.object({
  jobId: z.string(),
  path: z.string(),
  rows: z.number().int().min(0),
  bytes: z.number().int().min(0),
  format: exportFormat,
  durationMs: z.number().int().min(0),
});
export type ExportResult = z.infer<typeof exportResult>;

const access = ['admin', 'manager', 'support'] as const;

/**
 * Exports run in a worker thread. The call resolves when the file is complete (it is
 * written to a temporary file and renamed at the end); meanwhile `export.progress`
 * events carry the job id. `exports.cancel` stops a running job: its call then fails
 * with CONFLICT and no file is left.
 */
export const exportMethods = {
  'exports.orders': method({
    summary: 'Write orders (or their lines) to a CSV, NDJSON or XLSX file',
    access,
    input: z.strictObject({
      ...common,
      status: oneOrMany(orderStatus, 6).optional(),
      /** `order`: one row per order; `line`: one row per order line. */
      granularity: z.enum(['order', 'line']).default('order'),
    }),
    output: exportResult,
  }),
  'exports.invoices': method({
    summary: 'Write invoices to a CSV, NDJSON or XLSX file',
    access,
    input: z.strictObject({ ...common, status: oneOrMany(invoiceStatus, 3).optional() }),
    output: exportResult,
  }),
  'exports.payments': method({
    summary: 'Write payments and refunds to a CSV, NDJSON or XLSX file',
    access,
    input: z.strictObject({
      ...common,
      method: oneOrMany(paymentMethod, 3).optional(),
      kind: z.enum(['payment', 'refund']).optional(),
    }),
    output: exportResult,
  }),
  'exports.cancel': method({
    summary: 'Stop a running export; its file is not written',
    access,
    input: z.strictObject({ jobId: exportJobId }),
    output: z.object({ jobId: z.string(), cancelled: z.literal(true) }),
  }),
  'exports.download': method({
    summary: 'A short-lived link to download an exported file (browser host)',
    access,
    input: z.strictObject({ path: z.string().min(1).max(4096) }),
    output: z.object({ url: z.string(), fileName: z.string(), expiresAt: isoTime }),
  }),
  'exports.reveal': method({
    summary: 'Show an exported file in the file manager (desktop app only)',
    access,
    input: z.strictObject({ path: z.string().min(1).max(4096) }),
    output: z.object({ revealed: z.boolean() }),
  }),
};
