/**
 * Returns in the books, through the contract on a real SQLite file: the X report, the sealed
 * Z, its documents and the day summary after a return to cash, an exchange, a cancellation
 * after a partial return (each amount counted once: net sales are what the customer kept), a
 * voucher issued and redeemed; a Z sealed before returns existed read with zero return
 * figures; credit notes exported in the three formats; the payments export with a refund
 * that has no invoice.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Input, Output, SalesFigures, SessionReport } from '../../shared/contract';
import { openSalesStore, unique, type SalesStore } from '../support/sales';
import { credentialsOf, openTill, REGISTER_1, signInAt } from '../support/till';

type Line = { name: string; unitPrice: number; taxRateBp: number; quantity: number };
type Row = Record<string, string>;

/** 10.00 at 20 %: 12.00. */
const mug: Line = { name: 'Mug', unitPrice: 1000, taxRateBp: 2000, quantity: 1 };
/** 2 × 25.00 at 20 %: 60.00. */
const plate: Line = { name: 'Plate', unitPrice: 2500, taxRateBp: 2000, quantity: 2 };
/** 5.00 at 10 %: 5.50. */
const book: Line = { name: 'Book', unitPrice: 500, taxRateBp: 1000, quantity: 1 };
const managerApproval = credentialsOf('manager');

let s: SalesStore;
let cashier: string;
let manager: string;

beforeAll(async () => {
  s = await openSalesStore('in-process');
  await s.t.ok('settings.update', { timeZone: 'UTC', varianceApprovalAbove: 1_000_000 }, s.admin);
  cashier = await signInAt(s, 'cashier');
  manager = await signInAt(s, 'manager');
}, 60_000);
afterAll(() => s?.close());

const totalOf = (lines: Line[]) => lines.reduce((n, l) => n + Math.round(l.unitPrice * l.quantity * (1 + l.taxRateBp / 10_000)), 0);
const sell = (lines: Line[], tenders?: Input<'orders.checkout'>['tenders'], token = cashier) =>
  s.t.ok('orders.checkout', { lines, tenders: tenders ?? [{ method: 'cash', amount: totalOf(lines) }], idempotencyKey: unique('co') }, token);
const back = (invoiceId: string, lines: Input<'returns.create'>['lines'], extra: Partial<Input<'returns.create'>> = {}, token = cashier) =>
  s.t.ok('returns.create', { invoiceId, lines, idempotencyKey: unique('ret'), ...extra }, token);
const x = (sessionId: string) => s.t.ok('reports.x', { sessionId }, manager);
const tender = (f: SalesFigures, method: string) => f.tenders.find((t) => t.method === method);

/** Runs `during` in a session of its own at Register 1 and closes it even; the X before the close and the sealed Z. */
async function session(during: (sessionId: string) => Promise<void>): Promise<{ x: SessionReport; z: Output<'reports.z'> }> {
  const opened = await openTill(s, cashier);
  await during(opened.id);
  const report = await x(opened.id);
  const { zReportId } = await s.t.ok('cashSessions.close', { sessionId: opened.id, countedCash: report.expectedCash! }, cashier);
  return { x: report, z: await s.t.ok('reports.z', { id: zReportId }, manager) };
}

/** The figures every report shares, without the drawer and the people. */
function figuresOf(r: SalesFigures): SalesFigures {
  const { sales, taxRates, tenders, refunds, cancellations, creditNotes, creditNoteTaxRates, vouchers, discounts, rounding, netSales } = r;
  return { sales, taxRates, tenders, refunds, cancellations, creditNotes, creditNoteTaxRates, vouchers, discounts, rounding, netSales };
}

const sessions: { x: SessionReport; z: Output<'reports.z'> }[] = [];

