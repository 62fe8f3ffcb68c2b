/**
 * A credit note's documents: its PDF read back with pdftotext (number, the invoice it corrects,
 * lines, tax per rate, totals, refunds, voucher codes, who approved), its receipt lines on 58 and
 * 80 mm paper, the ESC/POS bytes (voucher barcode, drawer on a cash refund) and where it prints.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CreditNote, Payment, Voucher } from '../../shared/contract';
import type { Platform } from '../../electron/core/platform';
import type { ReceiptPage } from '../../electron/core/services/documents/receiptHtml';
import { setupAdmin, startCore, userWithRole, type TestCore } from '../support/core';
import { pdfText } from '../support/pdfText';
import { printerListener } from '../support/printerListener';

const GS = 0x1d;
const PULSE = Buffer.from([0x1b, 0x70, 0x00, 0x19, 0xfa]);
const CUT = Buffer.from([GS, 0x56, 66, 0]);
const gsk = (data: string) => {
  const payload = Buffer.from(`{B${data}`);
  return Buffer.concat([Buffer.from([GS, 0x6b, 73, payload.length]), payload]);
};

const AT = '2026-06-03T14:05:00.000Z';

function refund(method: Payment['method'], amount: number, extra: Partial<Payment> = {}): Payment {
  return {
    id: `pay-${method}`,
    orderId: 'ord-1',
    invoiceId: 'inv-1',
    method,
    amount,
    tendered: null,
    change: null,
    rounding: 0,
    reference: null,
    kind: 'refund',
    refundOf: null,
    createdAt: AT,
    createdBy: 'u-1',
    creditNoteId: 'cn-7',
    voucherCode: null,
    cashSessionId: null,
    ...extra,
  };
}

const voucher: Voucher = {
  id: 'v-1',
  code: 'SC-7QK2-M9XA',
  kind: 'refund',
  currency: 'EUR',
  amount: 1000,
  balance: 1000,
  issuedAt: AT,
  expiresAt: '2027-06-03T14:05:00.000Z',
  usable: true,
  creditNoteId: 'cn-7',
  invoiceId: null,
};

/** Two mugs of three (20 %) and a tea (5.5 %) back from INV-000042; €10 in cash, €10 as a voucher, the rest off the balance. */
function handMade(over: Partial<CreditNote> = {}): CreditNote {
  return {
    id: 'cn-7',
    number: 'CN-000007',
    kind: 'return',
    invoiceId: 'inv-1',
    invoiceNumber: 'INV-000042',
    orderId: 'ord-1',
    currency: 'EUR',
    lines: [
      { invoiceLineIndex: 0, productId: 'p-mug', sku: 'MUG-01', name: 'Stoneware mug, blue glaze', unitPrice: 1000, quantity: 2, taxRateBp: 2000, discount: 0, subtotal: 2000, tax: 400, total: 2400, restock: true, reason: 'Chipped' },
      { invoiceLineIndex: 2, productId: null, sku: null, name: 'Sencha green tea 100 g', unitPrice: 600, quantity: 1, taxRateBp: 550, discount: 0, subtotal: 600, tax: 33, total: 633, restock: false, reason: 'Changed mind' },
    ],
    priceBasis: 'net',
    discountTotal: 0,
    subtotal: 2600,
    tax: 433,
    total: 3033,
    taxBreakdown: [
      { taxRateBp: 2000, base: 2000, tax: 400 },
      { taxRateBp: 550, base: 600, tax: 33 },
    ],
    refunded: 2000,
    refunds: [refund('cash', 1000), refund('voucher', 1000, { id: 'pay-v', voucherCode: voucher.code })],
    vouchers: [voucher],
    seller: { name: 'Café Flore', address: '172 Boulevard Saint-Germain\n75006 Paris', taxId: 'FR12345678901', phone: '+33 1 45 48 55 26' },
    customer: { name: 'Zoë Müller', address: 'Hauptstraße 5\n10115 Berlin', taxId: 'DE123456789' },
    issuedAt: AT,
    issuedBy: 'u-1',
    issuedByName: 'Carla Cashier',
    approvedByName: 'Marta Manager',
    cashSessionId: null,
    exchangeInvoiceId: null,
    ...over,
  };
}

