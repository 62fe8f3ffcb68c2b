/**
 * The documents speak the store's documentLanguage (Settings), whoever prints them: the invoice
 * PDF (read back with pdftotext), the receipt lines and their ESC/POS bytes, the credit note's
 * PDF and receipt, the Z report's lines and PDF, and an XLSX export's header row. Money and
 * dates keep following the store's locale; CSV headers keep the machine column names.
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CreditNote, Invoice, ZReport } from '../../shared/contract';
import { zReport as zReportSchema } from '../../shared/contract/reports';
import { documentLanguages } from '../../shared/i18n/languages';
import { encodePc858 } from '../../electron/core/services/documents/escpos';
import { exportQuery } from '../../electron/core/services/exports/kinds';
import english from '../../shared/i18n/catalogues/en/documents.json';
import { setupAdmin, startCore, userWithRole, type TestCore } from '../support/core';
import { pdfText } from '../support/pdfText';

const AT = '2026-06-03T14:05:00.000Z';

/** A return of one mug of an invoice, half to cash and half as a store credit voucher. */
const creditNote: CreditNote = {
  id: 'cn-1',
  number: 'CN-000001',
  kind: 'return',
  invoiceId: 'inv-1',
  invoiceNumber: 'INV-000001',
  orderId: 'ord-1',
  currency: 'EUR',
  lines: [{ invoiceLineIndex: 0, productId: 'p-mug', sku: 'MUG', name: 'Stoneware mug', unitPrice: 2000, quantity: 1, taxRateBp: 2200, discount: 0, subtotal: 2000, tax: 440, total: 2440, restock: true, reason: 'Chipped' }],
  priceBasis: 'net',
  discountTotal: 0,
  subtotal: 2000,
  tax: 440,
  total: 2440,
  taxBreakdown: [{ taxRateBp: 2200, base: 2000, tax: 440 }],
  refunded: 2440,
  refunds: [
    {
      id: 'pay-1',
      orderId: 'ord-1',
      invoiceId: 'inv-1',
      method: 'cash',
      amount: 1440,
      tendered: null,
      change: null,
      rounding: 0,
      reference: null,
      kind: 'refund',
      refundOf: null,
      createdAt: AT,
      createdBy: 'u-1',
      creditNoteId: 'cn-1',
      voucherCode: null,
      cashSessionId: null,
    },
  ],
  vouchers: [
    { id: 'v-1', code: 'SC-7QK2-M9XA', kind: 'refund', currency: 'EUR', amount: 1000, balance: 1000, issuedAt: AT, expiresAt: '2027-06-03T14:05:00.000Z', usable: true, creditNoteId: 'cn-1', invoiceId: null },
  ],
  seller: { name: 'Bottega Rossi', address: 'Via Roma 1, Milano', taxId: 'IT01234567890', phone: '+39 02 1234567' },
  customer: null,
  issuedAt: AT,
  issuedBy: 'u-1',
  issuedByName: 'Carla Cassiera',
  approvedByName: null,
  cashSessionId: null,
  exchangeInvoiceId: null,
};

const figures = {
  sales: { count: 3, net: 10_000, tax: 2_200, gross: 12_200 },
  taxRates: [{ taxRateBp: 2200, net: 10_000, tax: 2_200, gross: 12_200 }],
  tenders: [
    { method: 'cash' as const, count: 2, amount: 7_200, refundCount: 1, refunds: 1_000 },
    { method: 'card' as const, count: 1, amount: 5_000, refundCount: 0, refunds: 0 },
  ],
  refunds: { count: 1, amount: 1_000 },
  cancellations: { count: 0, amount: 0 },
  creditNotes: { count: 1, amount: 1_000 },
  creditNoteTaxRates: [{ taxRateBp: 2200, net: 820, tax: 180, gross: 1_000 }],
  vouchers: { issued: { count: 0, amount: 0 }, redeemed: { count: 0, amount: 0 } },
  discounts: { count: 1, amount: 500, byReason: [{ reason: '', count: 1, amount: 500 }] },
  rounding: 0,
  netSales: 11_200,
};

