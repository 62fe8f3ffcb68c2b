/**
 * Document numbers per register once the installation is attached to a head office, on a real
 * SQLite file: not attached, the store's one series (INV-000001, CN-000001) as before; attached,
 * INV-<code>-000001 and CN-<code>-000001 gapless per register with interleaved sales, no number
 * used by a refused sale, the series kept across a restart, documents outside a register in the
 * series of the lowest code, a renamed code continuing its register's series (and never taken
 * again), and the longer numbers found, printed, drawn and exported.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Input, Product, Register } from '../../shared/contract';
import { startCore } from '../support/core';
import { pdfText } from '../support/pdfText';
import { count, expectNoWrites, issuePaths, openSalesStore, product, unique, widgetLine, type SalesStore } from '../support/sales';
import { openTill, REGISTER_1, signInAt } from '../support/till';

let s: SalesStore;
let r2: Register;
/** A cashier selling through R1 and a manager through R2, both tills open. */
let atR1: string;
let atR2: string;
/** A product for a return without a receipt (attached, the catalogue is the head office's). */
let mug: Product;

beforeAll(async () => {
  s = await openSalesStore('in-process');
  r2 = await s.t.ok('registers.create', { code: 'R2', name: 'Back counter' }, s.admin);
  atR1 = await signInAt(s, 'cashier');
  atR2 = await signInAt(s, 'manager', r2.id);
  await openTill(s, atR1);
  await openTill(s, atR2, 10_000, r2.id);
  mug = await product(s, { name: 'Mug', unitPrice: 500 });
});
afterAll(() => s.close());

const sell = (token: string, extra: Partial<Input<'orders.checkout'>> = {}) =>
  s.t.ok('orders.checkout', { lines: [widgetLine], tenders: [{ method: 'card', amount: 1200 }], idempotencyKey: unique('sale'), ...extra }, token);
const giveBack = async (invoiceId: string, token: string) =>
  (await s.t.ok('returns.create', { invoiceId, lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'faulty' }], idempotencyKey: unique('ret') }, token)).creditNote;
const numbers = async (token: string, n: number) => {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push((await sell(token)).invoice.number);
  return out;
};
const counter = (name: string) => count(s, `SELECT coalesce((SELECT value FROM counters WHERE name = '${name}'), 0) AS n`);

