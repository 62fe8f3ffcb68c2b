/**
 * Discounts in the books, through the contract on a real SQLite file: the X report, the sealed
 * Z and the day summary count the sales with a discount, what discounts took off, per reason
 * (a line's own by its reason, the order discount's shares by its) and per cashier; a
 * manager-approved 30 % order discount counts with the cashier who sold it. The Z export carries them.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Input, Output, SalesFigures } from '../../shared/contract';
import { priceCart } from '../../shared/domain/pricing';
import { openSalesStore, unique, type SalesStore } from '../support/sales';
import { credentialsOf, openTill, REGISTER_1, signInAt } from '../support/till';

type Lines = Input<'orders.checkout'>['lines'] & object;
type Discount = Input<'orders.checkout'>['discount'];

let s: SalesStore;
let cashier: string;
let cashier2: string;
let manager: string;

beforeAll(async () => {
  s = await openSalesStore('in-process');
  await s.t.ok('settings.update', { timeZone: 'UTC', varianceApprovalAbove: 1_000_000 }, s.admin);
  await s.t.ok('users.create', { username: 'cashier2', displayName: 'Cashier Two', role: 'cashier', password: 'cashier-password-2' }, s.admin);
  cashier = await signInAt(s, 'cashier');
  cashier2 = (await s.t.ok('auth.login', { username: 'cashier2', password: 'cashier-password-2', registerId: REGISTER_1 })).token;
  manager = await signInAt(s, 'manager');
}, 60_000);
afterAll(() => s?.close());

const sell = (lines: Lines, discount: Discount | undefined, token: string, extra: Partial<Input<'orders.checkout'>> = {}) => {
  const total = priceCart(
    lines.map((l) => ('name' in l ? { unitPrice: l.unitPrice, quantity: l.quantity, taxRateBp: l.taxRateBp ?? 0, discount: l.discount } : { unitPrice: 0, quantity: 0, taxRateBp: 0 })),
    discount,
    { pricesIncludeTax: false, taxRounding: 'line' },
  ).totals.total;
  return s.t.ok('orders.checkout', { lines, ...(discount ? { discount } : {}), tenders: [{ method: 'cash', amount: total }], idempotencyKey: unique('co'), ...extra }, token);
};

const line = (name: string, unitPrice: number, quantity = 1, discount?: Discount) => ({ name, unitPrice, taxRateBp: 2000, quantity, ...(discount ? { discount } : {}) });

test('X, Z and the day summary: discounts in all, per reason (most first) and per cashier; a return does not undo them', async () => {
  const opened = await openTill(s, cashier);
  const first = await sell([line('Vase', 1000, 3, { kind: 'percent', value: 10, reason: 'Damaged' })], undefined, cashier);
  await sell([line('Cup', 800)], undefined, cashier);
  // 30 % off the cart is beyond a cashier's 10 %: the manager approves it on the terminal.
  const staff = await sell([line('Jug', 1000), line('Bowl', 500)], { kind: 'percent', value: 30, reason: 'Staff' }, cashier2, { approval: credentialsOf('manager') });
  expect(staff.order).toMatchObject({ discountTotal: 450, approvedBy: { name: expect.any(String) } });
  expect(staff.invoice.approvedByName).toBe(staff.order.approvedBy?.name);
  await sell([line('Plate', 1000, 1, { kind: 'amount', value: 50, reason: 'Damaged' }), line('Spoon', 200)], undefined, cashier2);
  // Taking one vase back credits its share of the discount; the discount given stays given.
  await s.t.ok('returns.create', { invoiceId: first.invoice.id, lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'Chipped' }], idempotencyKey: unique('ret') }, cashier);

  const expected: SalesFigures['discounts'] = {
    count: 3,
    amount: 800,
    byReason: [
      { reason: 'Staff', count: 1, amount: 450 },
      { reason: 'Damaged', count: 2, amount: 350 },
    ],
  };
  const x = await s.t.ok('reports.x', { sessionId: opened.id }, manager);
  expect(x.discounts).toEqual(expected);
  const byName = (r: Output<'reports.x'>) => Object.fromEntries(r.cashiers.map((c) => [c.name, c.discounts]));
  expect(byName(x)).toEqual({
    'cashier user': { count: 1, amount: 300, byReason: [{ reason: 'Damaged', count: 1, amount: 300 }] },
    'Cashier Two': {
      count: 2,
      amount: 500,
      byReason: [
        { reason: 'Staff', count: 1, amount: 450 },
        { reason: 'Damaged', count: 1, amount: 50 },
      ],
    },
  });

  const { zReportId } = await s.t.ok('cashSessions.close', { sessionId: opened.id, countedCash: x.expectedCash! }, cashier);
  const z = await s.t.ok('reports.z', { id: zReportId }, manager);
  expect(z.discounts).toEqual(expected);
  expect(byName(z)).toEqual(byName(x));

  const day = await s.t.ok('reports.daySummary', { date: new Date(s.t.clock()).toISOString().slice(0, 10) }, manager);
  expect(day.discounts).toEqual(expected);

  const file = path.join(s.t.dir, 'exports', (await s.t.ok('exports.zReports', { format: 'csv' }, s.support)).fileName);
  const rows = parseCsv(fs.readFileSync(file), { columns: true, bom: true }) as Record<string, string>[];
  expect(rows.find((r) => r.id === zReportId)).toMatchObject({ discountsCount: '3', discounts: '8.00' });
});
