/**
 * Cash rounding (settings.cashRounding, an increment in minor units) on a real SQLite file:
 * cash that clears the balance (the balance, or the balance rounded half up) takes the rounded
 * balance and records the difference on the payment; the invoice's lines and total never
 * change, amountPaid + cashRounding = total once PAID; change is given on what was taken;
 * any other cash above the balance is refused as before; a refund undoes the rounding; with
 * no increment nothing changes. The issue's example: CHF, 0.05, 15.59 → 15.60.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Input } from '../../shared/contract';
import { expectNoWrites, issuePaths, openSalesStore, unique, type SalesStore } from '../support/sales';
import { openTill, signInAt } from '../support/till';

const line = (unitPrice: number) => ({ name: 'Cheese', unitPrice, taxRateBp: 0, quantity: 1 });
const checkoutOf = (unitPrice: number, tenders: Input<'orders.checkout'>['tenders']): Input<'orders.checkout'> => ({ lines: [line(unitPrice)], tenders, idempotencyKey: unique('co') });

describe('CHF rounded to 0.05', () => {
  let s: SalesStore;
  beforeAll(async () => {
    s = await openSalesStore('in-process');
    await s.t.ok('settings.update', { currency: 'CHF', cashRounding: 5 }, s.admin);
  });
  afterAll(() => s.close());

  test('15.59 in cash: the payment takes 15.60 and records −0.01; the invoice is PAID with amountPaid 1560 + cashRounding −1 = total', async () => {
    const sale = await s.t.ok('orders.checkout', checkoutOf(1559, [{ method: 'cash', amount: 1559 }]), s.cashier);
    expect(sale.payments).toEqual([expect.objectContaining({ method: 'cash', amount: 1560, rounding: -1, tendered: 1560, change: 0 })]);
    expect(sale.invoice).toMatchObject({ status: 'PAID', total: 1559, amountPaid: 1560, cashRounding: -1, balance: 0 });
    expect(sale.invoice.lines).toMatchObject([{ total: 1559 }]);
    expect(sale.order).toMatchObject({ status: 'FULFILLED' });
  });

  test('the rounded amount itself is taken the same; change is given on what was taken', async () => {
    const exact = await s.t.ok('orders.checkout', checkoutOf(1559, [{ method: 'cash', amount: 1560 }]), s.cashier);
    expect(exact.payments[0]).toMatchObject({ amount: 1560, rounding: -1 });
    const withChange = await s.t.ok('orders.checkout', checkoutOf(1559, [{ method: 'cash', amount: 1559, tendered: 2000 }]), s.cashier);
    expect(withChange.payments[0]).toMatchObject({ amount: 1560, rounding: -1, tendered: 2000, change: 440 });
    expect(withChange.change).toBe(440);
  });

  test('a split: card 5.00 and cash 10.59 → 10.60', async () => {
    const sale = await s.t.ok('orders.checkout', checkoutOf(1559, [{ method: 'card', amount: 500 }, { method: 'cash', amount: 1059 }]), s.cashier);
    expect(sale.payments).toMatchObject([
      { method: 'card', amount: 500, rounding: 0 },
      { method: 'cash', amount: 1060, rounding: -1 },
    ]);
    expect(sale.invoice).toMatchObject({ status: 'PAID', amountPaid: 1560, cashRounding: -1, balance: 0 });
  });

  test('a split whose cash part rounds to nothing: card 0.11 and cash 0.02 → the cash takes 0.00, records +0.02 and the sale is PAID', async () => {
    const sale = await s.t.ok('orders.checkout', checkoutOf(13, [{ method: 'card', amount: 11 }, { method: 'cash', amount: 2 }]), s.cashier);
    expect(sale.payments).toMatchObject([
      { method: 'card', amount: 11, rounding: 0 },
      { method: 'cash', amount: 0, rounding: 2 },
    ]);
    expect(sale.invoice).toMatchObject({ status: 'PAID', amountPaid: 11, cashRounding: 2, balance: 0 });
    expect(sale.order.status).toBe('FULFILLED');
  });

  test('cash above the balance that is not the rounded balance is refused as before, nothing stored', async () => {
    const over = await expectNoWrites(s, () => s.t.fail('orders.checkout', checkoutOf(1559, [{ method: 'cash', amount: 1565 }]), s.cashier));
    expect(issuePaths(over)).toEqual([['tenders']]);
    // Card is never rounded.
    expect(issuePaths(await s.t.fail('orders.checkout', checkoutOf(1559, [{ method: 'card', amount: 1560 }]), s.cashier))).toEqual([['tenders']]);
    const order = await s.t.ok('orders.create', { lines: [line(1559)] }, s.cashier);
    const invoice = await s.t.ok('invoices.generate', { orderId: order.id }, s.cashier);
    const pay = await s.t.fail('payments.pay', { invoiceId: invoice.id, method: 'cash', amount: 1561, idempotencyKey: unique('k') }, s.cashier);
    expect(issuePaths(pay)).toEqual([['amount']]);
  });

  test('paid later: a part in cash is taken as it is, the rest rounds down (+0.02); a cancellation refunds and undoes the rounding', async () => {
    const order = await s.t.ok('orders.create', { lines: [line(1557)] }, s.cashier);
    const invoice = await s.t.ok('invoices.generate', { orderId: order.id }, s.cashier);
    const part = await s.t.ok('payments.pay', { invoiceId: invoice.id, method: 'cash', amount: 1000, idempotencyKey: unique('k') }, s.cashier);
    expect(part.payment).toMatchObject({ amount: 1000, rounding: 0 });
    expect(part.invoice).toMatchObject({ status: 'PENDING', balance: 557 });
    const rest = await s.t.ok('payments.pay', { invoiceId: invoice.id, method: 'cash', amount: 557, idempotencyKey: unique('k') }, s.cashier);
    expect(rest.payment).toMatchObject({ amount: 555, rounding: 2 });
    expect(rest.invoice).toMatchObject({ status: 'PAID', amountPaid: 1555, cashRounding: 2, balance: 0, total: 1557 });

    await s.t.ok('orders.cancel', { id: order.id, reason: 'returned' }, s.manager);
    const refunds = s.t.core.store.sqlite.prepare("SELECT amount, rounding FROM payments WHERE invoice_id = ? AND kind = 'refund' ORDER BY rowid").all(invoice.id);
    expect(refunds).toEqual([
      { amount: 1000, rounding: 0 },
      { amount: 555, rounding: -2 },
    ]);
    expect(await s.t.ok('invoices.get', { id: invoice.id }, s.manager)).toMatchObject({ status: 'CANCELLED', amountPaid: 0, cashRounding: 0 });
  });

  test('the drawer expects what the cash took (rounding included)', async () => {
    const cashier = await signInAt(s, 'cashier');
    const session = await openTill(s, cashier, 0);
    await s.t.ok('orders.checkout', checkoutOf(1559, [{ method: 'cash', amount: 1559, tendered: 2000 }]), cashier);
    expect((await s.t.ok('cashSessions.get', { id: session.id }, cashier)).expectedCash).toBe(1560);
    const closed = await s.t.ok('cashSessions.close', { sessionId: session.id, countedCash: 1560, count: [{ denomination: 1000, quantity: 1 }, { denomination: 500, quantity: 1 }, { denomination: 50, quantity: 1 }, { denomination: 10, quantity: 1 }] }, cashier);
    expect(closed.session).toMatchObject({ expectedCash: 1560, variance: 0 });
  });
});

describe('no rounding set (the default)', () => {
  let s: SalesStore;
  beforeAll(async () => {
    s = await openSalesStore('in-process');
    await s.t.ok('settings.update', { currency: 'CHF' }, s.admin);
  });
  afterAll(() => s.close());

  test('15.59 in cash is 15.59; 15.60 is more than the total', async () => {
    const sale = await s.t.ok('orders.checkout', checkoutOf(1559, [{ method: 'cash', amount: 1559 }]), s.cashier);
    expect(sale.payments[0]).toMatchObject({ amount: 1559, rounding: 0 });
    expect(sale.invoice).toMatchObject({ status: 'PAID', amountPaid: 1559, cashRounding: 0 });
    expect(issuePaths(await s.t.fail('orders.checkout', checkoutOf(1559, [{ method: 'cash', amount: 1560 }]), s.cashier))).toEqual([['tenders']]);
  });
});
