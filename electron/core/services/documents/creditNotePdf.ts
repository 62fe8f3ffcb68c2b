/**
 * The credit note as a PDF, on the invoice's page framework (pdfPage.ts): "CREDIT NOTE
 * CN-000001", the invoice it corrects, seller and customer as frozen on it, the lines with
 * their reasons, tax per rate, totals, where the money went (tenders, voucher codes with their
 * barcodes) and who issued and approved it. The same credit note gives the same bytes.
 */
import { code128Bars, isCode128B } from '../../../../shared/barcode/code128';
import type { CreditNote, Voucher } from '../../../../shared/contract';
import type { PaperSize } from '../../../../shared/contract/settings';
import { correctsText } from './creditNoteReceipt';
import { DocFormat, methodLabels } from './format';
import { type Align, BOLD, cell, type Doc, INK, MARGIN, MUTED, openPdf, REGULAR, RULE, SHADE } from './pdfPage';

export interface CreditNotePdfInput {
  creditNote: CreditNote;
  paperSize: PaperSize;
  locale: string;
  timeZone: string;
  footer: string | null;
  logo: { data: Buffer; width: number; height: number } | null;
}

interface Column {
  label: string;
  width: number;
  align: Align;
}

const PAD = 6;
const KIND_LABELS: Record<CreditNote['kind'], string> = { return: 'Return', exchange: 'Exchange', cancellation: 'Cancelled order', receiptless: 'Return without a receipt' };
const VOUCHER_HEIGHT = 72;

/** Code 128 bars of `data`, `maxWidth` points wide at most (1.2 pt a module, ~0.42 mm, when it fits). */
function drawBarcode(doc: Doc, data: string, x: number, y: number, maxWidth: number, height: number): void {
  if (!isCode128B(data)) return;
  const { bars, modules } = code128Bars(data);
  const module = Math.min(1.2, maxWidth / modules);
  doc.save().fillColor('#000');
  for (const b of bars) doc.rect(x + b.x * module, y, b.width * module, height).fill();
  doc.restore();
}

