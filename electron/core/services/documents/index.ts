import type { Actor } from '../deps';
import type { Invoice, Output, Payment, ZReport } from '../../../../shared/contract';
import type { ReceiptLayout, ReceiptPrintResult } from '../../../../shared/contract/documents';
import type { ReceiptWidth } from '../../../../shared/contract/settings';
import type { Platform } from '../../platform';
import type { InvoiceService } from '../invoices';
import type { PaymentService } from '../payments';
import type { SettingsService } from '../settings';
import { escposReceipt } from './escpos';
import { renderInvoicePdf } from './invoicePdf';
import { layoutReceipt } from './receipt';
import { receiptPage, type ReceiptPage } from './receiptHtml';

/** Prints a receipt page on the desktop's printer; set by the Electron host (see electron/main/receiptPrinter.ts). */
export type ReceiptPrinter = (page: ReceiptPage) => Promise<ReceiptPrintResult>;

/** Printed documents of an invoice: the PDF and the thermal receipt (page lines and ESC/POS bytes). */
export class DocumentService {
  constructor(
    private readonly invoices: InvoiceService,
    private readonly payments: PaymentService,
    private readonly settings: SettingsService,
    /** The machine's printer, where the host has one (the browser host prints the page itself). */
    private readonly platform: Pick<Platform, 'print'> = {},
  ) {}

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

  async invoicePdf(id: string): Promise<Output<'invoices.pdf'>> {
    const { invoice, payments } = this.load(id);
    const s = this.settings.get();
    const pdf = await renderInvoicePdf({
      invoice,
      payments,
      paperSize: s.paperSize,
      locale: s.locale,
      timeZone: s.timeZone,
      footer: s.invoiceFooter,
      logo: this.settings.logo(),
    });
    return { fileName: `${invoice.number}.pdf`, contentBase64: pdf.toString('base64') };
  }

  receiptLayout(invoiceId: string, width?: ReceiptWidth): ReceiptLayout {
    const { invoice, payments } = this.load(invoiceId);
    const s = this.settings.get();
    return layoutReceipt({
      invoice,
      payments,
      width: width ?? s.receiptWidth,
      locale: s.locale,
      timeZone: s.timeZone,
      footer: s.invoiceFooter,
    });
  }

  receiptEscPos(invoiceId: string, width?: ReceiptWidth): Output<'receipts.escpos'> {
    return { contentBase64: escposReceipt(this.receiptLayout(invoiceId, width)).toString('base64') };
  }

  async receiptPrint(invoiceId: string, width?: ReceiptWidth): Promise<ReceiptPrintResult> {
    const layout = this.receiptLayout(invoiceId, width);
    const print = this.platform.print;
    if (!print) return { status: 'unavailable', printer: null };
    const logo = this.settings.logo();
    try {
      return await print(receiptPage(layout, logo));
    } catch (err) {
      return { status: 'failed', printer: null, message: err instanceof Error ? err.message : String(err) };
    }
  }

  /** A Z report as a PDF. */
  zPdf(_z: ZReport): Promise<{ fileName: string; contentBase64: string }> {
    throw new Error('not built yet');
  }

  /** A Z report as receipt lines (58/80 mm). */
  zLayout(_z: ZReport, _width?: ReceiptWidth): Output<'reports.zLayout'> {
    throw new Error('not built yet');
  }

  /** Prints a Z report on its register's network printer, else the desktop's printer. */
  zPrint(_z: ZReport, _width: ReceiptWidth | undefined, _actor: Actor): Promise<ReceiptPrintResult> {
    throw new Error('not built yet');
  }
}
