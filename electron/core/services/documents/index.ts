import type { Actor } from '../deps';
import type { CreditNote, Invoice, Output, Payment, Register, Voucher, ZReport } from '../../../../shared/contract';
import type { ReceiptLayout, ReceiptPrintResult } from '../../../../shared/contract/documents';
import type { ReceiptWidth } from '../../../../shared/contract/settings';
import type { Logger } from '../../log';
import type { Platform } from '../../platform';
import type { InvoiceService } from '../invoices';
import type { PaymentService } from '../payments';
import type { SettingsService } from '../settings';
import { layoutCreditNoteReceipt } from './creditNoteReceipt';
import { escposDrawerKick, escposReceipt } from './escpos';
import { sendToPrinter, type PrinterAddress } from './networkPrinter';
import type { PdfJob } from './pdfJob';
import { inThreadPdf, PdfWorkerPool, type PdfRenderer } from './pdfWorkerPool';
import { layoutReceipt } from './receipt';
import { receiptPage, type ReceiptPage } from './receiptHtml';
import { layoutZReport } from './zReport';
import { docWords, type DocWords } from './words';

/** Prints a receipt page on the desktop's printer; set by the Electron host (see electron/main/receiptPrinter.ts). */
export type ReceiptPrinter = (page: ReceiptPage) => Promise<ReceiptPrintResult>;

/** Where a register's network receipt printer is (the RegisterService answers it). */
export interface RegisterPrinters {
  get(id: string): Pick<Register, 'printer'>;
}

/** The vouchers sold on an invoice (a gift voucher sale), for its receipt to print their codes. */
export interface InvoiceVouchers {
  ofInvoice(invoiceId: string): Voucher[];
}

export interface DocumentOptions {
  /** Where PDFs are drawn: a worker thread (the default), or the core's own thread (the bench compares the two). */
  pdf?: 'worker' | 'in-thread';
  /** Where a crashed PDF worker is logged. */
  log?: Logger;
}

/** Money moved through the drawer for this invoice (or credit note): its receipt opens the drawer. */
function tookCash(payments: Payment[]): boolean {
  return payments.some((p) => p.method === 'cash');
}

/**
 * Printed documents: an invoice's PDF and thermal receipt (page lines and ESC/POS bytes), the
 * Z report's, and the drawer. A register's network printer (set by an admin on the register)
 * is driven directly; otherwise the desktop's printer; the API caller never names a printer.
 * A PDF's data is read here, on the core's thread; it is drawn by `pdf` (see pdfWorkerPool).
 */
export class DocumentService {
  readonly pdf: PdfRenderer;

  constructor(
    private readonly invoices: InvoiceService,
    private readonly payments: PaymentService,
    private readonly settings: SettingsService,
    /** The machine's printer, where the host has one (the browser host prints the page itself). */
    private readonly platform: Pick<Platform, 'print'> = {},
    /** The registers, for their network printers; without them every print goes to the desktop's. */
    private readonly registers?: RegisterPrinters,
    /** Where the gift vouchers sold on an invoice are read; without it their receipts print no voucher. */
    private readonly vouchers?: InvoiceVouchers,
    options: DocumentOptions = {},
  ) {
    this.pdf = options.pdf === 'in-thread' ? inThreadPdf : new PdfWorkerPool({ log: options.log });
  }

  /** Ends the PDF worker (the core closes). */
  close(): void {
    this.pdf.close();
  }

  /** The words of the store's document language (Settings.documentLanguage): every document speaks it, whoever prints it. */
  private words(): DocWords {
    return docWords(this.settings.get().documentLanguage);
  }

  /** The network printer an admin set on the register, if any. */
  private networkPrinter(registerId: string | null): PrinterAddress | null {
    if (!registerId || !this.registers) return null;
    return this.registers.get(registerId).printer;
  }

