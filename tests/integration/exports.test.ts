/**
 * exports.* through the dispatcher on a real SQLite file: every format read back by a real
 * reader (csv-parse, JSON + the contract's schemas, exceljs), row counts and money sums
 * against the database, formula-injection neutralising, unicode, quotes and newlines,
 * filters, progress events, cancellation, file names, copies to a chosen file, and roles.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { contract, type PushEvent } from '../../shared/contract';
import { invoice as invoiceSchema } from '../../shared/contract/invoices';
import { order as orderSchema } from '../../shared/contract/orders';
import { payment as paymentSchema } from '../../shared/contract/payments';
import type { Actor } from '../../electron/core/services/deps';
import { decimalString, decimalText, neutralise } from '../../electron/core/services/exports/format';
import { createHttpServer } from '../../electron/server/http';
import type { Platform } from '../../electron/core/platform';
import { manualClock, setupAdmin, startCore, tempDir, userWithRole, type TestCore } from '../support/core';

type Row = Record<string, string>;

const UNICODE = 'Zoë — 東京 €';
const QUOTED = 'Ann "The Hammer" O\'Neil, Jr.';
const FORMULA = '=HYPERLINK("http://evil.example","click")';
const NOTE = 'first line\nsecond, "quoted" line';
const NOTE_CRLF = 'Windows line\r\n<b>Smith & Sons</b> "Ltd"';
const MARKUP = 'Smith & Sons <Ltd> "quoted"';
const customers = [UNICODE, QUOTED, FORMULA, '+31 20 555 0100', '-5 discount', '@SUM(A1:A9)', 'Plain Customer', null, MARKUP] as const;
const PHONE = '+39 333 1234567';
const DAY = 86_400_000;
const JAN1 = Date.parse('2026-01-01T10:00:00.000Z');

let t: TestCore;
/** What a desktop host would offer; a test lends a part and takes it back. */
const desktop: Platform = {};
let admin: string;
let support: string;
let cashier: string;
let out: string;

function sql<T = Record<string, unknown>>(query: string, ...params: unknown[]): T[] {
  return t.core.store.sqlite.prepare(query).all(...params) as T[];
}
function scalar(query: string, ...params: unknown[]): number {
  return t.core.store.sqlite.prepare(query).pluck().get(...params) as number;
}

/** "1234.56" (EUR) → 123456 minor units, without floats. */
function minor(text: string): number {
  const negative = text.startsWith('-');
  const [whole = '0', frac = ''] = (negative ? text.slice(1) : text).split('.');
  const value = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return negative ? -value : value;
}
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Where an export is: the data folder's exports/, under the name the app chose. */
function fileOf(r: { fileName: string }): string {
  return path.join(t.dir, 'exports', r.fileName);
}
function exportsDir(): string[] {
  return fs.readdirSync(path.join(t.dir, 'exports'));
}