export function renderCreditNotePdf(input: CreditNotePdfInput): Promise<Buffer> {
  const cn = input.creditNote;
  const fmt = new DocFormat(cn.currency, input.locale, input.timeZone);
  const { doc, done } = openPdf({
    paperSize: input.paperSize,
    locale: input.locale,
    info: { Title: `Credit note ${cn.number}`, Author: cn.seller.name, Subject: `Credit note ${cn.number}. ${correctsText(cn)}`, CreationDate: new Date(cn.issuedAt) },
  });

  const left = MARGIN;
  const right = doc.page.width - MARGIN;
  const contentWidth = right - left;
  doc.font(REGULAR).fontSize(8);
  const footerText = input.footer ?? '';
  const footerHeight = (footerText ? doc.heightOfString(footerText, { width: contentWidth }) + 4 : 0) + 12;
  const bottom = doc.page.height - MARGIN - footerHeight - 10;
  let y = MARGIN;
  /** Starts a new page when `height` does not fit; answers where to draw. */
  const newPage = () => {
    doc.addPage();
    y = MARGIN;
  };
  const ensure = (height: number): number => {
    if (y + height > bottom) newPage();
    return y;
  };
  const hr = (x1: number, x2: number, at: number) => doc.save().moveTo(x1, at).lineTo(x2, at).lineWidth(0.5).strokeColor(RULE).stroke().restore();
  const cells = (cols: readonly Column[], values: readonly string[], x: number, top: number) => {
    cols.forEach((c, i) => {
      cell(doc, values[i] ?? '', x + PAD, top, c.width - 2 * PAD, c.align);
      x += c.width;
    });
  };
  const headerRow = (cols: readonly Column[], width: number, height = 20) => {
    doc.save().rect(left, y, width, height).fill(SHADE).restore();
    doc.font(BOLD).fontSize(8.5).fillColor(INK);
    cells(cols, cols.map((c) => c.label), left, y + (height - 8) / 2);
    y += height;
  };
  const heading = (text: string) => {
    doc.font(BOLD).fontSize(10).fillColor(INK);
    cell(doc, text, left, y, contentWidth);
    y += 16;
  };

  // ---- Header: seller on the left, title and facts on the right.
  let leftY = y;
  if (input.logo) {
    const scale = Math.min(170 / input.logo.width, 64 / input.logo.height);
    try {
      doc.image(input.logo.data, left, leftY, { width: input.logo.width * scale, height: input.logo.height * scale });
      leftY += input.logo.height * scale + 12;
    } catch {
      // A logo pdfkit cannot read leaves the header text-only rather than failing the document.
    }
  }
  const sellerWidth = contentWidth * 0.55;
  doc.fillColor(INK).font(BOLD).fontSize(13).text(cn.seller.name, left, leftY, { width: sellerWidth });
  leftY = doc.y + 3;
  doc.font(REGULAR).fontSize(9);
  for (const line of [cn.seller.address, cn.seller.phone && `Tel. ${cn.seller.phone}`, cn.seller.taxId && `Tax ID: ${cn.seller.taxId}`]) {
    if (!line) continue;
    doc.text(line, left, leftY, { width: sellerWidth, lineGap: 1.5 });
    leftY = doc.y;
  }
  const metaX = left + contentWidth * 0.5;
  const metaWidth = right - metaX;
  let rightY = y;
  // The title in one line whatever the number's length: the type shrinks to fit.
  const title = `CREDIT NOTE ${cn.number}`;
  let size = 20;
  while (size > 12 && doc.font(BOLD).fontSize(size).widthOfString(title) > metaWidth) size -= 1;
  doc.fillColor(INK);
  cell(doc, title, metaX, rightY, metaWidth, 'right');
  rightY += 30;
  doc.font(BOLD).fontSize(10);
  cell(doc, correctsText(cn), metaX, rightY, metaWidth, 'right');
  rightY += 18;
  const facts: [string, string][] = [
    ['Credit note number', cn.number],
    ['Issue date', fmt.date(cn.issuedAt)],
    ...(cn.invoiceNumber ? [['Invoice', cn.invoiceNumber] as [string, string]] : []),
    ['For', KIND_LABELS[cn.kind]],
  ];
  for (const [label, value] of facts) {
    doc.font(REGULAR).fontSize(9).fillColor(MUTED);
    cell(doc, label, metaX, rightY, metaWidth / 2);
    doc.font(BOLD).fillColor(INK);
    cell(doc, value, metaX + metaWidth / 2, rightY, metaWidth / 2, 'right');
    rightY += 14;
  }
  y = Math.max(leftY, rightY) + 18;

  // ---- Customer.
  doc.font(BOLD).fontSize(8).fillColor(MUTED);
  cell(doc, 'CUSTOMER', left, y, contentWidth);
  y += 13;
  if (cn.customer) {
    doc.font(BOLD).fontSize(11).fillColor(INK).text(cn.customer.name, left, y, { width: sellerWidth });
    y = doc.y + 2;
    doc.font(REGULAR).fontSize(9);
    const c = cn.customer;
    for (const line of [c.address, c.email, c.phone && `Tel. ${c.phone}`, c.taxId && `Tax ID: ${c.taxId}`]) {
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

  // ---- Lines: what came back, with why.
  const n = 62;
  const columns: Column[] = [
    { label: 'Description', width: contentWidth - (34 + n + 40 + n + n + n), align: 'left' },
    { label: 'Qty', width: 34, align: 'right' },
    { label: 'Unit price', width: n, align: 'right' },
    { label: 'Rate', width: 40, align: 'right' },
    { label: 'Net', width: n, align: 'right' },
    { label: 'Tax', width: n, align: 'right' },
    { label: 'Total', width: n, align: 'right' },
  ];
  const descWidth = columns[0]!.width - 2 * PAD;
  ensure(60);
  headerRow(columns, contentWidth);
  for (const line of cn.lines) {
    doc.font(REGULAR).fontSize(9);
    const nameHeight = doc.heightOfString(line.name, { width: descWidth });
    const notes = [line.sku && `SKU ${line.sku}`, line.reason && `Reason: ${line.reason}`, line.restock ? 'Back in stock' : null].filter(Boolean).join(' · ');
    const notesHeight = notes ? doc.fontSize(7.5).heightOfString(notes, { width: descWidth }) + 1 : 0;
    const rowHeight = nameHeight + notesHeight + 10;
    if (y + rowHeight > bottom) {
      newPage();
      headerRow(columns, contentWidth);
    }
    const top = y + 5;
    doc.font(REGULAR).fontSize(9).fillColor(INK).text(line.name, left + PAD, top, { width: descWidth });
    if (notes) doc.fontSize(7.5).fillColor(MUTED).text(notes, left + PAD, top + nameHeight + 1, { width: descWidth });
    doc.fontSize(9).fillColor(INK);
    const values = [String(line.quantity), fmt.money(line.unitPrice), fmt.rate(line.taxRateBp), fmt.money(line.subtotal), fmt.money(line.tax), fmt.money(line.total)];
    cells(columns.slice(1), values, left + columns[0]!.width, top);
    y += rowHeight;
    hr(left, right, y);
  }
  y += 16;

  // ---- Tax per rate (left) and totals (right).
  ensure(Math.max(40 + cn.taxBreakdown.length * 16, 90));
  const blockTop = y;
  const taxWidth = Math.min(250, contentWidth * 0.48);
  const taxCols: Column[] = [
    { label: 'Tax rate', width: taxWidth * 0.3, align: 'left' },
    { label: 'Net', width: taxWidth * 0.35, align: 'right' },
    { label: 'Tax', width: taxWidth * 0.35, align: 'right' },
  ];
  headerRow(taxCols, taxWidth, 18);
  doc.font(REGULAR).fontSize(9).fillColor(INK);
  for (const t of cn.taxBreakdown) {
    cells(taxCols, [fmt.rate(t.taxRateBp), fmt.money(t.base), fmt.money(t.tax)], left, y + 4);
    y += 16;
    hr(left, left + taxWidth, y);
  }
  const taxBottom = y;
  const totalsWidth = Math.min(240, contentWidth * 0.45);
  const totalsX = right - totalsWidth;
  let sy = blockTop;
  const sumRow = (label: string, value: string, strong = false) => {
    doc.font(strong ? BOLD : REGULAR).fontSize(strong ? 11 : 9.5).fillColor(INK);
    cell(doc, label, totalsX, sy, totalsWidth * 0.6);
    cell(doc, value, totalsX + totalsWidth * 0.6, sy, totalsWidth * 0.4, 'right');
    sy += strong ? 18 : 15;
  };
  sumRow('Subtotal', fmt.money(cn.subtotal));
  sumRow('Tax', fmt.money(cn.tax));
  sy += 3;
  doc.save().moveTo(totalsX, sy).lineTo(right, sy).lineWidth(1).strokeColor(INK).stroke().restore();
  sy += 6;
  sumRow('Total credited', fmt.money(cn.total), true);
  sumRow('Refunded', fmt.money(cn.refunded));
  if (cn.refunded < cn.total) sumRow('Off the balance due', fmt.money(cn.total - cn.refunded));
  y = Math.max(taxBottom, sy) + 24;

  // ---- Refunded: per tender, then the vouchers issued.
  ensure(60);
  heading('Refunded');
  if (cn.refunds.length === 0) {
    doc.font(REGULAR).fontSize(9).fillColor(MUTED);
    cell(doc, cn.vouchers.length > 0 ? 'As store credit (below).' : 'Nothing refunded: the credit reduced what was owed.', left, y, contentWidth);
    y += 14;
  } else {
    const payCols: Column[] = [
      { label: 'Date', width: 130, align: 'left' },
      { label: 'Method', width: 90, align: 'left' },
      { label: 'Reference', width: contentWidth - 130 - 90 - 90, align: 'left' },
      { label: 'Amount', width: 90, align: 'right' },
    ];
    headerRow(payCols, contentWidth, 18);
    for (const p of cn.refunds) {
      if (y + 18 > bottom) {
        newPage();
        headerRow(payCols, contentWidth, 18);
      }
      doc.font(REGULAR).fontSize(9).fillColor(INK);
      cells(payCols, [fmt.dateTime(p.createdAt), methodLabels[p.method], p.voucherCode ?? p.reference ?? '', fmt.money(p.amount)], left, y + 4);
      y += 17;
      hr(left, right, y);
    }
  }
  y += 12;
  for (const v of cn.vouchers) y = voucherBlock(doc, fmt, v, left, ensure(VOUCHER_HEIGHT + 12), contentWidth);

  // ---- Who issued and approved it.
  ensure(40);
  doc.font(REGULAR).fontSize(9).fillColor(INK);
  cell(doc, `Issued by ${cn.issuedByName} on ${fmt.dateTime(cn.issuedAt)}`, left, y, contentWidth);
  y += 14;
  cell(doc, cn.approvedByName ? `Approved by ${cn.approvedByName}` : 'No manager approval was needed.', left, y, contentWidth);

  // ---- On every page: the footer and page numbers.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const pageBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing below the margin must not start a new page
    const fy = doc.page.height - MARGIN - footerHeight;
    hr(left, right, fy);
    doc.font(REGULAR).fontSize(8).fillColor(MUTED);
    if (footerText) doc.text(footerText, left, fy + 6, { width: contentWidth, align: 'center' });
    cell(doc, `${cn.number} · Page ${i - range.start + 1} of ${range.count}`, left, doc.page.height - MARGIN - 8, contentWidth, 'right');
    doc.page.margins.bottom = pageBottom;
  }
  doc.end();
  return done;
}

/** A voucher issued by the credit note: its code in big type, its barcode, value and expiry. Returns the new y. */
function voucherBlock(doc: Doc, fmt: DocFormat, v: Voucher, left: number, y: number, width: number): number {
  doc.save().roundedRect(left, y, width, VOUCHER_HEIGHT, 4).lineWidth(0.8).strokeColor(RULE).stroke().restore();
  doc.font(BOLD).fontSize(8).fillColor(MUTED);
  cell(doc, v.kind === 'gift' ? 'GIFT VOUCHER' : 'STORE CREDIT VOUCHER', left + 12, y + 10, width / 2);
  doc.font(BOLD).fontSize(16).fillColor(INK);
  cell(doc, v.code, left + 12, y + 24, width / 2);
  doc.font(REGULAR).fontSize(9);
  cell(doc, `Value ${fmt.money(v.amount)} · valid until ${fmt.date(v.expiresAt)}`, left + 12, y + 48, width / 2);
  drawBarcode(doc, v.code, left + width / 2 + 12, y + 12, width / 2 - 24, 48);
  return y + VOUCHER_HEIGHT + 12;
}
