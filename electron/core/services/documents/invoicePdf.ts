/**
 * The invoice as a PDF (pdfkit, on the PDF worker: see pdfWorkerPool). Everything on it comes from the
 * issued invoice (seller, customer, lines and totals frozen at issue) and its payment
 * rows; the store settings only choose the paper, logo, footer, locale and time zone.
 * The same invoice and settings give the same bytes: the creation date is the issue date.
 */
import type { Invoice, Payment } from '../../../../shared/contract';
import type { PaperSize } from '../../../../shared/contract/settings';
import type { DocumentLanguage } from '../../../../shared/i18n/languages';
import { DocFormat } from './format';
import { basisCaption, type Column, customerBlock, factsBlock, linesTable, type Logo, PageFlow, rowsTable, sellerBlock, taxTable, totalRows, TotalsColumn } from './pdfBlocks';
import { discountLabel, lineNotes, orderDiscountTotal } from './pricingText';
import { BOLD, cell, INK, MUTED, openPdf, REGULAR, SHADE } from './pdfPage';

export interface InvoicePdfInput {
  invoice: Invoice;
  /** Payments and refunds of the invoice, oldest first. */
  payments: Payment[];
  paperSize: PaperSize;
  locale: string;
  timeZone: string;
  footer: string | null;
  logo: Logo | null;
  /** The store's document language (Settings.documentLanguage); English by default. */
  language?: DocumentLanguage;
}

const RED = '#b42318';

