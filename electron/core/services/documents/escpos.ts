/**
 * ESC/POS bytes for a receipt layout: initialise, select code page PC858 (Latin-1 letters
 * and the euro sign), one printer line per layout line, then feed and cut.
 */
import type { ReceiptLayout } from '../../../../shared/contract/documents';

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
  bold: (on: boolean) => [ESC, 0x45, on ? 1 : 0],
  /** GS ! n: 0x01 doubles the height, 0 is normal size. */
  size: (tall: boolean) => [GS, 0x21, tall ? 0x01 : 0x00],
  /** GS V 66 0: feed to the cutter and cut (partial cut). */
  cut: [GS, 0x56, 66, 0],
  /** ESC p 0 25 250: a pulse on drawer pin 2, 50 ms on and 500 ms off: opens the cash drawer. */
  drawerKick: [ESC, 0x70, 0x00, 0x19, 0xfa],
};

export interface EscPosOptions {
  /** Open the cash drawer (a sale or refund in cash): the pulse goes just before the cut. */
  drawer?: boolean;
}

/** The receipt as printer bytes: starts with ESC @, ends with the cut command (after the drawer pulse when asked). */
export function escposReceipt(layout: Pick<ReceiptLayout, 'lines'>, opts: EscPosOptions = {}): Buffer {
  const parts: Buffer[] = [Buffer.from([...commands.init, ...commands.codePage, ...commands.alignLeft])];
  for (const line of layout.lines) {
    if (line.bold) parts.push(Buffer.from(commands.bold(true)));
    if (line.tall) parts.push(Buffer.from(commands.size(true)));
    parts.push(encodePc858(line.text), Buffer.from([LF]));
    if (line.tall) parts.push(Buffer.from(commands.size(false)));
    if (line.bold) parts.push(Buffer.from(commands.bold(false)));
  }
  if (opts.drawer) parts.push(Buffer.from(commands.drawerKick));
  parts.push(Buffer.from(commands.cut));
  return Buffer.concat(parts);
}

/** Only the drawer pulse (a no-sale open): no ESC @, which would clear what the printer still holds of a receipt. */
export function escposDrawerKick(): Buffer {
  return Buffer.from(commands.drawerKick);
}
