/**
 * orders.checkout is all or nothing, over both hosts: a failure injected on its last write
 * (the core's beforeCommit hook at 'orders.checkout', the settle point inside it, or a
 * temporary trigger that fails its last event) leaves every row, counter, event and the
 * idempotency table as they were, publishes nothing, answers INTERNAL without internals, and
 * uses no invoice number: the next sale gets the next one, and the same key then succeeds.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Input } from '../../shared/contract';
import { invoiceNumber } from '../../electron/core/services/invoices';
import { eventTypesSince, lastSeq, openSalesStore, order, published, snapshot, transports, unique, type SalesStore } from '../support/sales';

describe.each(transports)('orders.checkout faults over %s', (transport) => {
  let s: SalesStore;
  let armedAt: string | null = null;
  const hooks = {
    beforeCommit(point: string) {
      if (point === armedAt) throw new Error('injected');
    },
  };
  beforeAll(async () => {
    s = await openSalesStore(transport, { hooks });
  });
  afterAll(() => s.close());
  afterEach(() => {
    armedAt = null;
    s.t.core.store.sqlite.exec('DROP TRIGGER IF EXISTS temp.fail_event');
  });

  function state() {
    const db = s.t.core.store.sqlite;
    return {
      ...snapshot(s),
      checkouts: db.prepare('SELECT * FROM checkouts ORDER BY idempotency_key').all(),
      payments: db.prepare('SELECT * FROM payments ORDER BY rowid').all(),
      invoices: db.prepare('SELECT * FROM invoices ORDER BY seq').all(),
      orders: db.prepare('SELECT * FROM orders ORDER BY number').all(),
      lines: db.prepare('SELECT * FROM order_lines ORDER BY order_id, position').all(),
      search: db.prepare('SELECT number, body FROM orders_search_pending ORDER BY number').all(),
      lastSeq: lastSeq(s),
    };
  }

  function expectInternal(error: { code: string; message: string; errorId?: string; details?: unknown }) {
    expect(error.code).toBe('INTERNAL');
    expect(error.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.message).not.toContain('injected');
    expect(error.details).toBeUndefined();
  }

  const lastInvoiceSeq = () => (s.t.core.store.sqlite.prepare('SELECT coalesce(max(seq), 0) AS n FROM invoices').get() as { n: number }).n;
  const saleInput = (): Input<'orders.checkout'> => ({
    lines: [{ name: 'Fault item', unitPrice: 1234, taxRateBp: 1000, quantity: 2 }],
    customer: { name: 'Faulty Buyer' },
    tenders: [
      { method: 'card', amount: 1000 },
      { method: 'cash', amount: 1715, tendered: 2000 },
    ],
    idempotencyKey: unique('fault'),
  });

  for (const point of ['orders.checkout', 'payments.settle']) {
    test(`a fault at ${point} leaves nothing: no order, no invoice number, no payments, no events, no key; the next sale gets the next number`, async () => {
      const warm = await s.t.ok('orders.checkout', saleInput(), s.cashier);
      const seqBefore = lastInvoiceSeq();
      expect(warm.invoice.number).toBe(invoiceNumber(seqBefore));
      const before = state();
      armedAt = point;
      const input = saleInput();
      const { result: error, events } = await published(s, () => s.t.fail('orders.checkout', input, s.cashier));
      expectInternal(error);
      expect(events).toEqual([]);
      expect(state()).toEqual(before);
      // Still armed: a retry fails the same way and still writes nothing.
      expectInternal(await s.t.fail('orders.checkout', input, s.cashier));
      expect(state()).toEqual(before);

      armedAt = null;
      const seq = lastSeq(s);
      const sale = await s.t.ok('orders.checkout', input, s.cashier);
      expect(sale.invoice.number).toBe(invoiceNumber(seqBefore + 1));
      expect(sale.order.number).toBe(warm.order.number + 1);
      expect(sale.order).toMatchObject({ status: 'FULFILLED', total: 2715 });
      expect(sale.change).toBe(285);
      expect(eventTypesSince(s, seq)).toEqual(['order.created', 'order.processing', 'invoice.issued', 'payment.received', 'payment.received', 'invoice.paid', 'order.fulfilled']);
      expect((await s.t.ok('orders.list', { query: 'Faulty' }, s.cashier)).items.length).toBeGreaterThan(0);
    });
  }

  test('a fault on the last event (order.fulfilled) of a held order’s checkout leaves the held order as it was', async () => {
    const held = await order(s, { lines: [{ name: 'Kept', unitPrice: 300, quantity: 1 }] });
    const seqBefore = lastInvoiceSeq();
    s.t.core.store.sqlite.exec(
      `CREATE TEMP TRIGGER fail_event BEFORE INSERT ON main.events WHEN NEW.type = 'order.fulfilled'
       BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    );
    const before = state();
    const input: Input<'orders.checkout'> = { heldOrderId: held.id, version: held.version, lines: [{ name: 'Kept', unitPrice: 300, quantity: 3 }], tenders: [{ method: 'card', amount: 900 }], idempotencyKey: unique('held-fault') };
    expectInternal(await s.t.fail('orders.checkout', input, s.cashier));
    expect(state()).toEqual(before);
    expect(await s.t.ok('orders.get', { id: held.id }, s.cashier)).toEqual(held);

    s.t.core.store.sqlite.exec('DROP TRIGGER temp.fail_event');
    const sale = await s.t.ok('orders.checkout', input, s.cashier);
    expect(sale.order).toMatchObject({ id: held.id, status: 'FULFILLED', total: 900 });
    expect(sale.invoice.number).toBe(invoiceNumber(seqBefore + 1));
  });

  test('after every fault the audit chain verifies and invoice numbers have no gap', async () => {
    expect(await s.t.ok('audit.verify', {}, s.manager)).toMatchObject({ ok: true });
    const seqs = (s.t.core.store.sqlite.prepare('SELECT seq FROM invoices ORDER BY seq').all() as { seq: number }[]).map((r) => r.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });
});
