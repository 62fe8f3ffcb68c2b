/** The desktop receipt printer's pure parts: the receipt page and finding the default printer. */
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { logoPng } from '../support/images';
import type { ReceiptLayout } from '../../shared/contract';
import { defaultPrinterName, parseLpstatDefault, parseWindowsDevice } from '../../electron/main/defaultPrinter';
import { receiptPage } from '../../electron/core/services/documents/receiptHtml';
import { escposBarcode, escposReceipt } from '../../electron/core/services/documents/escpos';
import { code128Bars } from '../../shared/barcode/code128';

const layout = (lines: ReceiptLayout['lines'], width: 58 | 80 = 80): ReceiptLayout => ({ invoiceId: 'inv-1', creditNoteId: null, width, columns: width === 58 ? 32 : 48, lines });
const line = (text: string, style: { bold?: boolean; tall?: boolean; barcode?: string } = {}) => ({ text, bold: style.bold ?? false, tall: style.tall ?? false, ...(style.barcode ? { barcode: style.barcode } : {}) });
const GS = 0x1d;

describe('receipt page', () => {
  test('text is escaped, styles become classes, the page is sized to the paper', () => {
    const page = receiptPage(layout([line('<b>Tom & "Jerry"</b>', { bold: true }), line(''), line('TOTAL  €9.99', { bold: true, tall: true })], 58), null);
    expect(page.html).toContain('&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;');
    expect(page.html).not.toContain('<b>Tom');
    expect(page.html).toContain('<div class="b t"><span>TOTAL  €9.99</span></div>');
    expect(page.html).toContain('<div><span>&nbsp;</span></div>');
    expect(page.html).toContain(`@page { size: 58mm ${page.heightMm}mm; margin: 0; }`);
    expect(page.widthMm).toBe(58);
    expect(page.html).not.toMatch(/<\/div>\s+<div/); // whitespace between lines would print as empty lines
  });

  test('Chromium prints a long receipt on one page of the paper width, every line on it', async () => {
    const lines = Array.from({ length: 80 }, (_, i) => line(`Line ${i + 1}`.padEnd(40, '.') + 'end', { tall: i % 10 === 0, bold: i % 3 === 0 }));
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-receipt-'));
    try {
      for (const width of [58, 80] as const) {
        const page = receiptPage(layout(width === 58 ? lines.map((l) => ({ ...l, text: l.text.slice(0, 32) })) : lines, width), { contentType: 'image/png', data: logoPng() });
        const tab = await browser.newPage();
        await tab.setContent(page.html);
        const file = path.join(dir, `receipt-${width}.pdf`);
        await tab.pdf({ path: file, preferCSSPageSize: true });
        const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
        expect(info).toMatch(/^Pages:\s+1$/m);
        const [, w] = /^Page size:\s+([\d.]+) x/m.exec(info) ?? [];
        expect(Math.round((Number(w) / 72) * 25.4)).toBe(width);
        const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
        expect(text).toContain('Line 80');
      }
    } finally {
      await browser.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the page grows with its lines, tall lines and the logo', () => {
    const base = receiptPage(layout([line('a')]), null).heightMm;
    expect(receiptPage(layout([line('a'), line('b')]), null).heightMm).toBeGreaterThan(base);
    expect(receiptPage(layout([line('a', { tall: true })]), null).heightMm).toBeGreaterThan(base);
    const withLogo = receiptPage(layout([line('a')]), { contentType: 'image/png', data: Buffer.from([0x89, 0x50]) });
    expect(withLogo.heightMm).toBeGreaterThan(base);
    expect(withLogo.html).toContain('src="data:image/png;base64,iVA="');
  });
});

describe('barcodes on receipts', () => {
  test('ESC/POS prints a line\'s barcode under it: GS h height, GS w module, GS k 73 with {B and the data, centred, no HRI text', () => {
    const bytes = escposReceipt(layout([line('  INV-000042', { barcode: 'INV-000042' }), line('after')]));
    const data = Buffer.from('{BINV-000042');
    const gsk = Buffer.concat([Buffer.from([GS, 0x6b, 73, data.length]), data]);
    const at = bytes.indexOf(gsk);
    expect(at).toBeGreaterThan(bytes.indexOf(Buffer.from('  INV-000042\n')));
    expect(at).toBeLessThan(bytes.indexOf(Buffer.from('after')));
    const setup = bytes.subarray(bytes.indexOf(Buffer.from([0x1b, 0x61, 1])), at);
    expect([...setup]).toEqual([0x1b, 0x61, 1, GS, 0x48, 0, GS, 0x68, 80, GS, 0x77, 2]);
    expect([...bytes.subarray(at + gsk.length, at + gsk.length + 4)]).toEqual([0x0a, 0x1b, 0x61, 0]); // back to left-aligned
    expect(escposReceipt(layout([line('plain')])).includes(Buffer.from([GS, 0x6b]))).toBe(false);
  });

  test('a "{" in the data is doubled (the printer reads "{" as a code-set switch); bars thin to 1 dot a module when 2 would not fit 58 mm', () => {
    const braces = escposBarcode('a{b');
    expect(braces.includes(Buffer.from([GS, 0x6b, 73, 6, ...Buffer.from('{Ba{{b')]))).toBe(true);
    const long = 'VOUCHER-ABCDEFGHJKLMN';
    expect(code128Bars(long).modules * 2).toBeGreaterThan(384);
    expect(escposBarcode(long, 58).includes(Buffer.from([GS, 0x77, 1]))).toBe(true);
    expect(escposBarcode(long, 80).includes(Buffer.from([GS, 0x77, 2]))).toBe(true);
  });

  test('the receipt page draws the barcode as inline SVG under its line, and grows by its height', () => {
    const plain = receiptPage(layout([line('INV-000042')]), null);
    const page = receiptPage(layout([line('INV-000042', { barcode: 'INV-000042' })]), null);
    expect(page.html).toMatch(/<span>INV-000042<\/span><\/div><div class="bc"><svg [^>]*aria-label="INV-000042"[^>]*><path fill="#000" d="M10 0h2v40h-2z/);
    expect(page.heightMm).toBeGreaterThan(plain.heightMm);
    expect(plain.html).not.toContain('<svg');
  });
});

describe('default printer', () => {
  test('lpstat -d names the default destination, or says there is none', () => {
    expect(parseLpstatDefault('system default destination: EPSON_TM_T20\n')).toBe('EPSON_TM_T20');
    expect(parseLpstatDefault('no system default destination\n')).toBeNull();
    expect(parseLpstatDefault('')).toBeNull();
  });

  test("Windows' Device value holds the name before ,winspool", () => {
    const out = '\r\nHKEY_CURRENT_USER\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows\r\n    Device    REG_SZ    EPSON TM-T20II Receipt, Front,winspool,Ne01:\r\n\r\n';
    expect(parseWindowsDevice(out)).toBe('EPSON TM-T20II Receipt, Front');
    expect(parseWindowsDevice('ERROR: The system was unable to find the specified registry key or value.')).toBeNull();
  });

  test('asks the platform tool, and a missing tool means no default', async () => {
    const calls: string[] = [];
    const exec = (file: string, args: string[]) => {
      calls.push([file, ...args].join(' '));
      return Promise.resolve(file === 'lpstat' ? 'system default destination: Star_TSP100\n' : '');
    };
    expect(await defaultPrinterName('linux', exec)).toBe('Star_TSP100');
    expect(await defaultPrinterName('darwin', exec)).toBe('Star_TSP100');
    expect(await defaultPrinterName('win32', exec)).toBeNull();
    expect(calls[2]).toMatch(/^reg query .*CurrentVersion\\Windows \/v Device$/);
  });
});
