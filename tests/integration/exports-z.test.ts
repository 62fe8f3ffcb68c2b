/**
 * exports.zReports after real days at two registers (cash with rounding, card, a cancelled cash
 * sale, movements, over and short closes): one row per Z equal to reports.z, in CSV, NDJSON and
 * XLSX; filters and access. Also the rounding and cash session columns of the invoice and
 * payment exports.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ZReport } from '../../shared/contract';
import { zReport as zReportSchema } from '../../shared/contract/reports';
import { setupAdmin, startCore, userWithRole, type TestCore } from '../support/core';

type Row = Record<string, string>;

let t: TestCore;
let admin: string;
let support: string;
let cashier: string;
/** A manager at Register 1 (cancelling a paid sale refunds it, which a cashier may not). */
let manager: string;
let key = 0;
const zs: ZReport[] = [];

/** "1234.56" → 123456 minor units (EUR), without floats; '' → null. */
function minor(text: string | undefined): number | null {
  if (text === undefined || text === '') return null;
  const negative = text.startsWith('-');
  const [whole = '0', frac = ''] = (negative ? text.slice(1) : text).split('.');
  const value = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return negative ? -value : value;
}
const fileOf = (r: { fileName: string }) => path.join(t.dir, 'exports', r.fileName);
const readCsv = (file: string) => parseCsv(fs.readFileSync(file), { columns: true, bom: true }) as Row[];
const readNdjson = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l)
    .map((l) => JSON.parse(l) as unknown);
const scalar = (query: string) => t.core.store.sqlite.prepare(query).pluck().get() as number;

async function sale(unitPrice: number, method: 'cash' | 'card') {
  const order = await t.ok('orders.create', { lines: [{ name: 'Tea', unitPrice, taxRateBp: 1000, quantity: 1 }] }, cashier);
  const invoice = await t.ok('invoices.generate', { orderId: order.id }, cashier);
  await t.ok('payments.pay', { invoiceId: invoice.id, method, amount: invoice.total, idempotencyKey: `z-${++key}` }, cashier);
  return { order, invoice };
}

/** Opens the register, runs `day`, closes it `off` minor units over (or short) and keeps the Z. */
async function day(registerId: string, day: () => Promise<void>, off: number): Promise<void> {
  await t.ok('auth.useRegister', { registerId }, cashier);
  const opened = await t.ok('cashSessions.open', { registerId, openingFloat: 10_000 }, cashier);
  await day();
  const session = await t.ok('cashSessions.get', { id: opened.id }, cashier);
  const { zReportId } = await t.ok('cashSessions.close', { sessionId: opened.id, countedCash: session.expectedCash! + off, note: off ? 'Counted twice' : undefined }, cashier);
  zs.push(await t.ok('reports.z', { id: zReportId }, admin));
  t.clock.advance(5 * 60_000);
}

beforeAll(async () => {
  t = await startCore();
  admin = await setupAdmin(t);
  await t.ok('settings.update', { timeZone: 'UTC', cashRounding: 5, varianceApprovalAbove: 1_000_000 }, admin);
  support = await userWithRole(t, admin, 'support');
  cashier = await userWithRole(t, admin, 'cashier');
  await userWithRole(t, admin, 'manager');
  manager = (await t.ok('auth.login', { username: 'manager1', password: 'manager-password-1', registerId: 'register-1' })).token;
  const r2 = await t.ok('registers.create', { code: 'R2', name: 'Terrace' }, admin);

  await day(
    'register-1',
    async () => {
      await sale(1417, 'cash'); // 15.59 due: 15.60 taken, rounding −1
      await sale(2000, 'card');
      const { order } = await sale(1000, 'cash');
      await t.ok('orders.cancel', { id: order.id, reason: 'Wrong tea' }, manager);
    },
    -200,
  );
  await day(r2.id, async () => void (await sale(3000, 'card')), 0);
  await day(
    'register-1',
    async () => {
      await sale(999, 'cash');
      const { session } = await t.ok('cashSessions.current', { registerId: 'register-1' }, cashier);
      await t.ok('cashSessions.move', { sessionId: session!.id, kind: 'payIn', amount: 5_000, reason: 'Change from the bank' }, cashier);
    },
    100,
  );
}, 120_000);
afterAll(() => t.close());

