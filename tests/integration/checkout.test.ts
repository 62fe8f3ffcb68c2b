/**
 * orders.checkout through the dispatcher (the call the desktop's IPC channel makes) and the
 * HTTP host, on a real SQLite file: a whole sale in one call (order, invoice, every tender),
 * split tenders and change, paying the rest later, charging a held order (as it is, or with
 * its lines replaced at its version), the tender rules (over the total, tendered, the store's
 * most change, none at all), idempotency keys, and payments.pay's own most change. Every
 * refused call is checked to have written nothing.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Input, Method, Output } from '../../shared/contract';
import type { Envelope } from '../../shared/errors';
import { adminInput, manualClock, tempDir } from '../support/core';
import { hostOverHttp } from '../support/hosted';
import { invoiceNumber } from '../../electron/core/services/invoices';
import { summaryText, typeLabel } from '../../renderer/src/features/audit/summary';
import {
  count,
  eventsSince,
  eventTypesSince,
  expectNoWrites,
  invoiced,
  issuePaths,
  lastSeq,
  openSalesStore,
  order,
  pay,
  product,
  published,
  transports,
  unique,
  type SalesStore,
} from '../support/sales';

/** The events one whole sale writes, in order: the same steps as create → generate → pay. */
const SALE_EVENTS = ['order.created', 'order.processing', 'invoice.issued', 'payment.received', 'invoice.paid', 'order.fulfilled'];