function readCsv(file: string): Row[] {
  return parseCsv(fs.readFileSync(file), { columns: true, bom: true, relax_column_count: false }) as Row[];
}
function readNdjson(file: string): Record<string, unknown>[] {
  const text = fs.readFileSync(file, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
/** One file of a zip (an XLSX package), read from its central directory: no library in the way. */
function zipEntry(file: string, name: string): string {
  const zip = fs.readFileSync(file);
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(eocd + 16);
  for (let n = zip.readUInt16LE(eocd + 10); n > 0; n--) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return (method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + skip;
  }
  throw new Error(`${name} is not in ${file}`);
}

async function readXlsx(file: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('no worksheet');
  return ws;
}

/**
 * Seeds through the services (the clock jumps days, which would expire sessions): 24 orders
 * over seven weeks in every state, with unicode, quotes, newlines and formula-like text, plus
 * two orders on either side of midnight at the end of January.
 */
async function seed(adminActor: Actor): Promise<void> {
  const s = t.core.services;
  const parse = <M extends keyof typeof contract>(m: M, input: unknown) => contract[m].input.parse(input) as never;
  let key = 0;
  const pay = (invoiceId: string, method: 'cash' | 'card' | 'other', amount: number) =>
    s.payments.pay(parse('payments.pay', { invoiceId, method, amount, idempotencyKey: `seed-${++key}` }), adminActor);
  for (let i = 0; i < 24; i++) {
    t.clock.set(JAN1 + i * 2 * DAY + i * 60_000);
    const name = customers[i % customers.length];
    const lines = [
      {
        name: i % 5 === 0 ? "=cmd|' /C calc'!A0" : `Item ${i}`,
        unitPrice: 1000 + i * 37,
        quantity: 1 + (i % 3),
        taxRateBp: 2000,
        ...(i % 4 === 1 ? { discount: { kind: 'percent', value: 12.5, reason: 'Damaged' } } : {}),
      },
      ...(i % 2 === 0 ? [{ name: `Extra «${i}»`, unitPrice: 250, quantity: 2, taxRateBp: 700 }] : []),
    ];
    const o = await s.orders.create(
      parse('orders.create', { lines, ...(i % 5 === 2 ? { discount: { kind: 'amount', value: 100, reason: 'Loyalty' } } : {}), ...(name ? { customer: { name, email: i % 4 === 0 ? `c${i}@example.com` : undefined, phone: i % 4 === 1 ? PHONE : undefined } } : {}), ...(i % 3 === 0 ? { note: NOTE } : i % 3 === 1 ? { note: '=1+2' } : i % 9 === 2 ? { note: NOTE_CRLF } : {}) }),
      adminActor,
    );
    const kind = i % 6;
    if (kind === 0) continue; // RECEIVED
    t.clock.advance(60_000);
    const inv = s.invoices.generate(o.id, adminActor);
    if (kind === 1) continue; // PROCESSING
    t.clock.advance(60_000);
    if (kind === 2) pay(inv.id, 'cash', inv.total); // FULFILLED
    if (kind === 3) pay(inv.id, 'card', Math.floor(inv.total / 3)); // partly paid
    if (kind === 4) {
      pay(inv.id, 'cash', 500);
      t.clock.advance(60_000);
      pay(inv.id, 'card', inv.total - 500);
      s.orders.transition(parse('orders.transition', { id: o.id, to: 'SHIPPED' }), adminActor);
    }
    if (kind === 5) {
      pay(inv.id, 'other', inv.total);
      t.clock.advance(60_000);
      s.cancellation.cancel(parse('orders.cancel', { id: o.id, reason: 'Customer changed their mind' }), adminActor);
    }
  }
  for (const at of ['2026-01-31T23:59:59.999Z', '2026-02-01T00:00:00.000Z']) {
    t.clock.set(Date.parse(at));
    await s.orders.create(parse('orders.create', { lines: [{ name: `Midnight ${at}`, unitPrice: 100, quantity: 1 }] }), adminActor);
  }
}

beforeAll(async () => {
  t = await startCore('in-process', { clock: manualClock(Date.parse('2025-12-31T09:00:00.000Z')), platform: desktop });
  admin = await setupAdmin(t);
  // Dates in filters are store days: this store keeps UTC, whatever the machine's zone.
  await t.ok('settings.update', { timeZone: 'UTC' }, admin);
  await userWithRole(t, admin, 'support');
  await userWithRole(t, admin, 'cashier');
  const me = await t.ok('auth.me', {}, admin);
  await seed({ userId: me.id, username: me.username, displayName: me.displayName, role: 'admin', tokenHash: '', registerId: null });
  // Sessions went idle while the clock jumped: sign in again at a fixed "now".
  t.clock.set(Date.parse('2026-03-01T09:00:00.000Z'));
  admin = (await t.ok('auth.login', { username: 'admin', password: 'correct horse battery' })).token;
  support = (await t.ok('auth.login', { username: 'support1', password: 'support-password-1' })).token;
  cashier = (await t.ok('auth.login', { username: 'cashier1', password: 'cashier-password-1' })).token;
  out = tempDir('tessera-exports-out-');
}, 120_000);

afterAll(async () => {
  await t?.close();
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

describe('orders', () => {
  test('CSV: a header row, one row per order, money in major units; counts and sums equal the database', async () => {
    const r = await t.ok('exports.orders', { format: 'csv' }, support);
    expect(fileOf(r).startsWith(path.join(t.dir, 'exports') + path.sep)).toBe(true);
    expect(path.basename(fileOf(r))).toBe('orders-20260301-090000.csv');
    expect(r.bytes).toBe(fs.statSync(fileOf(r)).size);
    const text = fs.readFileSync(fileOf(r), 'utf8');
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text.split('\r\n')[0]).toBe(
      'number,id,status,createdAt,updatedAt,customerName,customerEmail,customerPhone,customerTaxId,customerAddress,note,currency,priceBasis,discountPercent,discountAmount,discountReason,discountTotal,subtotal,tax,total,amountPaid,invoiceNumber,createdBy,approvedBy',
    );
    const rows = readCsv(fileOf(r));
    expect(rows).toHaveLength(scalar('SELECT count(*) FROM orders'));
    expect(r.rows).toBe(rows.length);
    // An order's amount paid is its invoice's.
    const paid = 'coalesce(i.amount_paid, 0)';
    for (const [column, dbColumn] of [['discountTotal', 'o.discount_total'], ['subtotal', 'o.subtotal'], ['tax', 'o.tax'], ['total', 'o.total'], ['amountPaid', paid]] as const) {
      expect(sum(rows.map((row) => minor(row[column]!)))).toBe(scalar(`SELECT sum(${dbColumn}) FROM orders o LEFT JOIN invoices i ON i.id = o.invoice_id`));
    }
    expect(rows.every((row) => /^\d+\.\d\d$/.test(row.total!) && row.currency === 'EUR')).toBe(true);
    expect(rows.map((row) => Number(row.number))).toEqual(sql<{ number: number }>('SELECT number FROM orders ORDER BY number').map((o) => o.number));
    const first = rows[0]!;
    const db = sql<Record<string, string>>('SELECT o.*, i.number AS inv, coalesce(i.amount_paid, 0) AS amount_paid FROM orders o LEFT JOIN invoices i ON i.id = o.invoice_id WHERE o.number = 1')[0]!;
    expect(first).toMatchObject({ id: db.id, status: db.status, createdAt: db.created_at, createdBy: 'admin', customerEmail: 'c0@example.com' });
    expect(rows.find((row) => row.invoiceNumber)?.invoiceNumber).toMatch(/^INV-\d{6}$/);
  });

  test('CSV: unicode, quotes, commas and newlines survive; text that a spreadsheet would run is neutralised', async () => {
    const r = await t.ok('exports.orders', { format: 'csv', bom: true }, support);
    expect(fs.readFileSync(fileOf(r)).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = readCsv(fileOf(r));
    const names = new Set(rows.map((row) => row.customerName));
    expect(names).toContain(UNICODE);
    expect(names).toContain(QUOTED);
    expect(names).toContain(`'${FORMULA}`);
    expect(names).toContain("'+31 20 555 0100");
    expect(names).toContain("'-5 discount");
    expect(names).toContain("'@SUM(A1:A9)");
    expect(names).toContain('Plain Customer');
    expect(names).toContain(MARKUP);
    expect(names).not.toContain(FORMULA);
    expect(rows.filter((row) => row.note === NOTE_CRLF)).toHaveLength(scalar('SELECT count(*) FROM orders WHERE note = ?', NOTE_CRLF));
    expect(rows.filter((row) => row.note === NOTE)).toHaveLength(scalar('SELECT count(*) FROM orders WHERE note = ?', NOTE));
    expect(rows.filter((row) => row.note === "'=1+2")).toHaveLength(scalar("SELECT count(*) FROM orders WHERE note = '=1+2'"));
    // No cell anywhere starts with a formula character.
    for (const row of rows) for (const value of Object.values(row)) expect(value).not.toMatch(/^[=+@\t\r]/);
  });

  test('CSV: text with control characters (as a store edited outside the app may hold) keeps to its own columns', async () => {
    // The app refuses control characters in single-line text; U+001F also separates the values of a row inside the export.
    const id = sql<{ id: string }>('SELECT id FROM orders WHERE number = 2')[0]!.id;
    const before = sql<{ customer_name: string | null; customer: string | null; note: string | null }>('SELECT customer_name, customer, note FROM orders WHERE id = ?', id)[0]!;
    const name = '\u001f=unit\u001fseparated, "quoted"';
    const note = 'bell\u0007 and tab\t and\r\nnewline \u001f';
    const customer = { name, email: 'sep@example.com', phone: '+1 555\u001f0100', taxId: 'T\u001f1', address: '1 Road,\nTown' };
    const update = t.core.store.sqlite.prepare('UPDATE orders SET customer_name = ?, customer = ?, note = ? WHERE id = ?');
    update.run(name, JSON.stringify(customer), note, id);
    try {
      const r = await t.ok('exports.orders', { format: 'csv' }, support);
      const rows = readCsv(fileOf(r));
      expect(rows).toHaveLength(scalar('SELECT count(*) FROM orders'));
      const row = rows.find((x) => x.id === id)!;
      const db = sql<Record<string, string | number>>('SELECT o.*, i.number AS inv, coalesce(i.amount_paid, 0) AS amount_paid FROM orders o LEFT JOIN invoices i ON i.id = o.invoice_id WHERE o.id = ?', id)[0]!;
      expect(row).toEqual({
        number: '2',
        id,
        status: db.status,
        createdAt: db.created_at,
        updatedAt: db.updated_at,
        customerName: name,
        customerEmail: customer.email,
        customerPhone: "'+1 555\u001f0100",
        customerTaxId: customer.taxId,
        customerAddress: customer.address,
        note,
        currency: 'EUR',
        priceBasis: 'net',
        discountPercent: '',
        discountAmount: '',
        discountReason: '',
        discountTotal: (Number(db.discount_total) / 100).toFixed(2),
        subtotal: (Number(db.subtotal) / 100).toFixed(2),
        tax: (Number(db.tax) / 100).toFixed(2),
        total: (Number(db.total) / 100).toFixed(2),
        amountPaid: (Number(db.amount_paid) / 100).toFixed(2),
        invoiceNumber: db.inv ?? '',
        createdBy: 'admin',
        // Order 2's 12.5 % line discount is beyond a cashier's 10 %: the admin who gave it is its approver.
        approvedBy: db.approved_by === null ? '' : 'admin',
      });
    } finally {
      update.run(before.customer_name, before.customer, before.note, id);
    }
  });

  test('a large CSV export, written by a second thread, is byte for byte the same as one written by the export worker', async () => {
    const service = t.core.services.exports;
    const threadFrom = service.csvThreadFrom;
    // One row's text cannot be split: the CSV thread asks the export worker (which has the snapshot) for its values.
    const id = sql<{ id: string }>('SELECT id FROM orders WHERE number = 3')[0]!.id;
    const before = sql<{ note: string | null }>('SELECT note FROM orders WHERE id = ?', id)[0]!;
    const update = t.core.store.sqlite.prepare('UPDATE orders SET note = ? WHERE id = ?');
    update.run('a\u001fb, "c"', id);
    const both = async (run: () => Promise<{ fileName: string; rows: number; bytes: number }>) => {
      service.csvThreadFrom = 0;
      const threaded = await run();
      service.csvThreadFrom = Number.POSITIVE_INFINITY;
      const single = await run();
      expect(single.fileName).not.toBe(threaded.fileName);
      expect(threaded.rows).toBe(single.rows);
      expect(threaded.bytes).toBe(fs.statSync(fileOf(threaded)).size);
      expect(fs.readFileSync(fileOf(threaded))).toEqual(fs.readFileSync(fileOf(single)));
      return fileOf(threaded);
    };
    try {
      const orders = await both(() => t.ok('exports.orders', { format: 'csv', bom: true }, support));
      expect(readCsv(orders).find((row) => row.id === id)?.note).toBe('a\u001fb, "c"');
      await both(() => t.ok('exports.orders', { format: 'csv', granularity: 'line' }, support));
      await both(() => t.ok('exports.invoices', { format: 'csv' }, support));
      await both(() => t.ok('exports.payments', { format: 'csv' }, support));
    } finally {
      service.csvThreadFrom = threadFrom;
      update.run(before.note, id);
    }
  });

  test('CSV by line: one row per order line; sums equal the lines in the database', async () => {
    const r = await t.ok('exports.orders', { format: 'csv', granularity: 'line' }, support);
    expect(path.basename(fileOf(r))).toMatch(/^order-lines-/);
    const rows = readCsv(fileOf(r));
    expect(rows).toHaveLength(scalar('SELECT count(*) FROM order_lines'));
    expect(sum(rows.map((row) => minor(row.total!)))).toBe(scalar('SELECT sum(total) FROM order_lines'));
    // Net prices: a line's net is its amount less its own discount and its share of the order's.
    expect(sum(rows.map((row) => minor(row.unitPrice!) * Number(row.quantity)))).toBe(sum(rows.map((row) => minor(row.amount!))));
    expect(sum(rows.map((row) => minor(row.amount!) - minor(row.lineDiscount!) - minor(row.orderDiscount!)))).toBe(scalar('SELECT sum(subtotal) FROM order_lines'));
    expect(rows.some((row) => row.name === "'=cmd|' /C calc'!A0")).toBe(true);
    expect(rows.some((row) => row.name === 'Extra «0»')).toBe(true);
    expect(rows.filter((row) => row.orderNumber === '1').map((row) => row.line)).toEqual(['1', '2']);
  });

  test('NDJSON: one contract Order a line, money in minor units, text untouched', async () => {
    const r = await t.ok('exports.orders', { format: 'ndjson' }, support);
    const items = readNdjson(fileOf(r));
    expect(items).toHaveLength(scalar('SELECT count(*) FROM orders'));
    const orders = items.map((item) => orderSchema.parse(item));
    expect(sum(orders.map((o) => o.total))).toBe(scalar('SELECT sum(total) FROM orders'));
    expect(sum(orders.map((o) => o.lines.length))).toBe(scalar('SELECT count(*) FROM order_lines'));
    const viaApi = await t.ok('orders.get', { id: orders[0]!.id }, support);
    expect(orders[0]).toEqual(viaApi);
    expect(orders.map((o) => o.customer?.name)).toContain(FORMULA);
    expect(orders.map((o) => o.note)).toContain(NOTE);
    expect(orders.map((o) => o.customer?.name)).toContain(UNICODE);
  });

  test('XLSX: numbers as numbers with a currency format, times as dates, text as typed in text cells, a frozen header row', async () => {
    const r = await t.ok('exports.orders', { format: 'xlsx' }, support);
    const ws = await readXlsx(fileOf(r));
    const count = scalar('SELECT count(*) FROM orders');
    expect(ws.actualRowCount).toBe(count + 1);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual(['number', 'id', 'status', 'createdAt']);
    const col = (name: string) => header.indexOf(name) + 1;
    const totals: number[] = [];
    const names: unknown[] = [];
    for (let i = 2; i <= count + 1; i++) {
      const row = ws.getRow(i);
      const total = row.getCell(col('total'));
      expect(typeof total.value).toBe('number');
      expect(total.numFmt).toContain('[$EUR]');
      totals.push(Math.round((total.value as number) * 100));
      expect(row.getCell(col('createdAt')).value).toBeInstanceOf(Date);
      expect(typeof row.getCell(col('number')).value).toBe('number');
      names.push(row.getCell(col('customerName')).value);
    }
    expect(sum(totals)).toBe(scalar('SELECT sum(total) FROM orders'));
    const firstCreated = ws.getRow(2).getCell(col('createdAt')).value as Date;
    expect(firstCreated.toISOString()).toBe(sql<{ created_at: string }>('SELECT created_at FROM orders WHERE number = 1')[0]!.created_at);
    expect(names).toContain(UNICODE);
    expect(names).toContain(QUOTED);
    // Text cells are text by their type (inline strings, never formulas): written as typed, no quote in front.
    expect(names).toContain(FORMULA);
    expect(names).toContain('+31 20 555 0100');
    expect(names).toContain('-5 discount');
    expect(names).toContain(MARKUP);
    expect(names).not.toContain(`'${FORMULA}`);
    const notes = [];
    for (let i = 2; i <= count + 1; i++) notes.push(ws.getRow(i).getCell(col('note')).value);
    expect(notes).toContain(NOTE);
    expect(notes).toContain(NOTE_CRLF);
    expect(notes).toContain('=1+2');
    const phones = [];
    for (let i = 2; i <= count + 1; i++) phones.push(ws.getRow(i).getCell(col('customerPhone')).value);
    expect(phones).toContain(PHONE);
    // The sheet's XML: the phone is an inline-string cell holding exactly what was typed; no cell is a formula.
    const sheet = zipEntry(fileOf(r), 'xl/worksheets/sheet1.xml');
    expect(sheet).toMatch(/<c r="[A-Z]+\d+" t="inlineStr"><is><t>\+39 333 1234567<\/t><\/is><\/c>/);
    expect(sheet).toMatch(/<c r="[A-Z]+\d+" t="inlineStr"><is><t>=HYPERLINK\(&quot;http/);
    expect(sheet).not.toContain("<t>'");
    expect(sheet).not.toContain('<f>');
    // Empty fields are empty cells; the header is bold.
    expect(ws.getRow(2).getCell(col('customerPhone')).value).toBeNull();
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.autoFilter).toBeTruthy();
  });

  test('filters: a date range (whole store days; this store keeps UTC) and states select exactly the right orders', async () => {
    const numbers = (rows: Row[]) => rows.map((row) => Number(row.number));
    const dbNumbers = (where: string, ...params: unknown[]) =>
      sql<{ number: number }>(`SELECT number FROM orders WHERE ${where} ORDER BY number`, ...params).map((o) => o.number);

    const january = readCsv(fileOf(await t.ok('exports.orders', { format: 'csv', from: '2026-01-10', to: '2026-01-31' }, support)));
    const expected = dbNumbers("created_at >= '2026-01-10T00:00:00.000Z' AND created_at < '2026-02-01T00:00:00.000Z'");
    expect(expected.length).toBeGreaterThan(3);
    expect(numbers(january)).toEqual(expected);
    expect(january.some((row) => row.createdAt === '2026-01-31T23:59:59.999Z')).toBe(true);
    expect(january.some((row) => row.createdAt === '2026-02-01T00:00:00.000Z')).toBe(false);

    const instant = readCsv(fileOf(await t.ok('exports.orders', { format: 'csv', from: '2026-02-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' }, support)));
    expect(instant.map((row) => row.createdAt)).toEqual(['2026-02-01T00:00:00.000Z']);

    const paid = readCsv(fileOf(await t.ok('exports.orders', { format: 'csv', status: ['FULFILLED', 'SHIPPED'] }, support)));
    expect(numbers(paid)).toEqual(dbNumbers("status IN ('FULFILLED', 'SHIPPED')"));
    expect(new Set(paid.map((row) => row.status))).toEqual(new Set(['FULFILLED', 'SHIPPED']));

    const cancelled = readNdjson(fileOf(await t.ok('exports.orders', { format: 'ndjson', status: 'CANCELLED', from: '2026-01-15' }, support)));
    expect(cancelled.map((o) => o.number)).toEqual(dbNumbers("status = 'CANCELLED' AND created_at >= '2026-01-15T00:00:00.000Z'"));

    const lines = readCsv(fileOf(await t.ok('exports.orders', { format: 'csv', granularity: 'line', status: 'RECEIVED' }, support)));
    expect(lines).toHaveLength(scalar("SELECT count(*) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.status = 'RECEIVED'"));

    const none = await t.ok('exports.orders', { format: 'csv', from: '2030-01-01' }, support);
    expect(none.rows).toBe(0);
    expect(readCsv(fileOf(none))).toEqual([]);

    const backwards = await t.fail('exports.orders', { format: 'csv', from: '2026-02-01', to: '2026-01-01' }, support);
    expect(backwards.code).toBe('VALIDATION');
  });
});

describe('invoices and payments', () => {
  test('invoices: CSV and NDJSON (contract Invoices) with the database counts and sums; a status filter', async () => {
    const rows = readCsv(fileOf(await t.ok('exports.invoices', { format: 'csv' }, support)));
    expect(rows).toHaveLength(scalar('SELECT count(*) FROM invoices'));
    expect(sum(rows.map((row) => minor(row.total!)))).toBe(scalar('SELECT sum(total) FROM invoices'));
    expect(sum(rows.map((row) => minor(row.amountPaid!)))).toBe(scalar('SELECT sum(amount_paid) FROM invoices'));
    expect(sum(rows.map((row) => minor(row.balance!)))).toBe(scalar("SELECT sum(CASE status WHEN 'CANCELLED' THEN 0 ELSE total - amount_paid END) FROM invoices"));
    expect(rows.map((row) => row.number)).toEqual(sql<{ number: string }>('SELECT number FROM invoices ORDER BY seq').map((i) => i.number));
    expect(rows.find((row) => row.status === 'CANCELLED')?.cancelReason).toBe('Customer changed their mind');
    // Sales without a register or cash rounding: the rounding column is there, and 0.
    expect(rows.every((row) => row.cashRounding === '0.00')).toBe(true);

    const items = readNdjson(fileOf(await t.ok('exports.invoices', { format: 'ndjson' }, support))).map((i) => invoiceSchema.parse(i));
    expect(items).toHaveLength(rows.length);
    expect(items[0]).toEqual(await t.ok('invoices.get', { id: items[0]!.id }, support));

    const pending = readCsv(fileOf(await t.ok('exports.invoices', { format: 'csv', status: 'PENDING' }, support)));
    expect(pending.map((row) => row.number)).toEqual(sql<{ number: string }>("SELECT number FROM invoices WHERE status = 'PENDING' ORDER BY seq").map((i) => i.number));

    const ws = await readXlsx(fileOf(await t.ok('exports.invoices', { format: 'xlsx' }, support)));
    expect(ws.actualRowCount).toBe(rows.length + 1);
  });

  test('payments: payments and refunds with the database sums; method, kind and date filters', async () => {
    const rows = readCsv(fileOf(await t.ok('exports.payments', { format: 'csv' }, support)));
    expect(rows).toHaveLength(scalar('SELECT count(*) FROM payments'));
    // The amount is signed (refunds negative), so the column's sum is the net taken; the kind column stays.
    expect(sum(rows.filter((row) => row.kind === 'payment').map((row) => minor(row.amount!)))).toBe(scalar("SELECT sum(amount) FROM payments WHERE kind = 'payment'"));
    expect(sum(rows.filter((row) => row.kind === 'refund').map((row) => minor(row.amount!)))).toBe(-scalar("SELECT sum(amount) FROM payments WHERE kind = 'refund'"));
    expect(rows.filter((row) => row.kind === 'refund').every((row) => row.amount!.startsWith('-'))).toBe(true);
    const net = scalar("SELECT sum(CASE kind WHEN 'refund' THEN -amount ELSE amount END) FROM payments");
    expect(scalar("SELECT count(*) FROM payments WHERE kind = 'refund'")).toBeGreaterThan(0);
    expect(sum(rows.map((row) => minor(row.amount!)))).toBe(net);
    expect(rows.every((row) => row.createdBy === 'admin' && /^INV-/.test(row.invoiceNumber!))).toBe(true);
    // Payments of sessions bound to no register: no rounding, no cash session (empty cell).
    expect(rows.every((row) => row.rounding === '0.00' && row.cashSessionId === '')).toBe(true);

    const card = readCsv(fileOf(await t.ok('exports.payments', { format: 'csv', method: 'card' }, support)));
    expect(card.map((row) => row.id)).toEqual(sql<{ id: string }>("SELECT id FROM payments WHERE method = 'card' ORDER BY created_at, rowid").map((p) => p.id));
    expect(card.length).toBeGreaterThan(0);

    const cashOrOther = readCsv(fileOf(await t.ok('exports.payments', { format: 'csv', method: ['cash', 'other'], from: '2026-01-20', to: '2026-02-10' }, support)));
    expect(cashOrOther.map((row) => row.id)).toEqual(
      sql<{ id: string }>(
        "SELECT id FROM payments WHERE method IN ('cash', 'other') AND created_at >= '2026-01-20T00:00:00.000Z' AND created_at < '2026-02-11T00:00:00.000Z' ORDER BY created_at, rowid",
      ).map((p) => p.id),
    );

    const refunds = readNdjson(fileOf(await t.ok('exports.payments', { format: 'ndjson', kind: 'refund' }, support))).map((p) => paymentSchema.parse(p));
    expect(refunds.length).toBe(scalar("SELECT count(*) FROM payments WHERE kind = 'refund'"));
    expect(refunds.length).toBeGreaterThan(0);
    expect(refunds.every((p) => p.kind === 'refund' && p.refundOf)).toBe(true);
    // NDJSON keeps the contract's Payment (amount positive, with its kind) and adds signedAmount.
    const lines = readNdjson(fileOf(await t.ok('exports.payments', { format: 'ndjson' }, support)));
    expect(lines.every((p) => (p.kind === 'refund' ? p.signedAmount === -(p.amount as number) : p.signedAmount === p.amount))).toBe(true);
    expect(sum(lines.map((p) => p.signedAmount as number))).toBe(net);

    const ws = await readXlsx(fileOf(await t.ok('exports.payments', { format: 'xlsx' }, support)));
    expect(ws.actualRowCount).toBe(rows.length + 1);
    const amountCol = (ws.getRow(1).values as unknown[]).indexOf('amount');
    const cells: number[] = [];
    for (let i = 2; i <= rows.length + 1; i++) cells.push(Math.round((ws.getRow(i).getCell(amountCol).value as number) * 100));
    expect(sum(cells)).toBe(net);
  });
});

describe('discounts', () => {
  const discounted = () => sql<{ id: string; number: number; invoice_id: string | null }>("SELECT id, number, invoice_id FROM orders WHERE discount_total > 0 ORDER BY number");

  test('orders and their lines: the discount as given, what it took off, the price basis and the approver; NDJSON as the API', async () => {
    const orders = readCsv(fileOf(await t.ok('exports.orders', { format: 'csv' }, support)));
    // Order 3 (the third seeded) has an order discount of 1.00 for Loyalty, no line discount.
    expect(orders.find((o) => o.number === '3')).toMatchObject({ priceBasis: 'net', discountPercent: '', discountAmount: '1.00', discountReason: 'Loyalty', discountTotal: '1.00', approvedBy: '' });
    expect(orders.filter((o) => o.discountReason === 'Loyalty')).toHaveLength(scalar("SELECT count(*) FROM orders WHERE json_extract(discount, '$.reason') = 'Loyalty'"));
    const lines = readCsv(fileOf(await t.ok('exports.orders', { format: 'csv', granularity: 'line' }, support)));
    const damaged = lines.filter((l) => l.discountReason === 'Damaged');
    expect(damaged.length).toBeGreaterThan(0);
    expect(damaged.every((l) => l.discountPercent === '12.5' && l.discountAmount === '' && l.priceBasis === 'net')).toBe(true);
    expect(sum(lines.map((l) => minor(l.lineDiscount!)))).toBe(scalar('SELECT sum(line_discount) FROM order_lines'));
    expect(sum(lines.map((l) => minor(l.orderDiscount!)))).toBe(scalar('SELECT sum(order_discount) FROM order_lines'));
    expect(sum(lines.map((l) => minor(l.lineDiscount!) + minor(l.orderDiscount!)))).toBe(scalar('SELECT sum(discount_total) FROM orders'));

    const items = readNdjson(fileOf(await t.ok('exports.orders', { format: 'ndjson' }, support))).map((item) => orderSchema.parse(item));
    for (const { id } of discounted()) expect(items.find((o) => o.id === id)).toEqual(await t.ok('orders.get', { id }, support));
  });

  test('invoices: the frozen discount, its total and the approver’s name; NDJSON as the API', async () => {
    const rows = readCsv(fileOf(await t.ok('exports.invoices', { format: 'csv' }, support)));
    expect(sum(rows.map((r) => minor(r.discountTotal!)))).toBe(scalar('SELECT sum(discount_total) FROM invoices'));
    expect(rows.some((r) => r.discountReason === 'Loyalty' && r.discountAmount === '1.00')).toBe(true);
    expect(rows.filter((r) => r.approvedByName !== '').length).toBe(scalar('SELECT count(*) FROM invoices WHERE approved_by_name IS NOT NULL'));
    const items = readNdjson(fileOf(await t.ok('exports.invoices', { format: 'ndjson' }, support))) as { id: string }[];
    for (const { invoice_id } of discounted()) {
      if (invoice_id !== null) expect(items.find((i) => i.id === invoice_id)).toEqual(await t.ok('invoices.get', { id: invoice_id }, support));
    }
  });

  test('credit notes: each line’s share of the invoice line’s discounts, the note’s discount total and price basis', async () => {
    const invoiceId = discounted().find((o) => o.number === 2)!.invoice_id!;
    const { creditNote } = await t.ok('returns.create', { invoiceId, lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'Damaged' }], idempotencyKey: 'exports-discount-return' }, admin);
    expect(creditNote.lines[0]!.discount).toBeGreaterThan(0);
    const rows = readCsv(fileOf(await t.ok('exports.creditNotes', { format: 'csv' }, support))).filter((r) => r.number === creditNote.number);
    expect(rows).toEqual([expect.objectContaining({ priceBasis: 'net', discount: (creditNote.lines[0]!.discount / 100).toFixed(2), creditNoteDiscount: (creditNote.discountTotal / 100).toFixed(2) })]);
    const items = readNdjson(fileOf(await t.ok('exports.creditNotes', { format: 'ndjson' }, support))) as { number: string; discount: number; priceBasis: string; creditNoteDiscount: number }[];
    expect(items.filter((i) => i.number === creditNote.number)).toEqual([expect.objectContaining({ discount: creditNote.lines[0]!.discount, priceBasis: 'net', creditNoteDiscount: creditNote.discountTotal })]);
  });
});

describe('jobs: progress and cancellation', () => {
  test('progress events carry the caller’s job id and end at rows = total', async () => {
    const events: PushEvent[] = [];
    const stop = t.core.bus.subscribe((e) => events.push(e));
    const r = await t.ok('exports.orders', { format: 'csv', jobId: 'job-progress-1' }, support);
    stop();
    expect(r.jobId).toBe('job-progress-1');
    const mine = events.filter((e) => e.event === 'export.progress' && e.data.jobId === 'job-progress-1');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.at(-1)?.data).toEqual({ jobId: 'job-progress-1', rows: r.rows, total: r.rows });
  });

  test('a running export reports progress at least every 250 ms, and cancel leaves no file', async () => {
    const before = exportsDir();
    const times: number[] = [];
    const rows: number[] = [];
    const stop = t.core.bus.subscribe((e) => {
      if (e.event === 'export.progress' && e.data.jobId === 'job-cancel-1') {
        times.push(performance.now());
        rows.push(e.data.rows);
      }
    });
    t.core.services.exports.testThrottle = { pauseEvery: 1, pauseMs: 100 };
    try {
      const running = t.raw('exports.orders', { format: 'csv', jobId: 'job-cancel-1' }, support);
      await expect.poll(() => rows.some((n) => n >= 3), { timeout: 30_000 }).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(exportsDir().some((f) => f.endsWith('.job-cancel-1.part'))).toBe(true);
      const cancelled = await t.ok('exports.cancel', { jobId: 'job-cancel-1' }, support);
      expect(cancelled).toEqual({ jobId: 'job-cancel-1', cancelled: true });
      const result = await running;
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('cancelled') });
    } finally {
      t.core.services.exports.testThrottle = undefined;
      stop();
    }
    expect(exportsDir()).toEqual(before);
    // Gaps between progress events (nominally ≤ 200 ms; a timer may run late on a busy machine).
    const gaps = times.slice(1).map((time, i) => time - times[i]!);
    expect(gaps.length).toBeGreaterThan(3);
    expect(gaps.filter((g) => g > 250).length).toBeLessThanOrEqual(1);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(600);
    expect(t.core.services.exports.running()).toEqual([]);
    expect((await t.fail('exports.cancel', { jobId: 'job-cancel-1' }, support)).code).toBe('NOT_FOUND');
  });

  test('cancelling a CSV export written by a second thread leaves no file', async () => {
    const service = t.core.services.exports;
    const threadFrom = service.csvThreadFrom;
    const before = exportsDir();
    service.csvThreadFrom = 0;
    service.testThrottle = { pauseEvery: 1, pauseMs: 50 };
    try {
      const running = t.raw('exports.orders', { format: 'csv', granularity: 'line', jobId: 'job-cancel-thread' }, support);
      await expect.poll(() => exportsDir().some((f) => f.endsWith('.part')), { timeout: 30_000 }).toBe(true);
      await t.ok('exports.cancel', { jobId: 'job-cancel-thread' }, support);
      const result = await running;
      expect(result.ok).toBe(false);
    } finally {
      service.testThrottle = undefined;
      service.csvThreadFrom = threadFrom;
    }
    expect(exportsDir()).toEqual(before);
    expect(service.running()).toEqual([]);
  });

  test('a job id already running is refused', async () => {
    t.core.services.exports.testThrottle = { pauseEvery: 1, pauseMs: 50 };
    try {
      const first = t.raw('exports.invoices', { format: 'csv', jobId: 'job-twice-1' }, support);
      await expect.poll(() => t.core.services.exports.running().includes('job-twice-1')).toBe(true);
      expect((await t.fail('exports.orders', { format: 'csv', jobId: 'job-twice-1' }, support)).code).toBe('CONFLICT');
      await t.ok('exports.cancel', { jobId: 'job-twice-1' }, admin);
      expect((await first).ok).toBe(false);
    } finally {
      t.core.services.exports.testThrottle = undefined;
    }
  });
});