export function renderInvoicePdf(input: InvoicePdfInput): Promise<Buffer> {
  const { invoice } = input;
  const fmt = new DocFormat(invoice.currency, input.locale, input.timeZone, input.language);
  const { t } = fmt;
  const { doc, done } = openPdf({
    paperSize: input.paperSize,
    locale: input.locale,
    info: {
      Title: t('invoiceName', { number: invoice.number }),
      Author: invoice.seller.name,
      Subject: t('invoiceSubject', { number: invoice.number, order: String(invoice.orderNumber) }),
      CreationDate: new Date(invoice.issuedAt),
    },
  });
  const flow = new PageFlow(doc, input.footer ?? '', t);
  const { left, right, width: contentWidth } = flow;
  const cancelled = invoice.status === 'CANCELLED';

  // ---- Header: seller on the left, title and invoice facts on the right.
  const sellerWidth = contentWidth * 0.55;
  const leftY = sellerBlock(flow, invoice.seller, input.logo, sellerWidth);
  const metaX = left + contentWidth * 0.6;
  const metaWidth = right - metaX;
  doc.font(BOLD).fontSize(24).fillColor(INK);
  cell(doc, t('invoiceCaps'), metaX, flow.y, metaWidth, 'right');
  const facts: [string, string, string?][] = [
    [t('invoiceNumber'), invoice.number],
    [t('issueDate'), fmt.date(invoice.issuedAt)],
    [t('orderNumber'), String(invoice.orderNumber)],
    [t('status'), t('invoiceStatus', { status: invoice.status }), cancelled ? RED : INK],
  ];
  if (invoice.paidAt && invoice.status === 'PAID') facts.push([t('paidOn'), fmt.date(invoice.paidAt)]);
  const rightY = factsBlock(flow, facts, metaX, flow.y + 36, metaWidth);
  flow.y = Math.max(leftY, rightY) + 14;

  // ---- Cancelled: a banner that says when and why (and a watermark on every page, below).
  if (cancelled) {
    const on = invoice.cancelledAt ? fmt.date(invoice.cancelledAt) : null;
    const reason = invoice.cancelReason || null;
    const note =
      on && reason ? t('cancelledOnReason', { date: on, reason }) : on ? t('cancelledOn', { date: on }) : reason ? t('reasonLine', { reason }) : '';
    doc.font(REGULAR).fontSize(9);
    const noteHeight = note ? doc.heightOfString(note, { width: contentWidth - 24 }) : 0;
    const h = 28 + noteHeight;
    doc.save().roundedRect(left, flow.y, contentWidth, h, 4).fillAndStroke('#fef3f2', RED).restore();
    doc.font(BOLD).fontSize(14).fillColor(RED);
    cell(doc, t('cancelledCaps'), left + 12, flow.y + 8, contentWidth - 24);
    if (note) {
      doc.font(REGULAR).fontSize(9).fillColor(RED);
      doc.text(note, left + 12, flow.y + 26, { width: contentWidth - 24 });
    }
    flow.y += h + 16;
  }

  customerBlock(flow, t('billTo'), invoice.customer, sellerWidth);

  // ---- Lines: quantity × unit price, less the line's own discount, in the invoice's price basis.
  const discounted = invoice.lines.some((l) => l.lineDiscount > 0);
  const numeric = 70;
  const discountWidth = discounted ? 64 : 0;
  const columns: Column[] = [
    { label: t('thDescription'), width: contentWidth - (38 + numeric + discountWidth + 44 + numeric), align: 'left' },
    { label: t('thQty'), width: 38, align: 'right' },
    { label: t('thUnitPrice'), width: numeric, align: 'right' },
    ...(discounted ? [{ label: t('thDiscount'), width: discountWidth, align: 'right' } as const] : []),
    { label: t('thTax'), width: 44, align: 'right' },
    { label: t('thAmount'), width: numeric, align: 'right' },
  ];
  basisCaption(flow, fmt, invoice.priceBasis);
  linesTable(
    flow,
    columns,
    invoice.lines.map((line) => ({
      name: line.name,
      note: [line.sku ? t('sku', { sku: line.sku }) : '', ...lineNotes(fmt, line)].filter(Boolean).join(' · '),
      values: [
        String(line.quantity),
        fmt.money(line.unitPrice),
        ...(discounted ? [line.lineDiscount > 0 ? fmt.money(-line.lineDiscount) : ''] : []),
        fmt.rate(line.taxRateBp),
        fmt.money(line.amount - line.lineDiscount),
      ],
    })),
  );

  // ---- Tax breakdown (left) and totals (right).
  flow.ensure(Math.max(40 + invoice.taxBreakdown.length * 15, 150));
  const taxBottom = taxTable(flow, invoice.taxBreakdown, fmt);
  const totals = new TotalsColumn(flow, flow.y, 0.6);
  const orderOff = orderDiscountTotal(invoice.lines);
  if (invoice.discount && orderOff > 0) totals.row(discountLabel(fmt, invoice.discount, 'order'), fmt.money(-orderOff));
  totalRows(totals, fmt, invoice, t('total'));
  if (invoice.discountTotal > 0) totals.row(t('totalDiscounts'), fmt.money(-invoice.discountTotal));
  // Its credit notes correct it without editing it: what they credited comes off the balance.
  if (invoice.credited > 0) totals.row(t('credited'), fmt.money(-invoice.credited));
  totals.row(t('amountPaid'), fmt.money(invoice.amountPaid));
  totals.y += 2;
  doc.save().rect(totals.x, totals.y, totals.width, 22).fill(SHADE).restore();
  totals.y += 5;
  totals.row(t(cancelled ? 'balance' : 'balanceDue'), fmt.money(invoice.balance), true);
  flow.y = Math.max(taxBottom, totals.y) + 10;
  if (invoice.approvedByName) {
    doc.font(REGULAR).fontSize(9).fillColor(INK);
    cell(doc, t('approvedDiscounts', { name: invoice.approvedByName }), left, flow.y, contentWidth);
    flow.y += 14;
  }
  flow.y += 14;

  // ---- Payments and refunds.
  flow.ensure(60);
  flow.heading(t('payments'));
  if (input.payments.length === 0) {
    doc.font(REGULAR).fontSize(9).fillColor(MUTED);
    cell(doc, t('noPayments'), left, flow.y, contentWidth);
    flow.y += 14;
  } else {
    const payCols: Column[] = [
      { label: t('thDate'), width: 130, align: 'left' },
      { label: t('thType'), width: 70, align: 'left' },
      { label: t('thMethod'), width: 70, align: 'left' },
      { label: t('thReference'), width: contentWidth - 130 - 70 - 70 - 90, align: 'left' },
      { label: t('thAmount'), width: 90, align: 'right' },
    ];
    const rows = input.payments.map((p) => {
      const refund = p.kind === 'refund';
      const reference = [p.reference, p.kind === 'payment' && p.change ? t('changeGiven', { amount: fmt.money(p.change) }) : null].filter(Boolean).join(' · ');
      return { values: [fmt.dateTime(p.createdAt), t(refund ? 'refund' : 'payment'), fmt.method(p.method), reference, fmt.money(refund ? -p.amount : p.amount)], color: refund ? RED : INK };
    });
    rowsTable(flow, payCols, rows);
  }

  // ---- On every page: the watermark of a cancelled invoice, the footer and page numbers.
  flow.finish(invoice.number, () => {
    if (!cancelled) return;
    const cx = doc.page.width / 2;
    const cy = doc.page.height / 2;
    doc.save();
    doc.rotate(-35, { origin: [cx, cy] });
    doc.font(BOLD).fontSize(76).fillColor(RED).fillOpacity(0.12);
    doc.text(t('cancelledCaps'), cx - 400, cy - 45, { width: 800, align: 'center', lineBreak: false });
    doc.restore();
  });

  doc.end();
  return done;
}
