/**
 * invoices.* through the dispatcher on a real SQLite file, over both hosts: generate (state,
 * one per order, gapless numbers, frozen content, tax breakdown, the order moving to
 * PROCESSING in the same call), get, getByOrder, list (filters, search, keyset paging and a
 * summary over the whole filter), roles, and the events.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Input, Invoice, Order } from '../../shared/contract';
import {
  advance,
  allPages,
  eventsSince,
  expectNoWrites,
  invoiced,
  issuePaths,
  lastSeq,
  MINUTE,
  nowIso,
  openSalesStore,
  order,
  pay,
  product,
  transports,
  widgetLine,
  type SalesStore,
} from '../support/sales';
import { adminInput } from '../support/core';

describe.each(transports)('invoices.generate / get / getByOrder over %s', (transport) => {
  let s: SalesStore;
  beforeAll(async () => {
    s = await openSalesStore(transport);
  });
  afterAll(() => s.close());

  test('numbers are INV-000001, INV-000002, ... gapless; rejected calls use none; a cancelled invoice keeps its number', async () => {
    const a = await invoiced(s);
    expect(a.invoice.number).toBe('INV-000001');
    // a second generate and a generate on a cancelled order are rejected without using a number
    await s.t.fail('invoices.generate', { orderId: a.order.id }, s.cashier);
    const cancelledOrder = await s.t.ok('orders.cancel', { id: (await order(s)).id, reason: 'x' }, s.cashier);
    await s.t.fail('invoices.generate', { orderId: cancelledOrder.id }, s.cashier);
    const b = await invoiced(s);
    expect(b.invoice.number).toBe('INV-000002');
    await s.t.ok('orders.cancel', { id: b.order.id, reason: 'void it' }, s.cashier);
    const voided = await s.t.ok('invoices.get', { id: b.invoice.id }, s.cashier);
    expect(voided).toMatchObject({ number: 'INV-000002', status: 'CANCELLED' });
    const c = await invoiced(s);
    expect(c.invoice.number).toBe('INV-000003');
    const numbers = (await s.t.ok('invoices.list', {}, s.cashier)).items.map((i) => i.number);
    expect(numbers).toEqual(['INV-000003', 'INV-000002', 'INV-000001']);
  });

  test('generate freezes the order into a PENDING invoice and moves the order to PROCESSING in the same call', async () => {
    const p = await product(s, { name: 'Lamp', sku: 'LAMP-1', unitPrice: 1000, taxRateBp: 2000 });
    const created = await s.t.ok(
      'orders.create',
      {
        lines: [
          { productId: p.id, quantity: 2 }, // 2000, tax 400
          { name: 'Book', unitPrice: 1500, taxRateBp: 550, quantity: 1 }, // 82.5 → 83
          { name: 'Cake', unitPrice: 333, taxRateBp: 700, quantity: 2 }, // 666 × 7 % = 46.62 → 47
          { name: 'Stamp', unitPrice: 90, taxRateBp: 0, quantity: 1 },
          { name: 'Mug', unitPrice: 1250, taxRateBp: 2000, quantity: 1 }, // 250
        ],
        customer: { name: 'Erin Example', taxId: 'DE999', address: 'Hauptstr. 1\nBerlin' },
      },
      s.cashier,
    );
    await advance(s, 5 * MINUTE);
    const seq = lastSeq(s);
    const invoice = await s.t.ok('invoices.generate', { orderId: created.id }, s.cashier);
    expect(invoice).toEqual({
      id: expect.any(String),
      number: expect.stringMatching(/^INV-\d{6}$/),
      orderId: created.id,
      orderNumber: created.number,
      status: 'PENDING',
      currency: 'EUR',
      lines: created.lines,
      priceBasis: 'net',
      discount: null,
      discountTotal: 0,
      approvedByName: null,
      subtotal: 5506,
      tax: 780,
      total: 6286,
      taxBreakdown: [
        { taxRateBp: 2000, base: 3250, tax: 650 },
        { taxRateBp: 700, base: 666, tax: 47 },
        { taxRateBp: 550, base: 1500, tax: 83 },
        { taxRateBp: 0, base: 90, tax: 0 },
      ],
      credited: 0,
      amountPaid: 0,
      cashRounding: 0,
      balance: 6286,
      seller: { name: 'My Store', address: null, taxId: null, phone: null },
      customer: { name: 'Erin Example', taxId: 'DE999', address: 'Hauptstr. 1\nBerlin' },
      issuedAt: nowIso(s),
      paidAt: null,
      cancelledAt: null,
      cancelReason: null,
    });
    expect([created.subtotal, created.tax, created.total]).toEqual([5506, 780, 6286]);

    const after = await s.t.ok('orders.get', { id: created.id }, s.cashier);
    expect(after).toEqual({
      ...created,
      status: 'PROCESSING',
      invoiceId: invoice.id,
      version: 2,
      allowedTransitions: ['FULFILLED', 'CANCELLED'],
      updatedAt: nowIso(s),
    });

    const events = eventsSince(s, seq);
    expect(events.map((e) => [e.type, e.entity, e.entityId, e.actor])).toEqual([
      ['order.processing', 'order', created.id, s.userId.cashier],
      ['invoice.issued', 'invoice', invoice.id, s.userId.cashier],
    ]);
    expect(events[0]).toMatchObject({ before: { status: 'RECEIVED' }, after: { status: 'PROCESSING' } });
    expect(events[1]?.after).toMatchObject({ number: invoice.number, total: 6286 });

    expect(await s.t.ok('invoices.get', { id: invoice.id }, s.support)).toEqual(invoice);
    expect(await s.t.ok('invoices.getByOrder', { orderId: created.id }, s.support)).toEqual(invoice);
  });

  test('taxBreakdown has one entry per rate, highest first, and adds up to the invoice', async () => {
    const { invoice } = await invoiced(s, {
      lines: [
        { name: 'A', unitPrice: 333, taxRateBp: 700, quantity: 1 },
        { name: 'B', unitPrice: 333, taxRateBp: 700, quantity: 1 },
        { name: 'C', unitPrice: 250, taxRateBp: 2000, quantity: 3 },
        { name: 'D', unitPrice: 100, taxRateBp: 0, quantity: 1 },
      ],
    });
    expect(invoice.taxBreakdown.map((b) => b.taxRateBp)).toEqual([2000, 700, 0]);
    expect(invoice.taxBreakdown.find((b) => b.taxRateBp === 2000)).toEqual({ taxRateBp: 2000, base: 750, tax: 150 });
    expect(invoice.taxBreakdown.find((b) => b.taxRateBp === 700)?.base).toBe(666);
    expect(invoice.taxBreakdown.reduce((n, b) => n + b.base, 0)).toBe(invoice.subtotal);
    expect(invoice.taxBreakdown.reduce((n, b) => n + b.tax, 0)).toBe(invoice.tax);
    expect(invoice.subtotal + invoice.tax).toBe(invoice.total);
  });

  test('the invoice stays as issued when the product changes afterwards', async () => {
    const p = await product(s, { name: 'Chair', unitPrice: 5000, taxRateBp: 2000 });
    const { invoice } = await invoiced(s, { lines: [{ productId: p.id, quantity: 1 }], customer: { name: 'Frank' } });
    await s.t.ok('products.update', { id: p.id, unitPrice: 9999, taxRateBp: 1000, name: 'Armchair', sku: 'NEW-SKU' }, s.admin);
    const again = await s.t.ok('invoices.get', { id: invoice.id }, s.cashier);
    expect(again).toEqual(invoice);
    expect(again.lines[0]).toMatchObject({ name: 'Chair', unitPrice: 5000, taxRateBp: 2000, total: 6000 });
    expect(again.total).toBe(6000);
  });

  test('a second generate for the same order is CONFLICT and writes nothing', async () => {
    const { order: o, invoice } = await invoiced(s);
    const e = await expectNoWrites(s, () => s.t.fail('invoices.generate', { orderId: o.id }, s.manager));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain(invoice.number);
    expect(await s.t.ok('orders.get', { id: o.id }, s.cashier)).toEqual(o);
  });

  test('generate needs a RECEIVED order: a CANCELLED one is INVALID_TRANSITION and writes nothing', async () => {
    const cancelled = await s.t.ok('orders.cancel', { id: (await order(s)).id, reason: 'no' }, s.cashier);
    const e = await expectNoWrites(s, () => s.t.fail('invoices.generate', { orderId: cancelled.id }, s.cashier));
    expect(e.code).toBe('INVALID_TRANSITION');
    expect(e.message).toContain('CANCELLED');
    expect(await s.t.ok('orders.get', { id: cancelled.id }, s.cashier)).toEqual(cancelled);
    expect((await s.t.fail('invoices.getByOrder', { orderId: cancelled.id }, s.cashier)).code).toBe('NOT_FOUND');
  });

  test('unknown ids are NOT_FOUND; an order without an invoice has none to get', async () => {
    expect((await expectNoWrites(s, () => s.t.fail('invoices.generate', { orderId: 'no-such-order' }, s.cashier))).code).toBe('NOT_FOUND');
    expect((await s.t.fail('invoices.get', { id: 'no-such-invoice' }, s.cashier)).code).toBe('NOT_FOUND');
    expect((await s.t.fail('invoices.getByOrder', { orderId: 'no-such-order' }, s.cashier)).code).toBe('NOT_FOUND');
    const o = await order(s);
    expect((await s.t.fail('invoices.getByOrder', { orderId: o.id }, s.support)).code).toBe('NOT_FOUND');
    expect(issuePaths(await s.t.fail('invoices.generate', {}, s.cashier))).toEqual([['orderId']]);
  });

  test('support may not generate (FORBIDDEN); admin, manager and cashier may; every role may read', async () => {
    const o = await order(s);
    const e = await expectNoWrites(s, () => s.t.fail('invoices.generate', { orderId: o.id }, s.support));
    expect(e.code).toBe('FORBIDDEN');
    expect((await s.t.ok('orders.get', { id: o.id }, s.support)).status).toBe('RECEIVED');
    for (const role of ['admin', 'manager', 'cashier'] as const) {
      const mine = await order(s, {}, s[role]);
      expect((await s.t.ok('invoices.generate', { orderId: mine.id }, s[role])).status).toBe('PENDING');
    }
    const inv = await s.t.ok('invoices.generate', { orderId: o.id }, s.cashier);
    for (const token of [s.admin, s.manager, s.cashier, s.support]) {
      expect(await s.t.ok('invoices.get', { id: inv.id }, token)).toEqual(inv);
      expect(await s.t.ok('invoices.getByOrder', { orderId: o.id }, token)).toEqual(inv);
      expect((await s.t.ok('invoices.list', { limit: 1 }, token)).items).toHaveLength(1);
    }
  });
});

describe.each(transports)('invoices.list over %s', (transport) => {
  let s: SalesStore;
  const inv: Invoice[] = [];
  const ord: Order[] = [];
  beforeAll(async () => {
    s = await openSalesStore(transport);
    await s.t.ok('settings.update', { timeZone: 'UTC' }, s.admin);
    // Order #1 is never invoiced, so invoice numbers and order numbers differ by one.
    await order(s, { customer: { name: 'Zed Never' } });
    const plan: { customer?: string; quantity: number }[] = [
      { customer: 'Alice Martin', quantity: 1 }, // INV-000001, order #2, 10:00, PAID 1200
      { customer: 'Bob Stone', quantity: 2 }, // INV-000002, order #3, 11:00, PENDING 2400, 400 paid
      { customer: 'Alice Cooper', quantity: 1 }, // INV-000003, order #4, 12:00, CANCELLED 1200
      { quantity: 3 }, // INV-000004, order #5, 13:00, PENDING 3600
      { customer: 'Carol King', quantity: 1 }, // INV-000005, order #6, 14:00, PAID 1200
    ];
    for (const p of plan) {
      const o = await order(s, { lines: [{ ...widgetLine, quantity: p.quantity }], ...(p.customer ? { customer: { name: p.customer } } : {}) });
      await advance(s, 60 * MINUTE);
      inv.push(await s.t.ok('invoices.generate', { orderId: o.id }, s.cashier));
      ord.push(o);
    }
    await pay(s, inv[0]!.id, 1200);
    await pay(s, inv[1]!.id, 400);
    await s.t.ok('orders.cancel', { id: ord[2]!.id, reason: 'test' }, s.cashier);
    await pay(s, inv[4]!.id, 1200);
    for (let i = 0; i < inv.length; i++) inv[i] = await s.t.ok('invoices.get', { id: inv[i]!.id }, s.cashier);
  });
  afterAll(() => s.close());

  const list = (input: Input<'invoices.list'>) => s.t.ok('invoices.list', input, s.support);
  const numbers = (items: Invoice[]) => items.map((i) => i.number.slice(-1));

  test('newest first, full invoices; the summary counts cancelled invoices apart, never in total or paid', async () => {
    expect(inv.map((i) => [i.number, i.orderNumber, i.status, i.total, i.amountPaid])).toEqual([
      ['INV-000001', 2, 'PAID', 1200, 1200],
      ['INV-000002', 3, 'PENDING', 2400, 400],
      ['INV-000003', 4, 'CANCELLED', 1200, 0],
      ['INV-000004', 5, 'PENDING', 3600, 0],
      ['INV-000005', 6, 'PAID', 1200, 1200],
    ]);
    const page = await list({});
    expect(page.items).toEqual([...inv].reverse());
    expect(page.nextCursor).toBeNull();
    expect(page.summary).toEqual({ count: 4, total: 8400, amountPaid: 2800, credited: 0, cancelledCount: 1, cancelledTotal: 1200 });
  });

  test('status filter, one status or several', async () => {
    const pending = await list({ status: 'PENDING' });
    expect(numbers(pending.items)).toEqual(['4', '2']);
    expect(pending.summary).toEqual({ count: 2, total: 6000, amountPaid: 400, credited: 0, cancelledCount: 0, cancelledTotal: 0 });
    const closed = await list({ status: ['PAID', 'CANCELLED'] });
    expect(numbers(closed.items)).toEqual(['5', '3', '1']);
    expect(closed.summary).toEqual({ count: 2, total: 2400, amountPaid: 2400, credited: 0, cancelledCount: 1, cancelledTotal: 1200 });
    expect(numbers((await list({ status: ['PAID'] })).items)).toEqual(['5', '1']);
    expect((await s.t.fail('invoices.list', { status: 'OPEN' }, s.support)).code).toBe('VALIDATION');
  });

  test('from/to select by issue time (inclusive); dates are whole store days (this store: UTC)', async () => {
    const mid = await list({ from: '2026-06-01T11:00:00.000Z', to: '2026-06-01T13:00:00.000Z' });
    expect(numbers(mid.items)).toEqual(['4', '3', '2']);
    expect(mid.summary).toEqual({ count: 2, total: 6000, amountPaid: 400, credited: 0, cancelledCount: 1, cancelledTotal: 1200 });
    expect((await list({ from: '2026-06-01', to: '2026-06-01' })).summary).toEqual({ count: 4, total: 8400, amountPaid: 2800, credited: 0, cancelledCount: 1, cancelledTotal: 1200 });
    expect((await list({ from: '2026-06-02' })).summary).toEqual({ count: 0, total: 0, amountPaid: 0, credited: 0, cancelledCount: 0, cancelledTotal: 0 });
    expect(numbers((await list({ from: '2026-06-01T13:30:00Z', status: 'PAID' })).items)).toEqual(['5']);
  });

  test('query by customer name', async () => {
    const alice = await list({ query: 'alice' });
    expect(numbers(alice.items)).toEqual(['3', '1']);
    expect(alice.summary).toEqual({ count: 1, total: 1200, amountPaid: 1200, credited: 0, cancelledCount: 1, cancelledTotal: 1200 });
    expect(numbers((await list({ query: 'stone' })).items)).toEqual(['2']);
    expect(numbers((await list({ query: 'Zed' })).items)).toEqual([]);
  });

  test('query by invoice number finds that invoice', async () => {
    const found = await list({ query: 'INV-000002' });
    expect(found.items.map((i) => i.number)).toEqual(['INV-000002']);
    expect(found.summary).toEqual({ count: 1, total: 2400, amountPaid: 400, credited: 0, cancelledCount: 0, cancelledTotal: 0 });
    expect((await list({ query: 'inv-000004' })).items.map((i) => i.number)).toEqual(['INV-000004']);
  });

  test('query by order number (#n) finds the invoice of that order', async () => {
    expect((await list({ query: '#3' })).items.map((i) => i.number)).toEqual(['INV-000002']);
  });

  test('keyset paging with limit 2: every invoice once, summary of the whole filter on every page', async () => {
    const seen: Invoice[][] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await list({ limit: 2, cursor });
      expect(page.summary).toEqual({ count: 4, total: 8400, amountPaid: 2800, credited: 0, cancelledCount: 1, cancelledTotal: 1200 });
      seen.push(page.items);
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen.map(numbers)).toEqual([['5', '4'], ['3', '2'], ['1']]);

    const { items } = await allPages((c) => list({ limit: 1, cursor: c, status: 'PENDING' }));
    expect(numbers(items)).toEqual(['4', '2']);
    const pendingPage = await list({ limit: 1, status: 'PENDING' });
    expect(pendingPage.summary).toEqual({ count: 2, total: 6000, amountPaid: 400, credited: 0, cancelledCount: 0, cancelledTotal: 0 });
    expect((await list({ limit: 5 })).nextCursor).toBeNull();
  });

  test('a bad cursor is VALIDATION naming cursor', async () => {
    for (const cursor of ['garbage', Buffer.from('["x"]').toString('base64url')]) {
      const e = await s.t.fail('invoices.list', { cursor }, s.support);
      expect(e.code).toBe('VALIDATION');
      expect(issuePaths(e)).toEqual([['cursor']]);
    }
  });
});

describe.each(transports)('date filters cut days at the store midnight (Europe/Rome) over %s', (transport) => {
  let s: SalesStore;
  let support: string;
  let admin: string;
  const at = (iso: string) => s.t.clock.set(Date.parse(iso));
  beforeAll(async () => {
    s = await openSalesStore(transport);
    await s.t.ok('settings.update', { locale: 'it-IT', timeZone: 'Europe/Rome', currency: 'EUR' }, s.admin);
    // Sales on three Rome days, each a moment from midnight: 23:59:59.999 on the 5th, 23:30 on the 6th, 00:00 on the 7th.
    // Days apart: each sale signs in again (sessions end when idle).
    const signIn = async (username: string, password: string) => (await s.t.ok('auth.login', { username, password })).token;
    for (const time of ['2026-12-05T22:59:59.999Z', '2026-12-06T22:30:00.000Z', '2026-12-06T23:00:00.000Z']) {
      at(time);
      const cashier = await signIn('cashier1', 'cashier-password-1');
      const o = await order(s, { customer: { name: `At ${time}` } }, cashier);
      const invoice = await s.t.ok('invoices.generate', { orderId: o.id }, cashier);
      await pay(s, invoice.id, invoice.total, {}, cashier);
    }
    support = await signIn('support1', 'support-password-1');
    admin = await signIn('admin', adminInput.password);
  });
  afterAll(() => s.close());

  const sixth = { from: '2026-12-06', to: '2026-12-06' } as const;

  test('a sale at 23:30 Rome time (22:30Z) is in that Rome day, the one at 00:00 the next day is not', async () => {
    const orders = await s.t.ok('orders.list', sixth, support);
    expect(orders.items.map((o) => o.createdAt)).toEqual(['2026-12-06T22:30:00.000Z']);
    const invoices = await s.t.ok('invoices.list', sixth, support);
    expect(invoices.items.map((i) => i.issuedAt)).toEqual(['2026-12-06T22:30:00.000Z']);
    expect(invoices.summary.count).toBe(1);
    const payments = await s.t.ok('payments.list', sixth, support);
    expect(payments.items.map((p) => p.createdAt)).toEqual(['2026-12-06T22:30:00.000Z']);
    const audit = await s.t.ok('audit.list', { ...sixth, type: 'order.created' }, admin);
    expect(audit.items.map((e) => e.at)).toEqual(['2026-12-06T22:30:00.000Z']);
  });

  test('the days before and after hold their own sale; two days hold both', async () => {
    const createdAt = async (input: Input<'orders.list'>) => (await s.t.ok('orders.list', input, support)).items.map((o) => o.createdAt);
    expect(await createdAt({ from: '2026-12-05', to: '2026-12-05' })).toEqual(['2026-12-05T22:59:59.999Z']);
    expect(await createdAt({ from: '2026-12-07' })).toEqual(['2026-12-06T23:00:00.000Z']);
    expect(await createdAt({ to: '2026-12-06', from: '2026-12-05' })).toEqual(['2026-12-06T22:30:00.000Z', '2026-12-05T22:59:59.999Z']);
    // Full timestamps are instants, whatever the zone.
    expect(await createdAt({ from: '2026-12-06T22:30:00.000Z', to: '2026-12-06T22:30:00.000Z' })).toEqual(['2026-12-06T22:30:00.000Z']);
  });

  test('exports take the same store day', async () => {
    for (const kind of ['exports.orders', 'exports.invoices', 'exports.payments'] as const) {
      const r = await s.t.ok(kind, { format: 'ndjson', ...sixth }, support);
      expect(r.rows, kind).toBe(1);
    }
  });
});