describe('file names and copies to a chosen file', () => {
  test('API callers name no file: destination and overwrite are refused (VALIDATION)', async () => {
    for (const input of [{ format: 'csv', destination: path.join(out, 'orders.csv') }, { format: 'csv', overwrite: true }]) {
      const error = await t.fail('exports.orders', input, support);
      expect(error.code).toBe('VALIDATION');
    }
    expect(fs.readdirSync(out)).toEqual([]);
  });

  test('default file names do not collide and stay in the exports folder', async () => {
    const a = await t.ok('exports.payments', { format: 'ndjson' }, support);
    const b = await t.ok('exports.payments', { format: 'ndjson' }, support);
    expect(a.fileName).not.toBe(b.fileName);
    expect(a.id).not.toBe(b.id);
    expect(fs.existsSync(fileOf(a)) && fs.existsSync(fileOf(b))).toBe(true);
  });

  /** The actor of the support session, as the command line gets it (it runs as the OS user). */
  const supportActor = () => t.core.services.auth.resolve(support);

  test('a copy to a chosen file (the command line, "Save as…"): an existing file is refused unless overwrite is true', async () => {
    const service = t.core.services.exports;
    const r = await t.ok('exports.orders', { format: 'csv' }, support);
    const destination = path.join(out, 'orders.csv');
    expect(service.saveTo(r.id, destination, { overwrite: false }, supportActor())).toBe(destination);
    expect(fs.readFileSync(destination)).toEqual(fs.readFileSync(fileOf(r)));
    fs.writeFileSync(destination, 'precious');
    expect(() => service.saveTo(r.id, destination, { overwrite: false }, supportActor())).toThrow(/already exists/);
    expect(fs.readFileSync(destination, 'utf8')).toBe('precious');
    service.saveTo(r.id, destination, { overwrite: true }, supportActor());
    expect(readCsv(destination)).toHaveLength(r.rows);
    // A move (tessera export --out) leaves nothing in the exports folder; the id is gone with it.
    service.saveTo(r.id, destination, { overwrite: true, move: true }, supportActor());
    expect(fs.existsSync(fileOf(r))).toBe(false);
    expect((await t.fail('exports.download', { id: r.id }, support)).code).toBe('NOT_FOUND');
    expect(fs.readdirSync(out)).toEqual(['orders.csv']);
    fs.rmSync(destination);
  });

  test('a chosen file that is relative, in a missing folder, a folder, of another kind or holds a control character is refused, naming destination', async () => {
    const service = t.core.services.exports;
    const r = await t.ok('exports.orders', { format: 'csv' }, support);
    fs.mkdirSync(path.join(out, 'folder.csv'));
    fs.writeFileSync(path.join(out, 'file.csv'), 'a file, not a folder');
    for (const destination of [
      'orders.csv',
      path.join(out, 'missing', 'orders.csv'),
      path.join(out, 'folder.csv'),
      path.join(out, 'file.csv', 'x.csv'),
      path.join(out, 'orders.txt'),
      path.join(t.dir, 'tessera.db'),
      path.join(out, 'nul\u0000.csv'),
      path.join(out, 'line\nbreak.csv'),
      path.join(out, 'c1\u0085.csv'),
    ]) {
      let error: unknown;
      try {
        service.saveTo(r.id, destination, { overwrite: true }, supportActor());
      } catch (err) {
        error = err;
      }
      expect(error).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: ['destination'] }] } });
    }
    expect(fs.readdirSync(out).sort()).toEqual(['file.csv', 'folder.csv']);
    fs.rmSync(path.join(out, 'file.csv'));
    fs.rmdirSync(path.join(out, 'folder.csv'));
    const x = await t.ok('exports.orders', { format: 'xlsx' }, support);
    expect(() => service.saveTo(x.id, path.join(out, 'orders.csv'), { overwrite: false }, supportActor())).toThrow(/must end in \.xlsx/);
    const n = await t.ok('exports.orders', { format: 'ndjson' }, support);
    service.saveTo(n.id, path.join(out, 'orders.jsonl'), { overwrite: false }, supportActor());
    fs.rmSync(path.join(out, 'orders.jsonl'));
  });
});