describe.each(transports)('orders.checkout over %s', (transport) => {
  let s: SalesStore;
  beforeAll(async () => {
    s = await openSalesStore(transport);
  });
  afterAll(() => s.close());

  const checkout = (input: Partial<Input<'orders.checkout'>>, token = s.cashier) =>
    s.t.ok('orders.checkout', { lines: [{ name: 'Widget', unitPrice: 1000, taxRateBp: 2000, quantity: 1 }], tenders: [{ method: 'cash', amount: 1200 }], idempotencyKey: unique('co'), ...input }, token);
  const fail = (input: Partial<Input<'orders.checkout'>>, token = s.cashier) =>
    s.t.fail('orders.checkout', { lines: [{ name: 'Widget', unitPrice: 1000, taxRateBp: 2000, quantity: 1 }], tenders: [{ method: 'cash', amount: 1200 }], idempotencyKey: unique('co'), ...input }, token);
  const checkoutRows = () => count(s, 'SELECT count(*) AS n FROM checkouts');
  const lastInvoiceSeq = () => count(s, "SELECT coalesce(max(seq), 0) AS n FROM invoices");

  test('a whole sale in one call: order FULFILLED, invoice PAID with the next number, the payment, the same events as create → generate → pay', async () => {
    const p = await product(s, { unitPrice: 250, taxRateBp: 1000 });
    const seq = lastSeq(s);
    const invoiceSeq = lastInvoiceSeq();
    const { result: sale, events } = await published(s, () =>
      checkout({ lines: [{ productId: p.id, quantity: 4 }], customer: { name: 'Zoë Novak' }, note: 'gift wrap', tenders: [{ method: 'cash', amount: 1100 }] }),
    );
    expect(sale.order).toMatchObject({ status: 'FULFILLED', total: 1100, amountPaid: 1100, invoiceId: sale.invoice.id, createdBy: s.userId.cashier, note: 'gift wrap' });
    expect(sale.order.lines).toMatchObject([{ productId: p.id, quantity: 4, unitPrice: 250, total: 1100 }]);
    expect(sale.invoice).toMatchObject({ status: 'PAID', orderId: sale.order.id, total: 1100, amountPaid: 1100, balance: 0, number: invoiceNumber(invoiceSeq + 1) });
    expect(sale.payments).toEqual([expect.objectContaining({ method: 'cash', amount: 1100, tendered: 1100, change: 0, kind: 'payment', invoiceId: sale.invoice.id, createdBy: s.userId.cashier })]);
    expect(sale.change).toBe(0);
    expect(eventTypesSince(s, seq)).toEqual(SALE_EVENTS);
    expect(eventsSince(s, seq).every((e) => e.actor === s.userId.cashier)).toBe(true);
    expect(events).toEqual(
      expect.arrayContaining([
        { event: 'order.changed', data: { id: sale.order.id, status: 'FULFILLED' } },
        { event: 'invoice.changed', data: { id: sale.invoice.id, status: 'PAID' } },
      ]),
    );
    // What the other methods read back is what checkout answered.
    expect(await s.t.ok('orders.get', { id: sale.order.id }, s.cashier)).toEqual(sale.order);
    expect(await s.t.ok('invoices.get', { id: sale.invoice.id }, s.cashier)).toEqual(sale.invoice);
    // The order search finds it at once.
    expect((await s.t.ok('orders.list', { query: 'Novak' }, s.cashier)).items.map((o) => o.id)).toContain(sale.order.id);
  });

  test('split tenders: card, then cash with change; tendered and change only on the cash payment', async () => {
    const sale = await checkout({
      lines: [{ name: 'Lamp', unitPrice: 4000, quantity: 1 }],
      tenders: [
        { method: 'card', amount: 2500, reference: 'AUTH-77' },
        { method: 'cash', amount: 1500, tendered: 2000 },
      ],
    });
    expect(sale.order).toMatchObject({ status: 'FULFILLED', amountPaid: 4000 });
    expect(sale.invoice).toMatchObject({ status: 'PAID', amountPaid: 4000 });
    expect(sale.payments).toMatchObject([
      { method: 'card', amount: 2500, tendered: null, change: null, reference: 'AUTH-77' },
      { method: 'cash', amount: 1500, tendered: 2000, change: 500 },
    ]);
    expect(sale.change).toBe(500);
    expect((await s.t.ok('payments.list', { orderId: sale.order.id }, s.manager)).items).toHaveLength(2);
  });

  test('tenders short of the total: PROCESSING with a PENDING invoice; payments.pay takes the rest later', async () => {
    const seq = lastSeq(s);
    const sale = await checkout({ tenders: [{ method: 'card', amount: 200 }] });
    expect(sale.order).toMatchObject({ status: 'PROCESSING', amountPaid: 200 });
    expect(sale.invoice).toMatchObject({ status: 'PENDING', amountPaid: 200, balance: 1000 });
    expect(eventTypesSince(s, seq)).toEqual(['order.created', 'order.processing', 'invoice.issued', 'payment.received']);
    const rest = await pay(s, sale.invoice.id, 1000);
    expect(rest.order).toMatchObject({ status: 'FULFILLED', amountPaid: 1200 });
    expect(rest.invoice).toMatchObject({ status: 'PAID' });
  });

  test('a held order is charged as it is, without new lines or version', async () => {
    const held = await order(s, { lines: [{ name: 'Held', unitPrice: 700, quantity: 2 }] });
    const seq = lastSeq(s);
    const sale = await s.t.ok('orders.checkout', { heldOrderId: held.id, tenders: [{ method: 'card', amount: 1400 }], idempotencyKey: unique('held') }, s.cashier);
    expect(sale.order).toMatchObject({ id: held.id, number: held.number, status: 'FULFILLED', total: 1400 });
    expect(sale.order.lines).toEqual(held.lines);
    expect(eventTypesSince(s, seq)).toEqual(SALE_EVENTS.slice(1));
    // Taken once: a second charge of the same order is refused and writes nothing.
    const err = await expectNoWrites(s, () => s.t.fail('orders.checkout', { heldOrderId: held.id, tenders: [{ method: 'card', amount: 1 }], idempotencyKey: unique('held') }, s.cashier));
    expect(err.code).toBe('INVALID_TRANSITION');
  });

  test('a held order with new lines at its version: lines replaced through orders.update, then charged', async () => {
    const held = await order(s, { lines: [{ name: 'First', unitPrice: 500, quantity: 1 }] });
    const p = await product(s, { unitPrice: 300, taxRateBp: 0 });
    const seq = lastSeq(s);
    const sale = await s.t.ok(
      'orders.checkout',
      { heldOrderId: held.id, version: held.version, lines: [{ name: 'First', unitPrice: 500, quantity: 1 }, { productId: p.id, quantity: 3 }], tenders: [{ method: 'cash', amount: 1400, tendered: 2000 }], idempotencyKey: unique('held') },
      s.cashier,
    );
    expect(sale.order).toMatchObject({ id: held.id, status: 'FULFILLED', total: 1400 });
    expect(sale.order.lines.map((l) => l.name)).toEqual(['First', p.name]);
    expect(sale.change).toBe(600);
    expect(eventTypesSince(s, seq)).toEqual(['order.updated', ...SALE_EVENTS.slice(1)]);
  });

  test('a held order at a stale version: CONFLICT, nothing stored, the order untouched', async () => {
    const held = await order(s);
    const changed = await s.t.ok('orders.update', { id: held.id, version: held.version, note: 'changed elsewhere' }, s.manager);
    const err = await expectNoWrites(s, () =>
      s.t.fail('orders.checkout', { heldOrderId: held.id, version: held.version, lines: [{ name: 'Mine', unitPrice: 100, quantity: 1 }], tenders: [{ method: 'card', amount: 100 }], idempotencyKey: unique('stale') }, s.cashier),
    );
    expect(err.code).toBe('CONFLICT');
    expect(await s.t.ok('orders.get', { id: held.id }, s.cashier)).toEqual(changed);
  });

  test('a held order charged as it is at its version: no update; at a stale version: CONFLICT even without lines, nothing stored', async () => {
    const held = await order(s, { lines: [{ name: 'As is', unitPrice: 400, quantity: 1 }] });
    const seq = lastSeq(s);
    const sale = await s.t.ok('orders.checkout', { heldOrderId: held.id, version: held.version, tenders: [{ method: 'card', amount: 400 }], idempotencyKey: unique('asis') }, s.cashier);
    expect(sale.order).toMatchObject({ id: held.id, status: 'FULFILLED', total: 400 });
    expect(eventTypesSince(s, seq)).toEqual(SALE_EVENTS.slice(1));

    // Changed on another terminal after the cart opened it: the cart's tenders were sized for the old total.
    const stale = await order(s, { lines: [{ name: 'Opened', unitPrice: 400, quantity: 1 }] });
    const changed = await s.t.ok('orders.update', { id: stale.id, version: stale.version, lines: [{ name: 'Opened', unitPrice: 400, quantity: 3 }] }, s.manager);
    const before = lastInvoiceSeq();
    const err = await expectNoWrites(s, () =>
      s.t.fail('orders.checkout', { heldOrderId: stale.id, version: stale.version, tenders: [{ method: 'card', amount: 400 }], idempotencyKey: unique('stale') }, s.cashier),
    );
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain(`Order ${stale.number}`);
    expect(lastInvoiceSeq()).toBe(before);
    expect(await s.t.ok('orders.get', { id: stale.id }, s.cashier)).toEqual(changed);
  });

  test('a held order: customer and note null clear them (absent keeps them); on a new sale null is none', async () => {
    const held = await order(s, { customer: { name: 'Ada Lovelace', phone: '+39 333 1234567' }, note: 'call first' });
    const sale = await s.t.ok(
      'orders.checkout',
      { heldOrderId: held.id, version: held.version, customer: null, note: null, tenders: [{ method: 'card', amount: held.total }], idempotencyKey: unique('clear') },
      s.cashier,
    );
    expect(sale.order).toMatchObject({ id: held.id, status: 'FULFILLED', customer: null, note: null });

    // Only the note cleared: the customer stays.
    const kept = await order(s, { customer: { name: 'Grace Hopper' }, note: 'gift' });
    const second = await s.t.ok('orders.checkout', { heldOrderId: kept.id, version: kept.version, note: null, tenders: [{ method: 'card', amount: kept.total }], idempotencyKey: unique('clear') }, s.cashier);
    expect(second.order).toMatchObject({ customer: { name: 'Grace Hopper' }, note: null });

    // null still needs the held order's version.
    const noVersion = await order(s, { note: 'x' });
    const err = await expectNoWrites(s, () => s.t.fail('orders.checkout', { heldOrderId: noVersion.id, note: null, tenders: [{ method: 'card', amount: 100 }], idempotencyKey: unique('v') }, s.cashier));
    expect(issuePaths(err)).toContainEqual(['version']);

    const fresh = await checkout({ customer: null, note: null });
    expect(fresh.order).toMatchObject({ status: 'FULFILLED', customer: null, note: null });
  });

  test('the same key on a held order: clearing the note (null) and keeping it (absent) are different sales', async () => {
    const held = await order(s, { note: 'keep me' });
    const key = unique('nullkey');
    const base = { heldOrderId: held.id, version: held.version, tenders: [{ method: 'card' as const, amount: 100 }], idempotencyKey: key };
    await s.t.ok('orders.checkout', { ...base, note: null }, s.cashier);
    const err = await expectNoWrites(s, () => s.t.fail('orders.checkout', base, s.cashier));
    expect(err.code).toBe('CONFLICT');
    expect(issuePaths(err)).toEqual([['idempotencyKey']]);
  });

  test('a held order: version is required to replace its content (VALIDATION naming version)', async () => {
    const held = await order(s);
    const err = await expectNoWrites(s, () => s.t.fail('orders.checkout', { heldOrderId: held.id, note: 'x', tenders: [{ method: 'card', amount: 100 }], idempotencyKey: unique('v') }, s.cashier));
    expect(err.code).toBe('VALIDATION');
    expect(issuePaths(err)).toContainEqual(['version']);
  });

  test('tenders adding up to more than the total: VALIDATION naming tenders, nothing stored, no number used', async () => {
    const before = lastInvoiceSeq();
    const err = await expectNoWrites(s, () => fail({ tenders: [{ method: 'card', amount: 1000 }, { method: 'cash', amount: 201 }] }));
    expect(err.code).toBe('VALIDATION');
    expect(issuePaths(err)).toEqual([['tenders']]);
    expect(lastInvoiceSeq()).toBe(before);
    expect((await checkout({})).invoice.number).toBe(invoiceNumber(before + 1));
  });

  test('tenders: [] is refused (a sale kept for later is orders.create)', async () => {
    const err = await expectNoWrites(s, () => fail({ tenders: [] }));
    expect(err.code).toBe('VALIDATION');
    expect(issuePaths(err)).toEqual([['tenders']]);
  });

  test('cash tendered below the amount, or tendered on a card: VALIDATION naming the tender, nothing stored', async () => {
    let err = await expectNoWrites(s, () => fail({ tenders: [{ method: 'card', amount: 200 }, { method: 'cash', amount: 1000, tendered: 999 }] }));
    expect(issuePaths(err)).toEqual([['tenders', 1, 'tendered']]);
    err = await expectNoWrites(s, () => fail({ tenders: [{ method: 'card', amount: 1200, tendered: 1500 }] }));
    expect(issuePaths(err)).toEqual([['tenders', 0, 'tendered']]);
  });

  test('change above the store’s maxChange (a scanned barcode in tendered): VALIDATION naming the tender, nothing stored', async () => {
    const { maxChange } = await s.t.ok('settings.get', {}, s.cashier);
    const rows = () => ({ orders: count(s, 'SELECT count(*) AS n FROM orders'), invoices: count(s, 'SELECT count(*) AS n FROM invoices'), payments: count(s, 'SELECT count(*) AS n FROM payments'), checkouts: checkoutRows() });
    const before = rows();
    // The issue's scan: 234.500.108,00 € tendered on a 29,89 € sale.
    let err = await expectNoWrites(s, () => fail({ lines: [{ name: 'Scan', unitPrice: 2989, quantity: 1 }], tenders: [{ method: 'cash', amount: 2989, tendered: 23_450_010_800 }] }));
    expect(err.code).toBe('VALIDATION');
    expect(issuePaths(err)).toEqual([['tenders', 0, 'tendered']]);
    // Change is summed over the cash tenders: the one that goes over is named.
    err = await expectNoWrites(s, () => fail({ tenders: [{ method: 'cash', amount: 600, tendered: 600 + maxChange }, { method: 'cash', amount: 600, tendered: 601 }] }));
    expect(issuePaths(err)).toEqual([['tenders', 1, 'tendered']]);
    expect(rows()).toEqual(before);
    // Exactly the limit is fine.
    expect((await checkout({ tenders: [{ method: 'cash', amount: 1200, tendered: 1200 + maxChange }] })).change).toBe(maxChange);
  });

  test('the store’s own maxChange applies, and null goes back to the currency default', async () => {
    await s.t.ok('settings.update', { maxChange: 1000 }, s.admin);
    try {
      const err = await expectNoWrites(s, () => fail({ tenders: [{ method: 'cash', amount: 1200, tendered: 2201 }] }));
      expect(issuePaths(err)).toEqual([['tenders', 0, 'tendered']]);
      expect((await checkout({ tenders: [{ method: 'cash', amount: 1200, tendered: 2200 }] })).change).toBe(1000);
    } finally {
      await s.t.ok('settings.update', { maxChange: null }, s.admin);
    }
    expect((await checkout({ tenders: [{ method: 'cash', amount: 1200, tendered: 2201 }] })).change).toBe(1001);
  });

  test('payments.pay refuses change above maxChange too: VALIDATION naming tendered, nothing stored', async () => {
    const { maxChange } = await s.t.ok('settings.get', {}, s.cashier);
    const { invoice } = await invoiced(s);
    const err = await expectNoWrites(s, () => s.t.fail('payments.pay', { invoiceId: invoice.id, method: 'cash', amount: 1200, tendered: 1201 + maxChange, idempotencyKey: unique('pay') }, s.cashier));
    expect(err.code).toBe('VALIDATION');
    expect(issuePaths(err)).toEqual([['tendered']]);
    expect((await pay(s, invoice.id, 1200, { tendered: 1200 + maxChange })).payment.change).toBe(maxChange);
  });

  test('the same key with the same input answers the first sale (as it is now) and writes nothing', async () => {
    const input: Input<'orders.checkout'> = { lines: [{ name: 'Once', unitPrice: 999, quantity: 1 }], tenders: [{ method: 'cash', amount: 500, tendered: 700 }], idempotencyKey: unique('once') };
    const first = await s.t.ok('orders.checkout', input, s.cashier);
    expect(first.change).toBe(200);
    const again = await expectNoWrites(s, () => s.t.ok('orders.checkout', input, s.cashier));
    expect(again).toEqual(first);
    // Paid the rest since: the replay shows the order and invoice as they are now, the same tenders and change.
    await pay(s, first.invoice.id, 499);
    const later = await expectNoWrites(s, () => s.t.ok('orders.checkout', input, s.cashier));
    expect(later.order).toMatchObject({ id: first.order.id, status: 'FULFILLED' });
    expect(later.invoice).toMatchObject({ id: first.invoice.id, status: 'PAID' });
    expect(later.payments).toEqual(first.payments);
    expect(later.change).toBe(200);
  });

  test('the same key with other input: CONFLICT naming idempotencyKey, nothing stored', async () => {
    const key = unique('twice');
    await checkout({ idempotencyKey: key });
    for (const other of [{ tenders: [{ method: 'card' as const, amount: 1200 }] }, { note: 'different' }, { lines: [{ name: 'Widget', unitPrice: 1000, taxRateBp: 2000, quantity: 2 }], tenders: [{ method: 'cash' as const, amount: 1200 }] }]) {
      const err = await expectNoWrites(s, () => fail({ ...other, idempotencyKey: key }));
      expect(err.code).toBe('CONFLICT');
      expect(issuePaths(err)).toEqual([['idempotencyKey']]);
    }
  });

  test('tender payments carry no key of their own: a payments.pay key cannot collide with them', async () => {
    const sale = await checkout({ tenders: [{ method: 'card', amount: 600 }, { method: 'card', amount: 100 }] });
    expect(count(s, 'SELECT count(*) AS n FROM payments WHERE order_id = ? AND idempotency_key IS NULL', sale.order.id)).toBe(2);
  });

  test('support may not sell; a product that does not exist is VALIDATION naming the line', async () => {
    expect((await fail({}, s.support)).code).toBe('FORBIDDEN');
    const err = await expectNoWrites(s, () => fail({ lines: [{ productId: '00000000-0000-7000-8000-000000000000', quantity: 1 }] }));
    expect(issuePaths(err)).toEqual([['lines', 0, 'productId']]);
  });

  test('the audit chain verifies after every kind of sale', async () => {
    expect(await s.t.ok('audit.verify', {}, s.manager)).toMatchObject({ ok: true, firstBadEntry: null });
  });
});