/** A sealed Z (figures invented: the documents never recompute them). */
const z: ZReport = zReportSchema.parse({
  ...figures,
  id: 'z-1',
  number: 'Z-R1-000001',
  seq: 1,
  chainHead: 'a3f1c2e4b5d6978812345678909abcdeffedcba0987654321a1b2c3d4e5f6071',
  createdAt: '2026-06-01T18:05:00.000Z',
  sessionId: 'session-1',
  registerId: 'register-1',
  registerCode: 'R1',
  registerName: 'Banco',
  currency: 'EUR',
  openedAt: '2026-06-01T07:58:00.000Z',
  openedByName: 'Carla Cassiera',
  closedAt: '2026-06-01T18:05:00.000Z',
  closedByName: 'Carla Cassiera',
  at: '2026-06-01T18:05:00.000Z',
  openingFloat: 15_000,
  cash: { payments: 7_200, refunds: 1_000, payIns: { count: 0, amount: 0 }, payOuts: { count: 0, amount: 0 }, drops: { count: 1, amount: 10_000 } },
  expectedCash: 11_200,
  countedCash: 11_000,
  variance: -200,
  note: null,
  approvedByName: null,
  noSales: 1,
  lineVoids: { count: 0, amount: 0 },
  abandonedCarts: { count: 0, amount: 0 },
  cashiers: [{ ...figures, userId: 'u-carla', name: 'Carla Cassiera', lineVoids: { count: 0, amount: 0 }, abandonedCarts: { count: 0, amount: 0 }, noSales: 1 }],
  grandTotal: 1_234_567_89,
});