describe('access and input', () => {
  test('support, manager and admin may export; a cashier may not (FORBIDDEN)', async () => {
    for (const method of ['exports.orders', 'exports.invoices', 'exports.payments', 'exports.zReports'] as const) {
      expect((await t.fail(method, { format: 'csv' }, cashier)).code).toBe('FORBIDDEN');
    }
    expect((await t.fail('exports.cancel', { jobId: 'whatever-1' }, cashier)).code).toBe('FORBIDDEN');
    expect((await t.fail('exports.orders', { format: 'csv' })).code).toBe('UNAUTHENTICATED');
    await t.ok('exports.invoices', { format: 'csv' }, admin);
  });

  test('inputs are strict', async () => {
    for (const [input, field] of [
      [{ format: 'pdf' }, 'format'],
      [{}, 'format'],
      [{ format: 'csv', granularity: 'day' }, 'granularity'],
      [{ format: 'csv', status: 'PAID' }, 'status'],
      [{ format: 'csv', from: 'yesterday' }, 'from'],
      [{ format: 'csv', jobId: 'a b' }, 'jobId'],
      [{ format: 'csv', extra: 1 }, ''],
    ] as const) {
      const error = await t.fail('exports.orders', input, support);
      expect(error.code).toBe('VALIDATION');
      if (field) expect(JSON.stringify(error.details)).toContain(field);
    }
    expect((await t.fail('exports.payments', { format: 'csv', method: 'cheque' }, support)).code).toBe('VALIDATION');
  });

  test('reveal shows only exports of this process, by id; without a desktop host it is refused (CONFLICT)', async () => {
    const r = await t.ok('exports.invoices', { format: 'csv' }, support);
    expect((await t.fail('exports.reveal', { id: r.id }, support)).code).toBe('CONFLICT');
    const shown: string[] = [];
    desktop.reveal = (file) => shown.push(file);
    expect(await t.ok('exports.reveal', { id: r.id }, support)).toEqual({ revealed: true });
    expect(shown).toEqual([fileOf(r)]);
    expect((await t.fail('exports.reveal', { path: path.join(t.dir, 'tessera.db') }, support)).code).toBe('VALIDATION');
    expect((await t.fail('exports.reveal', { id: 'not-an-export-1' }, support)).code).toBe('NOT_FOUND');
    delete desktop.reveal;
  });
});