describe.each(transports)('orders.recordVoid over %s', (transport) => {
  let s: SalesStore;
  beforeAll(async () => {
    s = await openSalesStore(transport);
  });
  afterAll(() => s.close());

  test('kind line: one counter.line_voided per line, priced at the current price, with the cashier', async () => {
    const a = await product(s, { name: 'Espresso', unitPrice: 150, taxRateBp: 1000 });
    const b = await product(s, { name: 'Croissant', unitPrice: 200, taxRateBp: 0 });
    const seq = lastSeq(s);
    const r = await s.t.ok('orders.recordVoid', { kind: 'line', lines: [{ productId: a.id, quantity: 2 }, { productId: b.id, quantity: 1 }] }, s.cashier);
    expect(r).toEqual({ recorded: 2, amount: 330 + 200 });
    const events = eventsSince(s, seq);
    expect(events.map((e) => e.type)).toEqual(['counter.line_voided', 'counter.line_voided']);
    expect(events[0]).toMatchObject({ actor: s.userId.cashier, entity: 'counter', entityId: null, after: { cashier: 'cashier1', productId: a.id, name: 'Espresso', quantity: 2, amount: 330 } });
    expect(events[1]).toMatchObject({ after: { productId: b.id, name: 'Croissant', quantity: 1, amount: 200 } });
  });

  test('kind cart: one counter.cart_abandoned with every line, and the held order it came from', async () => {
    const a = await product(s, { unitPrice: 1000, taxRateBp: 2000 });
    const held = await order(s);
    const seq = lastSeq(s);
    const r = await s.t.ok('orders.recordVoid', { kind: 'cart', lines: [{ productId: a.id, quantity: 3 }, { productId: a.id, quantity: 1 }], heldOrderId: held.id }, s.manager);
    expect(r).toEqual({ recorded: 2, amount: 4800 });
    const events = eventsSince(s, seq);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'counter.cart_abandoned',
      actor: s.userId.manager,
      entityId: held.id,
      after: { cashier: 'manager1', amount: 4800, heldOrderId: held.id, lines: [{ productId: a.id, quantity: 3, amount: 3600 }, { productId: a.id, quantity: 1, amount: 1200 }] },
    });
    // The audit list filters by the new type like any other.
    const types = await s.t.ok('audit.types', {}, s.manager);
    expect(types.types).toEqual(expect.arrayContaining(['counter.cart_abandoned', 'counter.line_voided']));
    const listed = await s.t.ok('audit.list', { type: 'counter.cart_abandoned' }, s.manager);
    expect(listed.items.map((e) => e.seq)).toEqual([events[0]!.seq]);
    // The Audit page reads it as a sentence, not as raw fields.
    expect(typeLabel('counter.cart_abandoned')).toBe('Cart abandoned at the counter');
    expect(summaryText(listed.items[0]!, 'EUR')).toBe(`Lines: 3 × ${a.name} (€36.00), 1 × ${a.name} (€12.00); Amount: €48.00; Cashier: manager user; From a held order: yes`);
    const voided = (await s.t.ok('audit.list', { type: 'counter.line_voided' }, s.manager)).items[0]!;
    expect(typeLabel(voided.type)).toBe('Line voided at the counter');
    expect(summaryText(voided, 'EUR')).toBe('Line: 1 × Croissant (€2.00); Cashier: cashier user');
  });

  test('an unknown product: VALIDATION naming lines.i.productId, nothing recorded; support may not', async () => {
    const a = await product(s);
    const err = await expectNoWrites(s, () => s.t.fail('orders.recordVoid', { kind: 'line', lines: [{ productId: a.id, quantity: 1 }, { productId: '00000000-0000-7000-8000-000000000000', quantity: 1 }] }, s.cashier));
    expect(err.code).toBe('VALIDATION');
    expect(issuePaths(err)).toEqual([['lines', 1, 'productId']]);
    expect((await s.t.fail('orders.recordVoid', { kind: 'line', lines: [{ productId: a.id, quantity: 1 }] }, s.support)).code).toBe('FORBIDDEN');
    expect(await s.t.ok('audit.verify', {}, s.manager)).toMatchObject({ ok: true });
  });
});

