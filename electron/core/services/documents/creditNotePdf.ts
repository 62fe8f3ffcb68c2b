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
import type { DocumentLanguage } from '../../../../shared/i18n/languages';
import { DocFormat } from './format';
import { basisCaption, type Column, customerBlock, factsBlock, linesTable, type Logo, PageFlow, rowsTable, sellerBlock, taxTable, totalRows, TotalsColumn } from './pdfBlocks';
import { BOLD, cell, type Doc, INK, MUTED, openPdf, REGULAR, RULE } from './pdfPage';

export interface CreditNotePdfInput {
  creditNote: CreditNote;
  paperSize: PaperSize;
  locale: string;
  timeZone: string;
  footer: string | null;
  logo: Logo | null;
  /** The store's document language (Settings.documentLanguage); English by default. */
  language?: DocumentLanguage;
}

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
  const fmt = new DocFormat(cn.currency, input.locale, input.timeZone, input.language);
  const { t } = fmt;
  const { doc, done } = openPdf({
    paperSize: input.paperSize,
    locale: input.locale,
    info: {
      Title: t('creditNoteName', { number: cn.number }),
      Author: cn.seller.name,
      Subject: t('creditNoteSubject', { number: cn.number, corrects: correctsText(cn, t) }),
      CreationDate: new Date(cn.issuedAt),
    },
  });
  const flow = new PageFlow(doc, input.footer ?? '', t);
  const { left, right, width: contentWidth } = flow;

  // ---- Header: seller on the left, title and facts on the right.
  const sellerWidth = contentWidth * 0.55;
  const leftY = sellerBlock(flow, cn.seller, input.logo, sellerWidth);
  const metaX = left + contentWidth * 0.5;
  const metaWidth = right - metaX;
  // The title in one line whatever the number's length: the type shrinks to fit.
  const title = t('creditNoteTitle', { number: cn.number });
  let size = 20;
  while (size > 12 && doc.font(BOLD).fontSize(size).widthOfString(title) > metaWidth) size -= 1;
  doc.fillColor(INK);
  cell(doc, title, metaX, flow.y, metaWidth, 'right');
  doc.font(BOLD).fontSize(10);
  cell(doc, correctsText(cn, t), metaX, flow.y + 30, metaWidth, 'right');
  const facts: [string, string][] = [
    [t('creditNoteNumber'), cn.number],
    [t('issueDate'), fmt.date(cn.issuedAt)],
    ...(cn.invoiceNumber ? [[t('invoice'), cn.invoiceNumber] as [string, string]] : []),
    [t('forKind'), t('creditNoteKind', { kind: cn.kind })],
  ];
  const rightY = factsBlock(flow, facts, metaX, flow.y + 48, metaWidth);
  flow.y = Math.max(leftY, rightY) + 18;

  customerBlock(flow, t('customerCaps'), cn.customer, sellerWidth);

  // ---- Lines: what came back, with why, and the share of the sale's discounts each keeps.
  const discounted = cn.lines.some((l) => l.discount > 0);
  const n = discounted ? 56 : 62;
  const discountWidth = discounted ? 60 : 0;
  const columns: Column[] = [
    { label: t('thDescription'), width: contentWidth - (34 + 62 + 40 + discountWidth + n + n + n), align: 'left' },
    { label: t('thQty'), width: 34, align: 'right' },
    { label: t('thUnitPrice'), width: 62, align: 'right' },
    { label: t('thRate'), width: 40, align: 'right' },
    ...(discounted ? [{ label: t('thDiscount'), width: discountWidth, align: 'right' } as const] : []),
    { label: t('thNet'), width: n, align: 'right' },
    { label: t('thTax'), width: n, align: 'right' },
    { label: t('thTotal'), width: n, align: 'right' },
  ];
  basisCaption(flow, fmt, cn.priceBasis);
  linesTable(
    flow,
    columns,
    cn.lines.map((line) => ({
      name: line.name,
      note: [line.sku && t('sku', { sku: line.sku }), line.reason && t('reasonLine', { reason: line.reason }), line.restock ? t('backInStock') : null].filter(Boolean).join(' · '),
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
  if (cn.discountTotal > 0) totals.row(t('lessDiscounts'), fmt.money(-cn.discountTotal));
  totalRows(totals, fmt, cn, t('totalCredited'));
  totals.row(t('refunded'), fmt.money(cn.refunded));
  if (cn.refunded < cn.total) totals.row(t('offBalanceDue'), fmt.money(cn.total - cn.refunded));
  flow.y = Math.max(taxBottom, totals.y) + 24;

  // ---- Refunded: per tender, then the vouchers issued.
  flow.ensure(60);
  flow.heading(t('refunded'));
  if (cn.refunds.length === 0) {
    doc.font(REGULAR).fontSize(9).fillColor(MUTED);
    cell(doc, t(cn.vouchers.length > 0 ? 'asStoreCredit' : 'nothingRefunded'), left, flow.y, contentWidth);
    flow.y += 14;
  } else {
    const payCols: Column[] = [
      { label: t('thDate'), width: 130, align: 'left' },
      { label: t('thMethod'), width: 90, align: 'left' },
      { label: t('thReference'), width: contentWidth - 130 - 90 - 90, align: 'left' },
      { label: t('thAmount'), width: 90, align: 'right' },
    ];
    rowsTable(
      flow,
      payCols,
      cn.refunds.map((p) => ({ values: [fmt.dateTime(p.createdAt), fmt.method(p.method), p.voucherCode ?? p.reference ?? '', fmt.money(p.amount)] })),
    );
  }
  flow.y += 12;
  for (const v of cn.vouchers) flow.y = voucherBlock(doc, fmt, v, left, flow.ensure(VOUCHER_HEIGHT + 12), contentWidth);

  // ---- Who issued and approved it.
  flow.ensure(40);
  doc.font(REGULAR).fontSize(9).fillColor(INK);
  cell(doc, t('issuedByOn', { name: cn.issuedByName, date: fmt.dateTime(cn.issuedAt) }), left, flow.y, contentWidth);
  flow.y += 14;
  cell(doc, cn.approvedByName ? t('approvedByName', { name: cn.approvedByName }) : t('noApprovalNeeded'), left, flow.y, contentWidth);

  flow.finish(cn.number);
  doc.end();
  return done;
}

/** A voucher issued by the credit note: its code in big type, its barcode, value and expiry. Returns the new y. */
function voucherBlock(doc: Doc, fmt: DocFormat, v: Voucher, left: number, y: number, width: number): number {
  doc.save().roundedRect(left, y, width, VOUCHER_HEIGHT, 4).lineWidth(0.8).strokeColor(RULE).stroke().restore();
  doc.font(BOLD).fontSize(8).fillColor(MUTED);
  cell(doc, fmt.t(v.kind === 'gift' ? 'giftVoucherCaps' : 'storeCreditVoucherCaps'), left + 12, y + 10, width / 2);
  doc.font(BOLD).fontSize(16).fillColor(INK);
  cell(doc, v.code, left + 12, y + 24, width / 2);
  doc.font(REGULAR).fontSize(9);
  cell(doc, fmt.t('voucherValueUntil', { amount: fmt.money(v.amount), date: fmt.date(v.expiresAt) }), left + 12, y + 48, width / 2);
  drawBarcode(doc, v.code, left + width / 2 + 12, y + 12, width / 2 - 24, 48);
  return y + VOUCHER_HEIGHT + 12;
}
