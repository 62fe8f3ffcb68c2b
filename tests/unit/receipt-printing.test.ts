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

const layout = (lines: ReceiptLayout['lines'], width: 58 | 80 = 80): ReceiptLayout => ({ invoiceId: 'inv-1', creditNoteId: null, width, columns: width === 58 ? 32 : 48, lines });
const line = (text: string, style: { bold?: boolean; tall?: boolean } = {}) => ({ text, bold: style.bold ?? false, tall: style.tall ?? false });

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
