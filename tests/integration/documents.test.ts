/**
 * Invoice PDFs and receipts through the contract, checked with poppler (pdftotext,
 * pdfinfo, pdffonts, pdfimages): what the PDF says, that it says the same every time,
 * that the seller stays as frozen at issue, and the ESC/POS bytes of the receipt.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Invoice } from '../../shared/contract';
import type { ReceiptPage } from '../../electron/core/services/documents/receiptHtml';
import { logoPng } from '../support/images';
import type { Platform } from '../../electron/core/platform';
import { setupAdmin, startCore, tempDir, userWithRole, type TestCore } from '../support/core';

const scratch = tempDir('tessera-docs-');
let fileNo = 0;
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function pdfFile(base64: string): string {
  const file = path.join(scratch, `doc-${++fileNo}.pdf`);
  fs.writeFileSync(file, Buffer.from(base64, 'base64'));
  return file;
}

/**
 * The text of a PDF in reading order (rows of tables stay rows), whitespace (NBSP and narrow
 * spaces from Intl included) collapsed to single spaces. `-raw`: in drawing order instead, for
 * a page whose rotated watermark letters split the rows they cross.
 */
function pdfText(base64: string, mode: '-layout' | '-raw' = '-layout'): string {
  const text = execFileSync('pdftotext', [mode, pdfFile(base64), '-'], { encoding: 'utf8' });
  return text.replace(/[\s\u00a0\u202f]+/g, ' ');
}

function poppler(tool: 'pdfinfo' | 'pdffonts' | 'pdfimages', base64: string, ...args: string[]): string {
  return execFileSync(tool, [...args, pdfFile(base64)], { encoding: 'utf8' });
}

const ESC = 0x1b;
const GS = 0x1d;

/** Bytes 0x80.. of code page 858 that the tests need. */
const PC858 = { '€': 0xd5, é: 0x82, è: 0x8a, ü: 0x81, ë: 0x89 } as const;
function pc858(text: string): Buffer {
  return Buffer.from(Array.from(text, (c) => (c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : PC858[c as keyof typeof PC858])));
}

const lines = [
  { name: 'Espresso beans, Ethiopia Yirgacheffe 1 kg', unitPrice: 1250, taxRateBp: 2000, quantity: 2 },
  { name: 'Café crème', unitPrice: 180, taxRateBp: 550, quantity: 3 },
  { name: 'Gift card', unitPrice: 1000, taxRateBp: 0, quantity: 1 },
];
// 2 × 12.50 = 25.00 (tax 5.00) · 3 × 1.80 = 5.40 (tax 0.297 → 0.30) · 10.00 (no tax)
// subtotal 40.40 + tax 5.30 = total 45.70
const customer = { name: 'Zoë Müller', email: 'zoe@example.com', address: 'Hauptstraße 5\n10115 Berlin', taxId: 'DE123456789' };

