/**
 * ESC/POS bytes for a receipt layout: initialise, select code page PC858 (Latin-1 letters
 * and the euro sign), one printer line per layout line (a line's barcode printed under it),
 * then feed and cut.
 */
import { code128Values, QUIET_ZONE } from '../../../../shared/barcode/code128';
import type { ReceiptLayout } from '../../../../shared/contract/documents';
import type { ReceiptWidth } from '../../../../shared/contract/settings';

const ESC = 0x1b;
const GS = 0x1d;
const LF = 0x0a;

/** ESC t n: the printer's code page number of PC858 (Epson numbering). */
export const CODE_PAGE_PC858 = 19;

/** Bytes 0x80..0xFF of code page 858, in order. */
const CP858_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈ€ÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0';

const encodeTable = new Map<string, number>();
for (let i = 0; i < CP858_HIGH.length; i++) encodeTable.set(CP858_HIGH[i]!, 0x80 + i);
// Spaces Intl puts in formatted numbers print as plain spaces.
for (const space of ['\u00a0', '\u202f', '\u2009', '\u2007']) encodeTable.set(space, 0x20);
encodeTable.set('\u2212', 0x2d); // minus sign
encodeTable.set('\u2013', 0x2d); // en dash
encodeTable.set('\u2014', 0x2d); // em dash
encodeTable.set('\u2018', 0x27);
encodeTable.set('\u2019', 0x27);
encodeTable.set('\u201c', 0x22);
encodeTable.set('\u201d', 0x22);
encodeTable.set('\u2026', 0x2e);

/** Text → PC858 bytes; a character the code page lacks becomes '?'. */
export function encodePc858(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x20 && code < 0x7f) out.push(code);
    else out.push(encodeTable.get(ch) ?? 0x3f);
  }
  return Buffer.from(out);
}

export const commands = {
  init: [ESC, 0x40],
  codePage: [ESC, 0x74, CODE_PAGE_PC858],
  alignLeft: [ESC, 0x61, 0],
  alignCenter: [ESC, 0x61, 1],
  bold: (on: boolean) => [ESC, 0x45, on ? 1 : 0],
  /** GS ! n: 0x01 doubles the height, 0 is normal size. */
  size: (tall: boolean) => [GS, 0x21, tall ? 0x01 : 0x00],
  /** GS V 66 0: feed to the cutter and cut (partial cut). */
  cut: [GS, 0x56, 66, 0],
  /** ESC p 0 25 250: a pulse on drawer pin 2, 50 ms on and 500 ms off: opens the cash drawer. */
  drawerKick: [ESC, 0x70, 0x00, 0x19, 0xfa],
};

/** Dots a line can print at 203 dpi: 48 mm of 58 mm paper, 72 mm of 80 mm. */
export const PRINTABLE_DOTS: Record<ReceiptWidth, number> = { 58: 384, 80: 576 };
/** Bars 10 mm high (80 dots at 203 dpi): what a hand scanner reads at a glance. */
export const BARCODE_HEIGHT_DOTS = 80;

/**
 * GS k 73 (Code 128) with code set B, centred, no human-readable text (the layout prints the
 * text on its own line above). Bars 2 dots a module when the symbol fits the paper, else 1.
 * In the data a '{' is the printer's code-set escape, so it is sent doubled.
 */
export function escposBarcode(data: string, width: ReceiptWidth = 80): Buffer {
  const symbols = code128Values(data).length; // validates: set B only
  const modules = (symbols - 1) * 11 + 13 + 2 * QUIET_ZONE;
  const moduleDots = modules * 2 <= PRINTABLE_DOTS[width] ? 2 : 1;
  const payload = Buffer.from(`{B${data.replace(/\{/g, '{{')}`, 'ascii');
  if (payload.length > 255) throw new RangeError('A Code 128 barcode takes at most 253 characters');
  return Buffer.concat([
    Buffer.from([...commands.alignCenter, GS, 0x48, 0, GS, 0x68, BARCODE_HEIGHT_DOTS, GS, 0x77, moduleDots, GS, 0x6b, 73, payload.length]),
    payload,
    Buffer.from([LF, ...commands.alignLeft]),
  ]);
}

export interface EscPosOptions {
  /** Open the cash drawer (a sale or refund in cash): the pulse goes just before the cut. */
  drawer?: boolean;
}

/** The receipt as printer bytes: starts with ESC @, ends with the cut command (after the drawer pulse when asked). */
export function escposReceipt(layout: Pick<ReceiptLayout, 'lines'> & { width?: ReceiptWidth }, opts: EscPosOptions = {}): Buffer {
  const parts: Buffer[] = [Buffer.from([...commands.init, ...commands.codePage, ...commands.alignLeft])];
  for (const line of layout.lines) {
    if (line.bold) parts.push(Buffer.from(commands.bold(true)));
    if (line.tall) parts.push(Buffer.from(commands.size(true)));
    parts.push(encodePc858(line.text), Buffer.from([LF]));
    if (line.tall) parts.push(Buffer.from(commands.size(false)));
    if (line.bold) parts.push(Buffer.from(commands.bold(false)));
    if (line.barcode) parts.push(escposBarcode(line.barcode, layout.width));
  }
  if (opts.drawer) parts.push(Buffer.from(commands.drawerKick));
  parts.push(Buffer.from(commands.cut));
  return Buffer.concat(parts);
}

/** Only the drawer pulse (a no-sale open): no ESC @, which would clear what the printer still holds of a receipt. */
export function escposDrawerKick(): Buffer {
  return Buffer.from(commands.drawerKick);
}