describe('credit note documents (from a credit note as sealed)', () => {
  let t: TestCore;
  const desktop: Platform = {};
  let admin: string;

  beforeAll(async () => {
    t = await startCore('in-process', { platform: desktop });
    admin = await setupAdmin(t);
    await t.ok('settings.update', { storeName: 'Café Flore', invoiceFooter: 'Returns within 30 days with the receipt.' }, admin);
  });
  afterAll(() => t.close());
  const docs = () => t.core.services.documents;

  test('the PDF says CREDIT NOTE CN-…, the invoice it corrects, seller, customer, lines with reasons, tax per rate, totals, refunds, vouchers and who approved', async () => {
    const pdf = await docs().creditNotePdf(handMade());
    expect(pdf.fileName).toBe('CN-000007.pdf');
    const text = pdfText(pdf.contentBase64);
    for (const expected of [
      'CREDIT NOTE CN-000007',
      'Corrects INV-000042',
      'Issue date Jun 3, 2026',
      'Café Flore',
      'FR12345678901',
      'Zoë Müller',
      'DE123456789',
      'Stoneware mug, blue glaze 2 €10.00 20% €20.00 €4.00 €24.00',
      'SKU MUG-01 · Reason: Chipped',
      'For Return',
      'Sencha green tea 100 g 1 €6.00 5.5% €6.00 €0.33 €6.33',
      'Reason: Changed mind',
      '20% €20.00 €4.00',
      '5.5% €6.00 €0.33',
      'Subtotal €26.00',
      'Tax €4.33',
      'Total credited €30.33',
      'Refunded €20.00',
      'Off the balance due €10.33',
      'Cash €10.00',
      `Voucher ${voucher.code} €10.00`,
      'STORE CREDIT VOUCHER',
      'Value €10.00 · valid until Jun 3, 2027',
      'Issued by Carla Cashier',
      'Approved by Marta Manager',
      'Returns within 30 days with the receipt.',
      'CN-000007 · Page 1 of 1',
    ]) {
      expect(text, expected).toContain(expected);
    }
    // The same credit note gives the same bytes.
    expect((await docs().creditNotePdf(handMade())).contentBase64).toBe(pdf.contentBase64);
  });

  test('a return without a receipt says so, with no invoice to correct', async () => {
    const cn = handMade({ kind: 'receiptless', invoiceId: null, invoiceNumber: null, refunds: [], refunded: 1000, customer: null });
    const text = pdfText((await docs().creditNotePdf(cn)).contentBase64);
    expect(text).toContain('Return without a receipt');
    expect(text).not.toContain('Corrects');
    expect(text).toContain('Walk-in customer');
    const lines = docs().creditNoteLayout(cn, 58).lines.map((l) => l.text.trim());
    expect(lines).toContain('Return without a receipt');
  });

  test('the receipt: header, CREDIT NOTE, corrects, lines, tax per rate, total credited, refunds per tender, each voucher as code, barcode, value and expiry', () => {
    for (const width of [58, 80] as const) {
      const layout = docs().creditNoteLayout(handMade(), width);
      expect(layout).toMatchObject({ invoiceId: null, creditNoteId: 'cn-7', width, columns: width === 58 ? 32 : 48 });
      for (const line of layout.lines) expect(Array.from(line.text).length, line.text).toBeLessThanOrEqual(layout.columns);
      const text = layout.lines.map((l) => l.text);
      const trimmed = text.map((l) => l.trim());
      expect(layout.lines[0]).toMatchObject({ text: expect.stringContaining('Café Flore'), bold: true, tall: true });
      expect(layout.lines.find((l) => l.text.trim() === 'CREDIT NOTE CN-000007')).toMatchObject({ bold: true, tall: true });
      expect(trimmed).toContain('Corrects INV-000042');
      expect(text).toContainEqual(expect.stringMatching(/^ {2}2 x €10\.00 +€24\.00$/));
      expect(trimmed).toContain('Reason: Chipped');
      expect(text).toContainEqual(expect.stringMatching(/^Tax 20% +€4\.00$/));
      expect(text).toContainEqual(expect.stringMatching(/^Tax 5\.5% +€0\.33$/));
      expect(layout.lines.find((l) => /^TOTAL CREDITED +€30\.33$/.test(l.text))).toMatchObject({ bold: true, tall: true });
      expect(text).toContainEqual(expect.stringMatching(/^Refund \(cash\) +€10\.00$/));
      expect(text).toContainEqual(expect.stringMatching(/^Refund \(voucher\) +€10\.00$/));
      expect(text).toContainEqual(expect.stringMatching(/^Off the balance due +€10\.33$/));
      expect(text).toContainEqual(expect.stringMatching(/^Approved by +Marta Manager$/));
      // The voucher: its code big, then the bars alone, its value and expiry.
      const code = layout.lines.findIndex((l) => l.text.trim() === voucher.code);
      expect(layout.lines[code]).toMatchObject({ bold: true, tall: true, barcode: voucher.code });
      expect(text[code + 1]).toMatch(/^Value +€10\.00$/);
      expect(text[code + 2]).toMatch(/^Valid until +Jun 3, 2027$/);
      expect(layout.lines.filter((l) => l.barcode)).toHaveLength(1);
    }
  });

  test('ESC/POS: the voucher as a Code 128 barcode; the drawer opens only when cash went back', () => {
    const bytes = Buffer.from(docs().creditNoteEscPos(handMade(), 58).contentBase64, 'base64');
    expect(bytes.includes(gsk(voucher.code))).toBe(true);
    expect(bytes.subarray(-9).equals(Buffer.concat([PULSE, CUT]))).toBe(true);
    const noCash = Buffer.from(docs().creditNoteEscPos(handMade({ refunds: [refund('card', 2000)] })).contentBase64, 'base64');
    expect(noCash.includes(PULSE)).toBe(false);
    expect(noCash.subarray(-4).equals(CUT)).toBe(true);
  });

  test("printing goes to the caller's register's network printer, else the desktop's printer, else says there is none", async () => {
    const cn = handMade();
    expect(await docs().creditNotePrint(cn, undefined, { registerId: null })).toEqual({ status: 'unavailable', printer: null });
    const pages: ReceiptPage[] = [];
    desktop.print = async (page) => {
      pages.push(page);
      return { status: 'printed', printer: 'TM-T20' };
    };
    try {
      expect(await docs().creditNotePrint(cn, 58, { registerId: null })).toEqual({ status: 'printed', printer: 'TM-T20' });
      expect(pages[0]?.html).toContain('<title>Credit note CN-000007</title>');
      expect(pages[0]?.html).toMatch(/<svg [^>]*aria-label="SC-7QK2-M9XA"/);
    } finally {
      delete desktop.print;
    }
    const printer = await printerListener();
    try {
      await t.ok('registers.update', { id: 'register-1', printer: { host: printer.host, port: printer.port } }, admin);
      expect(await docs().creditNotePrint(cn, 80, { registerId: 'register-1' })).toEqual({ status: 'printed', printer: `127.0.0.1:${printer.port}` });
      const job = await printer.job(1);
      expect(job.includes(gsk(voucher.code))).toBe(true);
      expect(job.subarray(-9).equals(Buffer.concat([PULSE, CUT]))).toBe(true);
    } finally {
      await t.ok('registers.update', { id: 'register-1', printer: null }, admin);
      await printer.close();
    }
  });
});

