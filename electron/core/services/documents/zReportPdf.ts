/**
 * The Z report as a PDF (pdfkit, the invoice's fonts): the sealed figures as zSections gives
 * them, in two columns of label/value rows, then the grand total and the audit chain head.
 * The same Z and settings give the same bytes: the creation date is the Z's.
 */
import type { ZReport } from '../../../../shared/contract';
import type { PaperSize } from '../../../../shared/contract/settings';
import type { DocumentLanguage } from '../../../../shared/i18n/languages';
import { DocFormat } from './format';
import { BOLD, cell, INK, MARGIN, MUTED, openPdf, REGULAR, RULE, SHADE } from './pdfPage';
import { zSections } from './zReport';

export interface ZPdfInput {
  z: ZReport;
  storeName: string;
  paperSize: PaperSize;
  locale: string;
  timeZone: string;
  /** The store's document language (Settings.documentLanguage); English by default. */
  language?: DocumentLanguage;
}

const GUTTER = 24;
const ROW = 14;

export function renderZReportPdf(input: ZPdfInput): Promise<Buffer> {
  const { z } = input;
  const fmt = new DocFormat(z.currency, input.locale, input.timeZone, input.language);
  const { t } = fmt;
  const { doc, done } = openPdf({
    paperSize: input.paperSize,
    locale: input.locale,
    info: {
      Title: t('zReportName', { number: z.number }),
      Author: input.storeName,
      Subject: t('zReportSubject', { number: z.number, code: z.registerCode }),
      CreationDate: new Date(z.createdAt),
    },
  });

  const left = MARGIN;
  const right = doc.page.width - MARGIN;
  const contentWidth = right - left;
  const bottom = doc.page.height - MARGIN - 20;

  // ---- Header: the store and the report's number.
  doc.fillColor(INK).font(BOLD).fontSize(13);
  cell(doc, input.storeName, left, MARGIN, contentWidth * 0.55);
  doc.font(REGULAR).fontSize(9).fillColor(MUTED);
  cell(doc, t('registerLine', { code: z.registerCode, name: z.registerName }), left, MARGIN + 18, contentWidth * 0.55);
  // The title in one line whatever the language: the type shrinks to fit ("Z REPORT" keeps 22 pt).
  const title = t('zReportCaps');
  let size = 22;
  while (size > 12 && doc.font(BOLD).fontSize(size).widthOfString(title) > contentWidth * 0.45) size -= 1;
  doc.font(BOLD).fontSize(size).fillColor(INK);
  cell(doc, title, left + contentWidth * 0.55, MARGIN, contentWidth * 0.45, 'right');
  doc.font(BOLD).fontSize(11);
  cell(doc, z.number, left + contentWidth * 0.55, MARGIN + 28, contentWidth * 0.45, 'right');
  doc.save().moveTo(left, MARGIN + 48).lineTo(right, MARGIN + 48).lineWidth(1).strokeColor(INK).stroke().restore();

  // ---- The audit chain head at closing, whole, under the header: the trail's anchor on paper.
  doc.font(BOLD).fontSize(8.5).fillColor(INK);
  cell(doc, t('auditChainHeadAtClosing'), left, MARGIN + 56, contentWidth);
  doc.font(REGULAR).fontSize(8.5);
  doc.text(z.chainHead, left, MARGIN + 68, { width: contentWidth });
  const top = doc.y + 14;

  // ---- The sections, flowing down the left column, then the right, then the next page; a
  // section that fits in a column is kept whole.
  const colWidth = (contentWidth - GUTTER) / 2;
  let col = 0;
  let y = top;
  const x = () => left + col * (colWidth + GUTTER);
  const room = (height: number) => {
    if (y + height <= bottom) return;
    if (col === 0) col = 1;
    else {
      doc.addPage();
      col = 0;
    }
    y = col === 1 && doc.bufferedPageRange().count === 1 ? top : MARGIN;
  };
  const longHeight = (text: string) => {
    doc.font(REGULAR).fontSize(9);
    return doc.heightOfString(text, { width: colWidth }) + 4;
  };
  for (const section of zSections(z, fmt)) {
    const height = (section.title ? 20 : 6) + section.rows.reduce((h, r) => h + ROW + (r.long ? longHeight(r.value) : 0), 0);
    if (height <= bottom - top) room(height);
    if (section.title) {
      room(20 + ROW);
      doc.save().rect(x(), y, colWidth, 16).fill(SHADE).restore();
      doc.font(BOLD).fontSize(9).fillColor(INK);
      cell(doc, section.title, x() + 5, y + 4, colWidth - 10);
      y += 20;
    } else y += 6;
    for (const row of section.rows) {
      const extra = row.long ? longHeight(row.value) : 0;
      room(ROW + extra);
      doc.font(row.strong ? BOLD : REGULAR).fontSize(9).fillColor(INK);
      cell(doc, row.label, x(), y, colWidth * 0.58);
      if (row.long) doc.text(row.value, x(), y + ROW - 2, { width: colWidth });
      else cell(doc, row.value, x() + colWidth * 0.58, y, colWidth * 0.42, 'right');
      y += ROW + extra;
      doc.save().moveTo(x(), y - 2).lineTo(x() + colWidth, y - 2).lineWidth(0.4).strokeColor(RULE).stroke().restore();
    }
    y += 6;
  }

  // ---- Page numbers.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const pageBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(REGULAR).fontSize(8).fillColor(MUTED);
    const page = t('pageOf', { label: z.number, page: String(i - range.start + 1), pages: String(range.count) });
    cell(doc, page, left, doc.page.height - MARGIN - 8, contentWidth, 'right');
    doc.page.margins.bottom = pageBottom;
  }
  doc.end();
  return done;
}