describe('numbering per register', () => {
  test('not attached: one series for the store, whichever register issues', async () => {
    expect(s.t.core.services.headOffice.attachment()).toBeNull();
    const a = await sell(atR1);
    const b = await sell(atR2);
    expect([a.invoice.number, b.invoice.number]).toEqual(['INV-000001', 'INV-000002']);
    expect((await giveBack(b.invoice.id, atR2)).number).toBe('CN-000001');
  });

  test('attached: INV-R1-… and INV-R2-… gapless per register with interleaved sales; the store-wide seq goes on', async () => {
    s.t.core.services.headOffice.recordAttachment({ id: 'inst-1', name: 'Main Street' });
    const sales = [];
    for (const token of [atR1, atR2, atR1, atR1, atR2]) sales.push((await sell(token)).invoice);
    expect(sales.map((i) => i.number)).toEqual(['INV-R1-000001', 'INV-R2-000001', 'INV-R1-000002', 'INV-R1-000003', 'INV-R2-000002']);
    const seqs = sales.map((i) => count(s, `SELECT seq AS n FROM invoices WHERE id = '${i.id}'`));
    expect(seqs).toEqual([3, 4, 5, 6, 7]);
    expect([counter('invoice'), counter(`invoice:${REGISTER_1}`), counter(`invoice:${r2.id}`)]).toEqual([7, 3, 2]);
  });

  test('a sale refused after its invoice was drawn (an unknown voucher tendered) uses no number', async () => {
    const err = await expectNoWrites(s, () =>
      s.t.fail('orders.checkout', { lines: [widgetLine], tenders: [{ method: 'voucher', amount: 1200, code: 'ZZZZ-ZZZZ-ZZZZ' }], idempotencyKey: unique('sale') }, atR1),
    );
    expect(err.code).toBe('VALIDATION');
    expect(issuePaths(err)).toEqual([['tenders', 0, 'code']]);
    expect(await numbers(atR1, 1)).toEqual(['INV-R1-000004']);
  });

  test('credit notes: CN-R1-… and CN-R2-…, each in the series of the register that issues it; an exchange draws both', async () => {
    const r1Sale = (await sell(atR1)).invoice; // INV-R1-000005
    const r2Sale = (await sell(atR2)).invoice; // INV-R2-000003
    expect((await giveBack(r1Sale.id, atR1)).number).toBe('CN-R1-000001');
    // Taken back at the other till: that till's series.
    expect((await giveBack(r2Sale.id, atR1)).number).toBe('CN-R1-000002');
    const other = (await sell(atR2)).invoice; // INV-R2-000004
    expect((await giveBack(other.id, atR2)).number).toBe('CN-R2-000001');

    const swapped = await sell(atR1, { lines: [{ ...widgetLine, quantity: 2 }], tenders: [{ method: 'card', amount: 2400 }] }); // INV-R1-000006
    const x = await s.t.ok(
      'returns.exchange',
      { invoiceId: swapped.invoice.id, lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'other colour' }], sale: { lines: [widgetLine] }, idempotencyKey: unique('x') },
      atR1,
    );
    expect([x.creditNote.number, x.invoice.number]).toEqual(['CN-R1-000003', 'INV-R1-000007']);
    // The moved credit refers to the numbers as printed.
    expect(x.payments.map((p) => p.reference)).toEqual(['CN-R1-000003']);
    expect(x.creditNote.refunds.map((r) => r.reference)).toEqual(['INV-R1-000007']);
    expect([counter('credit_note'), counter(`credit_note:${REGISTER_1}`), counter(`credit_note:${r2.id}`)]).toEqual([5, 3, 1]);
  });

  test('outside a register: the back office numbers in the series of the lowest code; a till with no open session in its own', async () => {
    // A register whose code sorts after R1 does not change whose series the back office uses.
    const r9 = await s.t.ok('registers.create', { code: 'R9', name: 'Pop-up' }, s.admin);
    const held = await s.t.ok('orders.create', { lines: [widgetLine] }, s.admin);
    expect((await s.t.ok('invoices.generate', { orderId: held.id }, s.admin)).number).toBe('INV-R1-000008');
    // A return without a receipt by the back office (a voucher, no drawer): R1's credit notes.
    const { creditNote: receiptless } = await s.t.ok('returns.create', { lines: [{ productId: mug.id, quantity: 1, reason: 'no receipt' }], idempotencyKey: unique('ret') }, s.admin);
    expect([receiptless.number, receiptless.cashSessionId]).toEqual(['CN-R1-000004', null]);
    // Signed in at R9 whose till is not open: invoices.generate needs no session and numbers in R9's series.
    const atR9 = await signInAt(s, 'cashier', r9.id);
    const pending = await s.t.ok('orders.create', { lines: [widgetLine] }, atR9);
    const unopened = await s.t.ok('invoices.generate', { orderId: pending.id }, atR9);
    expect(unopened.number).toBe('INV-R9-000001');
    expect(count(s, `SELECT count(*) AS n FROM invoices WHERE id = '${unopened.id}' AND cash_session_id IS NULL`)).toBe(1);
  });

  test('the numbers are found as printed (any case, without the zeros), on the invoice list and the credit notes', async () => {
    const listed = async (query: string) => (await s.t.ok('invoices.list', { query }, s.support)).items.map((i) => i.number);
    expect(await listed('INV-R2-000002')).toEqual(['INV-R2-000002']);
    expect(await listed('inv-r2-2')).toEqual(['INV-R2-000002']);
    // The numbers from before the attachment keep theirs.
    expect(await listed('INV-000002')).toEqual(['INV-000002']);
    expect(await listed('INV-R7-000001')).toEqual([]);
    const credited = async (query: string) => (await s.t.ok('creditNotes.list', { query }, s.support)).items.map((c) => c.number);
    expect(await credited('cn-r1-1')).toEqual(['CN-R1-000001']);
    expect(await credited('CN-000001')).toEqual(['CN-000001']);
    expect(await credited('INV-R2-000004')).toEqual(['CN-R2-000001']);
  });

  test('receipts, ESC/POS and PDFs carry the longer numbers, the receipt\'s barcode on 58 mm paper too', async () => {
    const sale = await sell(atR2); // INV-R2-000005
    expect(sale.invoice.number).toBe('INV-R2-000005');
    const layout = await s.t.ok('receipts.layout', { invoiceId: sale.invoice.id, width: 58 }, atR2);
    expect(layout.lines.filter((l) => l.barcode).map((l) => l.barcode)).toEqual(['INV-R2-000005']);
    const escpos = Buffer.from((await s.t.ok('receipts.escpos', { invoiceId: sale.invoice.id, width: 58 }, atR2)).contentBase64, 'base64');
    expect(escpos.includes(Buffer.from('{BINV-R2-000005'))).toBe(true);
    const pdf = await s.t.ok('invoices.pdf', { id: sale.invoice.id }, s.support);
    expect(pdf.fileName).toBe('INV-R2-000005.pdf');
    expect(pdfText(pdf.contentBase64)).toContain('INV-R2-000005');
    const cn = await giveBack(sale.invoice.id, atR2);
    const cnPdf = await s.t.ok('creditNotes.pdf', { id: cn.id }, s.support);
    expect(cnPdf.fileName).toBe(`${cn.number}.pdf`);
    expect(pdfText(cnPdf.contentBase64)).toContain('INV-R2-000005');
  });

  test('exports write the numbers as printed, in the store-wide order of issue', async () => {
    const rows = (r: { fileName: string }) => parseCsv(fs.readFileSync(path.join(s.t.dir, 'exports', r.fileName)), { columns: true, bom: true }) as Record<string, string>[];
    const invoices = rows(await s.t.ok('exports.invoices', { format: 'csv' }, s.support));
    expect(invoices.slice(0, 4).map((r) => r.number)).toEqual(['INV-000001', 'INV-000002', 'INV-R1-000001', 'INV-R2-000001']);
    const credited = rows(await s.t.ok('exports.creditNotes', { format: 'csv' }, s.support));
    expect(credited.find((r) => r.number === 'CN-R2-000001')).toMatchObject({ invoiceNumber: 'INV-R2-000004' });
  });

  test('the series survive a restart of the core on the same data folder', async () => {
    const { dir, clock } = s.t;
    await s.t.close();
    s.t = await startCore('in-process', { dir, clock });
    expect(s.t.core.services.headOffice.attachment()).toMatchObject({ installationId: 'inst-1', name: 'Main Street' });
    expect(await numbers(atR1, 2)).toEqual(['INV-R1-000009', 'INV-R1-000010']);
    expect(await numbers(atR2, 1)).toEqual(['INV-R2-000006']);
  });

  test('a renamed code continues its register\'s series; issued numbers stay as printed; the old code is not taken again', async () => {
    const first = (await s.t.ok('invoices.list', { query: 'INV-R2-000001' }, s.support)).items[0]!;
    await s.t.ok('registers.update', { id: r2.id, code: 'R5' }, s.admin);
    expect(await numbers(atR2, 1)).toEqual(['INV-R5-000007']);
    expect(await s.t.ok('invoices.get', { id: first.id }, s.support)).toMatchObject({ number: 'INV-R2-000001' });

    // A new register (or a renamed one) with R2 would print INV-R2-000001 again.
    const taken = await expectNoWrites(s, () => s.t.fail('registers.create', { code: 'R2', name: 'Again' }, s.admin));
    expect(taken).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('R2') });
    expect(issuePaths(taken)).toEqual([['code']]);
    expect((await s.t.fail('registers.update', { id: r2.id, code: 'R2' }, s.admin)).code).toBe('CONFLICT');
    // Only the exact code: R2 printed says nothing of R2-B.
    expect(await s.t.ok('registers.create', { code: 'R2-B', name: 'Side door' }, s.admin)).toMatchObject({ code: 'R2-B' });

    // The Z of the renamed register carries its code of the day, as its invoices do.
    const session = await s.t.ok('cashSessions.current', { registerId: r2.id }, atR2);
    const closed = await s.t.ok('cashSessions.close', { sessionId: session.session!.id, countedCash: 10_000 }, atR2);
    expect(closed.session.zNumber).toBe('Z-R5-000001');
  });
});
