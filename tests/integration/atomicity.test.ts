/**
 * All-or-nothing writes, over both hosts: a failure injected just before a transaction
 * commits (the core's beforeCommit hook at 'payments.settle', or a temporary trigger that
 * makes one event insert fail) must leave every row, the counters and the event log exactly
 * as they were, answer INTERNAL with an errorId and no internals, publish nothing, and the
 * same call must succeed once the fault is gone.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  eventTypesSince,
  invoiced,
  lastSeq,
  openSalesStore,
  order,
  pay,
  paidOrder,
  published,
  snapshot,
  transports,
  unique,
  type SalesStore,
} from '../support/sales';

describe.each(transports)('atomicity over %s', (transport) => {
  let s: SalesStore;
  let armed = false;
  const hooks = {
    beforeCommit(point: string) {
      if (point === 'payments.settle' && armed) throw new Error('injected');
    },
  };
  beforeAll(async () => {
    s = await openSalesStore(transport, { hooks });
  });
  afterAll(() => s.close());
  afterEach(() => {
    armed = false;
    s.t.core.store.sqlite.exec('DROP TRIGGER IF EXISTS temp.fail_event');
  });

  /** Everything a sales write can touch, row by row. */
  function state() {
    const db = s.t.core.store.sqlite;
    return {
      ...snapshot(s),
      payments: db.prepare('SELECT * FROM payments ORDER BY rowid').all(),
      invoices: db.prepare('SELECT * FROM invoices ORDER BY seq').all(),
      orders: db.prepare('SELECT * FROM orders ORDER BY number').all(),
      lines: db.prepare('SELECT * FROM order_lines ORDER BY order_id, position').all(),
      lastSeq: lastSeq(s),
    };
  }

  /** Makes the next insert of an event of `type` fail inside its transaction. */
  function failEvent(type: string) {
    s.t.core.store.sqlite.exec(
      `CREATE TEMP TRIGGER fail_event BEFORE INSERT ON main.events WHEN NEW.type = '${type}'
       BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    );
  }

  function expectInternal(error: { code: string; message: string; errorId?: string; details?: unknown }) {
    expect(error.code).toBe('INTERNAL');
    expect(error.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.message).toContain(error.errorId);
    expect(error.message).not.toContain('injected');
    expect(error.details).toBeUndefined();
  }

  test('a settling payment that fails before commit changes nothing; disarmed, the same payment succeeds', async () => {
    const { order: o, invoice } = await invoiced(s); // total 1200
    armed = true;
    // a partial payment does not reach the settle point, so it commits
    const partial = await pay(s, invoice.id, 200);
    expect(partial.invoice).toMatchObject({ status: 'PENDING', amountPaid: 200 });

    const before = state();
    const orderBefore = await s.t.ok('orders.get', { id: o.id }, s.cashier);
    const invoiceBefore = await s.t.ok('invoices.get', { id: invoice.id }, s.cashier);
    expect(orderBefore).toMatchObject({ status: 'PROCESSING', amountPaid: 200 });

    const input = { invoiceId: invoice.id, method: 'card' as const, amount: 1000, idempotencyKey: unique('settle') };
    const { result: error, events } = await published(s, () => s.t.fail('payments.pay', input, s.cashier));
    expectInternal(error);
    expect(events).toEqual([]);

    expect(state()).toEqual(before);
    const orderAfter = await s.t.ok('orders.get', { id: o.id }, s.cashier);
    expect(orderAfter).toEqual(orderBefore);
    expect([orderAfter.status, orderAfter.amountPaid, orderAfter.version]).toEqual(['PROCESSING', 200, orderBefore.version]);
    const invoiceAfter = await s.t.ok('invoices.get', { id: invoice.id }, s.cashier);
    expect(invoiceAfter).toEqual(invoiceBefore);
    expect([invoiceAfter.status, invoiceAfter.amountPaid]).toEqual(['PENDING', 200]);

    // still armed: a retry fails the same way and still writes nothing
    expectInternal(await s.t.fail('payments.pay', input, s.cashier));
    expect(state()).toEqual(before);

    armed = false;
    const seq = lastSeq(s);
    const { result: ok, events: pushed } = await published(s, () => s.t.ok('payments.pay', input, s.cashier));
    expect(ok.invoice).toMatchObject({ status: 'PAID', amountPaid: 1200, balance: 0 });
    expect(ok.order).toMatchObject({ status: 'FULFILLED', amountPaid: 1200 });
    expect(eventTypesSince(s, seq)).toEqual(['payment.received', 'invoice.paid', 'order.fulfilled']);
    expect(pushed).toEqual(
      expect.arrayContaining([
        { event: 'invoice.changed', data: { id: invoice.id, status: 'PAID' } },
        { event: 'order.changed', data: { id: o.id, status: 'FULFILLED' } },
      ]),
    );
    expect(state().payments).toHaveLength(before.payments.length + 1);
  });

  test('orders.cancel of a paid order that fails on its last event writes no refund and changes nothing', async () => {
    const paid = await paidOrder(s);
    failEvent('invoice.cancelled');
    const before = state();
    const { result: error, events } = await published(s, () => s.t.fail('orders.cancel', { id: paid.order.id, reason: 'refund' }, s.manager));
    expectInternal(error);
    expect(events).toEqual([]);
    expect(state()).toEqual(before);
    expect(await s.t.ok('orders.get', { id: paid.order.id }, s.manager)).toEqual(paid.order);
    expect(await s.t.ok('invoices.get', { id: paid.invoice.id }, s.manager)).toEqual(paid.invoice);

    s.t.core.store.sqlite.exec('DROP TRIGGER temp.fail_event');
    const cancelled = await s.t.ok('orders.cancel', { id: paid.order.id, reason: 'refund' }, s.manager);
    expect(cancelled).toMatchObject({ status: 'CANCELLED', amountPaid: 0 });
  });

  test('invoices.generate that fails on its event leaves the order RECEIVED and uses no invoice number', async () => {
    const o = await order(s);
    const numberBefore = (await s.t.ok('invoices.list', { limit: 1 }, s.cashier)).items[0]?.number ?? 'INV-000000';
    failEvent('invoice.issued');
    const before = state();
    expectInternal(await s.t.fail('invoices.generate', { orderId: o.id }, s.cashier));
    expect(state()).toEqual(before);
    expect(await s.t.ok('orders.get', { id: o.id }, s.cashier)).toEqual(o);

    s.t.core.store.sqlite.exec('DROP TRIGGER temp.fail_event');
    const inv = await s.t.ok('invoices.generate', { orderId: o.id }, s.cashier);
    expect(Number(inv.number.slice(4))).toBe(Number(numberBefore.slice(4)) + 1);
  });

  test('orders.create that fails on its event writes no order, no lines, and uses no order number', async () => {
    const last = await order(s);
    failEvent('order.created');
    const before = state();
    expectInternal(await s.t.fail('orders.create', { lines: [{ name: 'X', unitPrice: 1, quantity: 1 }] }, s.cashier));
    expect(state()).toEqual(before);
    s.t.core.store.sqlite.exec('DROP TRIGGER temp.fail_event');
    expect((await order(s)).number).toBe(last.number + 1);
  });
});
