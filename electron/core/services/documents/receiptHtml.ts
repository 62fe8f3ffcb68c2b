/**
 * The receipt as one self-contained HTML page for the desktop printer: no scripts, no
 * requests (the logo is inlined), sized to the paper so the print has no margins to trim.
 * Drawn from the same lines as the ESC/POS bytes and the renderer's printable page.
 */
import { code128Svg } from '../../../../shared/barcode/code128';
import type { ReceiptLayout } from '../../../../shared/contract/documents';
import { docWords } from './words';

/** Height of one printed line in millimetres (2.5 mm type at line-height 1.3); tall lines double it. */
const LINE_MM = 3.25;
const PAD_TOP_MM = 4;
const PAD_BOTTOM_MM = 6;
const LOGO_MM = 20;
/** A barcode under its line: 10 mm of bars and a little air, as the printer prints it. */
const BARCODE_MM = 12;

export interface ReceiptPage {
  html: string;
  /** The page in millimetres: the paper's width, and the height the lines take (continuous roll). */
  widthMm: number;
  heightMm: number;
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);

export function receiptPage(
  layout: Pick<ReceiptLayout, 'width' | 'columns' | 'lines'>,
  logo: { contentType: string; data: Buffer } | null,
  title = docWords('en')('receipt'),
): ReceiptPage {
  const textMm = layout.lines.reduce((mm, line) => mm + (line.tall ? 2 : 1) * LINE_MM + (line.barcode ? BARCODE_MM : 0), 0);
  const heightMm = Math.ceil(PAD_TOP_MM + (logo ? LOGO_MM : 0) + textMm + PAD_BOTTOM_MM);
  const lines = layout.lines
    .map((l) => {
      const cls = [l.bold ? 'b' : '', l.tall ? 't' : ''].filter(Boolean).join(' ');
      // Double height as the printer does it (GS ! 1): the same width, twice as tall.
      const text = `<div${cls ? ` class="${cls}"` : ''}><span>${l.text === '' ? '&nbsp;' : escapeHtml(l.text)}</span></div>`;
      return l.barcode ? `${text}<div class="bc">${code128Svg(l.barcode)}</div>` : text;
    })
    .join(''); // no newlines between the lines: the text keeps its spaces (white-space: pre)
  const img = logo ? `<img src="data:${logo.contentType};base64,${logo.data.toString('base64')}" alt="">` : '';
  const html = `<!doctype html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>
@page { size: ${layout.width}mm ${heightMm}mm; margin: 0; }
html, body { margin: 0; background: #fff; color: #000; }
body { width: ${layout.width}mm; padding: ${PAD_TOP_MM}mm 0 ${PAD_BOTTOM_MM}mm; box-sizing: border-box; display: flex; flex-direction: column; align-items: center;
  font: 2.5mm/1.3 'DejaVu Sans Mono', 'Cascadia Mono', Consolas, Menlo, 'Courier New', monospace; }
img { display: block; max-width: 60%; max-height: ${LOGO_MM - 2}mm; margin-bottom: 2mm; filter: grayscale(1) contrast(1.2); }
main { white-space: pre; width: ${layout.columns}ch; }
.b { font-weight: bold; }
.t { height: 2.6em; }
.t > span { display: inline-block; transform: scaleY(2); transform-origin: 0 0; }
.bc { height: ${BARCODE_MM}mm; display: flex; justify-content: center; align-items: center; }
.bc svg { width: 100%; max-width: ${layout.columns}ch; height: 10mm; }
</style></head>
<body>${img}<main aria-label="${escapeHtml(title)}">${lines}</main></body></html>
`;
  return { html, widthMm: layout.width, heightMm };
}