describe('a store whose documents are in Italian (locale it-IT)', () => {
  let t: TestCore;
  let admin: string;
  let cashier: string;
  let invoice: Invoice;
  const docs = () => t.core.services.documents;

  async function receiptLines(invoiceId: string, width: 58 | 80 = 80): Promise<string[]> {
    const layout = await t.ok('receipts.layout', { invoiceId, width }, cashier);
    for (const line of layout.lines) expect(Array.from(line.text).length, line.text).toBeLessThanOrEqual(layout.columns);
    return layout.lines.map((l) => l.text);
  }

  beforeAll(async () => {
    t = await startCore('in-process');
    admin = await setupAdmin(t);
    cashier = await userWithRole(t, admin, 'cashier');
    await t.ok('settings.update', { storeName: 'Bottega Rossi', locale: 'it-IT', timeZone: 'Europe/Rome', documentLanguage: 'it' }, admin);
    // The cashier's own screens speak French: the documents do not follow them.
    await t.ok('users.update', { language: 'fr' }, cashier);
    const mug = (await t.ok('products.create', { sku: 'MUG', name: 'Stoneware mug', unitPrice: 2000, taxRateBp: 2200 }, admin)).id;
    const order = await t.ok('orders.create', { lines: [{ productId: mug, quantity: 2, discount: { kind: 'percent', value: 10, reason: 'Danneggiato' } }] }, cashier);
    invoice = await t.ok('invoices.generate', { orderId: order.id }, cashier);
    // 2 × 20,00 − 10 % = 36,00 net, IVA 22 % 7,92: 43,92; paid with 50,00 in cash.
    expect(invoice).toMatchObject({ subtotal: 3600, tax: 792, total: 4392 });
    await t.ok('payments.pay', { invoiceId: invoice.id, method: 'cash', amount: 4392, tendered: 5000, idempotencyKey: 'dl-1' }, cashier);
  });
  afterAll(() => t.close());

  test('the invoice PDF is an Italian FATTURA with Italian money, for a cashier whose screens are French', async () => {
    const me = await t.ok('auth.me', {}, cashier);
    expect(me).toMatchObject({ language: 'fr' });
    const pdf = pdfText((await t.ok('invoices.pdf', { id: invoice.id }, cashier)).contentBase64);
    for (const expected of [
      'FATTURA',
      'Numero fattura INV-000001',
      'Numero ordine 1',
      'Stato PAGATA',
      'DESTINATARIO',
      'Cliente occasionale',
      'Prezzi IVA esclusa',
      'Descrizione Qtà Prezzo Sconto IVA Importo',
      'Stoneware mug 2 20,00 € -4,00 € 22% 36,00 €',
      'Cod. MUG · Sconto 10% (Danneggiato)',
      'Imponibile 36,00 €',
      'IVA 7,92 €',
      'Totale 43,92 €',
      'Totale sconti -4,00 €',
      'Importo pagato 43,92 €',
      'Saldo dovuto 0,00 €',
      'Pagamenti',
      'Pagamento Contanti resto 6,08 € 43,92 €',
      'INV-000001 · Pagina 1 di 1',
    ]) {
      expect(pdf, expected).toContain(expected);
    }
    expect(pdf).not.toMatch(/\b(INVOICE|Invoice number|Total|Payments|Page)\b/);
  });

  test('the receipt lines are Italian on 58 and 80 mm, and the printer bytes hold every letter', async () => {
    for (const width of [58, 80] as const) {
      const text = await receiptLines(invoice.id, width);
      const all = text.join('\n');
      expect(text).toContainEqual(expect.stringMatching(/^Fattura +INV-000001$/));
      expect(text).toContainEqual(expect.stringMatching(/^Ordine +1$/));
      expect(text).toContainEqual(expect.stringMatching(/^ {2}2 x 20,00\s€ +40,00\s€$/));
      // On 58 mm the discount's reason wraps under it.
      expect(all.replace(/\s+/g, ' ')).toContain(' Sconto 10% (Danneggiato) -4,00 €');
      expect(text).toContainEqual(expect.stringMatching(/^Imponibile +36,00\s€$/));
      expect(text).toContainEqual(expect.stringMatching(/^IVA 22% +7,92\s€$/));
      expect(text).toContainEqual(expect.stringMatching(/^TOTALE +43,92\s€$/));
      expect(text).toContainEqual(expect.stringMatching(/^Risparmio +4,00\s€$/));
      expect(text).toContainEqual(expect.stringMatching(/^Contanti +43,92\s€$/));
      expect(text).toContainEqual(expect.stringMatching(/^ {2}Ricevuto +50,00\s€$/));
      expect(text).toContainEqual(expect.stringMatching(/^ {2}Resto +6,08\s€$/));
      expect(text).toContainEqual(expect.stringMatching(/^Pagato +43,92\s€$/));
      expect(all).not.toMatch(/\b(Invoice|Order|Subtotal|Cash|Change|Paid)\b/);
    }
    const bytes = Buffer.from((await t.ok('receipts.escpos', { invoiceId: invoice.id, width: 80 }, cashier)).contentBase64, 'base64');
    expect(bytes.includes(encodePc858('Risparmio'))).toBe(true);
    expect(bytes.includes(Buffer.from('?'))).toBe(false);
  });

  test('the credit note PDF and receipt are Italian', async () => {
    const pdf = pdfText((await docs().creditNotePdf(creditNote)).contentBase64);
    for (const expected of [
      'NOTA DI CREDITO CN-000001',
      'Rettifica INV-000001',
      'Numero nota di credito CN-000001',
      'Causale Reso',
      'P. IVA: IT01234567890',
      'CLIENTE',
      'Cliente occasionale',
      'Descrizione Qtà Prezzo Aliq. Netto IVA Totale',
      'Cod. MUG · Motivo: Chipped · Rientrato in magazzino',
      'Totale accreditato 24,40 €',
      'Rimborsato 24,40 €',
      'Contanti 14,40 €',
      'BUONO RESO',
      'Valore 10,00 € · valido fino al',
      'Emessa da Carla Cassiera il',
      'Non è stata necessaria l’approvazione di un responsabile.',
      'CN-000001 · Pagina 1 di 1',
    ]) {
      expect(pdf, expected).toContain(expected);
    }
    expect(pdf).not.toContain('CREDIT NOTE');

    const lines = docs()
      .creditNoteLayout(creditNote, 80)
      .lines.map((l) => l.text);
    expect(lines).toContainEqual(expect.stringContaining('NOTA DI CREDITO CN-000001'));
    expect(lines).toContainEqual(expect.stringMatching(/^TOTALE ACCREDITATO +24,40\s€$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Rimborso \(contanti\) +14,40\s€$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Emessa da +Carla Cassiera$/));
    expect(lines).toContainEqual(expect.stringContaining('BUONO RESO'));
    expect(lines).toContainEqual(expect.stringMatching(/^Valido fino al +/));
    expect(lines).toContain('  Motivo: Chipped');
  });

  test('the Z report is a CHIUSURA FISCALE on paper and in PDF', async () => {
    const layout = docs().zLayout(z, 58);
    for (const line of layout.lines) expect(Array.from(line.text).length, line.text).toBeLessThanOrEqual(layout.columns);
    const text = layout.lines.map((l) => l.text);
    expect(text).toContainEqual(expect.stringContaining('CHIUSURA FISCALE'));
    expect(text).toContainEqual(expect.stringMatching(/^Fondo cassa +150,00\s€$/));
    expect(text).toContainEqual(expect.stringMatching(/^In cassaforte \(1\) +-100,00\s€$/));
    expect(text).toContainEqual(expect.stringMatching(/^Differenza \(ammanco\) +-2,00\s€$/));
    expect(text).toContainEqual(expect.stringMatching(/^Contanti \(2\) +72,00\s€$/));
    expect(text).toContainEqual(expect.stringMatching(/^ {2}Rimborsi \(1\) +-10,00\s€$/));
    expect(text).toContainEqual(expect.stringMatching(/^Rimborsi contanti \(1\) +-10,00\s€$/));
    expect(text).toContainEqual(expect.stringMatching(/^ {2}Senza motivo \(1\) +-5,00\s€$/));
    expect(text).toContain('CASSETTO');
    expect(text).toContain('CASSIERE: CARLA CASSIERA');
    expect(text).toContainEqual(expect.stringMatching(/^TOTALE GENERALE +1\.234\.567,89\s€$/));
    expect(text).toContain('Hash della catena di audit');

    const pdf = pdfText((await docs().zPdf(z)).contentBase64);
    for (const expected of ['CHIUSURA FISCALE', 'Cassa R1 · Banco', 'Hash della catena di audit alla chiusura', 'Fondo cassa 150,00 €', 'Vendite nette 112,00 €', 'Z-R1-000001 · Pagina 1 di 1']) {
      expect(pdf, expected).toContain(expected);
    }
    expect(pdf).not.toContain('Z REPORT');
  });

  test('an XLSX export is headed in Italian; the CSV keeps the machine column names', async () => {
    const xlsx = await t.ok('exports.invoices', { format: 'xlsx' }, admin);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(t.dir, 'exports', xlsx.fileName));
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('Fatture');
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual(['Numero', 'N. ordine', 'Stato', 'Emessa il']);
    expect(header).toContain('Totale');
    expect(header).not.toContain('total');
    // The values stay as they are: the state as the API names it, money as numbers.
    const row = ws.getRow(2);
    expect(row.getCell(header.indexOf('Stato') + 1).value).toBe('PAID');
    expect(row.getCell(header.indexOf('Totale') + 1).value).toBe(43.92);

    const csv = await t.ok('exports.invoices', { format: 'csv' }, admin);
    const first = fs.readFileSync(path.join(t.dir, 'exports', csv.fileName), 'utf8').split('\r\n')[0]!;
    expect(first.split(',').slice(0, 4)).toEqual(['number', 'orderNumber', 'status', 'issuedAt']);
  });

  test('German and Spanish stores print German and Spanish receipts', async () => {
    try {
      await t.ok('settings.update', { documentLanguage: 'de' }, admin);
      let text = await receiptLines(invoice.id, 58);
      expect(text).toContainEqual(expect.stringMatching(/^Rechnung +INV-000001$/));
      expect(text).toContainEqual(expect.stringMatching(/^Bestellung +1$/));
      expect(text.join(' ').replace(/\s+/g, ' ')).toContain(' Rabatt 10% (Danneggiato) -4,00 €');
      expect(text).toContainEqual(expect.stringMatching(/^Zwischensumme +36,00\s€$/));
      expect(text).toContainEqual(expect.stringMatching(/^MwSt\. 22% +7,92\s€$/));
      expect(text).toContainEqual(expect.stringMatching(/^SUMME +43,92\s€$/));
      expect(text).toContainEqual(expect.stringMatching(/^Bar +43,92\s€$/));
      expect(text).toContainEqual(expect.stringMatching(/^ {2}Rückgeld +6,08\s€$/));
      let bytes = Buffer.from((await t.ok('receipts.escpos', { invoiceId: invoice.id, width: 58 }, cashier)).contentBase64, 'base64');
      expect(bytes.includes(encodePc858('Rückgeld'))).toBe(true);
      expect(bytes.includes(Buffer.from('?'))).toBe(false);
      expect(pdfText((await t.ok('invoices.pdf', { id: invoice.id }, cashier)).contentBase64)).toContain('RECHNUNG');

      await t.ok('settings.update', { documentLanguage: 'es' }, admin);
      text = await receiptLines(invoice.id, 80);
      expect(text).toContainEqual(expect.stringMatching(/^Factura +INV-000001$/));
      expect(text).toContainEqual(expect.stringMatching(/^ {2}Descuento 10% \(Danneggiato\) +-4,00\s€$/));
      expect(text).toContainEqual(expect.stringMatching(/^TOTAL +43,92\s€$/));
      expect(text).toContainEqual(expect.stringMatching(/^Efectivo +43,92\s€$/));
      expect(text).toContainEqual(expect.stringMatching(/^ {2}Cambio +6,08\s€$/));
      bytes = Buffer.from((await t.ok('receipts.escpos', { invoiceId: invoice.id, width: 80 }, cashier)).contentBase64, 'base64');
      expect(bytes.includes(Buffer.from('?'))).toBe(false);
    } finally {
      await t.ok('settings.update', { documentLanguage: 'it' }, admin);
    }
  });

  test('every document language: the receipt, credit note and Z lines encode on the printer code page without a ?', async () => {
    try {
      for (const language of documentLanguages) {
        await t.ok('settings.update', { documentLanguage: language }, admin);
        const layouts = [await t.ok('receipts.layout', { invoiceId: invoice.id, width: 58 }, cashier), docs().creditNoteLayout(creditNote, 58), docs().zLayout(z, 58)];
        for (const layout of layouts) {
          for (const line of layout.lines) {
            expect(Array.from(line.text).length, `${language}: ${line.text}`).toBeLessThanOrEqual(layout.columns);
            expect(encodePc858(line.text).includes(0x3f), `${language}: ${line.text}`).toBe(false);
          }
        }
      }
    } finally {
      await t.ok('settings.update', { documentLanguage: 'it' }, admin);
    }
  });
});

test('every export column has its XLSX label in the documents catalogue', () => {
  const kinds = [
    ['orders', 'order'],
    ['orders', 'line'],
    ['invoices', 'order'],
    ['payments', 'order'],
    ['creditNotes', 'order'],
    ['zReports', 'order'],
  ] as const;
  for (const [kind, granularity] of kinds) {
    for (const c of exportQuery({ kind, granularity, format: 'xlsx', bom: false }).columns) {
      // English keeps the machine names: the English XLSX is unchanged.
      expect((english as Record<string, string>)[`col.${c.header}`], `${kind}: ${c.header}`).toBe(c.header);
    }
  }
});
