/**
 * The credit note as a PDF, drawn with the invoice's blocks (pdfBlocks.ts): "CREDIT NOTE
 * CN-000001", the invoice it corrects, seller and customer as frozen on it, the lines with
 * their reasons, tax per rate, totals, where the money went (tenders, voucher codes with their
 * barcodes) and who issued and approved it. The same credit note gives the same bytes.
 */
import { code128Bars, isCode128B } from '../../../../shared/barcode/code128';
import type { CreditNote, Voucher } from '../../../../shared/contract';
import type { PaperSize } from '../../../../shared/contract/settings';
import { correctsText } from './creditNoteReceipt';
import { DocFormat, methodLabels } from './format';
import { basisCaption, type Column, customerBlock, factsBlock, linesTable, type Logo, PageFlow, rowsTable, sellerBlock, taxTable, totalRows, TotalsColumn } from './pdfBlocks';
import { BOLD, cell, type Doc, INK, MUTED, openPdf, REGULAR, RULE } from './pdfPage';

export interface CreditNotePdfInput {
  creditNote: CreditNote;
  paperSize: PaperSize;
  locale: string;
  timeZone: string;
  footer: string | null;
  logo: Logo | null;
}

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
  const flow = new PageFlow(doc, input.footer ?? '');
  const { left, right, width: contentWidth } = flow;

  // ---- Header: seller on the left, title and facts on the right.
  const sellerWidth = contentWidth * 0.55;
  const leftY = sellerBlock(flow, cn.seller, input.logo, sellerWidth);
  const metaX = left + contentWidth * 0.5;
  const metaWidth = right - metaX;
  // The title in one line whatever the number's length: the type shrinks to fit.
  const title = `CREDIT NOTE ${cn.number}`;
  let size = 20;
  while (size > 12 && doc.font(BOLD).fontSize(size).widthOfString(title) > metaWidth) size -= 1;
  doc.fillColor(INK);
  cell(doc, title, metaX, flow.y, metaWidth, 'right');
  doc.font(BOLD).fontSize(10);
  cell(doc, correctsText(cn), metaX, flow.y + 30, metaWidth, 'right');
  const facts: [string, string][] = [
    ['Credit note number', cn.number],
    ['Issue date', fmt.date(cn.issuedAt)],
    ...(cn.invoiceNumber ? [['Invoice', cn.invoiceNumber] as [string, string]] : []),
    ['For', KIND_LABELS[cn.kind]],
  ];
  const rightY = factsBlock(flow, facts, metaX, flow.y + 48, metaWidth);
  flow.y = Math.max(leftY, rightY) + 18;

  customerBlock(flow, 'CUSTOMER', cn.customer, sellerWidth);

  // ---- Lines: what came back, with why, and the share of the sale's discounts each keeps.
  const discounted = cn.lines.some((l) => l.discount > 0);
  const n = discounted ? 56 : 62;
  const discountWidth = discounted ? 60 : 0;
  const columns: Column[] = [
    { label: 'Description', width: contentWidth - (34 + 62 + 40 + discountWidth + n + n + n), align: 'left' },
    { label: 'Qty', width: 34, align: 'right' },
    { label: 'Unit price', width: 62, align: 'right' },
    { label: 'Rate', width: 40, align: 'right' },
    ...(discounted ? [{ label: 'Discount', width: discountWidth, align: 'right' } as const] : []),
    { label: 'Net', width: n, align: 'right' },
    { label: 'Tax', width: n, align: 'right' },
    { label: 'Total', width: n, align: 'right' },
  ];
  basisCaption(flow, cn.priceBasis);
  linesTable(
    flow,
    columns,
    cn.lines.map((line) => ({
      name: line.name,
      note: [line.sku && `SKU ${line.sku}`, line.reason && `Reason: ${line.reason}`, line.restock ? 'Back in stock' : null].filter(Boolean).join(' · '),
      values: [
        String(line.quantity),
        fmt.money(line.unitPrice),
        fmt.rate(line.taxRateBp),
        ...(discounted ? [line.discount > 0 ? fmt.money(-line.discount) : ''] : []),
        fmt.money(line.subtotal),
        fmt.money(line.tax),
        fmt.money(line.total),
      ],
    })),
  );

  // ---- Tax per rate (left) and totals (right).
  flow.ensure(Math.max(40 + cn.taxBreakdown.length * 16, 110));
  const taxBottom = taxTable(flow, cn.taxBreakdown, fmt);
  const totals = new TotalsColumn(flow, flow.y, 0.6);
  if (cn.discountTotal > 0) totals.row('Less discounts', fmt.money(-cn.discountTotal));
  totalRows(totals, fmt, cn, 'Total credited');
  totals.row('Refunded', fmt.money(cn.refunded));
  if (cn.refunded < cn.total) totals.row('Off the balance due', fmt.money(cn.total - cn.refunded));
  flow.y = Math.max(taxBottom, totals.y) + 24;

  // ---- Refunded: per tender, then the vouchers issued.
  flow.ensure(60);
  flow.heading('Refunded');
  if (cn.refunds.length === 0) {
    doc.font(REGULAR).fontSize(9).fillColor(MUTED);
    cell(doc, cn.vouchers.length > 0 ? 'As store credit (below).' : 'Nothing refunded: the credit reduced what was owed.', left, flow.y, contentWidth);
    flow.y += 14;
  } else {
    const payCols: Column[] = [
      { label: 'Date', width: 130, align: 'left' },
      { label: 'Method', width: 90, align: 'left' },
      { label: 'Reference', width: contentWidth - 130 - 90 - 90, align: 'left' },
      { label: 'Amount', width: 90, align: 'right' },
    ];
    rowsTable(
      flow,
      payCols,
      cn.refunds.map((p) => ({ values: [fmt.dateTime(p.createdAt), methodLabels[p.method], p.voucherCode ?? p.reference ?? '', fmt.money(p.amount)] })),
    );
  }
  flow.y += 12;
  for (const v of cn.vouchers) flow.y = voucherBlock(doc, fmt, v, left, flow.ensure(VOUCHER_HEIGHT + 12), contentWidth);

  // ---- Who issued and approved it.
  flow.ensure(40);
  doc.font(REGULAR).fontSize(9).fillColor(INK);
  cell(doc, `Issued by ${cn.issuedByName} on ${fmt.dateTime(cn.issuedAt)}`, left, flow.y, contentWidth);
  flow.y += 14;
  cell(doc, cn.approvedByName ? `Approved by ${cn.approvedByName}` : 'No manager approval was needed.', left, flow.y, contentWidth);

  flow.finish(cn.number);
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
