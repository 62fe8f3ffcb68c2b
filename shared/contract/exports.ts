import { z } from 'zod';
import { id, isoTime, timeFilter } from './common';
import { paymentKinds } from '../domain/payments';
import { backOffice } from '../domain/roles';
import { creditNoteKinds } from '../domain/returns';
import { method } from './define';
import { contractMessage as msg } from '../errors';
import { invoiceStatus } from './invoices';
import { orderStatus } from './orders';
import { paymentMethod } from './payments';

/** What the Exports screen and `tessera export` offer. */
export const exportKinds = ['orders', 'invoices', 'payments', 'creditNotes'] as const;
export type ExportKind = (typeof exportKinds)[number];
/** Every kind of export file: those, and Z reports (`exports.zReports`, from Reports → Z reports). */
export type ExportFileKind = ExportKind | 'zReports';

export const exportFormats = ['csv', 'ndjson', 'xlsx'] as const;
export const exportFormat = z.enum(exportFormats);
export type ExportFormat = z.infer<typeof exportFormat>;

/** A job id the caller may choose, so it can cancel the export before the call returns. */
export const exportJobId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, msg('exportIdFormat'));

/** One value or a list of values. */
function oneOrMany<T extends z.ZodType>(item: T, max: number) {
  return z.union([item, z.array(item).min(1).max(max)]);
}

/** An export's id, given in its result; download, reveal and saveAs take it (never a path). */
export const exportId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, msg('exportIdFormat'));

/**
 * The options every export takes. There is no destination: exports are written to the
 * data folder's exports/ under names the app chooses (`<kind>-<timestamp>.<ext>`).
 */
const common = {
  format: exportFormat,
  /** Inclusive; a date is that day's start at the store's midnight (settings.timeZone). */
  from: timeFilter.optional(),
  /** Inclusive; a date includes the whole store day (to the next midnight in settings.timeZone). */
  to: timeFilter.optional(),
  /** CSV only: start with a UTF-8 byte-order mark (Excel on Windows needs it to read UTF-8). */
  bom: z.boolean().default(false),
  /** Chosen by the caller to cancel or follow the job; made up when absent. */
  jobId: exportJobId.optional(),
};

export const exportResult = z.object({
  /** What exports.download, exports.reveal and exports.saveAs take. */
  id: exportId,
  jobId: z.string(),
  /** The file's name in the exports folder (the app chose it). */
  fileName: z.string(),
  rows: z.number().int().min(0),
  bytes: z.number().int().min(0),
  format: exportFormat,
  durationMs: z.number().int().min(0),
});
export type ExportResult = z.infer<typeof exportResult>;

const access = backOffice;

/**
 * Exports run in a worker thread. The call resolves when the file is complete (it is
 * written to a temporary file and renamed at the end); meanwhile `export.progress`
 * events carry the job id. `exports.cancel` stops a running job: its call then fails
 * with CONFLICT and no file is left. The file reaches its reader by id: a download link
 * (browser), or "Save as…" / "Show in folder" (desktop app only; elsewhere CONFLICT).
 * Exports, downloads and saves are audited.
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
      kind: z.enum(paymentKinds).optional(),
    }),
    output: exportResult,
  }),
  'exports.creditNotes': method({
    summary: 'Write credit notes (one row per credit note line) to a CSV, NDJSON or XLSX file',
    access,
    input: z.strictObject({ ...common, kind: oneOrMany(z.enum(creditNoteKinds), 4).optional() }),
    output: exportResult,
  }),
  'exports.zReports': method({
    summary: 'Write Z reports (one row per Z, by closing time) to a CSV, NDJSON or XLSX file',
    access,
    input: z.strictObject({ ...common, registerId: id.optional() }),
    output: exportResult,
  }),
  'exports.cancel': method({
    summary: 'Stop a running export; its file is not written',
    access,
    input: z.strictObject({ jobId: exportJobId }),
    output: z.object({ jobId: z.string(), cancelled: z.literal(true) }),
  }),
  'exports.download': method({
    summary: 'A short-lived link to download an export (browser host); it ends with the session that asked for it',
    access,
    input: z.strictObject({ id: exportId }),
    output: z.object({ url: z.string(), fileName: z.string(), expiresAt: isoTime }),
  }),
  'exports.reveal': method({
    summary: 'Show an export in the file manager (desktop app only)',
    access,
    input: z.strictObject({ id: exportId }),
    output: z.object({ revealed: z.literal(true) }),
  }),
  'exports.saveAs': method({
    summary: 'Copy an export to a file the user picks in the system\'s "Save as…" dialog (desktop app only)',
    access,
    input: z.strictObject({ id: exportId }),
    /** saved false: the dialog was closed without a choice. */
    output: z.object({ saved: z.boolean(), fileName: z.string().nullable() }),
  }),
};
