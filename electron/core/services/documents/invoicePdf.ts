/**
 * The invoice as a PDF (pdfkit, in the main process). Everything on it comes from the
 * issued invoice (seller, customer, lines and totals frozen at issue) and its payment
 * rows; the store settings only choose the paper, logo, footer, locale and time zone.
 * The same invoice and settings give the same bytes: the creation date is the issue date.
 */
import type { Invoice, Payment } from '../../../../shared/contract';
import type { PaperSize } from '../../../../shared/contract/settings';
import { DocFormat, methodLabels } from './format';
import { type Align, BOLD, cell, INK, MARGIN, MUTED, openPdf, REGULAR, RULE, SHADE } from './pdfPage';

export interface InvoicePdfInput {
  invoice: Invoice;
  /** Payments and refunds of the invoice, oldest first. */
  payments: Payment[];
  paperSize: PaperSize;
  locale: string;
  timeZone: string;
  footer: string | null;
  logo: { data: Buffer; width: number; height: number } | null;
}

const RED = '#b42318';

interface Column {
  label: string;
  width: number;
  align: Align;
}

export function renderInvoicePdf(input: InvoicePdfInput): Promise<Buffer> {
  const { invoice } = input;
  const fmt = new DocFormat(invoice.currency, input.locale, input.timeZone);
  const { doc, done } = openPdf({
    paperSize: input.paperSize,
    locale: input.locale,
    info: { Title: `Invoice ${invoice.number}`, Author: invoice.seller.name, Subject: `Invoice ${invoice.number} for order ${invoice.orderNumber}`, CreationDate: new Date(invoice.issuedAt) },
  });

  const left = MARGIN;
  const right = doc.page.width - MARGIN;
  const contentWidth = right - left;

  // The footer (store text + page numbers) is drawn last on every page; keep room for it.
  doc.font(REGULAR).fontSize(8);
  const footerText = input.footer ?? '';
  const footerHeight = (footerText ? doc.heightOfString(footerText, { width: contentWidth }) + 4 : 0) + 12;
  const bottom = doc.page.height - MARGIN - footerHeight - 10;
  let y = MARGIN;

  const newPage = () => {
    doc.addPage();
    y = MARGIN;
  };
  const ensure = (height: number) => {
    if (y + height > bottom) newPage();
  };

  // ---- Header: seller on the left, title and invoice facts on the right.
  let leftY = y;
  if (input.logo) {
    const box = { w: 170, h: 64 };
    const scale = Math.min(box.w / input.logo.width, box.h / input.logo.height);
    const w = input.logo.width * scale;
    const h = input.logo.height * scale;
    try {
      doc.image(input.logo.data, left, leftY, { width: w, height: h });
      leftY += h + 12;
    } catch {
      // A logo pdfkit cannot read leaves the header text-only rather than failing the invoice.
    }
  }
  const sellerWidth = contentWidth * 0.55;
  doc.fillColor(INK).font(BOLD).fontSize(13);
  doc.text(invoice.seller.name, left, leftY, { width: sellerWidth });
  leftY = doc.y + 3;
  doc.font(REGULAR).fontSize(9).fillColor(INK);
  const sellerLines = [invoice.seller.address, invoice.seller.phone && `Tel. ${invoice.seller.phone}`, invoice.seller.taxId && `Tax ID: ${invoice.seller.taxId}`];
  for (const line of sellerLines) {
    if (!line) continue;
    doc.text(line, left, leftY, { width: sellerWidth, lineGap: 1.5 });
    leftY = doc.y;
  }

  const metaX = left + contentWidth * 0.6;
  const metaWidth = right - metaX;
  let rightY = y;
  doc.font(BOLD).fontSize(24).fillColor(INK);
  cell(doc, 'INVOICE', metaX, rightY, metaWidth, 'right');
  rightY += 36;
  const facts: [string, string][] = [
    ['Invoice number', invoice.number],
    ['Issue date', fmt.date(invoice.issuedAt)],
    ['Order number', String(invoice.orderNumber)],
    ['Status', invoice.status],
  ];
  if (invoice.paidAt && invoice.status === 'PAID') facts.push(['Paid on', fmt.date(invoice.paidAt)]);
  for (const [label, value] of facts) {
    doc.font(REGULAR).fontSize(9).fillColor(MUTED);
    cell(doc, label, metaX, rightY, metaWidth / 2);
    doc.font(BOLD).fillColor(label === 'Status' && invoice.status === 'CANCELLED' ? RED : INK);
    cell(doc, value, metaX + metaWidth / 2, rightY, metaWidth / 2, 'right');
    rightY += 14;
  }
  y = Math.max(leftY, rightY) + 14;

  // ---- Cancelled: a banner that says when and why (and a watermark on every page, below).
  if (invoice.status === 'CANCELLED') {
    const note = [invoice.cancelledAt && `on ${fmt.date(invoice.cancelledAt)}`, invoice.cancelReason && `Reason: ${invoice.cancelReason}`]
      .filter(Boolean)
      .join(' · ');
    doc.font(REGULAR).fontSize(9);
    const noteHeight = note ? doc.heightOfString(note, { width: contentWidth - 24 }) : 0;
    const h = 28 + noteHeight;
    doc.save().roundedRect(left, y, contentWidth, h, 4).fillAndStroke('#fef3f2', RED).restore();
    doc.font(BOLD).fontSize(14).fillColor(RED);
    cell(doc, 'CANCELLED', left + 12, y + 8, contentWidth - 24);
    if (note) {
      doc.font(REGULAR).fontSize(9).fillColor(RED);
      doc.text(note, left + 12, y + 26, { width: contentWidth - 24 });
    }
    y += h + 16;
  }

  // ---- Bill to.
  doc.font(BOLD).fontSize(8).fillColor(MUTED);
  cell(doc, 'BILL TO', left, y, contentWidth);
  y += 13;
  const customer = invoice.customer;
  if (customer) {
    doc.font(BOLD).fontSize(11).fillColor(INK);
    doc.text(customer.name, left, y, { width: sellerWidth });
    y = doc.y + 2;
    doc.font(REGULAR).fontSize(9);
    for (const line of [customer.address, customer.email, customer.phone && `Tel. ${customer.phone}`, customer.taxId && `Tax ID: ${customer.taxId}`]) {
      if (!line) continue;
      doc.text(line, left, y, { width: sellerWidth, lineGap: 1.5 });
      y = doc.y;
    }
  } else {
    doc.font(REGULAR).fontSize(10).fillColor(MUTED);
    cell(doc, 'Walk-in customer', left, y, sellerWidth);
    y += 14;
  }
  y += 18;

  // ---- Lines.
  const numeric = 70;
  const columns: Column[] = [
    { label: 'Description', width: contentWidth - (38 + numeric + 44 + numeric + numeric), align: 'left' },
    { label: 'Qty', width: 38, align: 'right' },
    { label: 'Unit price', width: numeric, align: 'right' },
    { label: 'Tax', width: 44, align: 'right' },
    { label: 'Net', width: numeric, align: 'right' },
    { label: 'Total', width: numeric, align: 'right' },
  ];
  const pad = 6;
  /** One text per column, from `x` on. */
  const cells = (cols: readonly Column[], values: readonly string[], x: number, top: number) => {
    cols.forEach((c, i) => {
      cell(doc, values[i] ?? '', x + pad, top, c.width - 2 * pad, c.align);
      x += c.width;
    });
  };
  /** A shaded row of the columns' labels, `height` points high. */
  const headerRow = (cols: readonly Column[], height: number) => {
    doc.save().rect(left, y, contentWidth, height).fill(SHADE).restore();
    doc.font(BOLD).fontSize(8.5).fillColor(INK);
    cells(cols, cols.map((c) => c.label), left, y + (height - 8) / 2);
    y += height;
  };
  const tableHeader = () => headerRow(columns, 20);
  ensure(60);
  tableHeader();
  for (const line of invoice.lines) {
    const descWidth = columns[0]!.width - 2 * pad;
    doc.font(REGULAR).fontSize(9);
    const nameHeight = doc.heightOfString(line.name, { width: descWidth });
    const rowHeight = nameHeight + (line.sku ? 11 : 0) + 10;
    if (y + rowHeight > bottom) {
      newPage();
      tableHeader();
    }
    const top = y + 5;
    doc.font(REGULAR).fontSize(9).fillColor(INK);
    doc.text(line.name, left + pad, top, { width: descWidth });
    if (line.sku) {
      doc.fontSize(7.5).fillColor(MUTED);
      cell(doc, `SKU ${line.sku}`, left + pad, top + nameHeight + 1, descWidth);
    }
    const values = [String(line.quantity), fmt.money(line.unitPrice), fmt.rate(line.taxRateBp), fmt.money(line.subtotal), fmt.money(line.total)];
    doc.fontSize(9).fillColor(INK);
    cells(columns.slice(1), values, left + columns[0]!.width, top);
    y += rowHeight;
    doc.save().moveTo(left, y).lineTo(right, y).lineWidth(0.5).strokeColor(RULE).stroke().restore();
  }
  y += 16;

  // ---- Tax breakdown (left) and totals (right).
  const breakdownRows = invoice.taxBreakdown.length;
  ensure(Math.max(40 + breakdownRows * 15, 110));
  const blockTop = y;
  const taxWidth = Math.min(250, contentWidth * 0.48);
  const taxCols: Column[] = [
    { label: 'Tax rate', width: taxWidth * 0.3, align: 'left' },
    { label: 'Net', width: taxWidth * 0.35, align: 'right' },
    { label: 'Tax', width: taxWidth * 0.35, align: 'right' },
  ];
  doc.save().rect(left, y, taxWidth, 18).fill(SHADE).restore();
  doc.font(BOLD).fontSize(8.5).fillColor(INK);
  let tx = left;
  for (const c of taxCols) {
    cell(doc, c.label, tx + pad, y + 5, c.width - 2 * pad, c.align);
    tx += c.width;
  }
  let ty = y + 18;
  doc.font(REGULAR).fontSize(9);
  for (const entry of invoice.taxBreakdown) {
    const vals = [fmt.rate(entry.taxRateBp), fmt.money(entry.base), fmt.money(entry.tax)];
    tx = left;
    vals.forEach((v, i) => {
      const c = taxCols[i]!;
      cell(doc, v, tx + pad, ty + 4, c.width - 2 * pad, c.align);
      tx += c.width;
    });
    ty += 16;
    doc.save().moveTo(left, ty).lineTo(left + taxWidth, ty).lineWidth(0.5).strokeColor(RULE).stroke().restore();
  }

  const totalsWidth = Math.min(240, contentWidth * 0.45);
  const totalsX = right - totalsWidth;
  let sy = blockTop;
  const sumRow = (label: string, value: string, strong = false) => {
    doc.font(strong ? BOLD : REGULAR).fontSize(strong ? 11 : 9.5).fillColor(INK);
    cell(doc, label, totalsX, sy, totalsWidth / 2);
    cell(doc, value, totalsX + totalsWidth / 2, sy, totalsWidth / 2, 'right');
    sy += strong ? 18 : 15;
  };
  sumRow('Subtotal', fmt.money(invoice.subtotal));
  sumRow('Tax', fmt.money(invoice.tax));
  sy += 3;
  doc.save().moveTo(totalsX, sy).lineTo(right, sy).lineWidth(1).strokeColor(INK).stroke().restore();
  sy += 6;
  sumRow('Total', fmt.money(invoice.total), true);
  // Its credit notes correct it without editing it: what they credited comes off the balance.
  if (invoice.credited > 0) sumRow('Credited', fmt.money(-invoice.credited));
  sumRow('Amount paid', fmt.money(invoice.amountPaid));
  sy += 2;
  doc.save().rect(totalsX, sy, totalsWidth, 22).fill(SHADE).restore();
  sy += 5;
  sumRow(invoice.status === 'CANCELLED' ? 'Balance' : 'Balance due', fmt.money(invoice.balance), true);
  y = Math.max(ty, sy) + 24;

  // ---- Payments and refunds.
  ensure(60);
  doc.font(BOLD).fontSize(10).fillColor(INK);
  cell(doc, 'Payments', left, y, contentWidth);
  y += 16;
  if (input.payments.length === 0) {
    doc.font(REGULAR).fontSize(9).fillColor(MUTED);
    cell(doc, 'No payments recorded.', left, y, contentWidth);
    y += 14;
  } else {
    const payCols: Column[] = [
      { label: 'Date', width: 130, align: 'left' },
      { label: 'Type', width: 70, align: 'left' },
      { label: 'Method', width: 70, align: 'left' },
      { label: 'Reference', width: contentWidth - 130 - 70 - 70 - 90, align: 'left' },
      { label: 'Amount', width: 90, align: 'right' },
    ];
    const payHeader = () => headerRow(payCols, 18);
    payHeader();
    for (const p of input.payments) {
      if (y + 18 > bottom) {
        newPage();
        payHeader();
      }
      const refund = p.kind === 'refund';
      const reference = [p.reference, p.kind === 'payment' && p.change ? `change ${fmt.money(p.change)}` : null].filter(Boolean).join(' · ');
      const vals = [fmt.dateTime(p.createdAt), refund ? 'Refund' : 'Payment', methodLabels[p.method], reference, fmt.money(refund ? -p.amount : p.amount)];
      doc.font(REGULAR).fontSize(9).fillColor(refund ? RED : INK);
      cells(payCols, vals, left, y + 4);
      y += 17;
      doc.save().moveTo(left, y).lineTo(right, y).lineWidth(0.5).strokeColor(RULE).stroke().restore();
    }
  }

  // ---- On every page: the watermark of a cancelled invoice, the footer and page numbers.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const pageBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing below the margin must not start a new page
    if (invoice.status === 'CANCELLED') {
      const cx = doc.page.width / 2;
      const cy = doc.page.height / 2;
      doc.save();
      doc.rotate(-35, { origin: [cx, cy] });
      doc.font(BOLD).fontSize(76).fillColor(RED).fillOpacity(0.12);
      doc.text('CANCELLED', cx - 400, cy - 45, { width: 800, align: 'center', lineBreak: false });
      doc.restore();
    }
    const fy = doc.page.height - MARGIN - footerHeight;
    doc.save().moveTo(left, fy).lineTo(right, fy).lineWidth(0.5).strokeColor(RULE).stroke().restore();
    doc.font(REGULAR).fontSize(8).fillColor(MUTED).fillOpacity(1);
    if (footerText) doc.text(footerText, left, fy + 6, { width: contentWidth, align: 'center' });
    cell(doc, `${invoice.number} · Page ${i - range.start + 1} of ${range.count}`, left, doc.page.height - MARGIN - 8, contentWidth, 'right');
    doc.page.margins.bottom = pageBottom;
  }

  doc.end();
  return done;
}
