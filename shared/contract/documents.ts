import { z } from 'zod';
import { id } from './common';
import { roles, sellers } from '../domain/roles';
import { method } from './define';
import { receiptWidth } from './settings';

const readers = roles;
const printers = sellers;

/**
 * One line of a receipt, already laid out for the paper: at most `columns` characters
 * (spaces included) of a monospaced font; `tall` lines print at double height.
 * The ESC/POS bytes and the printable page are both drawn from these lines.
 */
export const receiptLine = z.object({
  text: z.string(),
  bold: z.boolean(),
  tall: z.boolean(),
  /** Printed under the text as a Code 128 barcode (an invoice number, a voucher code). */
  barcode: z.string().optional(),
});
export type ReceiptLine = z.infer<typeof receiptLine>;

export const receiptLayout = z.object({
  /** The invoice it is the receipt of, or (for a credit note's receipt) null and creditNoteId. */
  invoiceId: id.nullable(),
  creditNoteId: id.nullable(),
  /** Paper width in millimetres. */
  width: receiptWidth,
  /** Characters per line: 32 on 58 mm paper, 48 on 80 mm. */
  columns: z.number().int().positive(),
  lines: z.array(receiptLine),
});
export type ReceiptLayout = z.infer<typeof receiptLayout>;

/**
 * What became of a print request. `unavailable`: this host has no printer (the browser host),
 * so the caller prints the page itself; `cancelled`: the print dialog was closed.
 */
export const receiptPrintResult = z.object({
  status: z.enum(['printed', 'cancelled', 'failed', 'unavailable']),
  /** The printer the receipt went to; null when printed through the dialog or not printed. */
  printer: z.string().nullable(),
  /** Why it failed, in the printer system's words. */
  message: z.string().optional(),
});
export type ReceiptPrintResult = z.infer<typeof receiptPrintResult>;

const receiptInput = z.strictObject({
  invoiceId: id,
  /** Paper width in mm; the store's receipt width when absent. */
  width: receiptWidth.optional(),
});

const creditNoteReceiptInput = z.strictObject({ id, width: receiptWidth.optional() });

export const documentMethods = {
  'invoices.pdf': method({
    summary: 'The invoice as a PDF document',
    access: readers,
    input: z.strictObject({ id }),
    output: z.object({ fileName: z.string(), contentBase64: z.string() }),
  }),
  'receipts.escpos': method({
    summary: 'The receipt of an invoice as ESC/POS printer bytes',
    access: printers,
    input: receiptInput,
    output: z.object({ contentBase64: z.string() }),
  }),
  'receipts.layout': method({
    summary: 'The receipt of an invoice as lines, for a printable page',
    access: printers,
    input: receiptInput,
    output: receiptLayout,
  }),
  'creditNotes.pdf': method({
    summary: 'The credit note as a PDF document',
    access: readers,
    input: z.strictObject({ id }),
    output: z.object({ fileName: z.string(), contentBase64: z.string() }),
  }),
  'creditNotes.receiptLayout': method({
    summary: 'The receipt of a credit note (its refunds and voucher codes) as lines, for a printable page',
    access: printers,
    input: creditNoteReceiptInput,
    output: receiptLayout,
  }),
  'creditNotes.escpos': method({
    summary: 'The receipt of a credit note as ESC/POS printer bytes',
    access: printers,
    input: creditNoteReceiptInput,
    output: z.object({ contentBase64: z.string() }),
  }),
  'creditNotes.receiptPrint': method({
    summary: "Prints the receipt of a credit note on the desktop's printer",
    access: printers,
    input: creditNoteReceiptInput,
    output: receiptPrintResult,
  }),
  'receipts.print': method({
    summary: "Prints the receipt of an invoice on the desktop's printer",
    access: printers,
    input: receiptInput,
    output: receiptPrintResult,
  }),
};
