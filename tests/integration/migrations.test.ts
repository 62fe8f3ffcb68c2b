/**
 * Upgrading a store made before tax classes and discounts (migration 0011): its products move
 * to classes made from their rates ("Tax 20 %", "Tax 5.5 %", "Zero"), in force since always;
 * its orders and issued invoices read as they were, net-priced and without discounts; and it
 * sells at once through the classes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DB_FILE } from '../../electron/core/core';
import { openStore } from '../../electron/core/db/open';
import { startCore, tempDir, type TestCore } from '../support/core';
import { insertAdmin, migrationsBefore } from '../support/migrations';

const AT = '2026-05-01T09:00:00.000Z';
const PASSWORD = 'correct horse battery';

let dir: string;
let before: string;
let t: TestCore;
let token: string;

beforeAll(async () => {
  before = migrationsBefore('0012_pricing_discounts_tax_classes');
  dir = tempDir('tessera-upgrade-');
  // The store as 0011 left it: an admin, products at three rates, an order and its issued invoice.
  const old = openStore({ file: path.join(dir, DB_FILE), migrationsFolder: before });
  const db = old.sqlite;
  await insertAdmin(db, PASSWORD, AT);
  const product = db.prepare(
    `INSERT INTO products (id, sku, barcode, name, name_key, unit_price, tax_rate_bp, category, archived, created_at, updated_at) VALUES (?, ?, NULL, ?, lower(?), ?, ?, NULL, 0, ?, ?)`,
  );
  for (const [id, name, price, rate] of [
    ['p-lamp', 'Lamp', 4000, 2000],
    ['p-chair', 'Chair', 9000, 2000],
    ['p-bread', 'Bread', 300, 550],
    ['p-book', 'Book', 1500, 0],
  ] as const) {
    product.run(id, id.toUpperCase(), name, name, price, rate, AT, AT);
  }
  db.prepare(
    `INSERT INTO orders (id, number, status, subtotal, tax, total, currency, invoice_id, version, created_by, created_at, updated_at) VALUES ('o-1', 1, 'PROCESSING', 4300, 817, 5117, 'EUR', 'i-1', 2, 'u-admin', ?, ?)`,
  ).run(AT, AT);
  const line = db.prepare(
    `INSERT INTO order_lines (order_id, position, product_id, sku, name, unit_price, quantity, tax_rate_bp, subtotal, tax, total) VALUES ('o-1', ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
  );
  line.run(0, 'p-lamp', 'P-LAMP', 'Lamp', 4000, 2000, 4000, 800, 4800);
  line.run(1, 'p-bread', 'P-BREAD', 'Bread', 300, 550, 300, 17, 317);
  const frozen = [
    { productId: 'p-lamp', sku: 'P-LAMP', name: 'Lamp', unitPrice: 4000, quantity: 1, taxRateBp: 2000, subtotal: 4000, tax: 800, total: 4800 },
    { productId: 'p-bread', sku: 'P-BREAD', name: 'Bread', unitPrice: 300, quantity: 1, taxRateBp: 550, subtotal: 300, tax: 17, total: 317 },
  ];
  db.prepare(
    `INSERT INTO invoices (id, seq, number, order_id, order_number, status, currency, lines, tax_breakdown, seller, subtotal, tax, total, amount_paid, issued_at)
     VALUES ('i-1', 1, 'INV-000001', 'o-1', 1, 'PENDING', 'EUR', ?, ?, ?, 4300, 817, 5117, 0, ?)`,
  ).run(
    JSON.stringify(frozen),
    JSON.stringify([
      { taxRateBp: 550, base: 300, tax: 17 },
      { taxRateBp: 2000, base: 4000, tax: 800 },
    ]),
    JSON.stringify({ name: 'My Store', address: null, taxId: null, phone: null }),
    AT,
  );
  db.prepare(`INSERT INTO counters (name, value) VALUES ('order', 1), ('invoice', 1)`).run();
  db.close();

  t = await startCore('in-process', { dir });
  token = (await t.ok('auth.login', { username: 'admin', password: PASSWORD })).token;
});

afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(before, { recursive: true, force: true });
});

test('products move to classes made from their rates, in force since always', async () => {
  const { items } = await t.ok('taxClasses.list', {}, token);
  expect(items.map(({ name, rateBp, rates, archived, productCount }) => ({ name, rateBp, rates, archived, productCount }))).toEqual([
    { name: 'Tax 20 %', rateBp: 2000, rates: [{ rateBp: 2000, effectiveFrom: '1970-01-01' }], archived: false, productCount: 2 },
    { name: 'Tax 5.5 %', rateBp: 550, rates: [{ rateBp: 550, effectiveFrom: '1970-01-01' }], archived: false, productCount: 1 },
    { name: 'Zero', rateBp: 0, rates: [{ rateBp: 0, effectiveFrom: '1970-01-01' }], archived: false, productCount: 1 },
  ]);
  const byName = new Map(items.map((c) => [c.name, c.id]));
  const products = (await t.ok('products.list', {}, token)).items;
  expect(products.map((p) => [p.name, p.taxClassId, p.taxRateBp, p.openPrice, p.cost])).toEqual([
    ['Book', byName.get('Zero'), 0, false, null],
    ['Bread', byName.get('Tax 5.5 %'), 550, false, null],
    ['Chair', byName.get('Tax 20 %'), 2000, false, null],
    ['Lamp', byName.get('Tax 20 %'), 2000, false, null],
  ]);
  expect(await t.ok('settings.get', {}, token)).toMatchObject({ pricesIncludeTax: false, taxRounding: 'line', cashierMaxDiscountPercent: 10, currencyLocked: true });
});

test('an old order and its issued invoice read as they were: net prices, no discounts, no approver', async () => {
  const order = await t.ok('orders.get', { id: 'o-1' }, token);
  expect(order).toMatchObject({ priceBasis: 'net', discount: null, discountTotal: 0, approvedBy: null, subtotal: 4300, tax: 817, total: 5117 });
  expect(order.lines).toEqual([
    expect.objectContaining({ name: 'Lamp', unitPrice: 4000, listPrice: null, priceReason: null, taxClassId: null, taxRateBp: 2000, amount: 4000, discount: null, lineDiscount: 0, orderDiscount: 0, total: 4800 }),
    expect.objectContaining({ name: 'Bread', unitPrice: 300, listPrice: null, taxRateBp: 550, amount: 300, lineDiscount: 0, orderDiscount: 0, total: 317 }),
  ]);
  const invoice = await t.ok('invoices.get', { id: 'i-1' }, token);
  expect(invoice).toMatchObject({ priceBasis: 'net', discount: null, discountTotal: 0, approvedByName: null, subtotal: 4300, tax: 817, total: 5117 });
  expect(invoice.lines.map((l) => [l.name, l.amount, l.lineDiscount, l.orderDiscount, l.total])).toEqual([
    ['Lamp', 4000, 0, 0, 4800],
    ['Bread', 300, 0, 0, 317],
  ]);
});

test('the upgraded store sells through the classes at once', async () => {
  const sold = await t.ok('orders.create', { lines: [{ productId: 'p-chair', quantity: 1 }, { productId: 'p-bread', quantity: 2 }] }, token);
  const classes = new Map((await t.ok('taxClasses.list', {}, token)).items.map((c) => [c.name, c.id]));
  expect(sold.lines.map((l) => [l.name, l.taxClassId, l.taxRateBp, l.tax])).toEqual([
    ['Chair', classes.get('Tax 20 %'), 2000, 1800],
    ['Bread', classes.get('Tax 5.5 %'), 550, 33],
  ]);
  // A new product naming a rate the upgrade made a class for takes that class.
  const p = await t.ok('products.create', { sku: 'NEW-1', name: 'Stool', unitPrice: 2500, taxRateBp: 550 }, token);
  expect(p.taxClassId).toBe(classes.get('Tax 5.5 %'));
});
