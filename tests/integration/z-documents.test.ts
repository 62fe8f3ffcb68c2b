/**
 * Z report documents: receipt lines, ESC/POS, PDF (read back with pdftotext) and printing,
 * first from a Z report made by hand (the documents only lay out the sealed figures), then
 * through the contract after a real day at a register.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ZReport } from '../../shared/contract';
import { zReport as zReportSchema } from '../../shared/contract/reports';
import { DocumentService, type RegisterPrinters } from '../../electron/core/services/documents';
import type { ReceiptPage } from '../../electron/core/services/documents/receiptHtml';
import type { Platform } from '../../electron/core/platform';
import type { Actor } from '../../electron/core/services/deps';
import { setupAdmin, startCore, type TestCore } from '../support/core';
import { pdfText } from '../support/pdfText';
import { printerListener } from '../support/printerListener';

const PULSE = Buffer.from([0x1b, 0x70, 0x00, 0x19, 0xfa]);
const CUT = Buffer.from([0x1d, 0x56, 66, 0]);
const CHAIN_HEAD = 'a3f1c2e4b5d6978812345678909abcdeffedcba0987654321a1b2c3d4e5f6071';

const figures = {
  sales: { count: 3, net: 10_000, tax: 2_000, gross: 12_000 },
  taxRates: [
    { taxRateBp: 2000, net: 8_000, tax: 1_600, gross: 9_600 },
    { taxRateBp: 1000, net: 2_000, tax: 400, gross: 2_400 },
  ],
  tenders: [
    { method: 'cash' as const, count: 2, amount: 7_005, refundCount: 1, refunds: 1_000 },
    { method: 'card' as const, count: 1, amount: 5_000, refundCount: 0, refunds: 0 },
  ],
  refunds: { count: 1, amount: 1_000 },
  cancellations: { count: 1, amount: 2_400 },
  creditNotes: { count: 2, amount: 3_600 },
  creditNoteTaxRates: [
    { taxRateBp: 2000, net: 1_000, tax: 200, gross: 1_200 },
    { taxRateBp: 1000, net: 2_182, tax: 218, gross: 2_400 },
  ],
  vouchers: { issued: { count: 1, amount: 800 }, redeemed: { count: 1, amount: 500 } },
  discounts: {
    count: 3,
    amount: 1_450,
    byReason: [
      { reason: 'Loyal customer', count: 1, amount: 1_000 },
      { reason: 'Damaged packaging, sold as seen', count: 2, amount: 450 },
    ],
  },
  rounding: -5,
  netSales: 11_000,
};

/** A sealed Z as the reports service gives it (figures invented: the documents never recompute them). */
const z: ZReport = zReportSchema.parse({
  ...figures,
  id: 'z-1',
  number: 'Z-R1-000007',
  seq: 7,
  chainHead: CHAIN_HEAD,
  createdAt: '2026-06-01T18:05:00.000Z',
  sessionId: 'session-1',
  registerId: 'register-1',
  registerCode: 'R1',
  registerName: 'Front counter',
  currency: 'EUR',
  openedAt: '2026-06-01T07:58:00.000Z',
  openedByName: 'Carla Cashier',
  closedAt: '2026-06-01T18:05:00.000Z',
  closedByName: 'Carla Cashier',
  at: '2026-06-01T18:05:00.000Z',
  openingFloat: 15_000,
  cash: { payments: 7_005, refunds: 1_000, payIns: { count: 1, amount: 2_000 }, payOuts: { count: 1, amount: 500 }, drops: { count: 1, amount: 10_000 } },
  expectedCash: 12_505,
  countedCash: 12_305,
  variance: -200,
  note: 'Two euro short, coin roll miscounted?',
  approvedByName: 'Mario Manager',
  noSales: 2,
  lineVoids: { count: 3, amount: 750 },
  abandonedCarts: { count: 1, amount: 1_250 },
  cashiers: [{ ...figures, userId: 'u-carla', name: 'Carla Cashier', lineVoids: { count: 3, amount: 750 }, abandonedCarts: { count: 1, amount: 1_250 }, noSales: 2 }],
  grandTotal: 1_234_567_89,
});

/** Who reprints: not the Z's register (the Z goes to its own register's printer all the same). */
const someone: Actor = { userId: 'u-mario', username: 'mario', displayName: 'Mario Manager', role: 'manager', tokenHash: 'x', registerId: null };