describe('invoice PDFs and receipts', () => {
  let t: TestCore;
  /** What a desktop host would offer; a test lends a part and takes it back. */
  const desktop: Platform = {};
  let admin: string;
  let manager: string;
  let cashier: string;
  let support: string;
  let key = 0;

  beforeAll(async () => {
    t = await startCore('in-process', { platform: desktop });
    admin = await setupAdmin(t);
    manager = await userWithRole(t, admin, 'manager');
    cashier = await userWithRole(t, admin, 'cashier');
    support = await userWithRole(t, admin, 'support');
    await t.ok(
      'settings.update',
      {
        storeName: 'Café Flore',
        address: '172 Boulevard Saint-Germain\n75006 Paris',
        taxId: 'FR12345678901',
        phone: '+33 1 45 48 55 26',
        invoiceFooter: 'Thank you for shopping with us.',
      },
      admin,
    );
  });
  afterAll(() => t.close());

  async function issue(orderLines = lines, withCustomer = true): Promise<Invoice> {
    const order = await t.ok('orders.create', { lines: orderLines, ...(withCustomer ? { customer } : {}) }, cashier);
    return t.ok('invoices.generate', { orderId: order.id }, cashier);
  }

  async function pay(invoice: Invoice, method: 'cash' | 'card', amount: number, tendered?: number) {
    return t.ok('payments.pay', { invoiceId: invoice.id, method, amount, tendered, idempotencyKey: `doc-${++key}` }, cashier);
  }

  test('the PDF names the invoice, seller, customer, every line, the tax per rate and the totals in the store currency', async () => {
    const invoice = await issue();
    expect(invoice.total).toBe(4570);
    const pdf = await t.ok('invoices.pdf', { id: invoice.id }, support);
    expect(pdf.fileName).toBe(`${invoice.number}.pdf`);
    expect(Buffer.from(pdf.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');

    const text = pdfText(pdf.contentBase64);
    for (const expected of [
      'INVOICE',
      invoice.number,
      `Order number ${invoice.orderNumber}`,
      'Issue date Jun 1, 2026',
      'Café Flore',
      '172 Boulevard Saint-Germain',
      'FR12345678901',
      'Zoë Müller',
      'Hauptstraße 5',
      'DE123456789',
      ...lines.map((l) => l.name),
      '20% €25.00 €5.00', // tax breakdown: rate, net, tax
      '5.5% €5.40 €0.30',
      '0% €10.00 €0.00',
      'Subtotal €40.40',
      'Tax €5.30',
      'Total €45.70',
      'Balance due €45.70',
      'No payments recorded.',
      'Thank you for shopping with us.',
      `${invoice.number} · Page 1 of 1`,
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(text).not.toContain('CANCELLED');

    // The shipped font is embedded (subset), so € and Latin-1 letters print anywhere.
    const fonts = poppler('pdffonts', pdf.contentBase64);
    expect(fonts).toMatch(/DejaVuSans\s.*yes\s+yes\s+yes/);
    expect(fonts).toMatch(/DejaVuSans-Bold\s.*yes\s+yes\s+yes/);
    expect(poppler('pdfinfo', pdf.contentBase64)).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
  });

  test('payments and refunds are listed with the balance; a cancelled invoice says CANCELLED', async () => {
    const invoice = await issue();
    await pay(invoice, 'cash', 2000, 2500);
    await pay(invoice, 'card', 1000);
    const partial = pdfText((await t.ok('invoices.pdf', { id: invoice.id }, cashier)).contentBase64);
    expect(partial).toContain('Payment Cash change €5.00 €20.00');
    expect(partial).toContain('Payment Card €10.00');
    expect(partial).toContain('Amount paid €30.00');
    expect(partial).toContain('Balance due €15.70');

    await t.ok('orders.cancel', { id: invoice.orderId, reason: 'Customer changed their mind' }, manager);
    const cancelled = pdfText((await t.ok('invoices.pdf', { id: invoice.id }, admin)).contentBase64, '-raw');
    expect(cancelled).toContain('CANCELLED');
    expect(cancelled).toContain('Reason: Customer changed their mind');
    expect(cancelled).toContain('Status CANCELLED');
    expect(cancelled).toContain('Refund Cash -€20.00');
    expect(cancelled).toContain('Refund Card -€10.00');
    expect(cancelled).toContain('Amount paid €0.00');
    expect(cancelled).toContain('Total €45.70');
    // The cancellation's credit note documents it: the whole total credited, nothing left due.
    expect(cancelled).toContain('Credited -€45.70');
    expect(cancelled).toContain('Balance €0.00');

    const receipt = Buffer.from((await t.ok('receipts.escpos', { invoiceId: invoice.id }, cashier)).contentBase64, 'base64');
    expect(receipt.includes(Buffer.from('*** CANCELLED ***'))).toBe(true);
  });

  test('the same invoice gives the same PDF every time', async () => {
    const invoice = await issue();
    await pay(invoice, 'card', 570);
    t.clock.advance(10 * 60_000);
    const a = await t.ok('invoices.pdf', { id: invoice.id }, admin);
    t.clock.advance(60_000);
    const b = await t.ok('invoices.pdf', { id: invoice.id }, support);
    expect(pdfText(b.contentBase64)).toBe(pdfText(a.contentBase64));
    // The creation date is the issue date, so even the bytes are the same.
    expect(b.contentBase64).toBe(a.contentBase64);
    expect(poppler('pdfinfo', a.contentBase64, '-isodates')).toMatch(new RegExp(`CreationDate:\\s+${invoice.issuedAt.slice(0, 19)}Z`));
  });

  test('changing the store details later changes neither an issued invoice nor its PDF', async () => {
    const invoice = await issue();
    const pdfBefore = pdfText((await t.ok('invoices.pdf', { id: invoice.id }, admin)).contentBase64);
    await t.ok('settings.update', { storeName: 'Le Nouveau Comptoir', address: '1 Rue de Rivoli\n75001 Paris', taxId: 'FR99999999999', phone: '+33 1 00 00 00 00' }, admin);
    try {
      expect((await t.ok('invoices.get', { id: invoice.id }, admin)).seller).toEqual(invoice.seller);
      expect(invoice.seller).toEqual({ name: 'Café Flore', address: '172 Boulevard Saint-Germain\n75006 Paris', taxId: 'FR12345678901', phone: '+33 1 45 48 55 26' });
      const pdfAfter = pdfText((await t.ok('invoices.pdf', { id: invoice.id }, admin)).contentBase64);
      expect(pdfAfter).toBe(pdfBefore);
      expect(pdfAfter).not.toContain('Nouveau');
      expect(pdfAfter).not.toContain('Rivoli');

      const later = await issue();
      const laterText = pdfText((await t.ok('invoices.pdf', { id: later.id }, admin)).contentBase64);
      expect(laterText).toContain('Le Nouveau Comptoir');
      expect(laterText).toContain('FR99999999999');
    } finally {
      await t.ok('settings.update', { storeName: 'Café Flore', address: '172 Boulevard Saint-Germain\n75006 Paris', taxId: 'FR12345678901', phone: '+33 1 45 48 55 26' }, admin);
    }
  });

  test('paper size, locale, logo and footer come from the settings', async () => {
    const invoice = await issue(lines, false);
    expect(poppler('pdfimages', (await t.ok('invoices.pdf', { id: invoice.id }, admin)).contentBase64, '-list')).not.toMatch(/\n\s+1\s+0\s+image/);
    await t.ok('settings.update', { paperSize: 'Letter', locale: 'de-DE', timeZone: 'Europe/Berlin', logo: logoPng().toString('base64'), invoiceFooter: 'Zahlbar sofort.' }, admin);
    try {
      const pdf = await t.ok('invoices.pdf', { id: invoice.id }, admin);
      const text = pdfText(pdf.contentBase64);
      expect(text).toContain('Total 45,70 €');
      expect(text).toContain('5,5 % 5,40 € 0,30 €');
      expect(text).toContain('Issue date 01.06.2026');
      expect(text).toContain('Walk-in customer');
      expect(text).toContain('Zahlbar sofort.');
      expect(poppler('pdfinfo', pdf.contentBase64)).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
      expect(poppler('pdfimages', pdf.contentBase64, '-list')).toMatch(/\n\s+1\s+0\s+image\s+240\s+80\s/);
    } finally {
      await t.ok('settings.update', { paperSize: 'A4', locale: 'en-US', timeZone: 'UTC', logo: null, invoiceFooter: 'Thank you for shopping with us.' }, admin);
    }
  });

  test('a long invoice runs over several pages, every line on one of them', async () => {
    const many = Array.from({ length: 90 }, (_, i) => ({ name: `Article ${String(i + 1).padStart(3, '0')}`, unitPrice: 100 + i, taxRateBp: 2000, quantity: 1 }));
    const invoice = await issue(many);
    const pdf = await t.ok('invoices.pdf', { id: invoice.id }, admin);
    const text = pdfText(pdf.contentBase64);
    const pages = Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', pdf.contentBase64))?.[1]);
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    for (const l of many) expect(text).toContain(l.name);
    expect(text).toContain(`Total €${(invoice.total / 100).toFixed(2)}`);
  });

  test('the ESC/POS receipt starts with ESC @, selects PC858, holds the total and ends with a cut', async () => {
    const invoice = await issue();
    await pay(invoice, 'cash', 4570, 5000);
    for (const width of [58, 80] as const) {
      const bytes = Buffer.from((await t.ok('receipts.escpos', { invoiceId: invoice.id, width }, cashier)).contentBase64, 'base64');
      expect([...bytes.subarray(0, 2)]).toEqual([ESC, 0x40]);
      expect(bytes.includes(Buffer.from([ESC, 0x74, 19]))).toBe(true);
      expect([...bytes.subarray(-4)]).toEqual([GS, 0x56, 66, 0]);
      expect(bytes.includes(pc858('€45.70'))).toBe(true);
      expect(bytes.includes(pc858('Café Flore'))).toBe(true);
      expect(bytes.includes(pc858('€4.30'))).toBe(true); // change from €50.00
      expect(bytes.includes(Buffer.from(invoice.number))).toBe(true);

      const layout = await t.ok('receipts.layout', { invoiceId: invoice.id, width }, cashier);
      expect(layout.columns).toBe(width === 58 ? 32 : 48);
      for (const line of layout.lines) expect(Array.from(line.text).length).toBeLessThanOrEqual(layout.columns);
      const text = layout.lines.map((l) => l.text);
      expect(text).toContainEqual(expect.stringMatching(/^TOTAL +€45\.70$/));
      expect(text).toContainEqual(expect.stringMatching(/^ {2}Change +€4\.30$/));
      expect(layout.lines.find((l) => l.text.startsWith('TOTAL'))).toMatchObject({ bold: true, tall: true });
      for (const l of lines) expect(text.join('\n')).toContain(l.name.slice(0, 20));
    }
    // Without a width, the store's receipt width.
    await t.ok('settings.update', { receiptWidth: 58 }, admin);
    expect((await t.ok('receipts.layout', { invoiceId: invoice.id }, cashier)).columns).toBe(32);
    await t.ok('settings.update', { receiptWidth: 80 }, admin);
    expect((await t.ok('receipts.layout', { invoiceId: invoice.id }, cashier)).columns).toBe(48);
  });

  test('the receipt ends with the invoice number as a Code 128 barcode, to scan at the Returns screen', async () => {
    const invoice = await issue();
    for (const width of [58, 80] as const) {
      const layout = await t.ok('receipts.layout', { invoiceId: invoice.id, width }, cashier);
      const coded = layout.lines.filter((l) => l.barcode);
      expect(coded).toEqual([{ text: expect.stringMatching(new RegExp(`^ +${invoice.number}$`)), bold: false, tall: false, barcode: invoice.number }]);
      expect(layout.lines.indexOf(coded[0]!)).toBeGreaterThan(layout.lines.findIndex((l) => l.text.includes('Thank you')));
      const bytes = Buffer.from((await t.ok('receipts.escpos', { invoiceId: invoice.id, width }, cashier)).contentBase64, 'base64');
      const data = Buffer.from(`{B${invoice.number}`);
      expect(bytes.includes(Buffer.concat([Buffer.from([GS, 0x6b, 73, data.length]), data]))).toBe(true);
    }
  });

  test("a gift voucher sale's receipt prints the voucher: its code big, as a barcode, its value and expiry", async () => {
    const sale = await t.ok('vouchers.sell', { amount: 2500, tenders: [{ method: 'card', amount: 2500 }], idempotencyKey: `doc-${++key}` }, cashier);
    for (const width of [58, 80] as const) {
      const layout = await t.ok('receipts.layout', { invoiceId: sale.invoice.id, width }, cashier);
      const code = layout.lines.findIndex((l) => l.text.trim() === sale.voucher.code);
      expect(layout.lines[code - 1]?.text.trim()).toBe('GIFT VOUCHER');
      expect(layout.lines[code]).toMatchObject({ bold: true, tall: true, barcode: sale.voucher.code });
      expect(layout.lines[code + 1]?.text).toMatch(/^Value +€25\.00$/);
      expect(layout.lines[code + 2]?.text).toMatch(/^Valid until +\w{3} \d{1,2}, \d{4}$/);
      const bytes = Buffer.from((await t.ok('receipts.escpos', { invoiceId: sale.invoice.id, width }, cashier)).contentBase64, 'base64');
      const data = Buffer.from(`{B${sale.voucher.code}`);
      expect(bytes.includes(Buffer.concat([Buffer.from([GS, 0x6b, 73, data.length]), data]))).toBe(true);
    }
    // Any other receipt has no voucher on it.
    const other = await issue();
    expect((await t.ok('receipts.layout', { invoiceId: other.id }, cashier)).lines.some((l) => /VOUCHER/.test(l.text))).toBe(false);
  });

  test('a receipt with cash opens the drawer (ESC p 0 25 250 just before the cut); one without cash does not', async () => {
    const pulse = Buffer.from([ESC, 0x70, 0x00, 0x19, 0xfa]);
    const cut = Buffer.from([GS, 0x56, 66, 0]);
    const escpos = async (id: string) => Buffer.from((await t.ok('receipts.escpos', { invoiceId: id }, cashier)).contentBase64, 'base64');
    const cash = await issue();
    await pay(cash, 'card', 2000);
    await pay(cash, 'cash', cash.total - 2000);
    expect((await escpos(cash.id)).subarray(-9).equals(Buffer.concat([pulse, cut]))).toBe(true);
    const card = await issue();
    await pay(card, 'card', card.total);
    const unpaid = await issue();
    for (const bytes of [await escpos(card.id), await escpos(unpaid.id)]) {
      expect(bytes.includes(pulse)).toBe(false);
      expect(bytes.subarray(-4).equals(cut)).toBe(true);
    }
  });

  test('cash rounding shows under the cash payment, signed as on the invoice', async () => {
    await t.ok('settings.update', { cashRounding: 5 }, admin);
    try {
      const invoice = await issue([{ name: 'Tea', unitPrice: 1417, taxRateBp: 1000, quantity: 1 }], false);
      expect(invoice.total).toBe(1559);
      await pay(invoice, 'cash', 1559, 2000);
      const text = (await t.ok('receipts.layout', { invoiceId: invoice.id, width: 58 }, cashier)).lines.map((l) => l.text);
      expect(text).toContainEqual(expect.stringMatching(/^Cash +€15\.60$/));
      expect(text).toContainEqual(expect.stringMatching(/^ {2}Rounding +-€0\.01$/));
      expect(text).toContainEqual(expect.stringMatching(/^TOTAL +€15\.59$/));
    } finally {
      await t.ok('settings.update', { cashRounding: null }, admin);
    }
  });

  test('long names and references wrap inside the receipt width', async () => {
    const order = await t.ok(
      'orders.create',
      {
        lines: [{ name: `Extra-long-product-name-without-any-spaces-${'x'.repeat(60)} and then words`, unitPrice: 99_999_99, taxRateBp: 2000, quantity: 100 }],
        customer: { name: 'Maximilian Alexander von und zu Hohenzollern-Sigmaringen der Dritte' },
      },
      cashier,
    );
    const invoice = await t.ok('invoices.generate', { orderId: order.id }, cashier);
    await t.ok('payments.pay', { invoiceId: invoice.id, method: 'card', amount: 1000, reference: `AUTH ${'9'.repeat(90)}`, idempotencyKey: `doc-${++key}` }, cashier);
    for (const width of [58, 80] as const) {
      const layout = await t.ok('receipts.layout', { invoiceId: invoice.id, width }, cashier);
      for (const line of layout.lines) expect(Array.from(line.text).length, line.text).toBeLessThanOrEqual(layout.columns);
      const all = layout.lines.map((l) => l.text.trim()).join('');
      expect(all).toContain('9'.repeat(20));
      expect(all).toContain('Hohenzollern');
    }
  });

  test('characters the printer code page lacks print as ?', async () => {
    const invoice = await issue([{ name: 'Matcha 抹茶 latte ☕', unitPrice: 450, taxRateBp: 1000, quantity: 1 }], false);
    const bytes = Buffer.from((await t.ok('receipts.escpos', { invoiceId: invoice.id }, cashier)).contentBase64, 'base64');
    expect(bytes.includes(Buffer.from('Matcha ?? latte ?'))).toBe(true);
    expect(bytes.every((b) => b !== 0xe6)).toBe(true); // no stray UTF-8 bytes
    // The PDF font has no CJK glyphs either, but the PDF keeps the text.
    expect(pdfText((await t.ok('invoices.pdf', { id: invoice.id }, admin)).contentBase64)).toContain('Matcha');
  });

  test('receipts.print hands the desktop printer the receipt page, and says when this host has none', async () => {
    const invoice = await issue();
    await pay(invoice, 'cash', 4570, 5000);
    expect(await t.ok('receipts.print', { invoiceId: invoice.id }, cashier)).toEqual({ status: 'unavailable', printer: null });

    const pages: ReceiptPage[] = [];
    desktop.print = async (page) => {
      pages.push(page);
      return { status: 'printed', printer: 'TM-T20' };
    };
    try {
      expect(await t.ok('receipts.print', { invoiceId: invoice.id, width: 58 }, cashier)).toEqual({ status: 'printed', printer: 'TM-T20' });
      const [page] = pages;
      expect(page?.widthMm).toBe(58);
      expect(page?.html).toContain('@page { size: 58mm ');
      expect(page?.html).toContain(invoice.number);
      expect(page?.html).toMatch(/TOTAL +€45\.70/);
      expect(page?.html).toContain('Café Flore');
      expect(page?.html).not.toMatch(/<script|src="(?!data:)/); // nothing to run, nothing to fetch

      await t.ok('receipts.print', { invoiceId: invoice.id, width: 80 }, manager);
      expect(pages[1]?.widthMm).toBe(80);
      expect(pages[1]?.heightMm).toBeLessThan(page?.heightMm ?? 0); // wider paper, fewer wrapped lines

      desktop.print = () => Promise.reject(new Error('Printer is out of paper'));
      expect(await t.ok('receipts.print', { invoiceId: invoice.id }, cashier)).toEqual({ status: 'failed', printer: null, message: 'Printer is out of paper' });
      expect((await t.fail('receipts.print', { invoiceId: invoice.id }, support)).code).toBe('FORBIDDEN');
      expect((await t.fail('receipts.print', { invoiceId: 'no-such-invoice' }, cashier)).code).toBe('NOT_FOUND');
    } finally {
      delete desktop.print;
    }
    // Printing changes nothing stored.
    expect(await t.ok('invoices.get', { id: invoice.id }, cashier)).toMatchObject({ status: 'PAID', amountPaid: 4570 });
  });

  test('who may fetch which document', async () => {
    const invoice = await issue();
    for (const token of [admin, manager, cashier, support]) await t.ok('invoices.pdf', { id: invoice.id }, token);
    for (const token of [admin, manager, cashier]) {
      await t.ok('receipts.escpos', { invoiceId: invoice.id }, token);
      await t.ok('receipts.layout', { invoiceId: invoice.id }, token);
    }
    expect((await t.fail('receipts.escpos', { invoiceId: invoice.id }, support)).code).toBe('FORBIDDEN');
    expect((await t.fail('invoices.pdf', { id: invoice.id })).code).toBe('UNAUTHENTICATED');
    expect((await t.fail('invoices.pdf', { id: 'no-such-invoice' }, admin)).code).toBe('NOT_FOUND');
    expect((await t.fail('receipts.escpos', { invoiceId: 'no-such-invoice' }, admin)).code).toBe('NOT_FOUND');
    expect((await t.fail('receipts.escpos', { invoiceId: invoice.id, width: 72 }, admin)).code).toBe('VALIDATION');
  });
});

test('the PDF crosses the HTTP host intact', async () => {
  const t = await startCore('http');
  try {
    const admin = await setupAdmin(t);
    const order = await t.ok('orders.create', { lines: [{ name: 'Crème brûlée', unitPrice: 650, taxRateBp: 1000, quantity: 2 }] }, admin);
    const invoice = await t.ok('invoices.generate', { orderId: order.id }, admin);
    const viaHttp = await t.ok('invoices.pdf', { id: invoice.id }, admin);
    const direct = await t.core.dispatch('invoices.pdf', { id: invoice.id }, admin);
    expect(direct.ok && direct.value).toEqual(viaHttp);
    expect(pdfText(viaHttp.contentBase64)).toContain('Total €14.30');
  } finally {
    await t.close();
  }
});