describe('returns in the X and Z reports', () => {
  test('one line of three back to cash: a credit note taken off net sales once, the cash refund off the drawer', async () => {
    let expectedBefore = 0;
    const done = await session(async (id) => {
      const sale = await sell([mug, plate, book]);
      expectedBefore = (await x(id)).expectedCash!;
      await back(sale.invoice.id, [{ invoiceLineIndex: 1, quantity: 1, reason: 'Wrong size' }]);
    });
    sessions.push(done);
    const gross = totalOf([mug, plate, book]);
    expect(done.x).toMatchObject({
      sales: { count: 1, gross },
      creditNotes: { count: 1, amount: 3000 },
      creditNoteTaxRates: [{ taxRateBp: 2000, net: 2500, tax: 500, gross: 3000 }],
      refunds: { count: 1, amount: 3000 },
      cancellations: { count: 0, amount: 0 },
      vouchers: { issued: { count: 0, amount: 0 }, redeemed: { count: 0, amount: 0 } },
      netSales: gross - 3000,
      cash: { payments: gross, refunds: 3000 },
    });
    expect(tender(done.x, 'cash')).toEqual({ method: 'cash', count: 1, amount: gross, refundCount: 1, refunds: 3000 });
    // The cash refund of the return lowers what the drawer should hold.
    expect(done.x.expectedCash).toBe(expectedBefore - 3000);
    // The cashier's section is the whole of it; the Z seals the same figures and advances the grand total by the net.
    expect(done.x.cashiers).toHaveLength(1);
    expect(figuresOf(done.x.cashiers[0]!)).toEqual(figuresOf(done.x));
    expect(figuresOf(done.z)).toEqual(figuresOf(done.x));
  });

  test('an exchange: the credit note for what came back and the new sale; net sales are what the customer kept', async () => {
    const done = await session(async () => {
      const sale = await sell([mug]);
      await s.t.ok(
        'returns.exchange',
        { invoiceId: sale.invoice.id, lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'Other colour' }], sale: { lines: [{ ...plate, quantity: 1 }] }, tenders: [{ method: 'card', amount: 1800 }], idempotencyKey: unique('x') },
        cashier,
      );
    });
    sessions.push(done);
    expect(done.x).toMatchObject({ sales: { count: 2, gross: 1200 + 3000 }, creditNotes: { count: 1, amount: 1200 }, netSales: 3000 });
    expect(tender(done.x, 'card')).toMatchObject({ count: 1, amount: 1800 });
  });

  test('a cancellation after a partial return: each amount once, nothing kept is nothing sold', async () => {
    const done = await session(async () => {
      const sale = await sell([plate]);
      await back(sale.invoice.id, [{ invoiceLineIndex: 0, quantity: 1, reason: 'Chipped' }]);
      await s.t.ok('orders.cancel', { id: sale.order.id, reason: 'Changed mind' }, manager);
    });
    sessions.push(done);
    expect(done.x).toMatchObject({
      sales: { count: 1, gross: 6000 },
      creditNotes: { count: 2, amount: 6000 },
      creditNoteTaxRates: [{ taxRateBp: 2000, net: 5000, tax: 1000, gross: 6000 }],
      cancellations: { count: 1, amount: 6000 },
      refunds: { count: 2, amount: 6000 },
      netSales: 0,
      cash: { payments: 6000, refunds: 6000 },
    });
    // The manager cancelled: their section carries the cancellation and its credit note, the cashier's the sale and the return.
    const byName = Object.fromEntries(done.x.cashiers.map((c) => [c.name, c]));
    expect(byName['manager user']).toMatchObject({ cancellations: { count: 1 }, creditNotes: { count: 1, amount: 3000 }, netSales: -3000 });
    expect(done.x.cashiers.reduce((n, c) => n + c.netSales, 0)).toBe(0);
  });

  test('a voucher issued for a return, a gift voucher sold, a voucher spent: issued and redeemed apart from the tenders', async () => {
    const done = await session(async () => {
      const sale = await sell([mug, book]);
      const { creditNote } = await back(sale.invoice.id, [{ invoiceLineIndex: 0, quantity: 1, reason: 'Gift duplicate' }], { refunds: [{ method: 'voucher', amount: 1200 }] });
      const code = creditNote.vouchers[0]!.code;
      await s.t.ok('vouchers.sell', { amount: 2000, tenders: [{ method: 'card', amount: 2000 }], idempotencyKey: unique('gift') }, cashier);
      await sell([book], [{ method: 'voucher', code, amount: 550 }]);
    });
    sessions.push(done);
    expect(done.x.vouchers).toEqual({ issued: { count: 2, amount: 1200 + 2000 }, redeemed: { count: 1, amount: 550 } });
    expect(tender(done.x, 'voucher')).toEqual({ method: 'voucher', count: 1, amount: 550, refundCount: 1, refunds: 1200 });
    expect(done.x.creditNotes).toEqual({ count: 1, amount: 1200 });
    // No cash went back: the drawer is as the sales left it.
    expect(done.x.cash.refunds).toBe(0);
    expect(done.x.netSales).toBe(done.x.sales.gross - 1200);
    // The gift voucher's sale is no sale (money held for goods sold later): the sales are the mug and book, and the book bought with the voucher.
    expect(done.x.sales).toMatchObject({ count: 2, gross: 1200 + 550 + 550 });
    expect(tender(done.x, 'card')?.amount).toBe(2000);
  });

  test('a gift voucher sold for cash and spent on goods counts once in net sales; one sold and taken back unspent not at all', async () => {
    const done = await session(async () => {
      const gift = await s.t.ok('vouchers.sell', { amount: 1200, tenders: [{ method: 'cash', amount: 1200 }], idempotencyKey: unique('gift') }, cashier);
      await sell([mug], [{ method: 'voucher', code: gift.voucher.code, amount: 1200 }]);
      const unwanted = await s.t.ok('vouchers.sell', { amount: 3000, tenders: [{ method: 'cash', amount: 3000 }], idempotencyKey: unique('gift') }, cashier);
      await back(unwanted.invoice.id, [{ invoiceLineIndex: 0, quantity: 1, reason: 'Changed mind' }]);
    });
    sessions.push(done);
    expect(done.x.sales).toEqual({ count: 1, net: 1000, tax: 200, gross: 1200 });
    expect(done.x.creditNotes).toEqual({ count: 0, amount: 0 });
    expect(done.x.netSales).toBe(1200);
    expect(done.x.vouchers).toEqual({ issued: { count: 2, amount: 4200 }, redeemed: { count: 1, amount: 1200 } });
    // The drawer took both vouchers' cash and gave the unwanted one's back.
    expect(done.x.cash).toMatchObject({ payments: 4200, refunds: 3000 });
    expect(done.z.netSales).toBe(1200);
  });

  test('the Z on paper and in the PDF has the Returns block', async () => {
    const z = sessions[0]!.z;
    const lines = (await s.t.ok('reports.zLayout', { id: z.id, width: 58 }, manager)).lines.map((l) => l.text);
    const block = lines.slice(lines.indexOf('RETURNS'), lines.indexOf('SALES'));
    expect(block).toContainEqual(expect.stringMatching(/^Credit notes \(1\) +-€30\.00$/));
    expect(block).toContainEqual(expect.stringMatching(/^ {2}20% tax +-€5\.00$/));
    expect(block).toContainEqual(expect.stringMatching(/^Cash refunds \(1\) +-€30\.00$/));
    expect(block).toContainEqual(expect.stringMatching(/^Vouchers issued \(0\) +€0\.00$/));
  });

  test('the day summary adds the sessions up, per register, the credit notes and vouchers included', async () => {
    const day = await s.t.ok('reports.daySummary', {}, manager);
    const sum = <K extends 'creditNotes' | 'refunds'>(k: K) => ({ count: sessions.reduce((n, x) => n + x.z[k].count, 0), amount: sessions.reduce((n, x) => n + x.z[k].amount, 0) });
    expect(day.creditNotes).toEqual(sum('creditNotes'));
    expect(day.refunds).toEqual(sum('refunds'));
    expect(day.netSales).toBe(sessions.reduce((n, x) => n + x.z.netSales, 0));
    const vouchers = (k: 'issued' | 'redeemed') => ({ count: sessions.reduce((n, x) => n + x.z.vouchers[k].count, 0), amount: sessions.reduce((n, x) => n + x.z.vouchers[k].amount, 0) });
    expect(day.vouchers).toEqual({ issued: vouchers('issued'), redeemed: vouchers('redeemed') });
    expect(day.vouchers).toEqual({ issued: { count: 4, amount: 3200 + 4200 }, redeemed: { count: 2, amount: 550 + 1200 } });
    expect(day.registers.map((r) => r.registerId)).toEqual([REGISTER_1]);
    expect(figuresOf(day.registers[0]!)).toEqual(figuresOf(day));
  });
});