describe('exports.zReports', () => {
  test('CSV: one row per Z, in closing order, every figure as reports.z sealed it', async () => {
    const result = await t.ok('exports.zReports', { format: 'csv' }, support);
    expect(result.fileName).toMatch(/^z-reports-\d{8}-\d{6}\.csv$/);
    const rows = readCsv(fileOf(result));
    expect(rows.map((r) => r.number)).toEqual(['Z-R1-000001', 'Z-R2-000001', 'Z-R1-000002']);
    expect(Object.keys(rows[0]!)).toEqual([
      'number', 'registerCode', 'registerName', 'openedAt', 'openedBy', 'closedAt', 'closedBy', 'currency', 'openingFloat', 'expectedCash', 'countedCash',
      'variance', 'approvedBy', 'salesCount', 'gross', 'refunds', 'cancellations', 'discountsCount', 'discounts', 'creditNotes', 'vouchersIssued', 'vouchersRedeemed', 'rounding', 'netSales',
      'cash', 'card', 'other', 'voucher', 'grandTotal', 'chainHead', 'id', 'sessionId',
    ]);
    rows.forEach((row, i) => {
      const z = zs[i]!;
      const tender = (m: string) => z.tenders.find((x) => x.method === m)?.amount ?? 0;
      expect(row).toMatchObject({
        number: z.number,
        registerCode: z.registerCode,
        registerName: z.registerName,
        openedAt: z.openedAt,
        openedBy: z.openedByName,
        closedAt: z.closedAt,
        closedBy: z.closedByName,
        currency: 'EUR',
        salesCount: String(z.sales.count),
        discountsCount: String(z.discounts.count),
        chainHead: z.chainHead,
        id: z.id,
        sessionId: z.sessionId,
      });
      const money = ['openingFloat', 'expectedCash', 'countedCash', 'variance', 'gross', 'refunds', 'cancellations', 'discounts', 'creditNotes', 'vouchersIssued', 'vouchersRedeemed', 'rounding', 'netSales', 'cash', 'card', 'other', 'voucher', 'grandTotal'];
      expect(Object.fromEntries(money.map((k) => [k, minor(row[k])]))).toEqual({
        openingFloat: z.openingFloat,
        expectedCash: z.expectedCash,
        countedCash: z.countedCash,
        variance: z.variance,
        gross: z.sales.gross,
        refunds: z.refunds.amount,
        cancellations: z.cancellations.amount,
        discounts: z.discounts.amount,
        creditNotes: z.creditNotes.amount,
        vouchersIssued: z.vouchers.issued.amount,
        vouchersRedeemed: z.vouchers.redeemed.amount,
        rounding: z.rounding,
        netSales: z.netSales,
        cash: tender('cash'),
        card: tender('card'),
        other: tender('other'),
        voucher: tender('voucher'),
        grandTotal: z.grandTotal,
      });
    });
    // The day's figures, as they happened.
    expect(rows[0]).toMatchObject({ variance: '-2.00', rounding: '-0.01' });
    expect(minor(rows[0]!.refunds)).toBeGreaterThan(0);
    expect(rows[2]).toMatchObject({ variance: '1.00' });
    expect(minor(rows[2]!.grandTotal)).toBe(zs[0]!.netSales + zs[2]!.netSales);
  });

  test('NDJSON: the contract ZReport, as reports.z gives it', async () => {
    const items = readNdjson(fileOf(await t.ok('exports.zReports', { format: 'ndjson' }, support))).map((z) => zReportSchema.parse(z));
    expect(items).toEqual(zs);
  });

  test('XLSX: one row per Z, money as numbers', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(fileOf(await t.ok('exports.zReports', { format: 'xlsx' }, admin)));
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('Z reports');
    expect(ws.actualRowCount).toBe(zs.length + 1);
    const header = ws.getRow(1).values as unknown[];
    const grand = header.indexOf('grandTotal');
    expect(zs.map((z, i) => Math.round((ws.getRow(i + 2).getCell(grand).value as number) * 100))).toEqual(zs.map((z) => z.grandTotal));
    expect(ws.getRow(2).getCell(header.indexOf('chainHead')).value).toBe(zs[0]!.chainHead);
  });

  test('filters: a register, and store days by closing time', async () => {
    const r2 = readCsv(fileOf(await t.ok('exports.zReports', { format: 'csv', registerId: zs[1]!.registerId }, support)));
    expect(r2.map((r) => r.number)).toEqual(['Z-R2-000001']);
    const r1 = readCsv(fileOf(await t.ok('exports.zReports', { format: 'csv', registerId: 'register-1', from: '2026-06-01', to: '2026-06-01' }, support)));
    expect(r1.map((r) => r.number)).toEqual(['Z-R1-000001', 'Z-R1-000002']);
    expect(readCsv(fileOf(await t.ok('exports.zReports', { format: 'csv', from: '2026-06-02' }, support)))).toEqual([]);
    const unknown = await t.fail('exports.zReports', { format: 'csv', registerId: 'no-such-register' }, support);
    expect(unknown).toMatchObject({ code: 'VALIDATION' });
    expect(JSON.stringify(unknown.details)).toContain('registerId');
  });

  test('support, managers and admins export Z reports; a cashier may not; the export is audited', async () => {
    expect((await t.fail('exports.zReports', { format: 'csv' }, cashier)).code).toBe('FORBIDDEN');
    expect((await t.fail('exports.zReports', { format: 'csv', destination: '/tmp/z.csv' }, admin)).code).toBe('VALIDATION');
    const { items } = await t.ok('audit.list', { type: 'export.created' }, admin);
    expect(items.some((e) => (e.after as { kind?: string } | null)?.kind === 'zReports')).toBe(true);
  });
});

describe('rounding and cash sessions in the invoice and payment exports', () => {
  test('invoices carry cashRounding; its column sums to the database', async () => {
    const rows = readCsv(fileOf(await t.ok('exports.invoices', { format: 'csv' }, support)));
    expect(rows.map((r) => minor(r.cashRounding)).reduce((a, b) => a! + b!, 0)).toBe(scalar('SELECT sum(cash_rounding) FROM invoices'));
    expect(rows.some((r) => r.cashRounding === '-0.01')).toBe(true);
  });

  test('payments carry rounding and their cash session', async () => {
    const rows = readCsv(fileOf(await t.ok('exports.payments', { format: 'csv' }, support)));
    expect(rows.map((r) => minor(r.rounding)).reduce((a, b) => a! + b!, 0)).toBe(scalar('SELECT sum(rounding) FROM payments'));
    expect(new Set(rows.map((r) => r.cashSessionId))).toEqual(new Set(zs.map((z) => z.sessionId)));
    const ndjson = readNdjson(fileOf(await t.ok('exports.payments', { format: 'ndjson' }, support))) as { rounding: number; cashSessionId: string }[];
    expect(ndjson.map((p) => p.cashSessionId)).toEqual(rows.map((r) => r.cashSessionId));
  });
});