describe('credit note documents through the API', () => {
  let t: TestCore;
  let admin: string;
  let cashier: string;
  let support: string;
  let key = 0;

  beforeAll(async () => {
    t = await startCore();
    admin = await setupAdmin(t);
    cashier = await userWithRole(t, admin, 'cashier');
    support = await userWithRole(t, admin, 'support');
    await t.ok('settings.update', { storeName: 'Café Flore', taxId: 'FR12345678901' }, admin);
  });
  afterAll(() => t.close());

  test('a return to cash and one as a voucher: PDF, receipt and ESC/POS read back; the invoice shows what was credited', async () => {
    // Two mugs at 20 % (24.00) and a tea at 5.5 % (6.33): 30.33 in cash.
    const lines = [
      { name: 'Stoneware mug', unitPrice: 1000, taxRateBp: 2000, quantity: 2 },
      { name: 'Sencha green tea', unitPrice: 600, taxRateBp: 550, quantity: 1 },
    ];
    const sale = await t.ok('orders.checkout', { lines, tenders: [{ method: 'cash', amount: 3033 }], idempotencyKey: `cnd-${++key}` }, cashier);
    const cash = await t.ok('returns.create', { invoiceId: sale.invoice.id, lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'Chipped' }], idempotencyKey: `cnd-${++key}` }, cashier);
    const cn = cash.creditNote;
    expect(cn).toMatchObject({ invoiceNumber: sale.invoice.number, total: 1200, refunded: 1200 });

    const text = pdfText((await t.ok('creditNotes.pdf', { id: cn.id }, support)).contentBase64);
    for (const expected of [`CREDIT NOTE ${cn.number}`, `Corrects ${sale.invoice.number}`, 'Stoneware mug 1 €10.00 20% €10.00 €2.00 €12.00', 'Reason: Chipped', '20% €10.00 €2.00', 'Total credited €12.00', 'Refunded €12.00', 'Cash']) {
      expect(text, expected).toContain(expected);
    }
    const layout = await t.ok('creditNotes.receiptLayout', { id: cn.id, width: 58 }, cashier);
    expect(layout).toMatchObject({ invoiceId: null, creditNoteId: cn.id, columns: 32 });
    expect(layout.lines.map((l) => l.text)).toContainEqual(expect.stringMatching(/^Refund \(cash\) +€12\.00$/));
    const bytes = Buffer.from((await t.ok('creditNotes.escpos', { id: cn.id }, cashier)).contentBase64, 'base64');
    expect(bytes.subarray(-9).equals(Buffer.concat([PULSE, CUT]))).toBe(true);

    // The tea back as store credit: the voucher's code prints as text and barcode.
    const asVoucher = await t.ok(
      'returns.create',
      { invoiceId: sale.invoice.id, lines: [{ invoiceLineIndex: 1, quantity: 1, reason: 'Changed mind' }], refunds: [{ method: 'voucher', amount: 633 }], idempotencyKey: `cnd-${++key}` },
      cashier,
    );
    const [voucherIssued] = asVoucher.creditNote.vouchers;
    expect(voucherIssued).toMatchObject({ amount: 633 });
    const code = voucherIssued!.code;
    const vLayout = await t.ok('creditNotes.receiptLayout', { id: asVoucher.creditNote.id }, cashier);
    expect(vLayout.lines.filter((l) => l.barcode)).toEqual([{ text: expect.stringMatching(new RegExp(`^ +${code}$`)), bold: true, tall: true, barcode: code }]);
    const vBytes = Buffer.from((await t.ok('creditNotes.escpos', { id: asVoucher.creditNote.id }, cashier)).contentBase64, 'base64');
    expect(vBytes.includes(gsk(code))).toBe(true);
    expect(vBytes.includes(PULSE)).toBe(false); // no cash went back
    const vText = pdfText((await t.ok('creditNotes.pdf', { id: asVoucher.creditNote.id }, admin)).contentBase64);
    expect(vText).toContain('5.5% €6.00 €0.33');
    expect(vText).toContain(code);

    // The invoice is never edited: its PDF and receipt show what its credit notes credited, and the balance after them.
    const invoice = await t.ok('invoices.get', { id: sale.invoice.id }, cashier);
    expect(invoice).toMatchObject({ status: 'PAID', credited: 1833, balance: 0 });
    const invText = pdfText((await t.ok('invoices.pdf', { id: invoice.id }, support)).contentBase64);
    expect(invText).toContain('Total €30.33 Credited -€18.33');
    expect(invText).toMatch(/Balance due €0\.00/);
    const receipt = (await t.ok('receipts.layout', { invoiceId: invoice.id }, cashier)).lines.map((l) => l.text);
    expect(receipt).toContainEqual(expect.stringMatching(/^Credited +-€18\.33$/));

    // Support reads the PDF, but prints no receipt; an unknown credit note is NOT_FOUND.
    expect((await t.fail('creditNotes.receiptLayout', { id: cn.id }, support)).code).toBe('FORBIDDEN');
    expect((await t.fail('creditNotes.pdf', { id: 'no-such-credit-note' }, admin)).code).toBe('NOT_FOUND');
  });
});