describe('orders.checkout on the host as `tessera serve` and the desktop run it', () => {
  test('a sale over HTTP, its replay and the next sale over the desktop’s IPC path: one idempotency table, gapless numbers', async () => {
    const dir = tempDir('tessera-checkout-host-');
    const h = await hostOverHttp(dir, manualClock());
    const ipc = async <M extends Method>(method: M, input: Input<M>, token?: string) => (await h.host.dispatch(method, input, token, { transport: 'ipc' })) as Envelope<Output<M>>;
    try {
      const setup = await ipc('auth.setup', adminInput);
      if (!setup.ok) throw new Error(setup.error.message);
      const token = setup.value.token;
      const input: Input<'orders.checkout'> = { lines: [{ name: 'Hosted', unitPrice: 800, quantity: 2 }], tenders: [{ method: 'cash', amount: 1600, tendered: 2000 }], idempotencyKey: 'host-1' };
      const overHttp = await h.ok('orders.checkout', input, token);
      expect(overHttp).toMatchObject({ change: 400, order: { status: 'FULFILLED', number: 1 }, invoice: { number: 'INV-000001', status: 'PAID' } });
      expect(await ipc('orders.checkout', input, token)).toEqual({ ok: true, value: overHttp });
      const conflict = await ipc('orders.checkout', { ...input, note: 'other' }, token);
      expect(conflict).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      const next = await ipc('orders.checkout', { ...input, idempotencyKey: 'host-2' }, token);
      expect(next).toMatchObject({ ok: true, value: { order: { number: 2 }, invoice: { number: 'INV-000002' } } });
      expect((await h.fail('orders.checkout', { ...input, idempotencyKey: 'host-3', tenders: [{ method: 'cash', amount: 1600, tendered: 10_000_000 }] }, token)).status).toBe(400);
    } finally {
      await h.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
