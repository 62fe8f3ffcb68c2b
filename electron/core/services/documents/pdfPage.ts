/** What the store's PDF documents (the invoice, the Z report) share: their page, colours, fonts and one-line cells. */
import PDFDocument from 'pdfkit';
import type { PaperSize } from '../../../../shared/contract/settings';
import { fontPath } from './fonts';

export const INK = '#1f2933';
export const MUTED = '#6b7280';
export const RULE = '#d9dde3';
export const SHADE = '#f3f4f6';
export const MARGIN = 50;
export const REGULAR = 'regular';
export const BOLD = 'bold';

export type Doc = PDFKit.PDFDocument;
export type Align = 'left' | 'right';

/**
 * A new document on the store's paper, in its language, with the shipped fonts registered,
 * and the bytes it will have once `doc.end()` is called.
 */
export function openPdf(opts: { paperSize: PaperSize; locale: string; info: PDFKit.DocumentInfo }): { doc: Doc; done: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: opts.paperSize === 'Letter' ? 'LETTER' : 'A4',
    margin: MARGIN,
    bufferPages: true,
    font: fontPath('regular'),
    lang: opts.locale,
    displayTitle: true,
    info: { Creator: 'Tessera', Producer: 'Tessera', ...opts.info },
  });
  doc.registerFont(REGULAR, fontPath('regular'));
  doc.registerFont(BOLD, fontPath('bold'));
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

/** `text` cut to `width` with an ellipsis when it does not fit on one line. */
function fitted(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  const chars = Array.from(text);
  while (chars.length > 0 && doc.widthOfString(`${chars.join('')}…`) > width) chars.pop();
  return `${chars.join('')}…`;
}

/** Draws one line of text, cut to fit, without letting pdfkit wrap or break the page. */
export function cell(doc: Doc, text: string, x: number, y: number, width: number, align: Align = 'left'): void {
  doc.text(fitted(doc, text, width), x, y, { width, align, lineBreak: false });
}