describe('a Z report on paper and in PDF', () => {
  let t: TestCore;
  const desktop: Platform = {};
  let printers: Record<string, { host: string; port: number } | null> = {};
  let docs: DocumentService;

  beforeAll(async () => {
    t = await startCore('in-process');
    const admin = await setupAdmin(t);
    await t.ok('settings.update', { storeName: 'Café Flore' }, admin);
    const registers: RegisterPrinters = { get: (id) => ({ printer: printers[id] ?? null }) };
    const s = t.core.services;
    docs = new DocumentService(s.invoices, s.payments, s.settings, desktop, registers);
  });
  afterAll(() => {
    docs.close();
    return t.close();
  });

  test('the receipt lines hold every figure, fit the paper and print the chain head in full', () => {
    for (const width of [58, 80] as const) {
      const layout = docs.zLayout(z, width);
      expect(layout).toMatchObject({ zReportId: 'z-1', width, columns: width === 58 ? 32 : 48 });
      for (const line of layout.lines) expect(Array.from(line.text).length, line.text).toBeLessThanOrEqual(layout.columns);
      const text = layout.lines.map((l) => l.text);
      const all = text.join('\n');
      expect(all).toContain('Café Flore');
      expect(all).toContain('Z REPORT');
      expect(all).toContain('Z-R1-000007');
      expect(text).toContainEqual(expect.stringMatching(/^Opening float +€150\.00$/));
      expect(text).toContainEqual(expect.stringMatching(/^Drops to safe \(1\) +-€100\.00$/));
      expect(text).toContainEqual(expect.stringMatching(/^Expected cash +€125\.05$/));
      expect(text).toContainEqual(expect.stringMatching(/^Counted +€123\.05$/));
      expect(text).toContainEqual(expect.stringMatching(/^Variance \(short\) +-€2\.00$/));
      expect(text).toContainEqual(expect.stringMatching(/^Approved by +Mario Manager$/));
      expect(text).toContainEqual(expect.stringMatching(/^Cash \(2\) +€70\.05$/));
      expect(text).toContainEqual(expect.stringMatching(/^ {2}Refunds \(1\) +-€10\.00$/));
      expect(text).toContainEqual(expect.stringMatching(/^Card \(1\) +€50\.00$/));
      expect(text).toContainEqual(expect.stringMatching(/^20% gross +€96\.00$/));
      expect(text).toContainEqual(expect.stringMatching(/^Sales \(3\) +€120\.00$/));
      expect(text).toContainEqual(expect.stringMatching(/^Cancellations \(1\) +€24\.00$/));
      expect(text).toContainEqual(expect.stringMatching(/^Cash rounding +-€0\.05$/));
      expect(text).toContainEqual(expect.stringMatching(/^No-sale opens +2$/));
      expect(text).toContainEqual(expect.stringMatching(/^Line voids \(3\) +€7\.50$/));
      expect(text).toContainEqual(expect.stringMatching(/^Abandoned carts \(1\) +€12\.50$/));
      expect(text).toContainEqual(expect.stringMatching(/^Net sales +€110\.00$/));
      // What went back: credit notes and their tax per rate, refunds per tender, vouchers.
      const returns = text.indexOf('RETURNS');
      expect(returns).toBeGreaterThan(0);
      const block = text.slice(returns, text.indexOf('SALES'));
      expect(block).toContainEqual(expect.stringMatching(/^Credit notes \(2\) +-€36\.00$/));
      expect(block).toContainEqual(expect.stringMatching(/^ {2}20% net +-€10\.00$/));
      expect(block).toContainEqual(expect.stringMatching(/^ {2}10% tax +-€2\.18$/));
      expect(block).toContainEqual(expect.stringMatching(/^Cash refunds \(1\) +-€10\.00$/));
      expect(block).toContainEqual(expect.stringMatching(/^Vouchers issued \(1\) +€8\.00$/));
      expect(block).toContainEqual(expect.stringMatching(/^Vouchers redeemed \(1\) +€5\.00$/));
      // Discounts given: in all and per reason (a long reason wraps), then per cashier.
      const discounts = text.indexOf('DISCOUNTS');
      expect(discounts).toBeGreaterThan(text.indexOf('SALES'));
      const given = text.slice(discounts, text.indexOf('CASHIER: CARLA CASHIER'));
      expect(given).toContainEqual(expect.stringMatching(/^Discounts \(3\) +-€14\.50$/));
      expect(given).toContainEqual(expect.stringMatching(/^ {2}Loyal customer \(1\) +-€10\.00$/));
      expect(given.join(' ').replace(/ +/g, ' ')).toMatch(/Damaged packaging, sold as seen \(2\) -€4\.50/);
      expect(layout.lines.find((l) => /^Discounts \(3\)/.test(l.text))?.bold).toBe(true);
      const cashier = text.slice(text.indexOf('CASHIER: CARLA CASHIER'));
      expect(cashier).toContainEqual(expect.stringMatching(/^Discounts \(3\) +-€14\.50$/));
      expect(all).toContain('CASHIER: CARLA CASHIER');
      expect(text).toContainEqual(expect.stringMatching(/^GRAND TOTAL +€1,234,567\.89$/));
      expect(layout.lines.find((l) => l.text.startsWith('GRAND TOTAL'))?.bold).toBe(true);
      // The hash is cut over whole lines, never wrapped at a space: joined, it is whole.
      const head = text.indexOf('Audit chain head');
      expect(text.slice(head + 1, head + 1 + Math.ceil(64 / layout.columns)).join('')).toBe(CHAIN_HEAD);
    }
  });

  test('money follows the store locale', async () => {
    const admin = (await t.ok('auth.login', { username: 'admin', password: 'correct horse battery' })).token;
    await t.ok('settings.update', { locale: 'it-IT' }, admin);
    try {
      const text = docs.zLayout(z, 80).lines.map((l) => l.text);
      expect(text).toContainEqual(expect.stringMatching(/^GRAND TOTAL +1\.234\.567,89\s€$/));
    } finally {
      await t.ok('settings.update', { locale: 'en-US' }, admin);
    }
  });

  test('the ESC/POS bytes are the lines, with a cut and no drawer pulse', () => {
    const bytes = docs.zEscPos(z, 58);
    expect([...bytes.subarray(0, 2)]).toEqual([0x1b, 0x40]);
    expect(bytes.includes(Buffer.from('Z-R1-000007'))).toBe(true);
    expect(bytes.includes(PULSE)).toBe(false);
    expect(bytes.subarray(-4).equals(CUT)).toBe(true);
  });

  test('the PDF is <number>.pdf and reads back with the number, the grand total and the chain head', async () => {
    const pdf = await docs.zPdf(z);
    expect(pdf.fileName).toBe('Z-R1-000007.pdf');
    const text = pdfText(pdf.contentBase64);
    expect(text).toContain('Z REPORT');
    expect(text).toContain('Z-R1-000007');
    expect(text).toContain('Café Flore');
    expect(text).toMatch(/GRAND TOTAL €1,234,567\.89/);
    expect(text).toContain(CHAIN_HEAD);
    expect(text).toMatch(/Variance \(short\) -€2\.00/);
    expect(text).toContain('Cashier: Carla Cashier');
    expect(text).toMatch(/Returns Credit notes \(2\) -€36\.00/);
    expect(text).toMatch(/20% net -€10\.00 20% tax -€2\.00 10% net -€21\.82 10% tax -€2\.18/);
    expect(text).toMatch(/Vouchers issued \(1\) €8\.00 Vouchers redeemed \(1\) €5\.00/);
    // Two columns of sections: rows of the other column read back between these.
    expect(text).toMatch(/Discounts .*Discounts \(3\) -€14\.50 .*Loyal customer \(1\) -€10\.00/);
    // The same Z gives the same bytes.
    expect((await docs.zPdf(z)).contentBase64).toBe(pdf.contentBase64);
  });

  test("zPrint: the Z's register's network printer, else the desktop printer, else unavailable", async () => {
    expect(await docs.zPrint(z, 80, someone)).toEqual({ status: 'unavailable', printer: null });

    const pages: ReceiptPage[] = [];
    desktop.print = async (page) => {
      pages.push(page);
      return { status: 'printed', printer: 'TM-T20' };
    };
    const printer = await printerListener();
    try {
      expect(await docs.zPrint(z, 58, someone)).toEqual({ status: 'printed', printer: 'TM-T20' });
      expect(pages[0]?.html).toContain('Z-R1-000007');
      expect(pages[0]?.html).toContain('<title>Z report Z-R1-000007</title>');

      printers = { 'register-1': { host: printer.host, port: printer.port } };
      expect(await docs.zPrint(z, 58, someone)).toEqual({ status: 'printed', printer: `127.0.0.1:${printer.port}` });
      expect((await printer.job(1)).equals(docs.zEscPos(z, 58))).toBe(true);
      expect(pages).toHaveLength(1);
    } finally {
      delete desktop.print;
      printers = {};
      await printer.close();
    }
  });
});

