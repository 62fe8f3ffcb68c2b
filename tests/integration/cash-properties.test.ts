/**
 * The till's arithmetic under any day (fast-check, a real SQLite file): sales in every tender
 * and split, sales paid later, cancellations that refund (of this day's sales or an earlier
 * day's), pay-ins, pay-outs, drops and no-sales, with cash rounding on. For every day:
 *   - the expected cash the core reports equals the float plus every cash movement the test
 *     made (cash taken, cash refunded, pay-ins, pay-outs, drops);
 *   - the X report taken just before the close equals the Z report the close seals;
 * and over all days the register's grand total equals the sum of its Z reports' net sales.
 * TESSERA_CASH_RUNS sets the number of days (default 25).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { SessionReport } from '../../shared/contract';
import { roundCash } from '../../shared/domain/cash';
import { setupAdmin, startCore, userWithRole, type TestCore } from '../support/core';

const RUNS = Number(process.env.TESSERA_CASH_RUNS ?? 25);
const REGISTER = 'register-1';
const INCREMENT = 5;

let t: TestCore;
let manager: string;
let cashier: string;

beforeAll(async () => {
  t = await startCore();
  const admin = await setupAdmin(t);
  // Counting right or wrong is not what this checks: no close here needs an approval.
  await t.ok('settings.update', { cashRounding: INCREMENT, varianceApprovalAbove: 1_000_000_000_000 }, admin);
  await userWithRole(t, admin, 'manager');
  await userWithRole(t, admin, 'cashier');
  manager = (await t.ok('auth.login', { username: 'manager1', password: 'manager-password-1', registerId: REGISTER })).token;
  cashier = (await t.ok('auth.login', { username: 'cashier1', password: 'cashier-password-1', registerId: REGISTER })).token;
}, 60_000);

afterAll(async () => {
  await t.close();
});

const amount = fc.integer({ min: 1, max: 20_000 });
const action = fc.oneof(
  fc.record({ kind: fc.constant('sale' as const), total: amount, pay: fc.constantFrom('cash', 'card', 'other', 'cardCash', 'cashCard'), extra: fc.integer({ min: 0, max: 2_000 }), split: fc.double({ min: 0.05, max: 0.95, noNaN: true }) }),
  fc.record({ kind: fc.constant('later' as const), total: amount, method: fc.constantFrom('cash', 'card') }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constantFrom('payIn' as const, 'payOut' as const, 'drop' as const), amount: fc.integer({ min: 1, max: 5_000 }) }),
  fc.record({ kind: fc.constant('noSale' as const) }),
);
const day = fc.record({ float: fc.integer({ min: 0, max: 30_000 }), actions: fc.array(action, { maxLength: 10 }) });

/** Paid orders not yet cancelled, with the cash each one took (what its cancellation gives back in cash). */
const paid: { orderId: string; cashTaken: number }[] = [];
let key = 0;
let zNetSales = 0;

/** The figures an X and the Z of the same moment share (everything but the close's own fields). */
function figures(r: SessionReport) {
  const { at: _at, closedAt: _c, closedByName: _b, countedCash: _n, variance: _v, note: _o, approvedByName: _p, ...rest } = r;
  return rest;
}

test(`expected cash, X = Z and the grand total hold over ${RUNS} random days`, async () => {
  await fc.assert(
    fc.asyncProperty(day, async ({ float, actions }) => {
      const session = await t.ok('cashSessions.open', { registerId: REGISTER, openingFloat: float }, manager);
      let drawer = float;
      for (const a of actions) {
        switch (a.kind) {
          case 'sale': {
            const card = Math.max(1, Math.min(a.total - 1, Math.round(a.total * a.split)));
            const cashPart = a.pay === 'cash' ? a.total : a.pay === 'cardCash' || a.pay === 'cashCard' ? a.total - card : 0;
            if (cashPart === 0 && a.pay !== 'card' && a.pay !== 'other') break;
            // The contract takes tendered ≥ amount (the counter sends the rounded amount; this sends the exact one).
            const cashTender = { method: 'cash' as const, amount: cashPart, tendered: Math.max(cashPart, roundCash(cashPart, INCREMENT)) + a.extra };
            const tenders =
              a.pay === 'cash' ? [cashTender]
              : a.pay === 'cardCash' ? [{ method: 'card' as const, amount: card }, cashTender]
              : a.pay === 'cashCard' ? [{ method: 'card' as const, amount: card }, cashTender]
              : [{ method: a.pay, amount: a.total }];
            const sale = await t.ok('orders.checkout', { lines: [{ name: 'Item', unitPrice: a.total, quantity: 1 }], tenders, idempotencyKey: `p-${++key}` }, cashier);
            const taken = sale.payments.filter((p) => p.method === 'cash').reduce((s, p) => s + p.amount, 0);
            if (cashPart > 0) expect(taken).toBe(roundCash(cashPart, INCREMENT));
            drawer += taken;
            paid.push({ orderId: sale.order.id, cashTaken: taken });
            break;
          }
          case 'later': {
            const order = await t.ok('orders.create', { lines: [{ name: 'Held', unitPrice: a.total, quantity: 1 }] }, cashier);
            const invoice = await t.ok('invoices.generate', { orderId: order.id }, cashier);
            const r = await t.ok('payments.pay', { invoiceId: invoice.id, method: a.method, amount: invoice.balance, idempotencyKey: `p-${++key}` }, cashier);
            const taken = a.method === 'cash' ? r.payment.amount : 0;
            drawer += taken;
            paid.push({ orderId: order.id, cashTaken: taken });
            break;
          }
          case 'cancel': {
            if (paid.length === 0) break;
            const [victim] = paid.splice(a.pick % paid.length, 1);
            await t.ok('orders.cancel', { id: victim!.orderId, reason: 'Customer changed their mind' }, manager);
            drawer -= victim!.cashTaken;
            break;
          }
          case 'payIn':
            await t.ok('cashSessions.move', { sessionId: session.id, kind: 'payIn', amount: a.amount, reason: 'Float top-up' }, cashier);
            drawer += a.amount;
            break;
          case 'payOut':
          case 'drop':
            if (a.amount > drawer) break;
            await t.ok('cashSessions.move', { sessionId: session.id, kind: a.kind, amount: a.amount, reason: 'Out' }, cashier);
            drawer -= a.amount;
            break;
          case 'noSale':
            await t.ok('cashSessions.move', { sessionId: session.id, kind: 'noSale', amount: 0, reason: 'Change for a customer' }, cashier);
            break;
        }
      }
      const current = await t.ok('cashSessions.current', { registerId: REGISTER }, manager);
      expect(current.session?.expectedCash).toBe(drawer);
      const x = await t.ok('reports.x', { sessionId: session.id }, manager);
      expect(x.expectedCash).toBe(drawer);
      const closed = await t.ok('cashSessions.close', { sessionId: session.id, countedCash: Math.max(0, drawer) }, manager);
      const z = await t.ok('reports.z', { id: closed.zReportId }, manager);
      const { id: _id, number: _n, seq: _s, chainHead: _h, createdAt: _c, ...zBody } = z;
      expect(figures(zBody)).toEqual(figures(x));
      expect(z.variance).toBe(Math.max(0, drawer) - drawer);
      zNetSales += z.netSales;
      const register = (await t.ok('registers.list', {}, manager)).items.find((r) => r.id === REGISTER);
      expect(register?.grandTotal).toBe(zNetSales);
      expect(z.grandTotal).toBe(zNetSales);
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
}, 600_000);