describe('a Z sealed before returns and discounts existed', () => {
  test('reads with zero return and discount figures: reports.z, zList, its documents and the Z export', async () => {
    const { z } = sessions[0]!;
    const db = s.t.core.store.sqlite;
    // As a store upgraded from before returns holds it: the sealed body without the new figures.
    db.exec('DROP TRIGGER z_reports_no_update');
    try {
      db.prepare(
        `UPDATE z_reports SET body = json_set(json_remove(body, '$.creditNotes', '$.creditNoteTaxRates', '$.vouchers', '$.discounts'), '$.cashiers',
           (SELECT json_group_array(json_remove(c.value, '$.creditNotes', '$.creditNoteTaxRates', '$.vouchers', '$.discounts')) FROM json_each(body, '$.cashiers') c)) WHERE id = ?`,
      ).run(z.id);
    } finally {
      db.exec("CREATE TRIGGER `z_reports_no_update` BEFORE UPDATE ON `z_reports` BEGIN SELECT RAISE(ABORT, 'Z reports are sealed'); END;");
    }
    expect(db.prepare("SELECT json_type(body, '$.creditNotes') FROM z_reports WHERE id = ?").pluck().get(z.id)).toBeNull();
    const none = {
      creditNotes: { count: 0, amount: 0 },
      creditNoteTaxRates: [],
      vouchers: { issued: { count: 0, amount: 0 }, redeemed: { count: 0, amount: 0 } },
      discounts: { count: 0, amount: 0, byReason: [] },
    };
    const old = await s.t.ok('reports.z', { id: z.id }, manager);
    expect(old).toEqual({ ...z, ...none, cashiers: z.cashiers.map((c) => ({ ...c, ...none })) });
    expect((await s.t.ok('reports.zList', {}, manager)).items.map((i) => i.id)).toContain(z.id);
    const lines = (await s.t.ok('reports.zLayout', { id: z.id }, manager)).lines.map((l) => l.text);
    expect(lines).toContainEqual(expect.stringMatching(/^Credit notes \(0\) +-?€0\.00$/));
    await s.t.ok('reports.zPdf', { id: z.id }, manager);

    const ndjson = readNdjson(fileOf(await s.t.ok('exports.zReports', { format: 'ndjson' }, s.support))) as Output<'reports.z'>[];
    expect(ndjson.find((r) => r.id === z.id)).toEqual(old);
    expect(ndjson.find((r) => r.id === sessions[3]!.z.id)).toEqual(sessions[3]!.z);
    const csv = readCsv(fileOf(await s.t.ok('exports.zReports', { format: 'csv' }, s.support)));
    expect(csv.find((r) => r.id === z.id)).toMatchObject({ creditNotes: '0.00', vouchersIssued: '0.00', vouchersRedeemed: '0.00', voucher: '0.00', discountsCount: '0', discounts: '0.00' });
    expect(csv.find((r) => r.id === sessions[3]!.z.id)).toMatchObject({ creditNotes: '12.00', vouchersIssued: '32.00', vouchersRedeemed: '5.50', voucher: '5.50' });
  });
});