  /** Prints on the desktop's printer, or says this host has none. */
  private async desktopPrint(page: () => ReceiptPage): Promise<ReceiptPrintResult> {
    const print = this.platform.print;
    if (!print) return { status: 'unavailable', printer: null };
    try {
      return await print(page());
    } catch (err) {
      return { status: 'failed', printer: null, message: err instanceof Error ? err.message : String(err) };
    }
  }

  /** Payments and refunds of an invoice, oldest first. */
  private paymentsOf(invoiceId: string): Payment[] {
    const all: Payment[] = [];
    let cursor: string | undefined;
    do {
      const page = this.payments.list({ invoiceId, limit: 500, cursor });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all.reverse();
  }

  private load(invoiceId: string): { invoice: Invoice; payments: Payment[] } {
    const invoice = this.invoices.get(invoiceId);
    return { invoice, payments: this.paymentsOf(invoiceId) };
  }

  /** The store's settings an invoice's or a credit note's PDF is drawn with. */
  private paper() {
    const s = this.settings.get();
    return { paperSize: s.paperSize, locale: s.locale, timeZone: s.timeZone, footer: s.invoiceFooter, logo: this.settings.logo(), language: s.documentLanguage };
  }

  /** What an invoice's PDF is drawn from: the invoice, its payments and the store's document settings. */
  invoicePdfJob(id: string): PdfJob & { kind: 'invoice' } {
    const { invoice, payments } = this.load(id);
    return { kind: 'invoice', input: { invoice, payments, ...this.paper() } };
  }

  async invoicePdf(id: string): Promise<Output<'invoices.pdf'>> {
    const job = this.invoicePdfJob(id);
    const pdf = await this.pdf.render(job);
    return { fileName: `${job.input.invoice.number}.pdf`, contentBase64: pdf.toString('base64') };
  }

  receiptLayout(invoiceId: string, width?: ReceiptWidth): ReceiptLayout {
    return this.receipt(invoiceId, width).layout;
  }

  private receipt(invoiceId: string, width?: ReceiptWidth): { layout: ReceiptLayout; payments: Payment[] } {
    const { invoice, payments } = this.load(invoiceId);
    const s = this.settings.get();
    const layout = layoutReceipt({
      invoice,
      payments,
      width: width ?? s.receiptWidth,
      locale: s.locale,
      timeZone: s.timeZone,
      footer: s.invoiceFooter,
      vouchers: this.vouchers?.ofInvoice(invoiceId) ?? [],
      language: s.documentLanguage,
    });
    return { layout, payments };
  }

  /** The receipt's printer bytes; a sale or refund in cash carries the drawer pulse before the cut. */
  private receiptBytes(invoiceId: string, width?: ReceiptWidth): Buffer {
    const { layout, payments } = this.receipt(invoiceId, width);
    return escposReceipt(layout, { drawer: tookCash(payments) });
  }

  receiptEscPos(invoiceId: string, width?: ReceiptWidth): Output<'receipts.escpos'> {
    return { contentBase64: this.receiptBytes(invoiceId, width).toString('base64') };
  }

  /** On the network printer of the caller's register when it has one, else the desktop's printer. */
  async receiptPrint(invoiceId: string, width: ReceiptWidth | undefined, actor: Pick<Actor, 'registerId'>): Promise<ReceiptPrintResult> {
    const printer = this.networkPrinter(actor.registerId);
    if (printer) return sendToPrinter(printer, this.receiptBytes(invoiceId, width));
    const layout = this.receiptLayout(invoiceId, width);
    return this.desktopPrint(() => receiptPage(layout, this.settings.logo(), this.words()('receipt')));
  }

  /**
   * Opens the register's cash drawer (a no-sale): the pulse alone to its network printer;
   * nothing without one. Called after a movement has committed, so it never throws.
   */
  async kickDrawer(registerId: string): Promise<ReceiptPrintResult> {
    let printer: PrinterAddress | null;
    try {
      printer = this.networkPrinter(registerId);
    } catch (err) {
      return { status: 'failed', printer: null, message: err instanceof Error ? err.message : String(err) };
    }
    if (!printer) return { status: 'unavailable', printer: null };
    return sendToPrinter(printer, escposDrawerKick());
  }

  /** A credit note as a PDF (`CN-000001.pdf`), from what was sealed on it. */
  async creditNotePdf(cn: CreditNote): Promise<{ fileName: string; contentBase64: string }> {
    const pdf = await this.pdf.render({ kind: 'creditNote', input: { creditNote: cn, ...this.paper() } });
    return { fileName: `${cn.number}.pdf`, contentBase64: pdf.toString('base64') };
  }

  /** A credit note's receipt as lines (58/80 mm): its refunds and the vouchers it issued. */
  creditNoteLayout(cn: CreditNote, width?: ReceiptWidth): ReceiptLayout {
    const s = this.settings.get();
    return layoutCreditNoteReceipt({
      creditNote: cn,
      width: width ?? s.receiptWidth,
      locale: s.locale,
      timeZone: s.timeZone,
      footer: s.invoiceFooter,
      language: s.documentLanguage,
    });
  }

  /** Its printer bytes; a refund in cash carries the drawer pulse before the cut. */
  creditNoteEscPos(cn: CreditNote, width?: ReceiptWidth): { contentBase64: string } {
    return { contentBase64: this.creditNoteBytes(cn, width).toString('base64') };
  }

  private creditNoteBytes(cn: CreditNote, width?: ReceiptWidth): Buffer {
    return escposReceipt(this.creditNoteLayout(cn, width), { drawer: tookCash(cn.refunds) });
  }

  /** On the network printer of the caller's register when it has one, else the desktop's printer. */
  async creditNotePrint(cn: CreditNote, width: ReceiptWidth | undefined, actor: Pick<Actor, 'registerId'>): Promise<ReceiptPrintResult> {
    const printer = this.networkPrinter(actor.registerId);
    if (printer) return sendToPrinter(printer, this.creditNoteBytes(cn, width));
    const layout = this.creditNoteLayout(cn, width);
    return this.desktopPrint(() => receiptPage(layout, this.settings.logo(), this.words()('creditNoteName', { number: cn.number })));
  }

  async zPdf(z: ZReport): Promise<{ fileName: string; contentBase64: string }> {
    const s = this.settings.get();
    const pdf = await this.pdf.render({ kind: 'zReport', input: { z, storeName: s.storeName, paperSize: s.paperSize, locale: s.locale, timeZone: s.timeZone, language: s.documentLanguage } });
    return { fileName: `${z.number}.pdf`, contentBase64: pdf.toString('base64') };
  }

  /** A Z report as receipt lines (58/80 mm). */
  zLayout(z: ZReport, width?: ReceiptWidth): Output<'reports.zLayout'> {
    const s = this.settings.get();
    return layoutZReport({ z, width: width ?? s.receiptWidth, storeName: s.storeName, locale: s.locale, timeZone: s.timeZone, language: s.documentLanguage });
  }

  /** A Z report as ESC/POS bytes (no drawer pulse). */
  zEscPos(z: ZReport, width?: ReceiptWidth): Buffer {
    return escposReceipt(this.zLayout(z, width));
  }

  /**
   * Prints a Z report on its own register's network printer (wherever it is reprinted from),
   * else the desktop's printer. `actor` is who asked (the access check is the reports service's).
   */
  async zPrint(z: ZReport, width: ReceiptWidth | undefined, _actor: Actor): Promise<ReceiptPrintResult> {
    const printer = this.networkPrinter(z.registerId);
    if (printer) return sendToPrinter(printer, this.zEscPos(z, width));
    const layout = this.zLayout(z, width);
    return this.desktopPrint(() => receiptPage(layout, this.settings.logo(), this.words()('zReportName', { number: z.number })));
  }
}