describe('a Z report through the contract', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await startCore('in-process');
  });
  afterAll(() => t.close());

  test('open, sell, close: reports.zLayout, zPdf and zPrint show the Z as sealed; zPrint goes to its register printer', async () => {
    const admin = await setupAdmin(t);
    await t.ok('settings.update', { storeName: 'Café Flore' }, admin);
    await t.ok('users.create', { username: 'carla', displayName: 'Carla Cashier', role: 'cashier', password: 'cashier-password-1' }, admin);
    const cashier = (await t.ok('auth.login', { username: 'carla', password: 'cashier-password-1', registerId: 'register-1' })).token;
    const session = await t.ok('cashSessions.open', { registerId: 'register-1', openingFloat: 5_000 }, cashier);
    const dayOld = { kind: 'percent' as const, value: 10, reason: 'Day old' };
    const order = await t.ok('orders.create', { lines: [{ name: 'Baguette', unitPrice: 120, taxRateBp: 550, quantity: 5, discount: dayOld }] }, cashier);
    const invoice = await t.ok('invoices.generate', { orderId: order.id }, cashier);
    await t.ok('payments.pay', { invoiceId: invoice.id, method: 'cash', amount: invoice.total, tendered: 1_000, idempotencyKey: 'zdoc-1' }, cashier);
    const expected = (await t.ok('cashSessions.get', { id: session.id }, cashier)).expectedCash!;
    const { zReportId } = await t.ok('cashSessions.close', { sessionId: session.id, countedCash: expected }, cashier);
    const z = await t.ok('reports.z', { id: zReportId }, cashier);
    expect(z).toMatchObject({ number: 'Z-R1-000001', grandTotal: invoice.total, countedCash: 5_000 + invoice.total });

    const layout = await t.ok('reports.zLayout', { id: zReportId, width: 58 }, cashier);
    expect(layout).toMatchObject({ zReportId, width: 58, columns: 32 });
    const text = layout.lines.map((l) => l.text);
    expect(text).toContainEqual(expect.stringMatching(/^\s+Z-R1-000001$/));
    expect(text).toContainEqual(expect.stringMatching(new RegExp(`^GRAND TOTAL +€${(invoice.total / 100).toFixed(2)}$`)));
    expect(text).toContainEqual(expect.stringMatching(/^Variance \(even\) +€0\.00$/));
    // 10 % off 6.00: the discount in all, per reason and for the cashier.
    expect(text.filter((l) => /^Discounts \(1\) +-€0\.60$/.test(l))).toHaveLength(2);
    expect(text).toContainEqual(expect.stringMatching(/^ {2}Day old \(1\) +-€0\.60$/));
    expect(text.join('')).toContain(z.chainHead);

    const pdf = await t.ok('reports.zPdf', { id: zReportId }, cashier);
    expect(pdf.fileName).toBe('Z-R1-000001.pdf');
    const pdfContent = pdfText(pdf.contentBase64);
    expect(pdfContent).toContain('Z-R1-000001');
    expect(pdfContent).toContain(`GRAND TOTAL €${(invoice.total / 100).toFixed(2)}`);
    expect(pdfContent).toContain(z.chainHead);

    expect(await t.ok('reports.zPrint', { id: zReportId }, cashier)).toEqual({ status: 'unavailable', printer: null });
    const printer = await printerListener();
    try {
      await t.ok('registers.update', { id: 'register-1', printer: { host: printer.host, port: printer.port } }, admin);
      // Reprinted from the back office (a session bound to no register): still the Z's register's printer.
      expect(await t.ok('reports.zPrint', { id: zReportId, width: 80 }, admin)).toEqual({ status: 'printed', printer: `127.0.0.1:${printer.port}` });
      const bytes = await printer.job(1);
      expect(bytes.includes(Buffer.from('Z-R1-000001'))).toBe(true);
      expect(bytes.includes(Buffer.from(z.chainHead.slice(0, 48)))).toBe(true);
      expect(bytes.includes(PULSE)).toBe(false);
      expect(bytes.subarray(-4).equals(CUT)).toBe(true);
    } finally {
      await printer.close();
    }
  });
});