const fileOf = (r: { fileName: string }) => path.join(s.t.dir, 'exports', r.fileName);
const readCsv = (file: string) => parseCsv(fs.readFileSync(file), { columns: true, bom: true }) as Row[];
const readNdjson = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l)
    .map((l) => JSON.parse(l) as unknown);

describe('credit notes and refunds in the exports', () => {
  let receiptless: Output<'returns.create'>['creditNote'];

  beforeAll(async () => {
    // Bound to no register: money moves without a cash session.
    const backOffice = await signInAt(s, 'manager', null);
    const p = await s.t.ok('products.create', { sku: unique('SKU'), name: 'Teapot', unitPrice: 2000, taxRateBp: 1000 }, s.admin);
    receiptless = (
      await s.t.ok('returns.create', { lines: [{ productId: p.id, quantity: 1, reason: 'No receipt' }], refunds: [{ method: 'cash', amount: 2200 }], approval: managerApproval, idempotencyKey: unique('ret') }, backOffice)
    ).creditNote;
  });

  test('CSV, NDJSON and XLSX: one row per credit note line, its credit note, invoice and people; by kind', async () => {
    const notes = (await s.t.ok('creditNotes.list', { limit: 100 }, s.support)).items.reverse();
    const lines = notes.flatMap((n) => n.lines.map((l, i) => ({ n, l, i })));
    expect(lines.length).toBeGreaterThanOrEqual(6);

    const csv = readCsv(fileOf(await s.t.ok('exports.creditNotes', { format: 'csv' }, s.support)));
    expect(csv.map((r) => [r.number, r.line])).toEqual(lines.map(({ n, i }) => [n.number, String(i + 1)]));
    const first = lines[0]!;
    expect(csv[0]).toMatchObject({
      number: first.n.number,
      kind: 'return',
      invoiceNumber: first.n.invoiceNumber,
      invoiceLineIndex: '1',
      name: 'Plate',
      quantity: '1',
      currency: 'EUR',
      priceBasis: 'net',
      unitPrice: '25.00',
      taxRateBp: '2000',
      discount: '0.00',
      subtotal: '25.00',
      tax: '5.00',
      total: '30.00',
      restock: 'yes',
      reason: 'Wrong size',
      creditNoteTotal: '30.00',
      creditNoteDiscount: '0.00',
      refunded: '30.00',
      issuedBy: 'cashier1',
      approvedBy: '',
      registerCode: 'R1',
    });
    const last = csv.find((r) => r.number === receiptless.number)!;
    expect(last).toMatchObject({ kind: 'receiptless', invoiceNumber: '', invoiceLineIndex: '', name: 'Teapot', total: '22.00', approvedBy: 'manager1', registerCode: '', cashSessionId: '' });

    const ndjson = readNdjson(fileOf(await s.t.ok('exports.creditNotes', { format: 'ndjson', kind: 'cancellation' }, s.support))) as Record<string, unknown>[];
    const cancellation = notes.find((n) => n.kind === 'cancellation')!;
    expect(ndjson).toEqual(
      cancellation.lines.map((l, i) => ({
        creditNoteId: cancellation.id,
        number: cancellation.number,
        kind: 'cancellation',
        issuedAt: cancellation.issuedAt,
        invoiceId: cancellation.invoiceId,
        invoiceNumber: cancellation.invoiceNumber,
        line: i + 1,
        ...l,
        priceBasis: 'net',
        currency: 'EUR',
        creditNoteTotal: cancellation.total,
        creditNoteDiscount: cancellation.discountTotal,
        refunded: cancellation.refunded,
        issuedBy: 'manager1',
        approvedBy: null,
        cashSessionId: cancellation.cashSessionId,
        registerCode: 'R1',
      })),
    );

    const xlsx = await s.t.ok('exports.creditNotes', { format: 'xlsx', kind: ['return', 'receiptless'] }, s.support);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(fileOf(xlsx));
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const kinds = new Set<string>();
    for (let r = 2; r <= ws.rowCount; r++) kinds.add(String(ws.getRow(r).getCell(col('kind')).value));
    expect(kinds).toEqual(new Set(['return', 'receiptless']));
    expect(ws.getRow(2).getCell(col('total')).value).toBe(30);
    expect(xlsx.rows).toBe(notes.filter((n) => n.kind === 'return' || n.kind === 'receiptless').reduce((k, n) => k + n.lines.length, 0));
  });

  test('the payments export: refunds with their credit note and voucher code, a refund with no invoice included', async () => {
    const payments = (await s.t.ok('payments.list', { limit: 100 }, s.support)).items;
    const csv = readCsv(fileOf(await s.t.ok('exports.payments', { format: 'csv' }, s.support)));
    expect(csv).toHaveLength(payments.length);
    const row = csv.find((r) => r.creditNoteId === receiptless.id)!;
    expect(row).toMatchObject({ kind: 'refund', method: 'cash', amount: '-22.00', currency: 'EUR', invoiceNumber: '', invoiceId: '', creditNoteNumber: receiptless.number, cashSessionId: '' });
    const voucherRefund = payments.find((p) => p.kind === 'refund' && p.method === 'voucher')!;
    expect(csv.find((r) => r.id === voucherRefund.id)).toMatchObject({ voucherCode: voucherRefund.voucherCode, creditNoteNumber: expect.stringMatching(/^CN-/) });
    const ndjson = readNdjson(fileOf(await s.t.ok('exports.payments', { format: 'ndjson', kind: 'refund' }, s.support))) as Record<string, unknown>[];
    expect(ndjson.find((p) => p.creditNoteId === receiptless.id)).toMatchObject({ invoiceId: null, orderId: null, currency: 'EUR', creditNoteNumber: receiptless.number, signedAmount: -2200 });
  });
});