describe('download links (browser host)', () => {
  test('exports.download gives a short-lived link the HTTP host serves the file at; nothing else is served', async () => {
    const server = createHttpServer(t.core, null);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const r = await t.ok('exports.orders', { format: 'csv', bom: true }, support);
      const link = await t.ok('exports.download', { id: r.id }, support);
      expect(link.fileName).toBe(r.fileName);
      expect(link.url).toMatch(/^\/exports\/download\/[A-Za-z0-9_-]{32}\/orders-/);
      const res = await fetch(base + link.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent(link.fileName)}`);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(fs.readFileSync(fileOf(r)));

      for (const bad of ['/exports/download/nope/x.csv', '/exports/download/../../tessera.db', `/exports/download/${'A'.repeat(32)}/x.csv`]) {
        expect((await fetch(base + bad)).status).toBe(404);
      }
      expect((await t.fail('exports.download', { path: path.join(t.dir, 'tessera.db') }, support)).code).toBe('VALIDATION');
      expect((await t.fail('exports.download', { id: r.id }, cashier)).code).toBe('FORBIDDEN');

      t.clock.advance(11 * 60_000);
      expect((await fetch(base + link.url)).status).toBe(404);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

test('the neutraliser prefixes every formula trigger, and only those', () => {
  for (const text of ['=1', '+1', '-1', '@x', '\tx', '\rx']) expect(neutralise(text)).toBe(`'${text}`);
  for (const text of ['', 'a=1', ' =1', "'=1", '1-2', 'Zoë']) expect(neutralise(text)).toBe(text);
});

test('money in major units from the decimal text of the minor units equals the same from the number', () => {
  for (const [minor, digits, text] of [['0', 2, '0.00'], ['5', 2, '0.05'], ['-5', 2, '-0.05'], ['-123456', 2, '-1234.56'], ['100', 3, '0.100'], ['42', 0, '42'], ['', 2, '']] as const) {
    expect(decimalText(minor, digits)).toBe(text);
  }
  fc.assert(
    fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(0, 2, 3, 4), (minor, digits) => {
      expect(decimalText(String(minor), digits)).toBe(decimalString(minor, digits));
    }),
  );
});
